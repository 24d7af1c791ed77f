package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
)

// TestNoSecretReachesLogsDiagnosticsOrPlans runs plans at TRACE log level
// with temporary base keys (so there is a security token) and an assumed
// role (so there are STS keys), and looks for every secret in the log, in
// terraform's output and in the saved plan.
func TestNoSecretReachesLogsDiagnosticsOrPlans(t *testing.T) {
	h := newHarness(t)
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "skillscan-trial-order", "bill-amounts")

	// Temporary base keys, with a token, from the fake STS.
	base := srv.IssueCredential("qcs::cam::uin/100000000001:roleName/base", time.Hour)

	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.tf"), snippetProvider(srv)+`
data "tcintl_skillscan_pay_info" "this" {}

data "tcintl_customer_bill_summary" "this" {
  customer_uin = 100000000001
  month        = "2026-03"
}

output "cost" {
  value = data.tcintl_customer_bill_summary.this.total_cost
}
`)
	writeFile(t, filepath.Join(dir, "zz_role_override.tf"), `
provider "tcintl" {
  assume_role {
    role_arn = "qcs::cam::uin/100000000001:roleName/terraform-reader"
  }
}
`)
	logFile := filepath.Join(t.TempDir(), "terraform.log")
	env := h.env(
		"TF_LOG=TRACE", "TF_LOG_PROVIDER=TRACE", "TF_LOG_PATH="+logFile,
		"TENCENTCLOUD_SECRET_ID="+base.SecretID,
		"TENCENTCLOUD_SECRET_KEY="+base.SecretKey,
		"TENCENTCLOUD_SECURITY_TOKEN="+base.Token,
	)
	out, p := h.planOK(t, dir, env)
	p.wantOutput(t, "cost", "1234567.89")

	// A failing plan too, for its diagnostics: the same keys with a wrong
	// secret key.
	const wrongKey = "this-is-the-wrong-secret-key-0001"
	failed, _, err := h.plan(t, dir, h.env(
		"TF_LOG=TRACE", "TF_LOG_PROVIDER=TRACE", "TF_LOG_PATH="+logFile+".failed",
		"TENCENTCLOUD_SECRET_ID="+base.SecretID,
		"TENCENTCLOUD_SECRET_KEY="+wrongKey,
		"TENCENTCLOUD_SECURITY_TOKEN="+base.Token,
	))
	if err == nil || !strings.Contains(failed, "AuthFailure.SignatureFailure") {
		t.Fatalf("the plan with a wrong key should fail on the signature:\n%s", failed)
	}

	// A server that quotes what it was sent (its token, the Authorization
	// header, the body) in an error message: stdout and stderr apart.
	srv.InjectFaults(apispec.CustomerBillSummary, fakeserver.Fault{Kind: fakeserver.FaultEchoCredentials, Times: 100})
	echoOut, echoErr, err := h.runSplit(t, dir, h.env(
		"TF_LOG=TRACE", "TF_LOG_PROVIDER=TRACE", "TF_LOG_PATH="+logFile+".echo",
		"TENCENTCLOUD_SECRET_ID="+base.SecretID,
		"TENCENTCLOUD_SECRET_KEY="+base.SecretKey,
		"TENCENTCLOUD_SECURITY_TOKEN="+base.Token,
	), "plan", "-no-color", "-input=false")
	if err == nil || !strings.Contains(echoErr, "Rejected request with token ***") {
		t.Fatalf("the plan against an echoing server should fail with the token masked:\n%s\n%s", echoOut, echoErr)
	}

	issued := srv.IssuedCredentials()
	if len(issued) < 2 {
		t.Fatalf("the provider did not assume the role: %d credentials issued", len(issued))
	}
	secrets := map[string]string{
		"the base secret key":     base.SecretKey,
		"the security token":      base.Token,
		"the wrong secret key":    wrongKey,
		"the fake's own test key": fakeserver.TestSecretKey,
	}
	for i, cred := range issued[1:] {
		secrets[fmt.Sprintf("STS temporary key %d", i+1)] = cred.SecretKey
		secrets[fmt.Sprintf("STS token %d", i+1)] = cred.Token
	}

	logs := readFile(t, logFile) + readFile(t, logFile+".failed") + readFile(t, logFile+".echo")
	// The log must be the real thing, with the provider's own entries in it,
	// or finding no secret in it proves nothing.
	for _, want := range []string{"API call succeeded", "Assumed role", "API call failed", "AuthFailure.SignatureFailure"} {
		if !strings.Contains(logs, want) {
			t.Fatalf("the TRACE log has no %q: the provider's logs did not reach it", want)
		}
	}
	places := map[string]string{
		"the TRACE logs":                logs,
		"the plan's output":             out,
		"the failed plan's diagnostics": failed,
		"the echoed plan's stdout":      echoOut,
		"the echoed plan's stderr":      echoErr,
		"terraform show -json":          p.raw,
	}
	for where, text := range places {
		for what, secret := range secrets {
			if strings.Contains(text, secret) {
				t.Errorf("%s appears in %s", what, where)
			}
		}
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestNoSecretOfTheNewSourcesReachesLogs runs plans at TRACE log level with
// each source of renewed keys (an OIDC token from a rotating file, from a
// variable and from a sensitive Terraform variable; the CVM instance role
// under assume_role; a refused token), keys living 2 s so they are renewed
// mid-plan, and looks for every token and key in the logs, terraform's
// output and the saved plans.
func TestNoSecretOfTheNewSourcesReachesLogs(t *testing.T) {
	h := newHarness(t)
	tokenFile := filepath.Join(t.TempDir(), "token")
	writeFile(t, tokenFile, e2eJWT(100))
	var rotations atomic.Int64
	rotations.Store(100)
	srv := fakeserver.StartTest(t, fakeserver.Config{
		CAMRole:        "ci-runner",
		STSMaxLifetime: 2 * time.Second,
		OnRequest: func(r fakeserver.Request) {
			if r.Action == apispec.AssumeRoleWithWebIdentity {
				if err := os.WriteFile(tokenFile, []byte(e2eJWT(int(rotations.Add(1)))), 0o600); err != nil {
					t.Error(err)
				}
			}
		},
	}, "skillscan-trial-order", "bill-amounts")
	const roleArn = "qcs::cam::uin/100000000001:roleName/ci-plan"
	refusedFile := filepath.Join(t.TempDir(), "refused")
	writeFile(t, refusedFile, e2eJWT(7))
	srv.RefuseWebIdentityToken(e2eJWT(7))

	reads := billReads(3) + "data \"tcintl_skillscan_pay_info\" \"this\" {}\n\noutput \"uin\" {\n  value = data.tcintl_skillscan_pay_info.this.uin\n}\n"
	runs := []struct {
		name  string
		lines []string
		env   []string
		fails string // the error a failing run shows
		// inVariable: the token is a Terraform input variable.
		inVariable bool
	}{
		{name: "rotating token file", lines: []string{fmt.Sprintf("assume_role_with_web_identity {\n    web_identity_token_file = %q\n    role_arn                = %q\n  }", tokenFile, roleArn)}},
		{name: "token variable", env: []string{"TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN=" + e2eJWT(2), "TENCENTCLOUD_ASSUME_ROLE_ARN=" + roleArn}},
		{
			name:       "sensitive Terraform variable",
			lines:      []string{fmt.Sprintf("assume_role_with_web_identity {\n    web_identity_token = var.oidc_token\n    role_arn           = %q\n  }", roleArn)},
			env:        []string{"TF_VAR_oidc_token=" + e2eJWT(3)},
			inVariable: true,
		},
		{name: "instance role under assume_role", lines: []string{`cam_role_name = "ci-runner"`, "assume_role {\n    role_arn = \"" + roleArn + "\"\n  }"}, env: []string{"TCINTL_METADATA_URL=" + srv.URL()}},
		{
			name:  "refused token",
			env:   []string{"TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE=" + refusedFile, "TENCENTCLOUD_ASSUME_ROLE_ARN=" + roleArn},
			fails: "InvalidParameter.WebIdentityTokenError",
		},
	}
	places := map[string]string{}
	var logs strings.Builder
	for i, run := range runs {
		dir := t.TempDir()
		variable := "variable \"oidc_token\" {\n  type      = string\n  sensitive = true\n  default   = \"\"\n}\n\n"
		writeFile(t, filepath.Join(dir, "main.tf"), configWith(srv, run.lines...)+variable+reads)
		logFile := filepath.Join(t.TempDir(), "terraform.log")
		env := h.env(append([]string{"TF_LOG=TRACE", "TF_LOG_PROVIDER=TRACE", "TF_LOG_PATH=" + logFile}, run.env...)...)
		out, p, err := h.plan(t, dir, env)
		switch {
		case run.fails == "" && err != nil:
			t.Fatalf("%s: plan failed: %v\n%s", run.name, err, out)
		case run.fails != "" && (err == nil || !strings.Contains(out, run.fails)):
			t.Fatalf("%s: the plan should fail with %s:\n%s", run.name, run.fails, out)
		}
		places[fmt.Sprintf("the output of plan %d (%s)", i+1, run.name)] = out
		// Terraform writes the value of every input variable, sensitive or
		// not, into a saved plan: the provider cannot keep a token given
		// that way out of it (the docs recommend the token file).
		if p != nil && !run.inVariable {
			places[fmt.Sprintf("the saved plan %d (%s)", i+1, run.name)] = p.raw
		}
		logs.WriteString(readFile(t, logFile))
	}
	places["the TRACE logs"] = logs.String()

	// The log must hold the provider's own entries, or finding nothing in
	// it proves nothing.
	for _, want := range []string{"Assumed role with web identity", "Obtained the keys of the CVM instance role", "Assumed role", "API call succeeded"} {
		if !strings.Contains(logs.String(), want) {
			t.Fatalf("the TRACE log has no %q: the provider's logs did not reach it", want)
		}
	}
	secrets := map[string]string{}
	for _, ex := range srv.WebIdentityExchanges() {
		secrets["OIDC token "+ex.Token[len(ex.Token)-16:]] = ex.Token
	}
	if len(srv.WebIdentityExchanges()) < 4 {
		t.Fatalf("%d exchanges: the keys were not renewed, the test proves little", len(srv.WebIdentityExchanges()))
	}
	for i, c := range srv.IssuedCredentials() {
		secrets[fmt.Sprintf("secret key %d (%s)", i+1, c.Source)] = c.SecretKey
		secrets[fmt.Sprintf("token %d (%s)", i+1, c.Source)] = c.Token
	}
	for where, text := range places {
		for what, secret := range secrets {
			if strings.Contains(text, secret) {
				t.Errorf("%s appears in %s", what, where)
			}
		}
	}
}
