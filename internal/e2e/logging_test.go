package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
)

// TestDebugLogging checks the README's debugging recipe under the CLI in
// use: TF_LOG_PROVIDER=DEBUG writes the provider's line for each API call
// with its request ID, and TF_LOG_PROVIDER_TCINTL alone writes nothing (the
// CLI drops provider logs unless TF_LOG or TF_LOG_PROVIDER asks), so the
// README must not offer it on its own.
func TestDebugLogging(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "skillscan-paid-unicode")
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.tf"), snippetProvider(srv)+probe)

	planLog := func(t *testing.T, vars ...string) string {
		t.Helper()
		logFile := filepath.Join(t.TempDir(), "tcintl.log")
		h.planOK(t, dir, h.env(append(append(testKeys(), vars...), "TF_LOG_PATH="+logFile)...))
		data, err := os.ReadFile(logFile)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		return string(data)
	}

	log := planLog(t, "TF_LOG_PROVIDER=DEBUG")
	wantText(t, log, "[DEBUG] provider.terraform-provider-tcintl: API call succeeded:", "action=DescribeSkillScanPayInfo")
	if !strings.Contains(log, "request_id=9c4e2a71-3d5b-4f08-a6e2-1b7c9d0e8f34") {
		t.Errorf("the API call's line has no request ID:\n%s", log)
	}
	if strings.Contains(log, "[TRACE]") {
		t.Error("TF_LOG_PROVIDER=DEBUG logged TRACE lines")
	}

	if log := planLog(t, "TF_LOG_PROVIDER_TCINTL=DEBUG"); strings.Contains(log, "API call") {
		t.Errorf("TF_LOG_PROVIDER_TCINTL alone logged the provider's lines; the README says it does not:\n%s", log)
	}
}
