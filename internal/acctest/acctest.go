// Package acctest runs the provider under the real terraform CLI: the
// provider served in-process, and the fake API on loopback. Such tests are
// unit tests (resource.UnitTest): they need no credentials and always run.
// TF_ACC is left to the tests against the live API, which need keys.
package acctest

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
	"github.com/tcintl/terraform-provider-tcintl/internal/provider"
)

// TofuEnv names an OpenTofu binary. When it is set, every test that drives a
// CLI drives that one instead of terraform, and fails (never skips) when it
// is missing or is not OpenTofu: `make test-tofu` sets it to the tofu it
// builds, so CI cannot pass on a terraform run twice.
const TofuEnv = "TCINTL_TOFU"

// terraformPath is the CLI the tests run, "" when there is none; tofu says
// it must be OpenTofu.
var (
	terraformPath string
	tofu          bool
	checkTofu     sync.Once
	tofuErr       error
)

// Main is TestMain for a package whose tests run terraform. It pins
// TF_ACC_TERRAFORM_PATH to the terraform on PATH (or keeps one already set,
// or takes TofuEnv's), because terraform-plugin-testing downloads a terraform
// when it finds none; with none at all it pins a path that does not exist, so
// nothing is downloaded and RequireTerraform fails the tests that need one,
// while the package's pure unit tests still run.
func Main(m *testing.M) {
	terraformPath = os.Getenv("TF_ACC_TERRAFORM_PATH")
	if path := os.Getenv(TofuEnv); path != "" {
		terraformPath, tofu = path, true
		// Unless told a namespace, terraform-plugin-testing offers the
		// in-process provider under the legacy "-" too, which OpenTofu
		// refuses.
		if os.Getenv("TF_ACC_PROVIDER_NAMESPACE") == "" {
			setenv("TF_ACC_PROVIDER_NAMESPACE", "hashicorp")
		}
		// And unless told a host, it offers it under registry.terraform.io,
		// where OpenTofu 1.6 and 1.8 (not 1.10) do not find it when they
		// read the state back (show -json): they look under
		// registry.opentofu.org, where the configuration's tcintl resolves
		// under OpenTofu.
		if os.Getenv("TF_ACC_PROVIDER_HOST") == "" {
			setenv("TF_ACC_PROVIDER_HOST", "registry.opentofu.org")
		}
	}
	if terraformPath == "" {
		terraformPath, _ = exec.LookPath("terraform")
	}
	pinned := terraformPath
	if pinned == "" {
		pinned = "/nonexistent/terraform-is-not-on-PATH"
	}
	setenv("TF_ACC_TERRAFORM_PATH", pinned)
	if err := dropMissingCLIConfig(); err != nil {
		fmt.Fprintf(os.Stderr, "FAIL: %v\n", err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// dropMissingCLIConfig unsets TF_CLI_CONFIG_FILE when it names a file that
// does not exist. Such a file configures nothing, but OpenTofu 1.12 warns
// about it on stdout, ahead of the output terraform-plugin-testing and these
// tests read (version, show -json), where terraform and earlier OpenTofus
// warn on stderr.
func dropMissingCLIConfig() error {
	path, ok := os.LookupEnv("TF_CLI_CONFIG_FILE")
	if !ok || path == "" {
		return nil
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return os.Unsetenv("TF_CLI_CONFIG_FILE")
}

func setenv(name, value string) {
	if err := os.Setenv(name, value); err != nil {
		fmt.Fprintf(os.Stderr, "FAIL: setting %s: %v\n", name, err)
		os.Exit(1)
	}
}

// RequireTerraform fails the test, loudly, when there is no terraform to
// run (a skipped test would report untested code as working), or when
// TofuEnv names something that is not OpenTofu. It returns the CLI's path.
func RequireTerraform(t testing.TB) string {
	t.Helper()
	if terraformPath == "" {
		t.Fatal("no terraform on PATH: this test runs the real terraform CLI (1.5 or later) and never downloads one; TestMain must be acctest.Main")
	}
	if tofu {
		checkTofu.Do(func() {
			ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
			defer cancel()
			// stdout only: warnings about the CLI configuration go to stderr.
			out, err := exec.CommandContext(ctx, terraformPath, "version").Output() //nolint:gosec // the path is the developer's own setting
			if err == nil && !strings.HasPrefix(string(out), "OpenTofu v") {
				err = fmt.Errorf("it says %q", strings.SplitN(string(out), "\n", 2)[0])
			}
			if err != nil {
				tofuErr = fmt.Errorf("%s=%s is not an OpenTofu that runs: %w", TofuEnv, terraformPath, err)
			}
		})
		if tofuErr != nil {
			t.Fatal(tofuErr)
		}
	}
	return terraformPath
}

// Tofu reports whether the tests drive OpenTofu rather than terraform, for
// the few facts that differ between them (the registry a short source
// address resolves to).
func Tofu() bool { return tofu }

// ProviderFactories serves a provider that sees only env ("NAME=value"),
// with a HOME and a TMPDIR of the test's own: no setting of the developer's
// reaches it, and its pacing state stays in the test's temporary directory.
func ProviderFactories(t *testing.T, env ...string) map[string]func() (tfprotov6.ProviderServer, error) {
	t.Helper()
	RequireTerraform(t)
	vars := map[string]string{"HOME": t.TempDir(), "TMPDIR": t.TempDir()}
	for _, kv := range env {
		name, value, _ := strings.Cut(kv, "=")
		vars[name] = value
	}
	return map[string]func() (tfprotov6.ProviderServer, error){
		"tcintl": providerserver.NewProtocol6WithError(provider.NewWithEnvironment("test", vars)()),
	}
}

// LiveProviderFactories serves the provider as users run it, reading the
// process environment: for the tests against the live API.
func LiveProviderFactories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"tcintl": providerserver.NewProtocol6WithError(provider.New("acctest")()),
	}
}

// Provider describes a provider block for a fake server; zero fields mean
// the fake server's test key pair.
type Provider struct {
	SecretID  string
	SecretKey string
	// Lines go inside the block, e.g. "max_retries = 1".
	Lines []string
}

// ProviderBlock is a provider configuration that sends every service to srv
// with the fake server's test key pair. Extra lines go inside the block.
func ProviderBlock(srv *fakeserver.Server, lines ...string) string {
	return Provider{Lines: lines}.Block(srv)
}

// Block renders the provider block for srv.
func (p Provider) Block(srv *fakeserver.Server) string {
	id, key := p.SecretID, p.SecretKey
	if id == "" {
		id = fakeserver.TestSecretID
	}
	if key == "" {
		key = fakeserver.TestSecretKey
	}
	return "\n" + srv.ProviderBlock(append([]string{fmt.Sprintf("secret_id  = %q", id), fmt.Sprintf("secret_key = %q", key)}, p.Lines...)...)
}

// ExpectErrorWithoutCalls plans config and expects an error matching want,
// caught before any request reached srv: bad input costs no call.
func ExpectErrorWithoutCalls(t *testing.T, srv *fakeserver.Server, factories map[string]func() (tfprotov6.ProviderServer, error), config string, want *regexp.Regexp) {
	t.Helper()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps:                    []resource.TestStep{{Config: config, PlanOnly: true, ExpectError: want}},
	})
	if reqs := srv.Requests(); len(reqs) != 0 {
		t.Errorf("%d requests reached the API before the error: %v", len(reqs), reqs)
	}
}
