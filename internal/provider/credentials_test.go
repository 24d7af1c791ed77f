package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/tcintl/terraform-provider-tcintl/internal/acctest"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
)

func TestCredentials_expiredSecurityToken(t *testing.T) {
	t.Parallel()
	srv := fakeserver.StartTest(t, fakeserver.Config{STSMaxLifetime: time.Second}, "skillscan-trial-order")
	// Temporary keys from the fake STS, expired.
	tmp := srv.IssueCredential("qcs::cam::uin/1:roleName/r", -time.Second)

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories(t),
		Steps: []resource.TestStep{{
			Config: acctest.Provider{SecretID: tmp.SecretID, SecretKey: tmp.SecretKey,
				Lines: []string{fmt.Sprintf("security_token = %q", tmp.Token)}}.Block(srv) + readSkillScan,
			ExpectError: acctest.ErrorMatching("Error code: AuthFailure.TokenFailure", "expired",
				"Keys given with a token expire: get new ones", "let the provider obtain and renew them"),
		}},
	})
}

func TestCredentials_clockSkew(t *testing.T) {
	t.Parallel()
	srv := fakeserver.StartTest(t, fakeserver.Config{Now: func() time.Time { return time.Now().Add(10 * time.Minute) }}, "skillscan-trial-order")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories(t),
		Steps: []resource.TestStep{{
			Config:      acctest.ProviderBlock(srv) + readSkillScan,
			ExpectError: acctest.ErrorMatching("Error code: AuthFailure.SignatureExpire", "more than 5 minutes", "Synchronise this machine's clock"),
		}},
	})
}

func TestCredentials_badProfileFileIsNamed(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "broken.credential"), []byte(`{"secretId": "AKID", "secretKey": "do-not-print"`), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := map[string][]string{
		"broken":  {filepath.Join(dir, "broken.credential"), "is not a tccli credential file"},
		"missing": {filepath.Join(dir, "missing.credential"), "does not exist"},
	}
	for profile, want := range tests {
		t.Run(profile, func(t *testing.T) {
			t.Parallel()
			srv := fakeserver.StartTest(t, fakeserver.Config{}, "skillscan-trial-order")
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories(t),
				Steps: []resource.TestStep{{
					Config:      srv.ProviderBlock(fmt.Sprintf("profile = %q", profile), fmt.Sprintf("shared_credentials_dir = %q", dir)) + readSkillScan,
					ExpectError: acctest.ErrorMatching(want...),
				}},
			})
		})
	}
}

func TestCredentials_assumedRoleRenewedDuringALongPlan(t *testing.T) {
	t.Parallel()
	// Keys that live 2 s, a plan that reads for about 4 s (five bills at
	// one per second): every read must be signed with valid keys.
	srv := fakeserver.StartTest(t, fakeserver.Config{STSMaxLifetime: 2 * time.Second}, "bill-amounts", "bill-filters")
	config := acctest.ProviderBlock(srv, `assume_role {
    role_arn = "qcs::cam::uin/100000000001:roleName/terraform-reader"
  }`)
	for i, month := range []string{"2026-01", "2026-02", "2026-03", "2026-04", "2026-05"} {
		config += fmt.Sprintf("data \"tcintl_customer_bill_summary\" \"m%d\" {\n  customer_uin = 100000000001\n  month = %q\n}\n", i, month)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories(t),
		Steps:                    []resource.TestStep{{Config: config}},
	})
	// Each terraform command reads for about 4 s with keys that live 2 s,
	// so a plan that succeeded without a single TokenFailure renewed its
	// keys in the middle of a command.
	if n := srv.CountAnswered("DescribeCustomerBillSummary", "AuthFailure.TokenFailure"); n != 0 {
		t.Errorf("%d reads were signed with expired keys", n)
	}
	reads := srv.Count("DescribeCustomerBillSummary")
	if keys := len(srv.IssuedCredentials()); reads < 5 || keys < 2 {
		t.Errorf("%d reads with %d temporary keys", reads, keys)
	}
}
