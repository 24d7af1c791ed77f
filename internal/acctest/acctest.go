// Package acctest runs the provider's acceptance tests: the real terraform
// CLI, the provider served in-process, and the recorded fake server on
// loopback, so they need no credentials and always run.
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

// Main is TestMain for a package with acceptance tests. resource.Test skips
// silently without TF_ACC, and terraform-plugin-testing downloads a terraform
// when it finds none; both would make a green run that tested nothing, so
// both stop the run here, loudly.
func Main(m *testing.M) {
	if os.Getenv("TF_ACC") == "" {
		fmt.Fprintln(os.Stderr, "FAIL: TF_ACC is not set, so every acceptance test would be skipped.\n"+
			"They need no credentials (they run against the embedded fake server): run `make test`, or set TF_ACC=1.")
		os.Exit(1)
	}
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tf == "" {
		found, err := exec.LookPath("terraform")
		if err != nil {
			fmt.Fprintln(os.Stderr, "FAIL: no terraform on PATH; the acceptance tests run the real terraform CLI and must not download one.")
			os.Exit(1)
		}
		tf = found
	}
	// Pinning the binary keeps terraform-plugin-testing from looking further.
	mustSetenv("TF_ACC_TERRAFORM_PATH", tf)
	// The developer's own Tencent Cloud settings must not leak into tests.
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "TENCENTCLOUD_") {
			_ = os.Unsetenv(name)
		}
	}
	os.Exit(m.Run())
}

func mustSetenv(k, v string) {
	if err := os.Setenv(k, v); err != nil {
		fmt.Fprintf(os.Stderr, "FAIL: setting %s: %v\n", k, err)
		os.Exit(1)
	}
}

// ProviderFactories serves a fresh provider for every terraform command.
func ProviderFactories() map[string]func() (tfprotov6.ProviderServer, error) {
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
func ProviderBlock(srv *fakeserver.Server, extra ...string) string {
	return Provider{Lines: extra}.Block(srv)
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
	return fmt.Sprintf(`
provider "tcintl" {
  secret_id  = %q
  secret_key = %q
%s
  endpoints {
    csip            = %q
    intlpartnersmgt = %q
    sts             = %q
  }
}
`, id, key, indent(p.Lines), srv.URL(), srv.URL(), srv.URL())
}

func indent(lines []string) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString("  " + l + "\n")
	}
	return b.String()
}
