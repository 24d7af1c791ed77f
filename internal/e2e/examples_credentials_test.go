package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
)

// web-identity: the documented GitHub Actions step gets a token from a
// stand-in for GitHub's token service and hands its file to the plan, as
// the job would; the plan reads through the example's block.
func testProviderWebIdentity(t *testing.T, h *harness) {
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "skillscan-paid-unicode")
	dir := h.workdir(t, "provider/web-identity", map[string]string{overrideFile: srv.ProviderBlock(), "zz_probe.tf": probe})
	workflow := readFile(t, filepath.Join(h.root, "examples", "provider", "web-identity", "github-actions.yml"))
	for _, want := range []string{"id-token: write", "ACTIONS_ID_TOKEN_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE", "terraform plan"} {
		if !strings.Contains(workflow, want) {
			t.Errorf("the GitHub Actions job does not mention %s", want)
		}
	}
	githubEnv := runTokenStep(t, workflowStep(t, workflow, "Get an OIDC token for Tencent Cloud"))

	env := h.env(githubEnv...)
	h.validate(t, dir, env)
	_, p := h.planOK(t, dir, env)
	p.wantOutput(t, "probe_uin", paidUIN)
	ex := srv.WebIdentityExchanges()
	if len(ex) != 1 || ex[0].Token != githubToken || ex[0].ProviderID != "github-actions" ||
		ex[0].RoleArn != "qcs::cam::uin/100000000001:roleName/tcintl-ci-readonly" || ex[0].RoleSessionName != "github-actions" {
		t.Errorf("exchanges %+v", ex)
	}
	issued := srv.IssuedCredentials()
	if reads := requests(srv, apispec.SkillScanPayInfo); len(issued) != 1 || len(reads) != 1 || reads[0].SecretID != issued[0].SecretID {
		t.Errorf("want one read signed with the exchanged key, got %+v", reads)
	}
}

// githubToken is what the stand-in for GitHub's token service issues.
const githubToken = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImdoIn0.eyJhdWQiOiJzdHMudGVuY2VudGNsb3VkYXBpLmNvbSJ9.Z2l0aHVi"

// workflowStep returns the run script of the step named name: the lines
// indented under its "run: |".
func workflowStep(t *testing.T, workflow, name string) string {
	t.Helper()
	var script []string
	inStep, inRun, indent := false, false, ""
	sc := bufio.NewScanner(strings.NewReader(workflow))
	for sc.Scan() {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trimmed, "- name: "):
			inStep = strings.TrimPrefix(trimmed, "- name: ") == name
			inRun = false
		case inStep && trimmed == "run: |":
			inRun, indent = true, ""
		case inRun && trimmed == "" && len(script) > 0:
			return strings.Join(script, "\n") + "\n"
		case inRun:
			if indent == "" {
				indent = line[:len(line)-len(strings.TrimLeft(line, " "))]
			}
			if !strings.HasPrefix(line, indent) {
				return strings.Join(script, "\n") + "\n"
			}
			script = append(script, strings.TrimPrefix(line, indent))
		}
	}
	if len(script) == 0 {
		t.Fatalf("no step %q with a run script in the workflow", name)
	}
	return strings.Join(script, "\n") + "\n"
}

// runTokenStep runs the step's script with bash as a GitHub runner would,
// against a stand-in for the token service, and returns what it appended
// to $GITHUB_ENV.
func runTokenStep(t *testing.T, script string) []string {
	t.Helper()
	for _, tool := range []string{"bash", "curl", "jq"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("the documented GitHub Actions step needs %s, which GitHub's runners have: install it to run this test", tool)
		}
	}
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "bearer request-token-1" || r.URL.Query().Get("api-version") != "2.0" ||
			r.URL.Query().Get("audience") != "sts.tencentcloudapi.com" {
			http.Error(w, "bad token request", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"count": 1, "value": githubToken})
	}))
	t.Cleanup(tokens.Close)
	runnerTemp := t.TempDir()
	githubEnvFile := filepath.Join(t.TempDir(), "github-env")
	writeFile(t, githubEnvFile, "")
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-e", "-o", "pipefail", "-c", script)
	cmd.Env = append(os.Environ(),
		"ACTIONS_ID_TOKEN_REQUEST_URL="+tokens.URL+"/token?api-version=2.0",
		"ACTIONS_ID_TOKEN_REQUEST_TOKEN=request-token-1",
		"OIDC_AUDIENCE=sts.tencentcloudapi.com",
		"RUNNER_TEMP="+runnerTemp,
		"GITHUB_ENV="+githubEnvFile,
	)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the token step failed: %v\n%s", err, out)
	}
	var env []string
	for _, line := range strings.Split(strings.TrimSpace(readFile(t, githubEnvFile)), "\n") {
		name, value, ok := strings.Cut(line, "=")
		if !ok {
			t.Fatalf("$GITHUB_ENV line %q", line)
		}
		if name == "TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE" && readFile(t, value) != githubToken {
			t.Errorf("the token file holds %q, want exactly the token", readFile(t, value))
		}
		env = append(env, line)
	}
	if len(env) == 0 {
		t.Fatal("the step set no environment variable")
	}
	return env
}

// cvm-role: the keys come from the (fake) metadata service of an instance
// with the example's role bound.
func testProviderCVMRole(t *testing.T, h *harness) {
	srv := fakeserver.StartTest(t, fakeserver.Config{CAMRole: "tcintl-readonly"}, "skillscan-paid-unicode")
	dir := h.workdir(t, "provider/cvm-role", map[string]string{overrideFile: srv.ProviderBlock(), "zz_probe.tf": probe})
	env := h.env("TCINTL_METADATA_URL=" + srv.URL())
	h.validate(t, dir, env)
	_, p := h.planOK(t, dir, env)
	p.wantOutput(t, "probe_uin", paidUIN)
	issued := srv.IssuedCredentials()
	if len(issued) != 1 || issued[0].Source != fakeserver.MetadataCredentials || issued[0].RoleSessionName != "tcintl-readonly" {
		t.Fatalf("issued %+v", issued)
	}
	wantSignedWith(t, srv, issued[0].SecretID)
}

// tke-pod: the TKE variables of a pod bound to a role.
func testProviderTKEPod(t *testing.T, h *harness) {
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "skillscan-paid-unicode")
	dir := h.workdir(t, "provider/tke-pod", map[string]string{overrideFile: srv.ProviderBlock(), "zz_probe.tf": probe})
	tokenFile := filepath.Join(t.TempDir(), "token")
	writeFile(t, tokenFile, e2eJWT(1))
	env := h.env("TKE_REGION=ap-singapore", "TKE_PROVIDER_ID=cls-abcd1234", "TKE_WEB_IDENTITY_TOKEN_FILE="+tokenFile,
		"TKE_ROLE_ARN=qcs::cam::uin/100000000001:roleName/tke-reader")
	h.validate(t, dir, env)
	_, p := h.planOK(t, dir, env)
	p.wantOutput(t, "probe_uin", paidUIN)
	ex := srv.WebIdentityExchanges()
	if len(ex) != 1 || ex[0].ProviderID != "cls-abcd1234" || ex[0].RoleArn != "qcs::cam::uin/100000000001:roleName/tke-reader" {
		t.Fatalf("exchanges %+v", ex)
	}
	wantSignedWith(t, srv, ex[0].IssuedSecretID)
}
