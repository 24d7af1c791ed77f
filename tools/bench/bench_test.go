package main

import (
	"math"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
)

func TestFloorAndRatio(t *testing.T) {
	for _, tc := range []struct {
		n         int
		rate      float64
		wall      time.Duration
		wantFloor time.Duration
		wantRatio float64
		want      string
	}{
		{30, 1, 29990 * time.Millisecond, 29 * time.Second, 1.0341, "29.99 s / 29.00 s = 1.034 × floor"},
		{10, 1, 9770 * time.Millisecond, 9 * time.Second, 1.0856, "9.77 s / 9.00 s = 1.086 × floor"},
		{1200, 50, 24 * time.Second, 23980 * time.Millisecond, 1.0008, "24.00 s / 23.98 s = 1.001 × floor"},
		{1, 1, time.Second, 0, math.Inf(1), "1.00 s (no floor: one call)"},
		{5, math.Inf(1), time.Second, 0, math.Inf(1), "1.00 s (no floor: one call)"},
	} {
		fl := floor(tc.n, tc.rate)
		if fl != tc.wantFloor {
			t.Errorf("floor(%d, %v) = %v, want %v", tc.n, tc.rate, fl, tc.wantFloor)
		}
		if q := ratio(tc.wall, fl); !(math.Abs(q-tc.wantRatio) < 1e-4 || q == tc.wantRatio) {
			t.Errorf("ratio(%v, %v) = %v, want %v", tc.wall, fl, q, tc.wantRatio)
		}
		if got := overFloor(tc.wall, fl); got != tc.want {
			t.Errorf("overFloor(%v, %v) = %q, want %q", tc.wall, fl, got, tc.want)
		}
	}
}

func TestWorkloadRateFollowsTheServer(t *testing.T) {
	w := bills(cycle(200, 10))
	if w.calls != 10 || w.rate() != 1 || w.floor() != 9*time.Second {
		t.Errorf("200 blocks over 10: calls %d, rate %v, floor %v; want 10, 1, 9s", w.calls, w.rate(), w.floor())
	}
	w.server.Limits = map[string]float64{apispec.CustomerBillSummary: 50}
	if w.rate() != 50 || w.floor() != 180*time.Millisecond {
		t.Errorf("raised limit: rate %v, floor %v; want 50, 180ms", w.rate(), w.floor())
	}
}

// The constructed customers must be answerable: the server validates them.
func TestBillCassettesCoverEveryCustomer(t *testing.T) {
	cs, err := billCassettes()
	if err != nil {
		t.Fatal(err)
	}
	srv, err := fakeserver.Start(fakeserver.Config{Cassettes: cs})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = srv.Close() }()
	n := 0
	for _, c := range cs {
		n += len(c.Interactions)
	}
	if n != customers {
		t.Errorf("%d bill interactions, want %d", n, customers)
	}
	if cfg := bills(span(0, 2)).config(srv); !strings.Contains(cfg, `source = "tcintl/tcintl"`) ||
		!strings.Contains(cfg, srv.URL()) || !strings.Contains(cfg, "customer_uin = 200000000002") {
		t.Errorf("configuration lacks the source, the server or a block:\n%s", cfg)
	}
}

func TestCountCalls(t *testing.T) {
	t0 := time.Now()
	req := func(sec int, body, code string) fakeserver.Request {
		return fakeserver.Request{Time: t0.Add(time.Duration(sec) * time.Second), Action: apispec.CustomerBillSummary,
			CanonicalBody: body, Code: code, Status: 200}
	}
	a, b := billBody(0), billBody(1)
	reqs := []fakeserver.Request{
		req(2, a, ""), req(0, b, fakeserver.CodeRequestLimitExceeded), req(1, b, ""), req(3, a, "InternalError"),
		{Time: t0, Action: apispec.SkillScanPayInfo, Status: 200},
	}
	st, err := countCalls(reqs, apispec.CustomerBillSummary, nil)
	want := callStats{calls: 4, ok: 2, throttled: 1, other: 1, first: t0, last: t0.Add(3 * time.Second)}
	if err != nil || st != want {
		t.Errorf("countCalls = %+v, %v; want %+v", st, err, want)
	}
	st, _ = countCalls(reqs, apispec.CustomerBillSummary, map[string]bool{b: true})
	if st.calls != 2 || st.throttled != 1 {
		t.Errorf("only body b: %+v", st)
	}
	if _, err := countCalls([]fakeserver.Request{req(0, a, fakeserver.CodeNoAnswer)}, apispec.CustomerBillSummary, nil); err == nil {
		t.Error("an unanswered request is not an error")
	}
}

func TestParsers(t *testing.T) {
	stderr := "Error: DescribeCustomerBillSummary failed\n\n  with data.tcintl_customer_bill_summary.b001,\n  on main.tf line 3:\n\n" +
		"Error code: RequestLimitExceeded\n\nError: x\n\n  with data.tcintl_customer_bill_summary.b002,\nError code: RequestLimitExceeded\n"
	if failed, codes := parseDiagnostics(stderr); failed != 2 || codes["RequestLimitExceeded"] != 2 {
		t.Errorf("parseDiagnostics = %d, %v", failed, codes)
	}
	for status, want := range map[string]int64{"VmPeak:\t 1 kB\nVmHWM:\t   22912 kB\n": 22912, "VmRSS: 5 kB\n": 0, "VmHWM: 5 MB\n": 0} {
		if got, _ := parseVmHWM(status); got != want {
			t.Errorf("parseVmHWM(%q) = %d, want %d", status, got, want)
		}
	}
}

func TestSelectFigures(t *testing.T) {
	all := figures()
	for _, tc := range []struct {
		list    string
		want    int
		wantErr bool
	}{{"", len(all), false}, {"1, 6", 2, false}, {"9", 2, false}, {"9,9", 2, false}, {"42", 0, true}, {"x", 0, true}} {
		got, err := selectFigures(all, tc.list)
		if len(got) != tc.want || (err != nil) != tc.wantErr {
			t.Errorf("selectFigures(%q) = %d figures, %v; want %d, error %v", tc.list, len(got), err, tc.want, tc.wantErr)
		}
	}
}

func TestReplaceResults(t *testing.T) {
	for _, tc := range []struct {
		name, doc, want, wantErr string
	}{
		{"between", "# B\nprose\n" + beginMarker + "\nold\n" + endMarker + "\nmore\n",
			"# B\nprose\n" + beginMarker + "\n\nNEW\n\n" + endMarker + "\nmore\n", ""},
		{"empty, end of file without newline", beginMarker + "\n" + endMarker,
			beginMarker + "\n\nNEW\n\n" + endMarker, ""},
		{"begin on the last line", "x\n" + beginMarker, "", "no "},
		{"no markers", "# B\n", "", "no "},
		{"reversed", endMarker + "\n" + beginMarker + "\n", "", "comes before"},
		{"twice", beginMarker + "\n" + beginMarker + "\n" + endMarker + "\n", "", "more than one"},
		{"marker inside a line is prose", "see " + beginMarker + "\n" + endMarker + "\n", "", "no "},
	} {
		got, err := replaceResults(tc.doc, "\nNEW\n")
		switch {
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("%s: error %v, want one with %q", tc.name, err, tc.wantErr)
		case tc.wantErr == "" && (err != nil || got != tc.want):
			t.Errorf("%s: got %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
}

func TestRender(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 11, 22, 0, 0, time.UTC)
	rep := &Report{Started: t0, Elapsed: 9 * time.Minute, CPU: "AMD EPYC", Cores: 2, LoadBefore: "0.46 0.36 0.78",
		LoadAfter: "0.66 0.28 0.62", Go: "go1.26.8", Terraform: "1.11.4", Command: "cd tools/bench && go run . -figures 1,4", Partial: "1,4",
		Rows: []row{
			{n: 1, what: "30 distinct lookups", target: "≤ 1.05 × floor", measured: "29.99 s / 29.00 s = 1.034 × floor", met: true},
			{n: 4, what: "Ctrl-C", target: "≤ 2 s", measured: "a | b", met: false},
		},
		Plans: []planRun{
			{planSpec: planSpec{figure: 1}, start: t0, end: t0.Add(29990 * time.Millisecond),
				calls: callStats{calls: 30, ok: 30, first: t0.Add(350 * time.Millisecond), last: t0.Add(29960 * time.Millisecond)}},
			{planSpec: planSpec{figure: 4, note: "n", signal: syscall.SIGINT}, start: t0, end: t0.Add(5060 * time.Millisecond), exit: 1, failed: 10,
				signalAt: t0.Add(5 * time.Second), lateCalls: 1, codes: map[string]int{"X": 2}},
			{planSpec: planSpec{figure: 9}, start: t0, end: t0.Add(4 * time.Second), exit: -1},
		},
	}
	got := render(rep)
	for _, want := range []string{
		"| date | 2026-11-23 11:22 UTC |",
		"| machine | AMD EPYC, 2 cores |",
		"| load average (1, 5, 15 min) | 0.46 0.36 0.78 before, 0.66 0.28 0.62 after |",
		"| command | `cd tools/bench && go run . -figures 1,4` |",
		"| figures | **partial run**: only 1,4 |",
		"| 1 | 30 distinct lookups | ≤ 1.05 × floor | 29.99 s / 29.00 s = 1.034 × floor | met |",
		`| 4 | Ctrl-C | ≤ 2 s | a \| b | **missed** |`,
		"| 1 | 29.99 s | 0.35 s | 29.61 s | 0.03 s | 0 | 0 | 30 | 30 | 0 | 0 |  |",
		"| 4 | 5.06 s | — | — | — | 1 | 10 | 0 | 0 | 0 | 0 | n; SIGINT at 5.00 s, exit 0.06 s later, 1 calls after it; 2 × X |",
		"| 9 | 4.00 s | — | — | — | killed |",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("render lacks %q in:\n%s", want, got)
		}
	}
	if rep.Partial = ""; strings.Contains(render(rep), "partial") {
		t.Error("a full run says it is partial")
	}
}

// Issue 21's workloads: their calls and floors at the documented limits.
func TestGuardrailWorkloads(t *testing.T) {
	for _, tc := range []struct {
		name  string
		w     workload
		calls int
		floor time.Duration
	}{
		{"230 customers' credits", creditBook(230), 3, 400 * time.Millisecond},
		{"5,000 customers' credits", creditBook(5000), 50, 9800 * time.Millisecond},
		{"12 months by product", productMonths(12), 12, 11 * time.Second},
	} {
		if tc.w.calls != tc.calls || tc.w.floor() != tc.floor {
			t.Errorf("%s: %d calls, floor %v; want %d, %v", tc.name, tc.w.calls, tc.w.floor(), tc.calls, tc.floor)
		}
	}
	if n := strings.Count(productMonths(12).blocks, `data "tcintl_customer_bill_by_product"`); n != 12 {
		t.Errorf("%d blocks, want 12", n)
	}
}
