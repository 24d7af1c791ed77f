package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tcintl/terraform-provider-tcintl/internal/acctest"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
)

func TestMain(m *testing.M) {
	acctest.Main(m)
}

const readSkillScan = `
data "tcintl_skillscan_pay_info" "this" {}
`

var trialOrderRead = []statecheck.StateCheck{
	statecheck.ExpectKnownValue("data.tcintl_skillscan_pay_info.this", tfjsonpath.New("request_id"),
		knownvalue.StringExact("023e3667-87d4-4fae-9a86-83cfbb7c583a")),
}

func TestProvider_credentialsFromEnvironment(t *testing.T) {
	t.Parallel()
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "skillscan-trial-order")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories(t,
			"TENCENTCLOUD_SECRET_ID="+fakeserver.TestSecretID, "TENCENTCLOUD_SECRET_KEY="+fakeserver.TestSecretKey),
		Steps: []resource.TestStep{{Config: srv.ProviderBlock() + readSkillScan, ConfigStateChecks: trialOrderRead}},
	})
}

func TestProvider_credentialsFromTccliProfile(t *testing.T) {
	t.Parallel()
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "skillscan-trial-order")
	dir := t.TempDir()
	profile := fmt.Sprintf(`{"secretId": %q, "secretKey": %q}`, fakeserver.TestSecretID, fakeserver.TestSecretKey)
	if err := os.WriteFile(filepath.Join(dir, "ci.credential"), []byte(profile), 0o600); err != nil {
		t.Fatal(err)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories(t),
		Steps: []resource.TestStep{{
			Config:            srv.ProviderBlock(`profile = "ci"`, fmt.Sprintf("shared_credentials_dir = %q", dir)) + readSkillScan,
			ConfigStateChecks: trialOrderRead,
		}},
	})
	if r := srv.Requests(); len(r) == 0 || r[0].SecretID != fakeserver.TestSecretID {
		t.Errorf("requests were not signed with the profile's key")
	}
}

func TestProvider_assumeRole(t *testing.T) {
	t.Parallel()
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "skillscan-trial-order")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories(t),
		Steps: []resource.TestStep{{
			Config: acctest.ProviderBlock(srv, `assume_role {
    role_arn         = "qcs::cam::uin/100000000001:roleName/terraform-reader"
    session_name     = "acceptance"
    session_duration = 900
  }`) + readSkillScan,
			ConfigStateChecks: trialOrderRead,
		}},
	})
	issued := map[string]bool{}
	for _, c := range srv.IssuedCredentials() {
		issued[c.SecretID] = true
	}
	reads := 0
	for _, r := range srv.Requests() {
		if r.Action == "DescribeSkillScanPayInfo" {
			reads++
			if !issued[r.SecretID] {
				t.Errorf("a read was signed with %q, not a temporary key", r.SecretID)
			}
		}
	}
	if reads == 0 || srv.Count("AssumeRole") == 0 {
		t.Errorf("%d reads, %d AssumeRole calls", reads, srv.Count("AssumeRole"))
	}
}

func TestProvider_configurationErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		config func(srv *fakeserver.Server) string
		want   []string
	}{
		{
			name:   "no credentials anywhere",
			config: func(srv *fakeserver.Server) string { return srv.ProviderBlock() },
			want:   []string{"No credentials for Tencent Cloud", "TENCENTCLOUD_SECRET_ID", "default.credential"},
		},
		{
			name: "unknown at plan time",
			config: func(srv *fakeserver.Server) string {
				return `
resource "terraform_data" "key" {
  input = "later"
}
` + srv.ProviderBlock(fmt.Sprintf("secret_id = %q", fakeserver.TestSecretID), "secret_key = terraform_data.key.output")
			},
			want: []string{"Unknown value for secret_key", "not known until apply"},
		},
		{
			name: "plain http off loopback",
			config: func(*fakeserver.Server) string {
				return `
provider "tcintl" {
  secret_id  = "id"
  secret_key = "key"
  endpoints {
    csip = "http://203.0.113.10:8080"
  }
}
`
			},
			want: []string{"endpoints.csip", "plain http is allowed only for a loopback address"},
		},
		{
			name: "domain with a scheme",
			config: func(*fakeserver.Server) string {
				return "provider \"tcintl\" {\n  domain = \"https://intl.tencentcloudapi.com\"\n}\n"
			},
			want: []string{"domain", "expected a bare domain"},
		},
		{
			name:   "region with a newline",
			config: func(*fakeserver.Server) string { return "provider \"tcintl\" {\n  region = \"ap-singapore\\n\"\n}\n" },
			want:   []string{"region", "must be a region such as ap-singapore"},
		},
		{
			name: "domain in upper case is fine, with a port is not",
			config: func(*fakeserver.Server) string {
				return "provider \"tcintl\" {\n  domain = \"INTL.TencentCloudAPI.com:443\"\n}\n"
			},
			want: []string{"domain", "expected a bare domain"},
		},
		{
			name: "endpoint port out of range",
			config: func(*fakeserver.Server) string {
				return "provider \"tcintl\" {\n  endpoints {\n    csip = \"http://127.0.0.1:65536\"\n  }\n}\n"
			},
			want: []string{"endpoints.csip", "the port must be from 1 to 65535"},
		},
		{
			name:   "max_retries out of range",
			config: func(*fakeserver.Server) string { return "provider \"tcintl\" {\n  max_retries = 99\n}\n" },
			want:   []string{"max_retries", "must be between 0 and 10"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fakeserver.StartTest(t, fakeserver.Config{}, "skillscan-trial-order")
			acctest.ExpectErrorWithoutCalls(t, srv, acctest.ProviderFactories(t), tt.config(srv)+readSkillScan, acctest.ErrorMatching(tt.want...))
		})
	}
}

// An endpoint in upper case is the same endpoint: it is signed as sent, so
// the provider sends it in lower case (the signature failed once).
func TestProvider_endpointsInUpperCase(t *testing.T) {
	t.Parallel()
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "skillscan-trial-order")
	_, port, _ := strings.Cut(srv.Host(), ":")
	upper := "HTTP://LOCALHOST:" + port
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories(t),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "tcintl" {
  secret_id  = %q
  secret_key = %q
  domain     = "INTL.TencentCloudAPI.COM"
  endpoints {
    csip = %q
  }
}
`, fakeserver.TestSecretID, fakeserver.TestSecretKey, upper) + readSkillScan,
			ConfigStateChecks: trialOrderRead,
		}},
	})
}

func TestProvider_rateLimits(t *testing.T) {
	t.Parallel()
	// Raised to 5/s, like an account whose limit Tencent Cloud raised: four
	// bills take about 0.6 s instead of 3 s, and none is throttled.
	srv := fakeserver.StartTest(t, fakeserver.Config{Limits: map[string]float64{apispec.CustomerBillSummary: 5}}, "bill-amounts")
	config := acctest.ProviderBlock(srv, "rate_limits = { DescribeCustomerBillSummary = 5 }")
	for i, month := range []string{"2026-01", "2026-02", "2026-03", "2026-04"} {
		config += fmt.Sprintf("data \"tcintl_customer_bill_summary\" \"m%d\" {\n  customer_uin = 100000000001\n  month        = %q\n}\n", i, month)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories(t),
		Steps:                    []resource.TestStep{{Config: config}},
	})
	var bills []fakeserver.Request
	for _, r := range srv.Requests() {
		if r.Action == apispec.CustomerBillSummary {
			bills = append(bills, r)
		}
	}
	if n := srv.CountAnswered(apispec.CustomerBillSummary, fakeserver.CodeRequestLimitExceeded); n != 0 || len(bills) < 4 {
		t.Fatalf("%d bills, %d throttled", len(bills), n)
	}
	// The fake throttles what comes faster than 5/s, so none throttled says
	// the raised pace is kept; the default pace of 1/s would need 3 s.
	if span := bills[3].Time.Sub(bills[0].Time); span >= 3*time.Second {
		t.Errorf("four bills took %v: the raised limit was not used", span)
	}
}

func TestProvider_rateLimitsAreValidatedAtPlan(t *testing.T) {
	t.Parallel()
	tests := map[string][]string{
		`{ DescribeSomethingElse = 5 }`:            {`rate_limits["DescribeSomethingElse"]`, "DescribeSkillScanPayInfo", "DescribeCustomerBillSummary", `got: "DescribeSomethingElse"`},
		`{ AssumeRole = 5 }`:                       {"rate_limits", `got: "AssumeRole"`},
		`{ describecustomerbillsummary = 5 }`:      {"rate_limits", "describecustomerbillsummary"},
		`{ DescribeCustomerBillSummary = 0 }`:      {`rate_limits["DescribeCustomerBillSummary"]`, "from 0.01 (one call every 100 s) to 1000 requests per second", "got 0"},
		`{ DescribeCustomerBillSummary = -1 }`:     {"from 0.01 (one call every 100 s) to 1000 requests per second", "got -1"},
		`{ DescribeCustomerBillSummary = 1e-10 }`:  {`rate_limits["DescribeCustomerBillSummary"]`, "got 1e-10"},
		`{ DescribeCustomerBillSummary = 1e-9 }`:   {"got 1e-09"},
		`{ DescribeCustomerBillSummary = 0.0099 }`: {"got 0.0099"},
		`{ DescribeCustomerBillSummary = null }`:   {"Null Map Value", "rate_limits = { DescribeCustomerBillSummary = null }", "contains a null value"},
		`{ DescribeSkillScanPayInfo = 1000.5 }`:    {`rate_limits["DescribeSkillScanPayInfo"]`, "got 1000.5"},
		`{ DescribeSkillScanPayInfo = 1e9 }`:       {"got 1e+09"},
		`{ DescribeCustomerBillSummary = "fast" }`: {"rate_limits", "number is required"},
	}
	for limits, want := range tests {
		t.Run(limits, func(t *testing.T) {
			t.Parallel()
			srv := fakeserver.StartTest(t, fakeserver.Config{}, "skillscan-trial-order")
			acctest.ExpectErrorWithoutCalls(t, srv, acctest.ProviderFactories(t), acctest.ProviderBlock(srv, "rate_limits = "+limits)+readSkillScan, acctest.ErrorMatching(want...))
		})
	}
}

// An element of rate_limits that is null, or not known until apply, names
// the attribute, where the framework's conversion once called it a bug in
// the provider; the slowest documented rate is accepted.
func TestProvider_rateLimitsNullUnknownAndSlowest(t *testing.T) {
	t.Parallel()
	for name, tt := range map[string]struct {
		config string
		want   []string
	}{
		"a null from a variable": {
			config: "variable \"rate\" {\n  type    = number\n  default = null\n}\n",
			want:   []string{"Null Map Value", "rate_limits = { DescribeCustomerBillSummary = var.rate }", "contains a null value"},
		},
		"known only at apply": {
			config: "resource \"terraform_data\" \"rate\" {\n  input = 5\n}\n",
			want:   []string{`Unknown value for rate_limits["DescribeCustomerBillSummary"]`, "not known until apply"},
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			value := "var.rate"
			if strings.Contains(tt.config, "terraform_data") {
				value = "terraform_data.rate.output"
			}
			srv := fakeserver.StartTest(t, fakeserver.Config{}, "skillscan-trial-order")
			config := tt.config + acctest.ProviderBlock(srv, "rate_limits = { DescribeCustomerBillSummary = "+value+" }") + readSkillScan
			acctest.ExpectErrorWithoutCalls(t, srv, acctest.ProviderFactories(t), config, acctest.ErrorMatching(tt.want...))
		})
	}
	t.Run("the slowest rate", func(t *testing.T) {
		t.Parallel()
		srv := fakeserver.StartTest(t, fakeserver.Config{}, "skillscan-trial-order")
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: acctest.ProviderFactories(t),
			Steps: []resource.TestStep{{
				// Only accepted, not waited for: each command of the test
				// would wait 100 s for the pace the previous one kept.
				Config:            acctest.ProviderBlock(srv, "rate_limits = { DescribeCustomerBillSummary = 0.01 }") + readSkillScan,
				ConfigStateChecks: trialOrderRead,
			}},
		})
	})
}
