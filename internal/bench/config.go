package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/tcintl/terraform-provider-tcintl/internal/devprovider"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
)

// The bill-many cassette answers customers 200000000001..200000000040 for
// month 2026-01, which is every distinct lookup the figures need.
const (
	cassette          = "bill-many"
	cassetteFirstUin  = 200000000001
	cassetteCustomers = 40
	cassetteMonth     = "2026-01"
)

// lookup is one tcintl_customer_bill_summary data block.
type lookup struct {
	CustomerUin int64
	Month       string
}

// customer returns the lookup of the n-th customer of the cassette (from 0).
func customer(n int) lookup {
	if n < 0 || n >= cassetteCustomers {
		// A programming error in a figure: the fake would answer
		// "no recorded answer", which would spoil the figure quietly.
		panic(fmt.Sprintf("bench: customer %d is outside the %s cassette", n, cassette))
	}
	return lookup{CustomerUin: cassetteFirstUin + int64(n), Month: cassetteMonth}
}

// distinctLookups returns n lookups of customers first, first+1, ...
func distinctLookups(first, n int) []lookup {
	out := make([]lookup, n)
	for i := range out {
		out[i] = customer(first + i)
	}
	return out
}

// cycledLookups returns n lookups going round the first `distinct`
// customers, so identical lookups are spread over the plan instead of
// bunched together.
func cycledLookups(n, distinct int) []lookup {
	out := make([]lookup, n)
	for i := range out {
		out[i] = customer(i % distinct)
	}
	return out
}

// identicalLookups returns n copies of one lookup.
func identicalLookups(n int) []lookup {
	return cycledLookups(n, 1)
}

// configuration is a root module with one data block per lookup and a
// provider sending every service to the fake server at url. The keys come
// from the environment (TENCENTCLOUD_SECRET_ID/KEY), as users are told to
// pass them.
func configuration(url string, lookups []lookup) string {
	var b strings.Builder
	fmt.Fprintf(&b, `terraform {
  required_providers {
    tcintl = {
      source = %s
    }
  }
}

provider "tcintl" {
  endpoints {
    csip            = %s
    intlpartnersmgt = %s
    sts             = %s
  }
}
`, devprovider.HCLString("tcintl/tcintl"), devprovider.HCLString(url), devprovider.HCLString(url), devprovider.HCLString(url))
	for i, l := range lookups {
		fmt.Fprintf(&b, `
data "tcintl_customer_bill_summary" "b%03d" {
  customer_uin = %d
  month        = %s
}
`, i, l.CustomerUin, devprovider.HCLString(l.Month))
	}
	return b.String()
}

// childEnv is the environment of a terraform process: the harness's own,
// minus anything that would change what is measured (the developer's
// TF_* settings and Tencent Cloud credentials), plus the CLI configuration
// of the build, the fake server's key pair, no update check (there is no
// internet here, and a check would add a network wait to the timings) and
// a TMPDIR of the run's own: the release client keeps its cross-process
// pacing state under the temporary directory, and the run's state must
// neither meet other processes' nor outlive the run.
func childEnv(base []string, b build, tmpDir string) []string {
	env := make([]string, 0, len(base)+7)
	for _, kv := range base {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "TF_") || strings.HasPrefix(name, "TENCENTCLOUD_") || name == "CHECKPOINT_DISABLE" || name == "TMPDIR" {
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"TF_CLI_CONFIG_FILE="+b.CLIConfig,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
		"TMPDIR="+tmpDir,
		"TENCENTCLOUD_SECRET_ID="+fakeserver.TestSecretID,
		"TENCENTCLOUD_SECRET_KEY="+fakeserver.TestSecretKey,
	)
}

// writeConfiguration writes main.tf into dir.
func writeConfiguration(dir, url string, lookups []lookup) error {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "main.tf"), []byte(configuration(url, lookups)), 0o600)
}
