package e2e

import (
	"fmt"
	"math"
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

// TestWebIdentityRenewalSharedMidPlan: keys live 4 s and are renewed 2 s
// in; the renewal's STS call takes 2.5 s, during which the paced reads
// that come due (one per second) must wait for that one call, not make
// their own. One plan, the built binary, five reads.
func TestWebIdentityRenewalSharedMidPlan(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	srv := fakeserver.StartTest(t, fakeserver.Config{
		STSMaxLifetime: 4 * time.Second,
		// The waiting reads leave together once the keys come: the fake's
		// own 1/s limit would only add retries to count around.
		Limits: map[string]float64{apispec.CustomerBillSummary: math.Inf(1)},
	}, "bill-amounts", "bill-filters")
	srv.InjectFaults(apispec.AssumeRoleWithWebIdentity,
		fakeserver.Fault{Kind: fakeserver.FaultDelay},
		fakeserver.Fault{Kind: fakeserver.FaultDelay, Delay: 2500 * time.Millisecond})
	file := filepath.Join(t.TempDir(), "token")
	writeFile(t, file, e2eJWT(1))
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.tf"), configWith(srv)+billReads(5))
	env := h.env(
		"TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE="+file,
		"TENCENTCLOUD_ASSUME_ROLE_ARN=qcs::cam::uin/100000000001:roleName/ci-plan",
	)
	h.planOK(t, dir, env)

	if n := srv.Count(apispec.AssumeRoleWithWebIdentity); n != 2 {
		t.Errorf("%d exchanges, want 2: one at the start, one renewal shared by the reads that came due during it", n)
	}
	if n := srv.CountAnswered(apispec.CustomerBillSummary, fakeserver.CodeTokenFailure); n != 0 {
		t.Errorf("%d reads were signed with expired keys", n)
	}
	issued := srv.IssuedCredentials()
	if len(issued) != 2 {
		t.Fatalf("issued %d keys", len(issued))
	}
	renewed := 0
	for _, r := range requests(srv, apispec.CustomerBillSummary) {
		if r.SecretID == issued[1].SecretID {
			renewed++
		}
	}
	if renewed < 3 {
		t.Errorf("%d reads signed with the renewed keys, want the 3 that waited for them", renewed)
	}
}
