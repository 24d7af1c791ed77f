package e2e

import (
	"testing"

	"github.com/tcintl/terraform-provider-tcintl/internal/acctest"
	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
)

// The decimal_sum example: exact where sum() is not, and no API call.
func testDecimalSumExample(t *testing.T, h *harness) {
	acctest.CheckVersion(t, acctest.Needs(acctest.ProviderFunctions))
	srv := fakeserver.StartTest(t, fakeserver.Config{})
	dir := h.workdir(t, "functions/decimal_sum", map[string]string{"zz_provider.tf": snippetProvider(srv)})
	env := h.env(testKeys()...)
	h.validate(t, dir, env)
	_, p := h.planOK(t, dir, env)
	p.wantOutput(t, "charges_total", `50`)
	p.wantOutput(t, "builtin_sum_is_50", `false`)
	p.wantOutput(t, "amounts_total", `98765433344444.53321`)
	p.wantOutput(t, "nothing", `0`)
	if reqs := srv.Requests(); len(reqs) != 0 {
		t.Errorf("a pure function reached the API: %v", reqs)
	}
}

// The months example: a bill for each month across the new year, and their
// exact total.
func testMonthsExample(t *testing.T, h *harness) {
	acctest.CheckVersion(t, acctest.Needs(acctest.ProviderFunctions))
	srv := fakeserver.StartTest(t, fakeserver.Config{Book: &fakeserver.Book{
		UINs: []string{"100000000001"},
		Amounts: map[string]string{
			"100000000001/2025-11": "0.1", "100000000001/2025-12": "0.2",
			"100000000001/2026-01": "98765432109876.54321", "100000000001/2026-02": "1234567.89",
		},
	}})
	dir := h.workdir(t, "functions/months", map[string]string{"zz_provider.tf": snippetProvider(srv)})
	env := h.env(testKeys()...)
	h.validate(t, dir, env)
	_, p := h.planOK(t, dir, env)
	p.wantOutput(t, "months", `["2025-11", "2025-12", "2026-01", "2026-02"]`)
	p.wantOutput(t, "bills", `{"2025-11": 0.1, "2025-12": 0.2, "2026-01": 98765432109876.54321, "2026-02": 1234567.89}`)
	p.wantOutput(t, "total_cost", `98765433344444.73321`)
	if n := srv.CountAnswered(apispec.CustomerBillSummary, ""); n != 4 {
		t.Errorf("the fake answered %d bill lookups, want 4 (one per month)", n)
	}
}
