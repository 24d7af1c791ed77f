package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/devprovider"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
	"github.com/tcintl/terraform-provider-tcintl/internal/provider"
)

// figure is one row of the results table. run says what it measured and
// whether the target was met; a missed target is a result, an error means
// the harness could not measure.
type figure struct {
	n      int
	what   string
	target string
	run    func(ctx context.Context, r *runner) (measured string, met bool, err error)
}

// noTarget marks a crowd figure's limit that is measured but not checked.
const noTarget = -1

// figures is the table of figures, in the order they run. Several rows may
// share a number; -figures selects by number.
func figures() []figure {
	return []figure{
		// Issue 6.
		paced(1, "30 distinct lookups in one plan", 1.05, bills(span(0, 30))),
		paced(2, "200 blocks over 10 distinct (customer, month) pairs", 1.05, bills(cycle(200, 10))),
		crowd(3, crowdSpec{plans: 3, each: 5, oneMachine: true, maxThrottled: 0, maxRatio: 1.5}),
		{n: 4, what: "Ctrl-C: SIGINT to terraform's process group 5 s into a plan of 30 lookups",
			target: "≤ 2 s from the signal to terraform's exit", run: interrupt},
		{n: 5, what: "overhead: 50 identical lookups vs 1 (median of 5 plans each)",
			target: "≤ 1.2 × the plan of one", run: overhead},
		// Issue 11: pacing across machines.
		crowd(6, crowdSpec{plans: 3, each: 8, maxThrottled: 0.10, maxRatio: 1.15}),
		crowd(7, crowdSpec{plans: 5, each: 8, maxThrottled: 0.15, maxRatio: 1.15}),
		crowd(8, crowdSpec{plans: 8, each: 8, maxThrottled: noTarget, maxRatio: noTarget}),
		stale(9, syscall.SIGINT),
		stale(9, syscall.SIGKILL),
		// Issue 12: a reseller's whole book.
		paced(10, "one tcintl_customer_bill_summaries of 100 customers × 12 months (1,200 lookups), fake and rate_limits both at 50/s", 1.05, book(100, 12, 50)),
		paced(11, "tcintl_customers over a book of 5,000 customers (50 pages of 100) at the live 20/s", 1.1, customerBook(5000)),
		// A long job and the room it leaves (the "several machines" docs).
		room(12, 0),
		room(12, 0.5),
		// Issue 21: a reseller's guardrails.
		paced(13, "tcintl_customer_credits over a book of 230 customers (3 pages of 100) at the live 5/s", 1.1, creditBook(230)),
		paced(14, "one customer's 12 months by product (12 tcintl_customer_bill_by_product) at the live 1/s", 1.05, productMonths(12)),
		peakRSS(15, "tcintl_customer_credits over a book of 5,000 customers (50 pages of 100) at the live 5/s", 64, creditBook(5000)),
		// Issue 20: one coordinator for every machine.
		crowd(16, crowdSpec{plans: 3, each: 8, coordinated: true, maxThrottled: 0, maxRatio: 1.05}),
		crowd(16, crowdSpec{plans: 5, each: 8, coordinated: true, maxThrottled: 0, maxRatio: 1.05}),
		crowd(16, crowdSpec{plans: 8, each: 8, coordinated: true, maxThrottled: 0, maxRatio: 1.05}),
		coordinatedJob(17),
		coordinatorKilled(18),
		coordinatorCost(19),
	}
}

// workload is one plan's configuration and what its calls must cost. A
// figure with its own data source, provider arguments or fake limits (say
// 1,200 calls at `rate_limits = { DescribeCustomerBillSummary = 50 }`
// against a fake raised to 50/s) is a workload given to paced.
type workload struct {
	blocks   string            // data blocks (HCL)
	provider []string          // lines inside the provider block
	server   fakeserver.Config // nil Cassettes: the bills; no Limits: the live ones
	action   string            // the action whose calls are counted
	calls    int               // distinct calls the plan needs
	bodies   map[string]bool   // their canonical bodies; nil: every call of action
	rss      bool              // report the provider's peak RSS too
}

// rate is the limit the fake server enforces on the counted action.
func (w workload) rate() float64 {
	if l, ok := w.server.Limits[w.action]; ok {
		return l
	}
	a, _ := apispec.Lookup(w.action)
	return a.RateLimit
}

func (w workload) floor() time.Duration { return floor(w.calls, w.rate()) }

// config is the root module: dev_overrides need no init, only the source.
func (w workload) config(srv *fakeserver.Server) string {
	return fmt.Sprintf("terraform {\n  required_providers {\n    tcintl = {\n      source = %s\n    }\n  }\n}\n\n",
		devprovider.HCLString(provider.Source)) + srv.ProviderBlock(w.provider...) + w.blocks
}

// floor is the least time n distinct calls take at rate/s, the first at
// once and each next one 1/rate later (a token bucket with a burst of 1).
func floor(n int, rate float64) time.Duration {
	if n <= 1 || rate <= 0 || math.IsInf(rate, 1) {
		return 0
	}
	return time.Duration(float64(n-1) / rate * float64(time.Second))
}

// ratio is a/b, or +Inf when b is 0 (no floor to compare with).
func ratio(a, b time.Duration) float64 {
	if b <= 0 {
		return math.Inf(1)
	}
	return a.Seconds() / b.Seconds()
}

// The bill cassettes: bill-many's 40 customers and those billCassettes
// constructs after them, all for one month.
const (
	firstUin      = 200000000001
	billMonth     = "2026-01"
	manyCustomers = 40
	customers     = 64
)

func billBody(n int) string {
	return fmt.Sprintf(`{"CustomerUin":%d,"Month":%q}`, firstUin+n, billMonth)
}

// billCassettes adds answers shaped like bill-many's for the customers
// figure 8 needs beyond its 40, built here rather than in testdata.
func billCassettes() ([]fakeserver.Cassette, error) {
	cs, err := fakeserver.Cassettes("bill-many")
	if err != nil {
		return nil, fmt.Errorf("loading the bill-many cassette: %w", err)
	}
	a, _ := apispec.Lookup(apispec.CustomerBillSummary)
	extra := fakeserver.Cassette{Scenario: "bench-extra", Source: "constructed by tools/bench: bill-many's shape for customers 41.." + fmt.Sprint(customers)}
	for n := manyCustomers; n < customers; n++ {
		extra.Interactions = append(extra.Interactions, fakeserver.Interaction{
			Request:  fakeserver.InteractionRequest{Action: a.Name, Version: a.Version, Body: json.RawMessage(billBody(n))},
			Response: json.RawMessage(fmt.Sprintf(`{"Response":{"TotalCost":%d.25,"RequestId":"00000000-0000-4000-8000-%012d"}}`, n+1, n+1)),
		})
	}
	return append(cs, extra), nil
}

// book is one tcintl_customer_bill_summaries over the first n customers of
// the fake's constructed book and months months, at perSecond both at the
// fake and in the provider's rate_limits.
func book(n, months int, perSecond float64) workload {
	uins := make([]string, n)
	for i := range uins {
		uins[i] = fmt.Sprint(fakeserver.BookUIN(i))
	}
	return workload{
		blocks: fmt.Sprintf("\ndata \"tcintl_customer_bill_summaries\" \"book\" {\n  customer_uins = [%s]\n  from_month    = \"2025-01\"\n  to_month      = \"2025-%02d\"\n}\n",
			strings.Join(uins, ", "), months),
		provider: []string{billRateLimits(perSecond)},
		server:   fakeserver.Config{Book: &fakeserver.Book{Size: n}, Limits: map[string]float64{apispec.CustomerBillSummary: perSecond}},
		action:   apispec.CustomerBillSummary, calls: n * months, rss: true,
	}
}

// customerBook is one tcintl_customers over a constructed book of n.
func customerBook(n int) workload {
	return workload{
		blocks: "\ndata \"tcintl_customers\" \"all\" {}\n",
		server: fakeserver.Config{Book: &fakeserver.Book{Size: n}},
		action: apispec.CustomerUin, calls: (n + 99) / 100,
	}
}

// creditBook is one tcintl_customer_credits over a constructed book of n.
func creditBook(n int) workload {
	return workload{
		blocks: "\ndata \"tcintl_customer_credits\" \"all\" {}\n",
		server: fakeserver.Config{Book: &fakeserver.Book{Size: n}},
		action: apispec.CustomersCredit, calls: (n + 99) / 100,
	}
}

// productMonths is one tcintl_customer_bill_by_product block per month of
// 2025, the first months of them, for the book's first customer.
func productMonths(months int) workload {
	var b strings.Builder
	for m := 1; m <= months; m++ {
		fmt.Fprintf(&b, "\ndata \"tcintl_customer_bill_by_product\" \"m%02d\" {\n  customer_uin = %d\n  month        = \"2025-%02d\"\n}\n", m, fakeserver.BookUIN(0), m)
	}
	return workload{
		blocks: b.String(),
		server: fakeserver.Config{Book: &fakeserver.Book{Size: 1}},
		action: apispec.BillSummaryByProduct, calls: months,
	}
}

// bills is one tcintl_customer_bill_summary block per customer index (0 is
// the first customer of the cassettes).
func bills(idx []int) workload {
	var b strings.Builder
	bodies := map[string]bool{}
	for i, n := range idx {
		fmt.Fprintf(&b, "\ndata \"tcintl_customer_bill_summary\" \"b%03d\" {\n  customer_uin = %d\n  month        = %q\n}\n", i, firstUin+n, billMonth)
		bodies[billBody(n)] = true
	}
	return workload{blocks: b.String(), action: apispec.CustomerBillSummary, calls: len(bodies), bodies: bodies}
}

// span is first, first+1, ..., n of them.
func span(first, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = first + i
	}
	return out
}

// cycle is n blocks going round the first `distinct` customers, so equal
// lookups are spread over the plan rather than bunched.
func cycle(n, distinct int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i % distinct
	}
	return out
}

// paced is one plan that must make exactly w.calls calls, none throttled,
// within maxRatio × the floor.
func paced(n int, what string, maxRatio float64, w workload) figure {
	return figure{n: n, what: what,
		target: fmt.Sprintf("exactly %d calls, 0 throttled, ≤ %.2f × floor", w.calls, maxRatio),
		run: func(ctx context.Context, r *runner) (string, bool, error) {
			run, err := r.single(ctx, planSpec{figure: n, w: w})
			if err != nil {
				return "", false, err
			}
			// The whole plan is what the target is about; the calls alone
			// show what terraform's own start and exit add to it.
			calls := run.calls.last.Sub(run.calls.first)
			measured := fmt.Sprintf("%s (first → last call %s = %.3f × floor); %s; %s", overFloor(run.wall(), w.floor()),
				secs(calls), ratio(calls, w.floor()), callsText(run.calls), outcome(run))
			if w.rss {
				measured += "; provider peak RSS " + mib(run.peakKiB)
			}
			met := run.exit == 0 && run.calls.calls == w.calls && run.calls.throttled == 0 && ratio(run.wall(), w.floor()) <= maxRatio
			return measured, met, nil
		}}
}

// peakRSS is one plan that must make exactly w.calls calls and keep the
// provider's peak resident memory within maxMiB.
func peakRSS(n int, what string, maxMiB int64, w workload) figure {
	w.rss = true
	return figure{n: n, what: what,
		target: fmt.Sprintf("exactly %d calls, provider peak RSS ≤ %d MiB", w.calls, maxMiB),
		run: func(ctx context.Context, r *runner) (string, bool, error) {
			run, err := r.single(ctx, planSpec{figure: n, w: w})
			if err != nil {
				return "", false, err
			}
			measured := fmt.Sprintf("provider peak RSS %s; %s; %s; %s", mib(run.peakKiB), overFloor(run.wall(), w.floor()), callsText(run.calls), outcome(run))
			met := run.exit == 0 && run.calls.calls == w.calls && run.peakKiB > 0 && run.peakKiB <= maxMiB*1024
			return measured, met, nil
		}}
}

// crowdSpec is plans started at once against one fake server, each asking
// for `each` customers no other plan asks for.
type crowdSpec struct {
	plans, each  int
	oneMachine   bool    // one TMPDIR for all, so the providers pace together
	coordinated  bool    // one coordinator for all: then exactly `each` calls a plan
	maxThrottled float64 // share of calls, or noTarget
	maxRatio     float64 // × the floor of all lookups, or noTarget
}

func crowd(n int, c crowdSpec) figure {
	total := c.plans * c.each
	where := fmt.Sprintf("%d machines (own TMPDIRs)", c.plans)
	if c.oneMachine {
		where = fmt.Sprintf("%d plans on one machine (one TMPDIR)", c.plans)
	}
	target := "all succeed"
	switch {
	case c.maxThrottled == 0:
		target += ", 0 throttled"
	case c.maxThrottled > 0:
		target += fmt.Sprintf(", throttled ≤ %.0f %% of calls", c.maxThrottled*100)
	}
	if c.maxRatio != noTarget {
		target += fmt.Sprintf(", ≤ %.2f × floor", c.maxRatio)
	}
	succeeded := "succeeded"
	if c.coordinated {
		where += " with one coordinator"
		succeeded = fmt.Sprintf("succeeded with exactly %d calls", c.each)
		target = fmt.Sprintf("all succeed with exactly %d calls each, 0 throttled, ≤ %.2f × floor", c.each, c.maxRatio)
	}
	f := figure{n: n, target: target,
		what: fmt.Sprintf("%s at once against one server at its live limit, %d distinct lookups each (%d in all)", where, c.each, total)}
	f.run = func(ctx context.Context, r *runner) (string, bool, error) {
		var env func() []string
		if c.coordinated {
			coord, err := r.startCoordinator(ctx)
			if err != nil {
				return "", false, err
			}
			defer coord.kill()
			env = coord.env
		}
		all := bills(span(0, total))
		srv, err := r.server(all.server, "")
		if err != nil {
			return "", false, err
		}
		defer func() { _ = srv.Close() }()
		var shared machine // zero: each plan gets a fresh machine
		if c.oneMachine {
			if shared, err = r.machine(); err != nil {
				return "", false, err
			}
		}
		specs := make([]planSpec, c.plans)
		for i := range specs {
			specs[i] = planSpec{figure: n, note: fmt.Sprintf("plan %d of %d", i+1, c.plans), w: bills(span(i*c.each, c.each)), machine: shared}
			if env != nil {
				specs[i].env = env()
			}
		}
		runs, err := r.together(ctx, srv, specs)
		if err != nil {
			return "", false, err
		}
		var st callStats
		ok, failed := 0, 0
		for _, run := range runs {
			if run.exit == 0 && (!c.coordinated || run.calls.calls == c.each) {
				ok++
			}
			failed += run.failed
			st.calls, st.throttled, st.other = st.calls+run.calls.calls, st.throttled+run.calls.throttled, st.other+run.calls.other
		}
		first := slices.MinFunc(runs, func(a, b planRun) int { return a.start.Compare(b.start) }).start
		last := slices.MaxFunc(runs, func(a, b planRun) int { return a.end.Compare(b.end) }).end
		wall, fl := last.Sub(first), all.floor()
		measured := fmt.Sprintf("%d of %d plans %s (%d of %d lookups failed); %s (first start → last exit); %s",
			ok, c.plans, succeeded, failed, total, overFloor(wall, fl), callsText(st))
		met := ok == c.plans && (c.maxThrottled == noTarget || float64(st.throttled) <= c.maxThrottled*float64(st.calls)) &&
			(c.maxRatio == noTarget || ratio(wall, fl) <= c.maxRatio)
		return measured, met, nil
	}
	return f
}

// interrupt is figure 4: Ctrl-C during a long rate-limited plan.
func interrupt(ctx context.Context, r *runner) (string, bool, error) {
	run, err := r.single(ctx, planSpec{figure: 4, w: bills(span(0, 30)), signal: syscall.SIGINT, after: 5 * time.Second})
	if err != nil {
		return "", false, err
	}
	if run.signalAt.IsZero() {
		return fmt.Sprintf("the plan ended after %s, before the signal", secs(run.wall())), false, nil
	}
	toExit := run.end.Sub(run.signalAt)
	return fmt.Sprintf("%s from SIGINT to exit (exit code %d); %d calls before the signal, %d after; a provider process outlived terraform: %t",
		secs(toExit), run.exit, run.calls.calls-run.lateCalls, run.lateCalls, run.outlived), toExit <= 2*time.Second, nil
}

// overhead is figure 5: many identical lookups cost one call, and what is
// left is terraform's and the provider's per-block cost. The plans are
// short, so they alternate and the medians are compared.
func overhead(ctx context.Context, r *runner) (string, bool, error) {
	const identical, repeats = 50, 5
	sizes := []int{1, identical}
	walls := make([][]time.Duration, len(sizes))
	peaks := make([]int64, len(sizes))
	oneCall := true
	for range repeats {
		for i, n := range sizes {
			run, err := r.single(ctx, planSpec{figure: 5, note: fmt.Sprintf("%d identical", n), w: bills(cycle(n, 1))})
			if err != nil {
				return "", false, err
			}
			walls[i] = append(walls[i], run.wall())
			peaks[i] = max(peaks[i], run.peakKiB)
			oneCall = oneCall && run.exit == 0 && run.calls.calls == 1
		}
	}
	one, many := median(walls[0]), median(walls[1])
	calls := "1 call and success in every plan"
	if !oneCall {
		calls = "**not every plan succeeded with 1 call**"
	}
	return fmt.Sprintf("%s / %s = %.3f × the plan of one; %s; provider peak RSS %s with 1 lookup, %s with %d",
		secs(many), secs(one), ratio(many, one), calls, mib(peaks[0]), mib(peaks[1]), identical), oneCall && ratio(many, one) <= 1.2, nil
}

// stale is figure 9: a plan cancelled with sig may leave paced slots
// reserved in its machine's TMPDIR; the next plan there must not wait on
// them.
func stale(n int, sig syscall.Signal) figure {
	return figure{n: n,
		what:   fmt.Sprintf("stale reservations: %s to a plan of 40 lookups 4 s in, then a one-lookup plan on the same machine", signalNames[sig]),
		target: "≤ 1.5 × a one-lookup plan on a fresh machine",
		run: func(ctx context.Context, r *runner) (string, bool, error) {
			m, err := r.machine()
			if err != nil {
				return "", false, err
			}
			cancelled, err := r.single(ctx, planSpec{figure: n, note: "cancelled", w: bills(span(0, 40)), machine: m, signal: sig, after: 4 * time.Second})
			if err != nil {
				return "", false, err
			}
			// A new server, whose bucket is full; at the old address, as the
			// pacing state is keyed by endpoint.
			one := bills(span(0, 1))
			follow, err := r.single(ctx, planSpec{figure: n, note: "follow-up, same machine", w: one, machine: m, addr: cancelled.serverAddr})
			if err != nil {
				return "", false, err
			}
			fresh, err := r.single(ctx, planSpec{figure: n, note: "reference, fresh machine", w: one})
			if err != nil {
				return "", false, err
			}
			q := ratio(follow.wall(), fresh.wall())
			return fmt.Sprintf("follow-up %s / fresh %s = %.2f ×; follow-up %s; the cancelled plan made %d calls, exit code %s",
					secs(follow.wall()), secs(fresh.wall()), q, outcome(follow), cancelled.calls.calls, exitText(cancelled)),
				follow.exit == 0 && fresh.exit == 0 && q <= 1.5, nil
		}}
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(ds))
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// room is figure 12: a job of 20 lookups on one machine, and 5 s into it a
// plan of 2 lookups on another with the same keys. A job at the full limit
// is never refused, so it learns nothing and leaves nothing: the plan waits
// for it to end. rate_limits below the limit (jobRate > 0) leaves the rest.
func room(n int, jobRate float64) figure {
	job := bills(span(0, 20))
	setting := "at the full limit"
	if jobRate > 0 {
		job.provider = []string{billRateLimits(jobRate)}
		setting = "with `" + billRateLimits(jobRate) + "`"
	}
	return figure{n: n,
		what:   fmt.Sprintf("a job of 20 lookups %s on one machine; 5 s in, a plan of 2 lookups on another machine", setting),
		target: "the other machine's plan succeeds and ends before the job",
		run: func(ctx context.Context, r *runner) (string, bool, error) {
			other := bills(span(40, 2))
			srv, err := r.server(job.server, "")
			if err != nil {
				return "", false, err
			}
			defer func() { _ = srv.Close() }()
			runs, err := r.together(ctx, srv, []planSpec{
				{figure: n, note: "the job", w: job},
				{figure: n, note: "the other machine's plan, 5 s later", w: other, delay: 5 * time.Second},
			})
			if err != nil {
				return "", false, err
			}
			j, o := runs[0], runs[1]
			when := secs(j.end.Sub(o.end)) + " before the job"
			if !o.end.Before(j.end) {
				when = secs(o.end.Sub(j.end)) + " after the job"
			}
			measured := fmt.Sprintf("the other plan: %s, %s, %s, ended %s; the job: %s, %s, %s",
				secs(o.wall()), outcome(o), callsText(o.calls), when, secs(j.wall()), outcome(j), callsText(j.calls))
			return measured, o.exit == 0 && j.exit == 0 && o.end.Before(j.end), nil
		}}
}

// billRateLimits is the provider argument that paces bills at perSecond.
func billRateLimits(perSecond float64) string {
	return fmt.Sprintf("rate_limits = { %s = %g }", apispec.CustomerBillSummary, perSecond)
}
