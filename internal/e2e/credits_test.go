package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
)

// The tcintl_partner_credit snippet of the docs, on the reference's example
// answer: the customer amounts it leaves out are null.
func testPartnerCreditSnippet(t *testing.T, h *harness) {
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "partner-credit")
	dir := h.workdir(t, "data-sources/tcintl_partner_credit", map[string]string{"zz_provider.tf": snippetProvider(srv)})
	env := h.env(testKeys()...)
	h.validate(t, dir, env)
	_, p := h.planOK(t, dir, env)
	p.wantOutput(t, "partner_credit", `{"total": 1050.1, "allocated": 50, "remaining": 1000.1, "customers_remaining": null, "under_a_tenth": false}`)
}

// The tcintl_customer_credits snippet of the docs: exact sums, the customer
// in arrears, those under 10 % of their credit, and a filter. The answers'
// mobile numbers (+00-...) and emails (...@example.com) appear nowhere: not
// in the plan's JSON, nor in the provider's most detailed log.
func testCustomerCreditsSnippet(t *testing.T, h *harness) {
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "customer-credits")
	dir := h.workdir(t, "data-sources/tcintl_customer_credits", map[string]string{"zz_provider.tf": snippetProvider(srv)})
	logFile := filepath.Join(t.TempDir(), "provider.log")
	env := h.env(append(testKeys(), "TF_LOG_PROVIDER=TRACE", "TF_LOG_PATH="+logFile)...)
	h.validate(t, dir, env)
	out, p := h.planOK(t, dir, env)
	log, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(log), "API call succeeded") || !strings.Contains(p.raw, "Under Ten Percent Ltd") {
		t.Fatal("the log has no API call or the plan no customer: nothing to look for personal data in")
	}
	for what, text := range map[string]string{"plan output": out, "plan JSON": p.raw, "provider log": string(log)} {
		if strings.Contains(text, "+00-") || strings.Contains(text, "@example.com") {
			t.Errorf("the %s holds a customer's mobile number or email", what)
		}
	}
	p.wantOutput(t, "credits", `{
		"total_credit": 98765433345944.93321,
		"total_remaining": 98765432709977.03321,
		"in_arrears": [100000000003],
		"under_10_percent": [100000000003, 100000000004],
		"one": "Arrears Example"}`)
	if n := srv.CountAnswered(apispec.CustomersCredit, ""); n != 2 {
		t.Errorf("the fake answered %d pages, want 2 (one per block)", n)
	}
}

// The tcintl_customer_bill_by_product snippet of the docs: the products'
// exact totals by code and their sum, and a quarter from months(), whose
// January is the same lookup as the single block's.
func testBillByProductSnippet(t *testing.T, h *harness) {
	skipWithoutFunctions(t, h)
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "bill-by-product")
	dir := h.workdir(t, "data-sources/tcintl_customer_bill_by_product", map[string]string{"zz_provider.tf": snippetProvider(srv)})
	env := h.env(testKeys()...)
	h.validate(t, dir, env)
	_, p := h.planOK(t, dir, env)
	p.wantOutput(t, "january", `{
		"by_product": {"p_cbs": 12.34, "p_cdn": 0, "p_cos": 0.00000001, "p_cvm": 1134.5678},
		"total_cost": 1146.90780001,
		"tke": 0,
		"vouchers": {"Cloud Virtual Machine": 100, "Content Delivery Network": 50}}`)
	p.wantOutput(t, "quarter_by_month", `{"2026-01": 1146.90780001, "2026-02": 0, "2026-03": 98765432109876.64321}`)
	if n := srv.CountAnswered(apispec.BillSummaryByProduct, ""); n != 3 {
		t.Errorf("the fake answered %d lookups, want 3 (one per month)", n)
	}
}

// A customer list that changed while it was read is read anyway, with a
// warning that says how: terraform shows it, the provider's test framework
// does not, so it is checked here, in terraform's own output.
func TestCustomerCreditsWarnWhenTheListChanges(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	tests := []struct {
		name   string
		totals map[int]string
		want   string
	}{
		{
			name:   "Total changed between pages",
			totals: map[int]string{2: "240"},
			want:   "QueryCustomersCredit's Total changed between pages (page 1: 230, page 2: 240, page 3: 230). customers has 230 entries and total is 230.",
		},
		{
			name:   "fewer customers than Total",
			totals: map[int]string{1: "231", 2: "231", 3: "231"},
			want:   "customers has 230 entries and total is 231. Entries added or removed during the read may be missing: plan again for a consistent list.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fakeserver.StartTest(t, fakeserver.Config{Book: &fakeserver.Book{Size: 230, CreditTotals: tt.totals}})
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "main.tf"), snippetProvider(srv)+`
data "tcintl_customer_credits" "all" {}

output "customers" {
  value = length(data.tcintl_customer_credits.all.customers)
}
`)
			out, p := h.planOK(t, dir, h.env(testKeys()...))
			wantText(t, out, "Warning: The customer list changed while it was read", "with data.tcintl_customer_credits.all", tt.want)
			p.wantOutput(t, "customers", "230")
		})
	}
}
