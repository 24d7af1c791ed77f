package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/acctest"
	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
)

// The tcintl_customers snippet of the docs: the list sorted, Total as is.
func testCustomersSnippet(t *testing.T, h *harness) {
	srv := fakeserver.StartTest(t, fakeserver.Config{Book: &fakeserver.Book{UINs: []string{"100000000002", "100000000001", "100000000003"}}})
	dir := h.workdir(t, "data-sources/tcintl_customers", map[string]string{"zz_provider.tf": snippetProvider(srv)})
	env := h.env(testKeys()...)
	h.validate(t, dir, env)
	_, p := h.planOK(t, dir, env)
	p.wantOutput(t, "customers", `{"uins": [100000000001, 100000000002, 100000000003], "total": 3}`)
}

// The tcintl_customer_bill_summaries snippet of the docs: a range of months
// and a whole book, with exact sums.
func testBillSummariesSnippet(t *testing.T, h *harness) {
	amounts := map[string]string{}
	for _, month := range []string{"2026-01", "2026-02", "2026-03", "2026-04", "2026-05"} {
		amounts["100000000001/"+month] = "0.1"
		amounts["100000000002/"+month] = "0.2"
	}
	amounts["100000000001/2026-03"] = "98765432109876.54321"
	srv := fakeserver.StartTest(t, fakeserver.Config{Book: &fakeserver.Book{UINs: []string{"100000000001", "100000000002"}, Amounts: amounts}})
	dir := h.workdir(t, "data-sources/tcintl_customer_bill_summaries", map[string]string{"zz_provider.tf": snippetProvider(srv)})
	env := h.env(testKeys()...)
	h.validate(t, dir, env)
	_, p := h.planOK(t, dir, env)
	p.wantOutput(t, "q1", `{
		"total": 98765432109877.34321,
		"by_customer": {"100000000001": 98765432109876.74321, "100000000002": 0.6},
		"march": [98765432109876.54321, 0.2]}`)
	p.wantOutput(t, "book_by_month", `{"2026-04": 0.3, "2026-05": 0.3}`)
	// Ten distinct bills, each asked for once.
	if n := srv.CountAnswered(apispec.CustomerBillSummary, ""); n != 10 {
		t.Errorf("the fake answered %d bill lookups, want 10", n)
	}
}

// lastThreeMonths are the months the book-budget recipe reads, by
// plantimestamp() (UTC): the three complete months before this one.
func lastThreeMonths(now time.Time) []string {
	first := time.Date(now.UTC().Year(), now.UTC().Month(), 1, 0, 0, 0, 0, time.UTC)
	return []string{first.AddDate(0, -3, 0).Format("2006-01"), first.AddDate(0, -2, 0).Format("2006-01"), first.AddDate(0, -1, 0).Format("2006-01")}
}

// bookBudget is the book-budget recipe's case: 3 customers × the last
// three months of exact amounts, each amount three times, so the total is
// 3 × (0.1 + 1000000.01 + 98765432109876.54321).
type bookBudget struct {
	months    []string
	amounts   map[string]string
	total     string
	justUnder string // one cent less than total
}

func newBookBudget() bookBudget {
	b := bookBudget{
		months:    lastThreeMonths(time.Now()),
		amounts:   map[string]string{},
		total:     "296296299329629.95963",
		justUnder: "296296299329629.95962",
	}
	for i, uin := range []string{"100000000001", "100000000002", "100000000003"} {
		for j, m := range b.months {
			b.amounts[uin+"/"+m] = []string{"0.1", "1000000.01", "98765432109876.54321"}[(i+j)%3]
		}
	}
	return b
}

// plan plans the recipe with budget against a fake server of the book; it
// also returns the provider's INFO log, kept in a file so that it does not
// mix with terraform's own output.
func (b bookBudget) plan(t *testing.T, h *harness, budget string) (out string, p *planJSON, log string, srv *fakeserver.Server) {
	t.Helper()
	srv = fakeserver.StartTest(t, fakeserver.Config{Book: &fakeserver.Book{UINs: []string{"100000000003", "100000000001", "100000000002"}, Amounts: b.amounts}})
	dir := h.workdir(t, "recipes/book-budget", map[string]string{overrideFile: srv.ProviderBlock()})
	logFile := filepath.Join(t.TempDir(), "provider.log")
	env := h.env(append(testKeys(), "TF_LOG_PROVIDER=INFO", "TF_LOG_PATH="+logFile)...)
	h.validate(t, dir, env)
	out, p = h.planOK(t, dir, env, "-var", "budget="+budget) // a failed check warns; the plan goes on
	p.wantOutput(t, "months", fmt.Sprintf("%q", b.months[0]+" to "+b.months[2]))
	data, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	return out, p, string(data), srv
}

// book-budget: the whole book for the last three months against one budget
// in a check block: one cent over the budget warns, the budget itself
// passes. TestOPAPolicies evaluates the recipe's OPA policy on the same
// plans.
func testBookBudget(t *testing.T, h *harness) {
	acctest.CheckVersion(t, acctest.Needs(acctest.CheckBlocks))
	b := newBookBudget()
	t.Logf("months %v, total %s", b.months, b.total)

	t.Run("one cent over budget", func(t *testing.T) {
		t.Parallel()
		out, p, log, srv := b.plan(t, h, b.justUnder)
		msg := fmt.Sprintf("The bills of 3 customers for %s to %s add up to %s, over the budget of %s.", b.months[0], b.months[2], b.total, b.justUnder)
		wantText(t, out, "Warning: Check block assertion failed", `in check "book_budget"`, msg)
		if status, problems := p.check(t, "check.book_budget"); status != "fail" || len(problems) != 1 || problems[0] != msg {
			t.Errorf("check.book_budget: status %s, problems %q; want fail with only %q", status, problems, msg)
		}
		// The long read reports its progress in the provider's INFO log.
		wantText(t, log, "bill summaries: 9 to look up, about 8s at the API's pace", "bill summaries: 9 of 9 done")
		if n := srv.CountAnswered(apispec.CustomerBillSummary, ""); n != 9 {
			t.Errorf("the fake answered %d bill lookups, want 9", n)
		}
	})

	t.Run("exactly the budget", func(t *testing.T) {
		t.Parallel()
		out, p, _, _ := b.plan(t, h, b.total)
		if status, problems := p.check(t, "check.book_budget"); status != "pass" || strings.Contains(out, "Check block assertion failed") {
			t.Errorf("check.book_budget: status %s, problems %q; want pass", status, problems)
		}
	})
}
