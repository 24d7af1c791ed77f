package bench

import (
	"bytes"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
)

// These tests cover the pure parts only: nothing here starts terraform or
// times anything, so `make test` stays fast and deterministic.

func TestParseCPUInfo(t *testing.T) {
	info := "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\n\nprocessor\t: 1\nmodel name\t: AMD EPYC 7B13\n"
	model, cores := parseCPUInfo(info)
	if model != "AMD EPYC 7B13" || cores != 2 {
		t.Errorf("parseCPUInfo = %q, %d; want AMD EPYC 7B13, 2", model, cores)
	}
}

func TestParseStat(t *testing.T) {
	// comm may hold spaces and parentheses.
	stat := "4242 (terraform-provi) x)) S 4200 4242 4200 0 -1 4194560 1000 0 0 0 150 25 0 0 20 0 12 0 100 0 0"
	state, ppid, ok := parseStat(stat)
	if !ok || state != "S" || ppid != 4200 {
		t.Errorf("parseStat = %q, %d, %v; want S, 4200, true", state, ppid, ok)
	}
	cpu, ok := parseStatCPU(stat)
	if !ok || cpu != 1750*time.Millisecond {
		t.Errorf("parseStatCPU = %v, %v; want 1.75s (175 ticks)", cpu, ok)
	}
	if _, _, ok := parseStat("garbage"); ok {
		t.Error("parseStat accepted a line without a command name")
	}
}

func TestParsePeakRSS(t *testing.T) {
	kib, ok := parsePeakRSS("Name:\tterraform-provi\nVmPeak:\t  900000 kB\nVmHWM:\t   24576 kB\nVmRSS:\t   20000 kB\n")
	if !ok || kib != 24576 {
		t.Errorf("parsePeakRSS = %d, %v; want 24576, true", kib, ok)
	}
	if _, ok := parsePeakRSS("Name:\tkthreadd\n"); ok {
		t.Error("parsePeakRSS found a VmHWM in a status without one")
	}
}

func TestParseDiagnostics(t *testing.T) {
	stderr := `
Error: DescribeCustomerBillSummary failed

  with data.tcintl_customer_bill_summary.b001,
  on main.tf line 20, in data "tcintl_customer_bill_summary" "b001":
  20: data "tcintl_customer_bill_summary" "b001" {

Error code: RequestLimitExceeded
Message: Your current request times equals to ` + "`2`" + ` in a second
Attempts: 6 (the retry budget, max_retries, is spent)

Error: DescribeCustomerBillSummary: Post "http://127.0.0.1:1/": connection refused

  with data.tcintl_customer_bill_summary.b002,
  on main.tf line 25, in data "tcintl_customer_bill_summary" "b002":
`
	failed, codes := parseDiagnostics(stderr)
	if failed != 2 {
		t.Errorf("failed lookups = %d, want 2", failed)
	}
	if got := formatCodes(codes); got != "1 × RequestLimitExceeded" {
		t.Errorf("codes = %q", got)
	}
}

func TestConfiguration(t *testing.T) {
	cfg := configuration("http://127.0.0.1:8080", cycledLookups(4, 2))
	for _, want := range []string{
		`source = "tcintl/tcintl"`,
		`intlpartnersmgt = "http://127.0.0.1:8080"`,
		`data "tcintl_customer_bill_summary" "b000" {`,
		`data "tcintl_customer_bill_summary" "b003" {`,
		"customer_uin = 200000000002\n",
		`month        = "2026-01"`,
	} {
		if !strings.Contains(cfg, want) {
			t.Errorf("configuration lacks %q:\n%s", want, cfg)
		}
	}
	if n := strings.Count(cfg, "customer_uin = 200000000001\n"); n != 2 {
		t.Errorf("customer 1 appears %d times, want 2", n)
	}
	if strings.Contains(cfg, "secret") {
		t.Error("the configuration must take the keys from the environment")
	}
}

func TestCustomerOutsideTheCassettePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("customer(40) did not panic: bill-many has 40 customers, 0..39")
		}
	}()
	customer(cassetteCustomers)
}

func TestChildEnv(t *testing.T) {
	base := []string{"PATH=/usr/bin", "TF_LOG=TRACE", "TF_CLI_CONFIG_FILE=/root/.terraformrc", "TENCENTCLOUD_SECRET_KEY=real", "CHECKPOINT_DISABLE=", "HOME=/root", "TMPDIR=/var/tmp"}
	env := childEnv(base, build{CLIConfig: "/tmp/x.tfrc"}, "/tmp/run/tmp")
	for _, unwanted := range []string{"TF_LOG=TRACE", "TF_CLI_CONFIG_FILE=/root/.terraformrc", "TENCENTCLOUD_SECRET_KEY=real", "CHECKPOINT_DISABLE=", "TMPDIR=/var/tmp"} {
		if slices.Contains(env, unwanted) {
			t.Errorf("childEnv kept %q", unwanted)
		}
	}
	for _, wanted := range []string{"PATH=/usr/bin", "HOME=/root", "TF_CLI_CONFIG_FILE=/tmp/x.tfrc", "CHECKPOINT_DISABLE=1", "TMPDIR=/tmp/run/tmp",
		"TENCENTCLOUD_SECRET_ID=" + fakeserver.TestSecretID, "TENCENTCLOUD_SECRET_KEY=" + fakeserver.TestSecretKey} {
		if !slices.Contains(env, wanted) {
			t.Errorf("childEnv lacks %q", wanted)
		}
	}
}

func TestStatsOf(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	req := func(at time.Duration, uin int, code string) fakeserver.Request {
		return fakeserver.Request{
			Time: t0.Add(at), Action: fakeserver.ActionCustomerBillSummary, Status: http.StatusOK, Code: code, Matched: code == "",
			CanonicalBody: `{"CustomerUin":` + string(rune('0'+uin)) + `,"Month":"2026-01"}`,
		}
	}
	// Logged out of arrival order on purpose: statsOf sorts.
	log := []fakeserver.Request{
		req(0, 1, ""),
		req(1990*time.Millisecond, 3, fakeserver.CodeRequestLimitExceeded),
		req(1010*time.Millisecond, 2, ""),
		req(3020*time.Millisecond, 3, ""),
		{Time: t0, Action: fakeserver.ActionSkillScanPayInfo, Status: http.StatusOK},
	}
	st, err := statsOf(log, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	want := callStats{Calls: 4, OK: 3, Throttled: 1, Distinct: 3, DistinctOK: 3, First: t0, Last: t0.Add(3020 * time.Millisecond),
		ThrottledGapMin: 980 * time.Millisecond, ThrottledGapMax: 980 * time.Millisecond}
	if st != want {
		t.Errorf("statsOf =\n%+v\nwant\n%+v", st, want)
	}
	if st.Retries() != 1 {
		t.Errorf("Retries = %d, want 1", st.Retries())
	}
	if after, _ := statsOf(log, t0.Add(2*time.Second)); after.Calls != 1 {
		t.Errorf("calls since 2 s = %d, want 1", after.Calls)
	}
	unanswered := append(slices.Clone(log), fakeserver.Request{Action: fakeserver.ActionCustomerBillSummary, Code: fakeserver.CodeNoRecordedAnswer})
	if _, err := statsOf(unanswered, time.Time{}); err == nil {
		t.Error("statsOf accepted a request the cassette cannot answer")
	}
}

func TestFloor(t *testing.T) {
	for n, want := range map[int]time.Duration{30: 29 * time.Second, 10: 9 * time.Second, 15: 14 * time.Second, 1: 0} {
		if got := floor(n); got != want {
			t.Errorf("floor(%d) = %v, want %v", n, got, want)
		}
	}
}

func TestRender(t *testing.T) {
	r := &Report{
		Command: "`make bench`", Started: time.Date(2026, 5, 14, 10, 0, 0, 0, time.UTC), Elapsed: 5 * time.Minute,
		Machine:     Machine{CPU: "AMD EPYC", Cores: 2, OS: "linux/amd64", Go: "go1.26.0", Terraform: "1.11.4"},
		Parallelism: 10, Builds: Variants(), LoadBefore: "1.00 1.00 1.00", LoadAfter: "2.00 1.50 1.00",
		Rows: []Row{
			{Figure: "1", Title: "30 distinct", Setup: "`tcintl`", Target: "≤ 1.05 × floor", Measured: "1.02 ×", Verdict: VerdictMet},
			{Figure: "2", Title: "200 blocks", Setup: "`tcintl`", Target: "≤ 1.05 × floor", Measured: "1.13 ×", Verdict: VerdictMissed},
		},
		Runs:     []PlanRun{{Figure: "1", Setup: "`tcintl`", DataBlocks: 30, Distinct: 30, Wall: 29700 * time.Millisecond}},
		Findings: []Finding{{Title: "Figure 2", Text: "why", Missed: true}, {Title: "Figure 3", Text: "note"}},
	}
	var b bytes.Buffer
	if err := Render(&b, r); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"| command | `make bench` |",
		"| machine | AMD EPYC, 2 logical cores, linux/amd64 |",
		"| Terraform | 1.11.4 |",
		"| 2 | 200 blocks | `tcintl` | ≤ 1.05 × floor | 1.13 × | **missed** |",
		"Missed: 2.",
		"| 1 | `tcintl` | 30 | 30 | 29.70 s |",
		"## How to read this",
		"## What was tried",
		"## Missed targets\n\n### Figure 2\n\nwhy",
		"## Notes on the figures\n\n### Figure 3\n\nnote",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Partial run") {
		t.Error("a full run is reported as partial")
	}
}

func TestFindingsFollowTheFigures(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := t0.Add
	fig2 := figRun{figure: "2", setup: release(), ratio: 1.1,
		res: planResult{Started: t0, Ended: at(9900 * time.Millisecond)},
		st:  callStats{Calls: 10, OK: 10, Distinct: 10, DistinctOK: 10, First: at(600 * time.Millisecond), Last: at(9700 * time.Millisecond)}}
	fig3st := callStats{Calls: 16, OK: 15, Throttled: 1, Distinct: 15, DistinctOK: 15, ThrottledGapMin: 995 * time.Millisecond, ThrottledGapMax: 995 * time.Millisecond}
	r := &Report{
		LoadBefore: "1.00 1.00 1.00", LoadAfter: "1.00 1.00 1.00",
		Rows: []Row{
			{Figure: "2", Verdict: VerdictMissed}, {Figure: "3", Verdict: VerdictMet}, {Figure: "5", Verdict: VerdictMissed},
		},
		fig2: []figRun{fig2},
		fig3: fig3Result{st: fig3st, allOK: true, results: make([]planResult, 3),
			perPlan: []callStats{{Calls: 6, Throttled: 1, First: t0, Last: at(5060 * time.Millisecond)}, {Calls: 5}, {Calls: 5}}},
		fig5: []fig5Result{{setup: release(), one: 400 * time.Millisecond, many: 640 * time.Millisecond, ratio: 1.6,
			cpuOne: 400 * time.Millisecond, cpuMany: 800 * time.Millisecond, providerCPUOne: 150 * time.Millisecond, providerCPUMany: 300 * time.Millisecond}},
	}
	fs := findings(r)
	var titles []string
	for _, f := range fs {
		titles = append(titles, f.Title)
		if strings.Contains(f.Text, "%!") {
			t.Errorf("%s: bad format verb in %q", f.Title, f.Text)
		}
	}
	want := []string{"Figure 2: 200 blocks over 10 pairs", "Figure 5: 50 identical lookups against 1",
		"Figure 3: concurrent plans were throttled", "Pacing headroom: the release build was throttled"}
	if !slices.Equal(titles, want) {
		t.Errorf("findings = %q, want %q", titles, want)
	}
	if !fs[0].Missed || !fs[1].Missed || fs[2].Missed || fs[3].Missed {
		t.Errorf("only the missed targets belong under Missed targets: %+v", fs)
	}
	if !strings.Contains(fs[2].Text, "did pace against each other") || !strings.Contains(fs[2].Text, "plan 1 a retry") {
		t.Errorf("a throttled call 0.995 s after the last answered one is the headroom, not missing shared pacing:\n%s", fs[2].Text)
	}
	if !strings.Contains(fs[1].Text, "terraform's share alone is more than the budget") {
		t.Errorf("figure 5: terraform's 0.25 s of extra CPU exceeds the 0.08 s budget:\n%s", fs[1].Text)
	}
}
