//go:build opa

// The OPA tests: make test-opa runs the TestOPA* tests of the files with
// this build tag, and make test leaves them out, because OPA takes a minute
// or more to compile on a cold build cache.

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/acctest"
)

// TestOPAPolicies runs the recipes' Rego policies as their READMEs tell
// policy authors to: their own unit tests with opa test, then opa eval on
// the JSON of a real saved plan, whose amounts keep every digit.
func TestOPAPolicies(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	t.Run("opa-budget", func(t *testing.T) { t.Parallel(); testOPABudgetPolicy(t, h) })
	t.Run("book-budget", func(t *testing.T) { t.Parallel(); testBookBudgetPolicy(t, h) })
	t.Run("credit-guardrail", func(t *testing.T) { t.Parallel(); testCreditGuardrailPolicy(t, h) })
}

// credit-guardrail: on the plans testCreditGuardrail checks, the policy
// denies what the checks warn about, and at looser limits only the customer
// in arrears.
func testCreditGuardrailPolicy(t *testing.T, h *harness) {
	acctest.CheckVersion(t, acctest.Needs(acctest.ProviderFunctions))
	policyDir := filepath.Join(h.root, "examples", "recipes", "credit-guardrail", "policy")
	h.opaTestAndFmt(t, policyDir)
	deny := func(t *testing.T, p *planJSON, limits string) []string {
		t.Helper()
		planFile := filepath.Join(t.TempDir(), "plan.json")
		writeFile(t, planFile, p.raw)
		var v []string
		h.opaEval(t, &v, filepath.Join(policyDir, "credit_guardrail.rego"), limits, planFile, "data.tcintl.credit_guardrail.deny")
		slices.Sort(v)
		return v
	}
	const arrearsDenial = "data.tcintl_customer_credits.all: customer 100000000003 (Arrears Example) is in arrears, with 0 of its credit of 500.5 left"

	t.Run("under the floor and short of credit", func(t *testing.T) {
		t.Parallel()
		_, p := planCreditGuardrail(t, h, "2000")
		want := []string{
			arrearsDenial,
			"data.tcintl_customer_credits.all: customer 100000000004 (Under Ten Percent Ltd) has 99.99 of its credit of 1000 left, under 10 %",
			"data.tcintl_partner_credit.this: the partner has 1000.1 USD of credit left, under the floor of 2000",
		}
		if got := deny(t, p, filepath.Join(policyDir, "credit.json")); !slices.Equal(got, want) { // 2000 and 10 %
			t.Errorf("deny = %q, want %q", got, want)
		}
	})

	t.Run("at the floor, only arrears", func(t *testing.T) {
		t.Parallel()
		_, p := planCreditGuardrail(t, h, "1000.1")
		limits := filepath.Join(t.TempDir(), "credit.json")
		writeFile(t, limits, `{"tcintl_credit": {"min_remaining_credit": 1000.1, "min_customer_percent": 0}}`)
		if got := deny(t, p, limits); !slices.Equal(got, []string{arrearsDenial}) {
			t.Errorf("deny = %q, want only [%q]", got, arrearsDenial)
		}
	})
}

// opa-budget: the policy denies a bill over budget with every digit in its
// message, and allows it when the customer's own budget covers it; a bill
// that can only be read at apply time is warned about.
func testOPABudgetPolicy(t *testing.T, h *harness) {
	policyDir := filepath.Join(h.root, "examples", "recipes", "opa-budget", "policy")
	h.opaTestAndFmt(t, policyDir)
	planFile := filepath.Join(t.TempDir(), "plan.json")
	writeFile(t, planFile, planOPABudget(t, h).raw)

	eval := func(t *testing.T, budgets string) (deny, warn []string) {
		t.Helper()
		var v struct {
			Deny []string `json:"deny"`
			Warn []string `json:"warn"`
		}
		h.opaEval(t, &v, filepath.Join(policyDir, "bill_budget.rego"), budgets, planFile, "data.tcintl.bill_budget")
		return v.Deny, v.Warn
	}
	const wantWarn = `data.tcintl_customer_bill_summary.later: the bill is read only at apply time, so its budget cannot be checked in this plan`

	t.Run("over the shipped default budget", func(t *testing.T) {
		deny, warn := eval(t, filepath.Join(policyDir, "budgets.json")) // default 1000000
		want := `data.tcintl_customer_bill_summary.customer["acme"]: customer 100000000001's bill for 2026-03 is 1234567.89, over its budget of 1000000`
		if len(deny) != 1 || deny[0] != want {
			t.Errorf("deny = %q, want [%q]", deny, want)
		}
		if len(warn) != 1 || warn[0] != wantWarn {
			t.Errorf("warn = %q, want [%q]", warn, wantWarn)
		}
	})

	t.Run("within the customer's own budget", func(t *testing.T) {
		// A default of 0 would deny: the customer's entry must win.
		budgets := filepath.Join(t.TempDir(), "budgets.json")
		writeFile(t, budgets, `{"tcintl_budgets": {"default": 0, "customers": {"100000000001": 1234567.89}}}`)
		deny, warn := eval(t, budgets)
		if len(deny) != 0 {
			t.Errorf("deny = %q, want none", deny)
		}
		if len(warn) != 1 || warn[0] != wantWarn {
			t.Errorf("warn = %q, want [%q]", warn, wantWarn)
		}
	})
}

// book-budget: on the plans testBookBudget checks, one cent over the budget
// is denied with the exact total, the budget itself is not.
func testBookBudgetPolicy(t *testing.T, h *harness) {
	acctest.CheckVersion(t, acctest.Needs(acctest.CheckBlocks))
	policyDir := filepath.Join(h.root, "examples", "recipes", "book-budget", "policy")
	h.opaTestAndFmt(t, policyDir)
	b := newBookBudget()

	deny := func(t *testing.T, budget string) []string {
		t.Helper()
		_, p, _, _ := b.plan(t, h, budget)
		planFile := filepath.Join(t.TempDir(), "plan.json")
		writeFile(t, planFile, p.raw)
		budgetFile := filepath.Join(t.TempDir(), "budget.json")
		writeFile(t, budgetFile, `{"tcintl_book_budget": {"budget": `+budget+`}}`)
		var v []string
		h.opaEval(t, &v, filepath.Join(policyDir, "book_budget.rego"), budgetFile, planFile, "data.tcintl.book_budget.deny")
		return v
	}

	t.Run("one cent over budget", func(t *testing.T) {
		t.Parallel()
		want := fmt.Sprintf("data.tcintl_customer_bill_summaries.quarter: the bills of 3 customers for %s to %s add up to %s, over the budget of %s",
			b.months[0], b.months[2], b.total, b.justUnder)
		if got := deny(t, b.justUnder); len(got) != 1 || got[0] != want {
			t.Errorf("deny = %q, want [%q]", got, want)
		}
	})

	t.Run("exactly the budget", func(t *testing.T) {
		t.Parallel()
		if got := deny(t, b.total); len(got) != 0 {
			t.Errorf("deny = %q, want none", got)
		}
	})
}

// opaTestAndFmt runs a policy directory's own tests, and fails the test if
// opa fmt would change a file of it.
func (h *harness) opaTestAndFmt(t *testing.T, policyDir string) {
	t.Helper()
	if out, err := h.opa(t, "test", policyDir); err != nil {
		t.Fatalf("opa test %s: %v\n%s", policyDir, err, out)
	}
	if out, err := h.opa(t, "fmt", "--list", "--fail", policyDir); err != nil {
		t.Errorf("opa fmt would change: %v\n%s", err, out)
	}
}

// opaEval evaluates query with the policy, the data file and a plan as
// input, and decodes the value of its one result into v.
func (h *harness) opaEval(t *testing.T, v any, policy, data, planFile, query string) {
	t.Helper()
	out, err := h.opa(t, "eval", "--format", "json", "--data", policy, "--data", data, "--input", planFile, query)
	if err != nil {
		t.Fatalf("opa eval: %v\n%s", err, out)
	}
	var res struct {
		Result []struct {
			Expressions []struct {
				Value json.RawMessage `json:"value"`
			} `json:"expressions"`
		} `json:"result"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || len(res.Result) != 1 || len(res.Result[0].Expressions) != 1 {
		t.Fatalf("opa eval answered %s (%v)", out, err)
	}
	if err := json.Unmarshal(res.Result[0].Expressions[0].Value, v); err != nil {
		t.Fatalf("opa eval answered %s: %v", out, err)
	}
}

// opaBuilt is done once OPA has been compiled (or failed to), by the first
// test that needed it, while the others waited instead of compiling it too.
var (
	opaBuilt    sync.Once
	opaBuildOut string
	opaBuildErr error
)

// opa runs the OPA tool of tools/opa/go.mod from the repository root. The
// first run compiles OPA (a minute or more on a cold build cache), hence the
// long timeout; later runs take a second.
func (h *harness) opa(t *testing.T, args ...string) (string, error) {
	t.Helper()
	opaBuilt.Do(func() { opaBuildOut, opaBuildErr = h.runOPA(t, "version") })
	if opaBuildErr != nil {
		return opaBuildOut, fmt.Errorf("building OPA: %w", opaBuildErr)
	}
	return h.runOPA(t, args...)
}

func (h *harness) runOPA(t *testing.T, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Minute)
	defer cancel()
	goArgs := append([]string{"tool", "-modfile=" + filepath.Join(h.root, "tools", "opa", "go.mod"), "opa"}, args...)
	cmd := exec.CommandContext(ctx, "go", goArgs...)
	cmd.Dir = h.root
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err != nil {
		return stdout.String() + stderr.String(), err
	}
	return stdout.String(), nil
}
