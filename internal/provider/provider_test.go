package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories(t),
				Steps: []resource.TestStep{{
					Config:      tt.config(srv) + readSkillScan,
					ExpectError: acctest.ErrorMatching(tt.want...),
				}},
			})
			if n := len(srv.Requests()); n != 0 {
				t.Errorf("a misconfigured provider sent %d requests", n)
			}
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
