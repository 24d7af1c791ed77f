package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/acctest"
	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
)

// probe is added to the provider examples, which read nothing themselves:
// a plan that reads through the example's provider block proves the block
// (its credentials, its assume_role) works, not just that it parses.
const probe = `data "tcintl_skillscan_pay_info" "probe" {}

output "probe_uin" {
  value = data.tcintl_skillscan_pay_info.probe.uin
}
`

// paidUIN is the tenant UIN of the skillscan-paid-unicode cassette.
const paidUIN = `"700000000123"`

// TestExamples runs every example with terraform fmt -check, validate and
// plan against the fake server, and checks what each one is meant to show.
// The subtests run in parallel, each with its own fake server, so the bill
// API's 1 request/s pacing of one subtest does not slow down another.
func TestExamples(t *testing.T) {
	t.Parallel()
	h := newHarness(t)

	t.Run("recipes/opa-budget", func(t *testing.T) { t.Parallel(); testOPABudget(t, h) })
	t.Run("provider", func(t *testing.T) { t.Parallel(); testProviderAssumeRole(t, h) })
	t.Run("provider/tccli-profile", func(t *testing.T) { t.Parallel(); testProviderProfile(t, h) })
	t.Run("provider/arguments", func(t *testing.T) { t.Parallel(); testProviderArguments(t, h) })
	t.Run("provider/fake-server", func(t *testing.T) { t.Parallel(); testProviderFakeServer(t, h) })
	t.Run("provider/web-identity", func(t *testing.T) { t.Parallel(); testProviderWebIdentity(t, h) })
	t.Run("provider/cvm-role", func(t *testing.T) { t.Parallel(); testProviderCVMRole(t, h) })
	t.Run("provider/tke-pod", func(t *testing.T) { t.Parallel(); testProviderTKEPod(t, h) })
	t.Run("provider/shared-limit", func(t *testing.T) { t.Parallel(); testProviderSharedLimit(t, h) })
	t.Run("provider/coordination", func(t *testing.T) { t.Parallel(); testProviderCoordination(t, h) })
	t.Run("data-sources/tcintl_skillscan_pay_info", func(t *testing.T) { t.Parallel(); testSkillScanSnippet(t, h) })
	t.Run("data-sources/tcintl_customer_bill_summary", func(t *testing.T) { t.Parallel(); testBillSnippet(t, h) })
	t.Run("recipes/quota-check", func(t *testing.T) { t.Parallel(); testQuotaCheck(t, h) })
	t.Run("recipes/bill-budget", func(t *testing.T) { t.Parallel(); testBillBudget(t, h) })
	t.Run("recipes/bills-for-each", func(t *testing.T) { t.Parallel(); testBillsForEach(t, h) })
	t.Run("data-sources/tcintl_customers", func(t *testing.T) { t.Parallel(); testCustomersSnippet(t, h) })
	t.Run("data-sources/tcintl_customer_bill_summaries", func(t *testing.T) { t.Parallel(); testBillSummariesSnippet(t, h) })
	t.Run("recipes/book-budget", func(t *testing.T) { t.Parallel(); testBookBudget(t, h) })
	t.Run("data-sources/tcintl_partner_credit", func(t *testing.T) { t.Parallel(); testPartnerCreditSnippet(t, h) })
	t.Run("data-sources/tcintl_customer_credits", func(t *testing.T) { t.Parallel(); testCustomerCreditsSnippet(t, h) })
	t.Run("data-sources/tcintl_customer_bill_by_product", func(t *testing.T) { t.Parallel(); testBillByProductSnippet(t, h) })
	t.Run("recipes/credit-guardrail", func(t *testing.T) { t.Parallel(); testCreditGuardrail(t, h) })
	t.Run("recipes/product-budget", func(t *testing.T) { t.Parallel(); testProductBudget(t, h) })
	t.Run("functions/decimal_sum", func(t *testing.T) { t.Parallel(); testDecimalSumExample(t, h) })
	t.Run("functions/months", func(t *testing.T) { t.Parallel(); testMonthsExample(t, h) })
	t.Run("demo", func(t *testing.T) { t.Parallel(); testDemoConfig(t, h) })
}

// provider.tf: keys from TENCENTCLOUD_*, then assume_role. The read must be
// signed with the temporary keys STS issued for the example's role, and STS
// must have been called with the base keys.
func testProviderAssumeRole(t *testing.T, h *harness) {
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "skillscan-paid-unicode")
	dir := h.workdir(t, "provider", map[string]string{overrideFile: srv.ProviderBlock(), "zz_probe.tf": probe})
	env := h.env(testKeys()...)
	h.validate(t, dir, env)
	_, p := h.planOK(t, dir, env)
	p.wantOutput(t, "probe_uin", paidUIN)

	issued := srv.IssuedCredentials()
	if len(issued) != 1 {
		t.Fatalf("want 1 AssumeRole session, got %d", len(issued))
	}
	if got, want := issued[0].RoleArn, "qcs::cam::uin/100000000001:roleName/tcintl-readonly"; got != want {
		t.Errorf("assumed role %q, want %q", got, want)
	}
	if got := issued[0].RoleSessionName; got != "terraform" {
		t.Errorf("role session name %q, want terraform", got)
	}
	for _, r := range requests(srv, apispec.AssumeRole) {
		if r.SecretID != fakeserver.TestSecretID {
			t.Errorf("AssumeRole signed with %q, want the base key %q", r.SecretID, fakeserver.TestSecretID)
		}
	}
	reads := requests(srv, apispec.SkillScanPayInfo)
	if len(reads) != 1 || reads[0].SecretID != issued[0].SecretID {
		t.Errorf("want one read signed with the role's temporary key %q, got %+v", issued[0].SecretID, reads)
	}
}

// tccli-profile: the named profile is read (not default.credential, which
// holds keys the fake rejects), from the directory the variable names.
func testProviderProfile(t *testing.T, h *harness) {
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "skillscan-paid-unicode")
	dir := h.workdir(t, "provider/tccli-profile", map[string]string{overrideFile: srv.ProviderBlock(), "zz_probe.tf": probe})
	profiles := t.TempDir()
	writeFile(t, filepath.Join(profiles, "billing-readonly.credential"),
		`{"secretId": "`+fakeserver.TestSecretID+`", "secretKey": "`+fakeserver.TestSecretKey+`"}`)
	writeFile(t, filepath.Join(profiles, "default.credential"),
		`{"secretId": "AKIDnotTheProfileInUse0000000000001", "secretKey": "notTheProfileInUse0000000000000001"}`)
	env := h.env("TENCENTCLOUD_SHARED_CREDENTIALS_DIR=" + profiles)
	h.validate(t, dir, env)
	_, p := h.planOK(t, dir, env)
	p.wantOutput(t, "probe_uin", paidUIN)
	wantSignedWith(t, srv, fakeserver.TestSecretID)
}

// arguments: secret_id/secret_key from variables win over TENCENTCLOUD_*,
// here set to keys the fake rejects.
func testProviderArguments(t *testing.T, h *harness) {
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "skillscan-paid-unicode")
	dir := h.workdir(t, "provider/arguments", map[string]string{overrideFile: srv.ProviderBlock(), "zz_probe.tf": probe})
	env := h.env(
		"TF_VAR_tencentcloud_secret_id="+fakeserver.TestSecretID,
		"TF_VAR_tencentcloud_secret_key="+fakeserver.TestSecretKey,
		"TENCENTCLOUD_SECRET_ID=AKIDnotTheArgumentKey000000000000001",
		"TENCENTCLOUD_SECRET_KEY=notTheArgumentKey00000000000000001",
	)
	h.validate(t, dir, env)
	out, p := h.planOK(t, dir, env)
	p.wantOutput(t, "probe_uin", paidUIN)
	wantSignedWith(t, srv, fakeserver.TestSecretID)
	if strings.Contains(out, fakeserver.TestSecretKey) {
		t.Error("the plan output shows the secret key")
	}
}

// shared-limit: the book job with rate_limits at half the live limit reads
// the whole book with its exact total, and leaves every other token of the
// fake's 1 per second unused: its bills are two intervals apart.
func testProviderSharedLimit(t *testing.T, h *harness) {
	srv := fakeserver.StartTest(t, fakeserver.Config{Book: &fakeserver.Book{
		UINs: []string{"100000000001", "100000000002", "100000000003", "100000000004"},
		Amounts: map[string]string{
			"100000000001/2026-10": "0.1", "100000000002/2026-10": "0.2",
			"100000000003/2026-10": "12345678901234.56", "100000000004/2026-10": "0.04",
		},
	}})
	dir := h.workdir(t, "provider/shared-limit", map[string]string{overrideFile: srv.ProviderBlock()})
	env := h.env(append(testKeys(), "TF_VAR_month=2026-10")...)
	h.validate(t, dir, env)
	_, p := h.planOK(t, dir, env)
	p.wantOutput(t, "book_total", "12345678901234.9")
	bills := requests(srv, apispec.CustomerBillSummary)
	if len(bills) != 4 {
		t.Fatalf("%d bill requests, want 4 (one per customer, none throttled)", len(bills))
	}
	for i := 1; i < len(bills); i++ {
		if gap := bills[i].Time.Sub(bills[i-1].Time); gap < 1960*time.Millisecond {
			t.Errorf("bills %d and %d left %v apart: rate_limits = 0.5 leaves no room for other machines", i, i+1, gap)
		}
	}
}

// fake-server: the endpoint comes from a variable (no override file), and
// the example's comment holds: plain http to a non-loopback host is refused.
func testProviderFakeServer(t *testing.T, h *harness) {
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "skillscan-paid-unicode")
	dir := h.workdir(t, "provider/fake-server", map[string]string{"zz_probe.tf": probe})
	env := h.env(testKeys()...)
	h.validate(t, dir, env)
	_, p := h.planOK(t, dir, env, "-var", "endpoint="+srv.URL())
	p.wantOutput(t, "probe_uin", paidUIN)

	out, _, err := h.plan(t, dir, env, "-var", "endpoint=http://192.0.2.10:8080")
	if err == nil {
		t.Fatalf("a plain http endpoint on a non-loopback host was accepted:\n%s", out)
	}
	wantText(t, out, "plain http is allowed only for a loopback address", `got host "192.0.2.10"; use https`)
}

func wantSignedWith(t *testing.T, srv *fakeserver.Server, secretID string) {
	t.Helper()
	reads := requests(srv, apispec.SkillScanPayInfo)
	if len(reads) != 1 || reads[0].SecretID != secretID || !reads[0].Succeeded() {
		t.Errorf("want one successful read signed with %q, got %+v", secretID, reads)
	}
}

// The skill scan snippet of the docs, on a paid order: the enum lookup, the
// quota arithmetic and the RFC 3339 time all come out as the comments say.
func testSkillScanSnippet(t *testing.T, h *harness) {
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "skillscan-paid-unicode")
	dir := h.workdir(t, "data-sources/tcintl_skillscan_pay_info", map[string]string{"zz_provider.tf": snippetProvider(srv)})
	env := h.env(testKeys()...)
	h.validate(t, dir, env)
	_, p := h.planOK(t, dir, env)
	end := mustParseTime(t, "2026-07-01T10:00:00+08:00")
	ended := "false"
	if end.Before(time.Now()) { // the snippet compares with plantimestamp()
		ended = "true"
	}
	p.wantOutput(t, "skillscan_order", `{"status": "normal", "quota_left": 130, "auto_renews": true,
		"ends": "2026-07-01T10:00:00+08:00", "ended": `+ended+`}`)
}

// The bill snippet of the docs: a whole bill and a filtered one, exact.
func testBillSnippet(t *testing.T, h *harness) {
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "bill-amounts", "bill-filters")
	dir := h.workdir(t, "data-sources/tcintl_customer_bill_summary", map[string]string{"zz_provider.tf": snippetProvider(srv)})
	env := h.env(testKeys()...)
	h.validate(t, dir, env)
	_, p := h.planOK(t, dir, env)
	p.wantOutput(t, "march_total_cost", `1234567.89`)
	p.wantOutput(t, "may_paid_renewals", `{"total_cost": 4321.5, "request_id": "c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d0001"}`)
}

// quota-check: the check warns in plan output, and only when it should.
func testQuotaCheck(t *testing.T, h *harness) {
	// Its tests/ mock the provider, and validate reads them.
	acctest.CheckVersion(t, acctest.Needs(acctest.CheckBlocks), acctest.Needs(acctest.MockProvider))
	const check = "check.skillscan_order"
	plan := func(t *testing.T, scenario string) (string, *planJSON) {
		srv := fakeserver.StartTest(t, fakeserver.Config{}, scenario)
		dir := h.workdir(t, "recipes/quota-check", map[string]string{overrideFile: srv.ProviderBlock()})
		env := h.env(testKeys()...)
		h.validate(t, dir, env)
		return h.planOK(t, dir, env) // a failed check warns; the plan goes on
	}

	t.Run("quota nearly used", func(t *testing.T) {
		// 4870 of 5000 used; the order renews itself, so no expiry warning.
		out, p := plan(t, "skillscan-paid-unicode")
		const msg = "Skill scan quota nearly used up: 4870 of 5000 detections used (97.4%, the warning starts above 90%). Buy more quota before scans are refused."
		// docs/guides/policy-checks.md quotes this output, line number included.
		wantText(t, out, "Warning: Check block assertion failed", `on main.tf line 39, in check "skillscan_order"`, msg)
		status, problems := p.check(t, check)
		if status != "fail" || len(problems) != 1 || problems[0] != msg {
			t.Errorf("%s: status %s, problems %q; want fail with only %q", check, status, problems, msg)
		}
	})

	t.Run("trial order", func(t *testing.T) {
		// 0 of 1000 used, no auto-renewal, ends 2026-06-30 23:59:59 CST:
		// whether that is within 30 days depends on today, as in the recipe.
		out, p := plan(t, "skillscan-trial-order")
		end := mustParseTime(t, "2026-06-30T23:59:59+08:00")
		now := time.Now()
		status, problems := p.check(t, check)
		switch {
		case end.After(now.Add(30 * 24 * time.Hour)):
			if status != "pass" || strings.Contains(out, "Check block assertion failed") {
				t.Errorf("%s: status %s, problems %q; want pass", check, status, problems)
			}
		default:
			verb := "ends at"
			if end.Before(now) {
				verb = "ended at"
			}
			msg := "Skill scan order skillscan-a1b2c3d4 " + verb + " 2026-06-30T23:59:59+08:00, and auto-renewal is off: renew it or turn auto-renewal on."
			wantText(t, out, "Warning: Check block assertion failed", msg)
			if status != "fail" || len(problems) != 1 || problems[0] != msg {
				t.Errorf("%s: status %s, problems %q; want fail with only %q", check, status, problems, msg)
			}
		}
	})

	t.Run("no order", func(t *testing.T) {
		// Zero quota and a null end_time must pass, not trip over a
		// division by zero or timecmp(null).
		out, p := plan(t, "skillscan-no-order")
		if status, problems := p.check(t, check); status != "pass" {
			t.Errorf("%s: status %s, problems %q; want pass", check, status, problems)
		}
		if strings.Contains(out, "Check block assertion failed") {
			t.Errorf("unexpected check warning:\n%s", out)
		}
	})
}

// bill-budget: one cent over budget fails the plan with the recipe's
// message; a budget equal to the bill passes. Both need the exact decimal.
func testBillBudget(t *testing.T, h *harness) {
	// Its tests/ mock the provider, and validate reads them.
	acctest.CheckVersion(t, acctest.Needs(acctest.MockProvider))
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "bill-amounts")
	dir := h.workdir(t, "recipes/bill-budget", map[string]string{overrideFile: srv.ProviderBlock()})
	env := h.env(testKeys()...)
	h.validate(t, dir, env)
	vars := []string{"-var", "customer_uin=100000000001", "-var", "month=2026-03"}

	out, _, err := h.plan(t, dir, env, append(vars, "-var", "budget=1234567.88")...)
	if err == nil {
		t.Fatalf("the plan passed with the bill (1234567.89) over budget (1234567.88):\n%s", out)
	}
	// docs/guides/policy-checks.md quotes this output, line number included.
	wantText(t, out, "Error: Resource postcondition failed", `on main.tf line 34, in data "tcintl_customer_bill_summary" "this"`,
		"Customer 100000000001's bill for 2026-03 is 1234567.89, over the budget of 1234567.88 (request 6f0d9a1e-2b3c-4d5e-8f70-a1b2c3d40003).")

	_, p := h.planOK(t, dir, env, append(vars, "-var", "budget=1234567.89")...)
	p.wantOutput(t, "total_cost", `1234567.89`)
}

// bills-for-each: one read per customer and month, and a total that keeps
// every digit of 0 + 0.1 + 1234567.89 + 98765432109876.54321.
func testBillsForEach(t *testing.T, h *harness) {
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "bill-amounts")
	dir := h.workdir(t, "recipes/bills-for-each", map[string]string{
		overrideFile: srv.ProviderBlock(),
		"zz_test.auto.tfvars": `customer_uins = [100000000001]
months        = ["2026-01", "2026-02", "2026-03", "2026-04"]
`,
	})
	env := h.env(testKeys()...)
	h.validate(t, dir, env)
	_, p := h.planOK(t, dir, env)
	p.wantOutput(t, "total_cost_by_lookup", `{
		"100000000001/2026-01": 0,
		"100000000001/2026-02": 0.1,
		"100000000001/2026-03": 1234567.89,
		"100000000001/2026-04": 98765432109876.54321}`)
	p.wantOutput(t, "total_cost", `98765433344444.53321`)
	if n := srv.CountAnswered(apispec.CustomerBillSummary, ""); n != 4 {
		t.Errorf("the fake answered %d bill lookups, want 4 (one per customer and month)", n)
	}
}

// opa-budget: the saved plan the recipe's Rego policy reads, with the bill
// read at plan time, exact, and one whose customer is known only after
// apply. TestOPAPolicies evaluates the policy on it.
func testOPABudget(t *testing.T, h *harness) {
	planOPABudget(t, h)
}

// planOPABudget plans the opa-budget recipe against the fake server and
// returns the plan.
func planOPABudget(t *testing.T, h *harness) *planJSON {
	t.Helper()
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "bill-amounts")
	// A bill whose customer is known only after apply (terraform_data is
	// built into terraform, so it needs no init either).
	const deferred = `resource "terraform_data" "customer" {
  input = 100000000001
}

data "tcintl_customer_bill_summary" "later" {
  customer_uin = terraform_data.customer.output
  month        = var.month
}
`
	dir := h.workdir(t, "recipes/opa-budget", map[string]string{
		overrideFile:          srv.ProviderBlock(),
		"zz_deferred.tf":      deferred,
		"zz_test.auto.tfvars": "customers = { acme = 100000000001 }\nmonth     = \"2026-03\"\n",
	})
	env := h.env(testKeys()...)
	h.validate(t, dir, env)
	_, p := h.planOK(t, dir, env)
	p.wantOutput(t, "total_cost", `{"acme": 1234567.89}`)
	return p
}

// The demo configuration, as make demo plans it: both data sources' values
// in outputs and the quota warning.
func testDemoConfig(t *testing.T, h *harness) {
	acctest.CheckVersion(t, acctest.Needs(acctest.CheckBlocks))
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "skillscan-paid-unicode", "bill-amounts")
	dir := h.workdir(t, "demo", map[string]string{overrideFile: srv.ProviderBlock()})
	env := h.env(testKeys()...)
	h.validate(t, dir, env)
	out, p := h.planOK(t, dir, env)
	wantText(t, out, "Warning: Check block assertion failed", "Skill scan quota nearly used up: 4870 of 5000 detections used.")
	p.wantOutput(t, "bills", `{"2026-01": 0, "2026-02": 0.1, "2026-03": 1234567.89, "2026-04": 98765432109876.54321}`)
	p.wantOutput(t, "bills_total", `98765433344444.53321`)
	p.wantOutput(t, "skillscan", `{"nick_name": "测试账号-Ünïcødé-🚀", "order_status": 1, "used_count": 4870, "total_quota": 5000,
		"auto_renew": 1, "begin_time": "2025-07-01T10:00:00+08:00", "end_time": "2026-07-01T10:00:00+08:00"}`)
}

func mustParseTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestDemo runs make demo as a newcomer would and checks that it shows both
// data sources and the warning, and leaves nothing behind in its temporary
// directory.
func TestDemo(t *testing.T) {
	t.Parallel()
	acctest.CheckVersion(t, acctest.Needs(acctest.CheckBlocks))
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	// Compiled first, under builds, so that go run below and the demo's own
	// build of the provider find their dependencies compiled.
	build := exec.CommandContext(ctx, "go", "build", "-o", filepath.Join(t.TempDir(), "demo"), "./internal/demo")
	build.Dir = root
	builds.Lock()
	buildOut, err := build.CombinedOutput()
	builds.Unlock()
	if err != nil {
		t.Fatalf("go build ./internal/demo: %v\n%s", err, buildOut)
	}
	cmd := exec.CommandContext(ctx, "go", "run", "./internal/demo")
	cmd.Dir = root
	// TMPDIR is where the demo keeps everything; it must be empty after.
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); name != "TMPDIR" {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "TMPDIR="+tmp)
	outBytes, err := cmd.CombinedOutput()
	out := string(outBytes)
	if err != nil {
		t.Fatalf("go run ./internal/demo: %v\n%s", err, out)
	}
	wantText(t, out,
		"Warning: Check block assertion failed", "Skill scan quota nearly used up: 4870 of 5000 detections used.",
	)
	// The amounts are shown; their digits are checked in the saved plan by
	// testDemoConfig, not here: Terraform 1.5 renders a large decimal rounded
	// in plan text (98765432109876.55), while the plan's values stay exact.
	wantText(t, out, `"2026-04" = `, `bills_total = `, `nick_name = "测试账号-Ünïcødé-🚀"`)
	entries, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("the demo left %s behind in TMPDIR", e.Name())
	}
}
