package e2e

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
	"github.com/tcintl/terraform-provider-tcintl/internal/provider"
)

// e2eJWT is a token the fake STS takes for a JWT; n tells them apart.
func e2eJWT(n int) string {
	return fmt.Sprintf("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJlMmUiLCJuIjo%d.c2lnbmF0dXJl", n)
}

// billReads reads n months of bills: at 1 per second, a plan that lasts
// about n-1 seconds.
func billReads(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "data \"tcintl_customer_bill_summary\" \"m%d\" {\n  customer_uin = 100000000001\n  month        = \"2026-%02d\"\n}\n\n", i, i+1)
	}
	return b.String()
}

func configWith(srv *fakeserver.Server, lines ...string) string {
	return fmt.Sprintf("terraform {\n  required_providers {\n    tcintl = {\n      source = %q\n    }\n  }\n}\n\n", provider.Source) +
		srv.ProviderBlock(lines...) + "\n"
}

// TestWebIdentityRenewalMidPlan: keys live 4 s and are renewed 2 s in; the
// renewal's STS call takes 2.5 s. The paced reads that come due meanwhile
// wait for that one call (no renewal of their own: every key STS issues
// signs a read), and leave in pace after it, not together. One plan, the
// built binary, five reads.
func TestWebIdentityRenewalMidPlan(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	srv := fakeserver.StartTest(t, fakeserver.Config{STSMaxLifetime: 4 * time.Second}, "bill-amounts", "bill-filters")
	srv.InjectFaults(apispec.AssumeRoleWithWebIdentity,
		fakeserver.Fault{Kind: fakeserver.FaultDelay},
		fakeserver.Fault{Kind: fakeserver.FaultDelay, Delay: 2500 * time.Millisecond})
	file := filepath.Join(t.TempDir(), "token")
	writeFile(t, file, e2eJWT(1))
	dir := t.TempDir()
	// The fake allows 1 read a second and the plan paces itself at 0.9, so
	// that the fake's own scheduling on a busy machine cannot pass for reads
	// sent too close: reads released together after the renewal would be.
	writeFile(t, filepath.Join(dir, "main.tf"), configWith(srv, "rate_limits = { DescribeCustomerBillSummary = 0.9 }")+billReads(5))
	env := h.env(
		"TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE="+file,
		"TENCENTCLOUD_ASSUME_ROLE_ARN=qcs::cam::uin/100000000001:roleName/ci-plan",
	)
	h.planOK(t, dir, env)

	if n := srv.CountAnswered(apispec.CustomerBillSummary, fakeserver.CodeTokenFailure); n != 0 {
		t.Errorf("%d reads were signed with expired keys", n)
	}
	if n := srv.CountAnswered(apispec.CustomerBillSummary, fakeserver.CodeRequestLimitExceeded); n != 0 {
		t.Errorf("%d reads were throttled: out of pace after the renewal", n)
	}
	issued := srv.IssuedCredentials()
	if n := srv.Count(apispec.AssumeRoleWithWebIdentity); n < 2 || n != len(issued) {
		t.Fatalf("%d exchanges, %d keys issued; want a renewal mid-plan", n, len(issued))
	}
	reads := requests(srv, apispec.CustomerBillSummary)
	signedWith := map[string]int{}
	for i, r := range reads {
		signedWith[r.SecretID]++
		if i > 0 && r.Time.Sub(reads[i-1].Time) < time.Second {
			t.Errorf("reads %d and %d left %v apart: out of pace after the renewal", i, i+1, r.Time.Sub(reads[i-1].Time))
		}
	}
	for i, cred := range issued {
		if signedWith[cred.SecretID] == 0 {
			t.Errorf("key %d of %d signed no read: a renewal nobody needed (more than one STS call per renewal)", i+1, len(issued))
		}
	}
}
