package acctest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// Each feature skips below its first version of the CLI in use, and only
// there: Terraform's and OpenTofu's minimums differ, and a prerelease of the
// first version counts as that version, as in tfversion.SkipBelow.
func TestNeeds(t *testing.T) {
	tests := []struct {
		feature Feature
		tofu    bool
		version string
		skip    string // "" when the test runs
	}{
		{ProviderFunctions, false, "1.7.5", "provider functions: needs Terraform 1.8.0 or OpenTofu 1.7.0; this is Terraform 1.7.5"},
		{ProviderFunctions, false, "1.8.0", ""},
		{ProviderFunctions, false, "1.8.0-rc1", ""},
		{ProviderFunctions, true, "1.6.3", "provider functions: needs Terraform 1.8.0 or OpenTofu 1.7.0; this is OpenTofu 1.6.3"},
		{ProviderFunctions, true, "1.7.0", ""},
		{MockProvider, false, "1.6.6", "mock_provider in tests: needs Terraform 1.7.0 or OpenTofu 1.8.0; this is Terraform 1.6.6"},
		{MockProvider, false, "1.7.0", ""},
		{MockProvider, true, "1.7.10", "mock_provider in tests: needs Terraform 1.7.0 or OpenTofu 1.8.0; this is OpenTofu 1.7.10"},
		{MockProvider, true, "1.8.0", ""},
		{CheckBlocks, false, "1.4.7", "check blocks: needs Terraform 1.5.0 or OpenTofu 1.6.0; this is Terraform 1.4.7"},
		{CheckBlocks, false, "1.5.0", ""},
		{CheckBlocks, true, "1.5.7", "check blocks: needs Terraform 1.5.0 or OpenTofu 1.6.0; this is OpenTofu 1.5.7"},
		{CheckBlocks, true, "1.6.0", ""},
		{TestCommand, false, "1.5.7", "terraform test and tofu test: needs Terraform 1.6.0 or OpenTofu 1.6.0; this is Terraform 1.5.7"},
		{TestCommand, true, "1.12.6", ""},
	}
	defer func(was bool) { tofu = was }(tofu)
	for _, tt := range tests {
		tofu = tt.tofu
		skip, err := verdict(t.Context(), version.Must(version.NewVersion(tt.version)), []tfversion.TerraformVersionCheck{Needs(tt.feature)})
		if err != nil || skip != tt.skip {
			t.Errorf("%s, tofu %v, %s: skip %q, error %v; want skip %q", tt.feature.Name, tt.tofu, tt.version, skip, err, tt.skip)
		}
	}
}

// The first check that skips or fails decides; later ones are not asked.
func TestVerdictFirstWins(t *testing.T) {
	v := version.Must(version.NewVersion("1.5.7"))
	defer func(was bool) { tofu = was }(tofu)
	tofu = false
	skip, err := verdict(t.Context(), v, []tfversion.TerraformVersionCheck{Needs(CheckBlocks), Needs(TestCommand), Needs(MockProvider)})
	if err != nil || !strings.HasPrefix(skip, "terraform test and tofu test: needs") {
		t.Errorf("skip %q, error %v; want the test command's skip", skip, err)
	}
	skip, err = verdict(t.Context(), v, []tfversion.TerraformVersionCheck{tfversion.RequireAbove(tfversion.Version1_6_0), Needs(TestCommand)})
	if err == nil || skip != "" {
		t.Errorf("skip %q, error %v; want RequireAbove's error", skip, err)
	}
}

// versionOf reads what both CLIs print for version -json, and refuses
// anything else rather than guessing.
func TestVersionOf(t *testing.T) {
	dir := t.TempDir()
	cli := func(name, stdout string) string {
		path := filepath.Join(dir, name)
		script := "#!/bin/sh\necho 'a warning about the CLI configuration' >&2\ncat <<'EOF'\n" + stdout + "\nEOF\n"
		if err := os.WriteFile(path, []byte(script), 0o700); err != nil { //nolint:gosec // an executable of the test's own
			t.Fatal(err)
		}
		return path
	}
	tofuJSON := `{"terraform_version": "1.12.6", "platform": "linux_amd64", "provider_selections": {}}`
	if v, err := versionOf(t.Context(), cli("tofu", tofuJSON)); err != nil || v.String() != "1.12.6" {
		t.Errorf("versionOf(tofu) = %v, %v; want 1.12.6", v, err)
	}
	tfJSON := `{"terraform_version":"1.5.7","platform":"linux_amd64","provider_selections":{},"terraform_outdated":true}`
	if v, err := versionOf(t.Context(), cli("terraform", tfJSON)); err != nil || v.String() != "1.5.7" {
		t.Errorf("versionOf(terraform) = %v, %v; want 1.5.7", v, err)
	}
	for name, stdout := range map[string]string{
		"text":       "Terraform v1.11.4\non linux_amd64",
		"no version": `{"platform": "linux_amd64"}`,
		"bad":        `{"terraform_version": "one.two"}`,
	} {
		if v, err := versionOf(t.Context(), cli(strings.ReplaceAll(name, " ", "-"), stdout)); err == nil {
			t.Errorf("%s: versionOf = %v, want an error", name, v)
		}
	}
	if v, err := versionOf(t.Context(), filepath.Join(dir, "missing")); err == nil {
		t.Errorf("a missing CLI: versionOf = %v, want an error", v)
	}
}

// TestVersionSkips says, for the CLI the tests drive (terraform, or
// TofuEnv's tofu), which features' tests run and which skip, and why: the
// make targets that run the suites print it (-v) ahead of them, so that a
// CI log names every version skip. It fails when the CLI cannot be asked.
func TestVersionSkips(t *testing.T) {
	v, err := cliVersion(t)
	if err != nil {
		t.Fatal(err)
	}
	cli := "Terraform"
	if tofu {
		cli = "OpenTofu"
	}
	for _, f := range features {
		skip, err := verdict(t.Context(), v, []tfversion.TerraformVersionCheck{Needs(f)})
		switch {
		case err != nil:
			t.Fatal(err)
		case skip != "":
			t.Logf("skipped, %s", skip)
		default:
			t.Logf("run: the tests that need %s (%s %s)", f.Name, cli, v)
		}
	}
}
