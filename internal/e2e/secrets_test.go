package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
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
