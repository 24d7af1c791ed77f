// Package acctest runs the provider under the real terraform CLI: the
// provider served in-process, and the fake API on loopback. Such tests are
// unit tests (resource.UnitTest): they need no credentials and always run.
// TF_ACC is left to the tests against the live API, which need keys.
package acctest

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
	"github.com/tcintl/terraform-provider-tcintl/internal/provider"
)

// terraformPath is the CLI the tests run, "" when there is none.
var terraformPath string

// Main is TestMain for a package whose tests run terraform. It pins
// TF_ACC_TERRAFORM_PATH to the terraform on PATH (or keeps one already set,
// a tofu say), because terraform-plugin-testing downloads a terraform when
// it finds none; with none at all it pins a path that does not exist, so
// nothing is downloaded and RequireTerraform fails the tests that need one,
// while the package's pure unit tests still run.
func Main(m *testing.M) {
	terraformPath = os.Getenv("TF_ACC_TERRAFORM_PATH")
	if terraformPath == "" {
		terraformPath, _ = exec.LookPath("terraform")
	}
	pinned := terraformPath
	if pinned == "" {
		pinned = "/nonexistent/terraform-is-not-on-PATH"
	}
	if err := os.Setenv("TF_ACC_TERRAFORM_PATH", pinned); err != nil {
		fmt.Fprintln(os.Stderr, "FAIL: setting TF_ACC_TERRAFORM_PATH:", err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// RequireTerraform fails the test, loudly, when there is no terraform to
// run: a skipped test would report untested code as working.
func RequireTerraform(t testing.TB) string {
	t.Helper()
	if terraformPath == "" {
		t.Fatal("no terraform on PATH: this test runs the real terraform CLI (1.5 or later) and never downloads one; TestMain must be acctest.Main")
	}
	return terraformPath
}

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
