package acctest

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// Feature is a part of the configuration language that needs a newer CLI
// than the provider does: the first Terraform and the first OpenTofu that
// have it.
type Feature struct {
	Name      string
	Terraform *version.Version
	OpenTofu  *version.Version
}

// The features the tests use that not every supported CLI has; the
// README's compatibility table lists them (TestCompatibilityTable).
var (
	CheckBlocks       = Feature{"check blocks", tfversion.Version1_5_0, tfversion.Version1_6_0}
	TestCommand       = Feature{"terraform test and tofu test", tfversion.Version1_6_0, tfversion.Version1_6_0}
	MockProvider      = Feature{"mock_provider in tests", tfversion.Version1_7_0, tfversion.Version1_8_0}
	ProviderFunctions = Feature{"provider functions", tfversion.Version1_8_0, tfversion.Version1_7_0}

	features = []Feature{CheckBlocks, TestCommand, MockProvider, ProviderFunctions}
)

// Needs is a version check that skips a test on a CLI older than f needs,
// saying which feature and which versions: for a resource.TestCase's
// TerraformVersionChecks, and for CheckVersion.
func Needs(f Feature) tfversion.TerraformVersionCheck {
	return needs{feature: f}
}

type needs struct {
	feature Feature
}

var _ tfversion.TerraformVersionCheck = needs{}

// CheckTerraformVersion applies tfversion.SkipBelow with the minimum of the
// CLI the tests drive, and says why in the skip message.
func (n needs) CheckTerraformVersion(ctx context.Context, req tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	cli, minimum := "Terraform", n.feature.Terraform
	if tofu {
		cli, minimum = "OpenTofu", n.feature.OpenTofu
	}
	var below tfversion.CheckTerraformVersionResponse
	tfversion.SkipBelow(minimum).CheckTerraformVersion(ctx, req, &below)
	resp.Error = below.Error
	if below.Skip != "" {
		resp.Skip = fmt.Sprintf("%s: needs Terraform %s or OpenTofu %s; this is %s %s",
			n.feature.Name, n.feature.Terraform, n.feature.OpenTofu, cli, req.TerraformVersion)
	}
}

// CheckVersion applies checks to the CLI the tests drive, as
// resource.UnitTest applies a TestCase's TerraformVersionChecks, for the
// tests that run the CLI binary themselves: it skips the test with the
// check's reason, or fails it.
func CheckVersion(t *testing.T, checks ...tfversion.TerraformVersionCheck) {
	t.Helper()
	v, err := cliVersion(t)
	if err != nil {
		t.Fatal(err)
	}
	skip, err := verdict(t.Context(), v, checks)
	if err != nil {
		t.Fatal(err)
	}
	if skip != "" {
		t.Skip(skip)
	}
}

// verdict is the first skip or error of checks for a CLI at v.
func verdict(ctx context.Context, v *version.Version, checks []tfversion.TerraformVersionCheck) (string, error) {
	for _, c := range checks {
		var resp tfversion.CheckTerraformVersionResponse
		c.CheckTerraformVersion(ctx, tfversion.CheckTerraformVersionRequest{TerraformVersion: v}, &resp)
		if resp.Error != nil {
			return "", resp.Error
		}
		if resp.Skip != "" {
			return resp.Skip, nil
		}
	}
	return "", nil
}

var (
	versionOnce sync.Once
	cliVer      *version.Version
	cliVerErr   error
)

// cliVersion is the version of the CLI the tests drive, asked once.
func cliVersion(t *testing.T) (*version.Version, error) {
	t.Helper()
	path := RequireTerraform(t)
	versionOnce.Do(func() {
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		defer cancel()
		cliVer, cliVerErr = versionOf(ctx, path)
	})
	return cliVer, cliVerErr
}

// versionOf asks a terraform or a tofu for its version, which both report
// as terraform_version in `version -json`.
func versionOf(ctx context.Context, path string) (*version.Version, error) {
	// stdout only: warnings about the CLI configuration go to stderr.
	out, err := exec.CommandContext(ctx, path, "version", "-json").Output() //nolint:gosec // the path is the developer's own setting
	if err != nil {
		return nil, fmt.Errorf("%s version -json: %w", path, err)
	}
	var answer struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &answer); err != nil {
		return nil, fmt.Errorf("%s version -json answered %q: %w", path, out, err)
	}
	v, err := version.NewVersion(answer.Version)
	if err != nil {
		return nil, fmt.Errorf("%s version -json answered %q: %w", path, out, err)
	}
	return v, nil
}
