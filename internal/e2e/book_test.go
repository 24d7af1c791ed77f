package e2e

import (
	"encoding/json"
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

// book-budget: the whole book for the last three months against one budget,
// in a check block and as an OPA policy on the same saved plan. The total
// is 3 customers × 3 months of exact amounts: one cent over the budget
// warns and is denied, the budget itself passes.
func testBookBudget(t *testing.T, h *harness) {
	acctest.CheckVersion(t, acctest.Needs(acctest.CheckBlocks))
	policyDir := filepath.Join(h.root, "examples", "recipes", "book-budget", "policy")
	if out, err := h.opa(t, "test", policyDir); err != nil {
		t.Fatalf("opa test %s: %v\n%s", policyDir, err, out)
	}
	if out, err := h.opa(t, "fmt", "--list", "--fail", policyDir); err != nil {
		t.Errorf("opa fmt would change: %v\n%s", err, out)
	}

	months := lastThreeMonths(time.Now())
	amounts := map[string]string{}
	for i, uin := range []string{"100000000001", "100000000002", "100000000003"} {
		for j, m := range months {
			amounts[uin+"/"+m] = []string{"0.1", "1000000.01", "98765432109876.54321"}[(i+j)%3]
		}
	}
	// Each amount three times: 3 × (0.1 + 1000000.01 + 98765432109876.54321).
	const total = "296296299329629.95963"
	const justUnder = "296296299329629.95962"
	t.Logf("months %v, total %s", months, total)

	// plan also returns the provider's INFO log, kept in a file so that it
	// does not mix with terraform's own output.
	plan := func(t *testing.T, budget string) (out string, p *planJSON, log string, srv *fakeserver.Server) {
		srv = fakeserver.StartTest(t, fakeserver.Config{Book: &fakeserver.Book{UINs: []string{"100000000003", "100000000001", "100000000002"}, Amounts: amounts}})
		dir := h.workdir(t, "recipes/book-budget", map[string]string{overrideFile: srv.ProviderBlock()})
		logFile := filepath.Join(t.TempDir(), "provider.log")
		env := h.env(append(testKeys(), "TF_LOG_PROVIDER=INFO", "TF_LOG_PATH="+logFile)...)
		h.validate(t, dir, env)
		out, p = h.planOK(t, dir, env, "-var", "budget="+budget) // a failed check warns; the plan goes on
		p.wantOutput(t, "months", fmt.Sprintf("%q", months[0]+" to "+months[2]))
		b, err := os.ReadFile(logFile)
		if err != nil {
			t.Fatal(err)
		}
		return out, p, string(b), srv
	}
	eval := func(t *testing.T, p *planJSON, budget string) []string {
		t.Helper()
		planFile := filepath.Join(t.TempDir(), "plan.json")
		writeFile(t, planFile, p.raw)
		budgetFile := filepath.Join(t.TempDir(), "budget.json")
		writeFile(t, budgetFile, `{"tcintl_book_budget": {"budget": `+budget+`}}`)
		out, err := h.opa(t, "eval", "--format", "json", "--data", filepath.Join(policyDir, "book_budget.rego"),
			"--data", budgetFile, "--input", planFile, "data.tcintl.book_budget.deny")
		if err != nil {
			t.Fatalf("opa eval: %v\n%s", err, out)
		}
		var res struct {
			Result []struct {
				Expressions []struct {
					Value []string `json:"value"`
				} `json:"expressions"`
			} `json:"result"`
		}
		if err := json.Unmarshal([]byte(out), &res); err != nil || len(res.Result) != 1 || len(res.Result[0].Expressions) != 1 {
			t.Fatalf("opa eval answered %s (%v)", out, err)
		}
		return res.Result[0].Expressions[0].Value
	}

	t.Run("one cent over budget", func(t *testing.T) {
		t.Parallel()
		out, p, log, srv := plan(t, justUnder)
		msg := fmt.Sprintf("The bills of 3 customers for %s to %s add up to %s, over the budget of %s.", months[0], months[2], total, justUnder)
		wantText(t, out, "Warning: Check block assertion failed", `in check "book_budget"`, msg)
		if status, problems := p.check(t, "check.book_budget"); status != "fail" || len(problems) != 1 || problems[0] != msg {
			t.Errorf("check.book_budget: status %s, problems %q; want fail with only %q", status, problems, msg)
		}
		// The long read reports its progress in the provider's INFO log.
		wantText(t, log, "bill summaries: 9 to look up, about 8s at the API's pace", "bill summaries: 9 of 9 done")
		if n := srv.CountAnswered(apispec.CustomerBillSummary, ""); n != 9 {
			t.Errorf("the fake answered %d bill lookups, want 9", n)
		}
		deny := eval(t, p, justUnder)
		want := fmt.Sprintf("data.tcintl_customer_bill_summaries.quarter: the bills of 3 customers for %s to %s add up to %s, over the budget of %s",
			months[0], months[2], total, justUnder)
		if len(deny) != 1 || deny[0] != want {
			t.Errorf("deny = %q, want [%q]", deny, want)
		}
	})

	t.Run("exactly the budget", func(t *testing.T) {
		t.Parallel()
		out, p, _, _ := plan(t, total)
		if status, problems := p.check(t, "check.book_budget"); status != "pass" || strings.Contains(out, "Check block assertion failed") {
			t.Errorf("check.book_budget: status %s, problems %q; want pass", status, problems)
		}
		if deny := eval(t, p, total); len(deny) != 0 {
			t.Errorf("deny = %q, want none", deny)
		}
	})
}
