package provider_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/tcintl/terraform-provider-tcintl/internal/acctest"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"
)

func TestAccCredentials_expiredSecurityToken(t *testing.T) {
	srv := fakeserver.StartTest(t, fakeserver.Config{STSMaxLifetime: time.Second}, "skillscan-trial-order")
	// Obtain temporary keys from the fake STS, then let them expire.
	c, err := tcapi.New(tcapi.Config{
		Credential: tcapi.Credential{SecretID: fakeserver.TestSecretID, SecretKey: fakeserver.TestSecretKey},
		AssumeRole: &tcapi.AssumeRole{RoleArn: "qcs::cam::uin/1:roleName/r", SessionName: "tf-test"},
		Endpoints:  map[string]string{"csip": srv.URL(), "sts": srv.URL()},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.DescribeSkillScanPayInfo(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	tmp := srv.IssuedCredentials()[0]
	time.Sleep(time.Until(tmp.Expiry) + 100*time.Millisecond)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: acctest.Provider{SecretID: tmp.SecretID, SecretKey: tmp.SecretKey,
				Lines: []string{fmt.Sprintf("security_token = %q", tmp.Token)}}.Block(srv) + readSkillScan,
			ExpectError: acctest.ErrorMatching("Error code: AuthFailure.TokenFailure", "expired",
				"Temporary keys expire: get new ones", "or use an assume_role block"),
		}},
	})
}

func TestAccCredentials_clockSkew(t *testing.T) {
	srv := fakeserver.StartTest(t, fakeserver.Config{Now: func() time.Time { return time.Now().Add(10 * time.Minute) }}, "skillscan-trial-order")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config:      acctest.ProviderBlock(srv) + readSkillScan,
			ExpectError: acctest.ErrorMatching("Error code: AuthFailure.SignatureExpire", "more than 5 minutes", "Synchronise this machine's clock"),
		}},
	})
}

func TestAccCredentials_badProfileFileIsNamed(t *testing.T) {
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
			srv := fakeserver.StartTest(t, fakeserver.Config{}, "skillscan-trial-order")
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories(),
				Steps: []resource.TestStep{{
					Config:      endpointsOnly(srv, fmt.Sprintf("  profile = %q\n  shared_credentials_dir = %q\n", profile, dir)) + readSkillScan,
					ExpectError: acctest.ErrorMatching(want...),
				}},
			})
		})
	}
}

func TestAccCredentials_assumedRoleRenewedDuringALongPlan(t *testing.T) {
	// Keys that live 2 s, a plan that reads for about 4 s (five bills at
	// one per second): every read must be signed with valid keys.
	srv := fakeserver.StartTest(t, fakeserver.Config{STSMaxLifetime: 2 * time.Second}, "bill-amounts", "bill-filters")
	config := acctest.ProviderBlock(srv, `assume_role {
    role_arn = "qcs::cam::uin/100000000001:roleName/terraform-reader"
  }`)
	for i, month := range []string{"2026-01", "2026-02", "2026-03", "2026-04", "2026-05"} {
		config += fmt.Sprintf("data \"tcintl_customer_bill_summary\" \"m%d\" {\n  customer_uin = 100000000001\n  month = %q\n}\n", i, month)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
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
