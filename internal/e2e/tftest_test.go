package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tcintl/terraform-provider-tcintl/internal/acctest"
	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
)

// TestPolicyTestSuites runs the recipes' `terraform test` suites the way the
// testing guide tells policy authors to (terraform test, or tofu test under
// TCINTL_TOFU), and checks the guide's claims about mocks: a bare mock
// breaks the quota recipe, and the provider's validators still run.
func TestPolicyTestSuites(t *testing.T) {
	t.Parallel()
	acctest.CheckVersion(t, acctest.Needs(acctest.TestCommand))
	h := newHarness(t)

	t.Run("quota-check, mocked", func(t *testing.T) {
		t.Parallel()
		acctest.CheckVersion(t, acctest.Needs(acctest.MockProvider), acctest.Needs(acctest.CheckBlocks))
		dir := h.workdir(t, "recipes/quota-check", nil)
		out := h.mustRun(t, dir, h.env(), "test", "-no-color")
		wantRuns(t, out, "order_in_good_standing", "quota_nearly_used_warns", "order_ended_without_auto_renewal_warns")
	})

	t.Run("bill-budget, mocked", func(t *testing.T) {
		t.Parallel()
		acctest.CheckVersion(t, acctest.Needs(acctest.MockProvider))
		dir := h.workdir(t, "recipes/bill-budget", nil)
		out := h.mustRun(t, dir, h.env(), "test", "-no-color")
		wantRuns(t, out, "budget_met", "one_cent_over_fails", "large_amount_one_unit_over_fails")
	})

	t.Run("bill-budget, against the fake server", func(t *testing.T) {
		t.Parallel()
		srv := fakeserver.StartTest(t, fakeserver.Config{}, "bill-amounts")
		dir := h.workdir(t, "recipes/bill-budget", map[string]string{"fake_api_override.tf": srv.ProviderBlock()})
		out := h.mustRun(t, dir, h.env(testKeys()...), "test", "-no-color", "-test-directory=tests-fake-server")
		wantRuns(t, out, "budget_met", "one_cent_over_fails", "large_bill_one_unit_over_fails")
		// One read per run: each run is a plan of its own.
		if n := srv.CountAnswered(apispec.CustomerBillSummary, ""); n != 3 {
			t.Errorf("the fake answered %d bill lookups, want 3", n)
		}
	})

	t.Run("credit-guardrail, mocked", func(t *testing.T) {
		t.Parallel()
		acctest.CheckVersion(t, acctest.Needs(acctest.ProviderFunctions))
		dir := h.workdir(t, "recipes/credit-guardrail", nil)
		out := h.mustRun(t, dir, h.env(), "test", "-no-color")
		wantRuns(t, out, "credit_in_good_standing", "partner_one_unit_under_the_floor_warns")
	})

	t.Run("credit-guardrail, against the fake server", func(t *testing.T) {
		t.Parallel()
		acctest.CheckVersion(t, acctest.Needs(acctest.ProviderFunctions))
		srv := fakeserver.StartTest(t, fakeserver.Config{}, "partner-credit", "customer-credits")
		dir := h.workdir(t, "recipes/credit-guardrail", map[string]string{"fake_api_override.tf": srv.ProviderBlock()})
		out := h.mustRun(t, dir, h.env(testKeys()...), "test", "-no-color", "-test-directory=tests-fake-server")
		wantRuns(t, out, "customers_short_of_credit_warn", "partner_one_cent_under_the_floor_warns", "only_arrears_at_zero_percent")
		// One read of each per run: each run is a plan of its own.
		if p, c := srv.CountAnswered(apispec.PartnerCredit, ""), srv.CountAnswered(apispec.CustomersCredit, ""); p != 3 || c != 3 {
			t.Errorf("the fake answered %d partner and %d customer reads, want 3 and 3", p, c)
		}
	})

	t.Run("product-budget, mocked", func(t *testing.T) {
		t.Parallel()
		acctest.CheckVersion(t, acctest.Needs(acctest.ProviderFunctions))
		dir := h.workdir(t, "recipes/product-budget", nil)
		out := h.mustRun(t, dir, h.env(), "test", "-no-color")
		wantRuns(t, out, "within_budget", "cvm_one_cent_over_fails", "unused_product_counts_as_zero", "large_amount_one_unit_over_fails")
	})

	t.Run("a bare mock breaks the quota recipe", func(t *testing.T) {
		t.Parallel()
		acctest.CheckVersion(t, acctest.Needs(acctest.MockProvider), acctest.Needs(acctest.CheckBlocks))
		dir := h.workdir(t, "recipes/quota-check", nil)
		replaceTests(t, dir, "mock_provider \"tcintl\" {}\n\nrun \"bare\" {\n  command = plan\n}\n")
		out, err := h.run(t, dir, h.env(), "test", "-no-color")
		if err == nil {
			t.Fatalf("the recipe passed with random mocked times; the testing guide says it does not:\n%s", out)
		}
		wantText(t, out, `Invalid value for "timestamp_a" parameter: not a valid RFC3339 timestamp`)
	})

	t.Run("mocks still run the provider's validators", func(t *testing.T) {
		t.Parallel()
		acctest.CheckVersion(t, acctest.Needs(acctest.MockProvider))
		dir := h.workdir(t, "recipes/bill-budget", nil)
		replaceTests(t, dir, `mock_provider "tcintl" {}

run "bad_month" {
  command = plan

  variables {
    customer_uin = 100000000001
    month        = "2026-3"
    budget       = 1
  }
}
`)
		out, err := h.run(t, dir, h.env(), "test", "-no-color")
		if err == nil {
			t.Fatalf("a mocked run accepted month 2026-3:\n%s", out)
		}
		wantText(t, out, "must be a month in the form YYYY-MM", "got: 2026-3")
	})
}

// wantRuns checks that the suite passed with exactly these runs, each
// reported as passed.
func wantRuns(t *testing.T, out string, runs ...string) {
	t.Helper()
	for _, r := range runs {
		if !strings.Contains(out, `run "`+r+`"... pass`) {
			t.Errorf("run %q did not pass:\n%s", r, out)
		}
	}
	if want := fmt.Sprintf("Success! %d passed, 0 failed.", len(runs)); !strings.Contains(out, want) {
		t.Errorf("want %q in:\n%s", want, out)
	}
}

// replaceTests swaps the copied suite in tests/ for one test file.
func replaceTests(t *testing.T, dir, content string) {
	t.Helper()
	if err := os.RemoveAll(filepath.Join(dir, "tests")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "tests"), 0o750); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "tests", "replaced.tftest.hcl"), content)
}
