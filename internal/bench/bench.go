package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
)

// Options configure a benchmark run. Zero values mean the defaults.
type Options struct {
	// Go and Terraform are the commands to run; default "go" and
	// "terraform" from PATH.
	Go        string
	Terraform string
	// Command is how the run was started (Markdown), for the report.
	Command string
	// Parallelism is terraform's -parallelism for every plan; default 10,
	// terraform's own default, because that is what users run.
	Parallelism int
	// PlanTimeout bounds every plan; default 4 minutes.
	PlanTimeout time.Duration
	// Progress receives one line per step; default io.Discard.
	Progress io.Writer
	// Figures selects figures by number ("1".."5"); empty means all. A
	// partial run says so in the report: it is for checking one figure, not
	// for committing.
	Figures []string
	// Keep leaves the temporary directory (builds, configurations) in
	// place and names it in the progress log, for a post-mortem.
	Keep bool
}

func (o *Options) defaults() {
	if o.Go == "" {
		o.Go = "go"
	}
	if o.Terraform == "" {
		o.Terraform = "terraform"
	}
	if o.Parallelism <= 0 {
		o.Parallelism = 10
	}
	if o.PlanTimeout <= 0 {
		o.PlanTimeout = 4 * time.Minute
	}
	if o.Progress == nil {
		o.Progress = io.Discard
	}
}

// The figures' sizes, as the issue sets them.
const (
	fig1Lookups       = 30
	fig2Blocks        = 200
	fig2Distinct      = 10
	fig3Plans         = 3
	fig3LookupsEach   = 5
	fig4Lookups       = 30
	fig4InterruptAt   = 5 * time.Second
	fig5Identical     = 50
	fig5Repeats       = 5
	limitedAction     = fakeserver.ActionCustomerBillSummary
	limitedActionRate = 1 // requests per second, the live limit the fake enforces
)

// floor is the least wall time n calls of the 1/s action can take against a
// token bucket of burst 1: the first goes at once, each next one a second
// later.
func floor(calls int) time.Duration {
	return time.Duration(calls-1) * time.Second / limitedActionRate
}

// runner carries what every figure needs.
type runner struct {
	opts      Options
	tmp       string
	env       []string
	builds    map[string]build
	cassettes []fakeserver.Cassette
	report    *Report
	seq       int
	// childTmp is the TMPDIR of every terraform process (see childEnv).
	childTmp string
}

// Run builds the provider variants and measures every figure. It fails
// only when the harness cannot measure (a build fails, terraform cannot
// start, the fake server sees a request it has no answer for); a figure
// that misses its target is a result, not an error.
func Run(ctx context.Context, opts Options) (*Report, error) {
	opts.defaults()
	rep := &Report{Command: opts.Command, Started: time.Now().UTC(), Parallelism: opts.Parallelism}
	progress(opts.Progress, "bench: describing the machine")
	m, err := describeMachine(ctx, opts.Go, opts.Terraform)
	if err != nil {
		return nil, err
	}
	rep.Machine = m
	mod, err := moduleDir(ctx, opts.Go)
	if err != nil {
		return nil, err
	}
	cassettes, err := fakeserver.Cassettes(cassette)
	if err != nil {
		return nil, err
	}

	tmp, err := os.MkdirTemp("", "tcintl-bench-")
	if err != nil {
		return nil, err
	}
	if opts.Keep {
		progress(opts.Progress, "bench: keeping %s", tmp)
	} else {
		defer func() { _ = os.RemoveAll(tmp) }()
	}

	r := &runner{opts: opts, tmp: tmp, env: os.Environ(), builds: map[string]build{}, cassettes: cassettes, report: rep,
		childTmp: filepath.Join(tmp, "tmp")}
	if err := os.MkdirAll(r.childTmp, 0o700); err != nil {
		return nil, err
	}
	for _, v := range Variants() {
		progress(opts.Progress, "bench: building the %s provider (go build %s)", v.Name, tagsOrNone(v.Tags))
		b, err := buildProvider(ctx, opts.Go, mod, filepath.Join(tmp, "providers"), v)
		if err != nil {
			return nil, err
		}
		r.builds[v.Name] = b
		rep.Builds = append(rep.Builds, v)
	}
	if err := r.warmUp(ctx); err != nil {
		return nil, err
	}
	rep.LoadBefore = loadAverage()
	figures := []func(context.Context) error{r.figure1, r.figure2, r.figure3, r.figure4, r.figure5}
	for i, fig := range figures {
		if len(opts.Figures) > 0 && !slices.Contains(opts.Figures, strconv.Itoa(i+1)) {
			rep.Skipped = append(rep.Skipped, strconv.Itoa(i+1))
			continue
		}
		if err := fig(ctx); err != nil {
			return nil, err
		}
	}
	rep.LoadAfter = loadAverage()
	rep.Elapsed = time.Since(rep.Started)
	rep.Findings = findings(rep)
	return rep, nil
}

func tagsOrNone(tags string) string {
	if tags == "" {
		return "without tags"
	}
	return "-tags " + tags
}

func progress(w io.Writer, format string, args ...any) {
	_, _ = fmt.Fprintf(w, format+"\n", args...)
}

// warmUp runs one untimed plan per build: the first run of a fresh binary
// pays for reading it from disk and for terraform's first start, which
// would otherwise land on whichever figure comes first.
func (r *runner) warmUp(ctx context.Context) error {
	for _, v := range Variants() {
		progress(r.opts.Progress, "bench: warming up the %s build (not measured)", v.Name)
		srv, err := r.startServer()
		if err != nil {
			return err
		}
		p, err := r.prepare(srv, "0", setup{build: v.Name}, distinctLookups(0, 1))
		if err == nil {
			var res planResult
			res, err = r.run(ctx, p, planOptions{})
			if err == nil && res.ExitCode != 0 {
				err = fmt.Errorf("warm-up plan of the %s build failed (exit code %d):\n%s", v.Name, res.ExitCode, res.Stderr)
			}
		}
		_ = srv.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// loadAverage is the first three fields of /proc/loadavg, or "unknown". The
// figures share the machine with whatever else runs on it; the load says
// how much that was.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// setup is a build and how terraform runs it.
type setup struct {
	build string
	// env is added to terraform's environment, which its provider inherits.
	env []string
	// parallelism overrides Options.Parallelism when > 0.
	parallelism int
}

func release() setup { return setup{build: BuildRelease} }

// label names the setup in the tables.
func (s setup) label() string {
	l := "`" + s.build + "`"
	if len(s.env) > 0 {
		l += " with `" + strings.Join(s.env, " ") + "`"
	}
	if s.parallelism > 0 {
		l += fmt.Sprintf(" at `-parallelism=%d`", s.parallelism)
	}
	return l
}

// plan is one prepared terraform run.
type plan struct {
	figure  string
	setup   setup
	dir     string
	lookups []lookup
}

// prepare writes the configuration of a plan against srv. Plans run at
// the same time are prepared one after the other first, so directory names
// need no lock.
func (r *runner) prepare(srv *fakeserver.Server, figure string, s setup, lookups []lookup) (plan, error) {
	r.seq++
	p := plan{figure: figure, setup: s, lookups: lookups,
		dir: filepath.Join(r.tmp, "plans", fmt.Sprintf("%02d-fig%s-%s", r.seq, figure, s.build))}
	return p, writeConfiguration(p.dir, srv.URL(), lookups)
}

func (r *runner) run(ctx context.Context, p plan, o planOptions) (planResult, error) {
	b := r.builds[p.setup.build]
	o.Parallelism = r.opts.Parallelism
	if p.setup.parallelism > 0 {
		o.Parallelism = p.setup.parallelism
	}
	o.Timeout = r.opts.PlanTimeout
	res, err := runPlan(ctx, r.opts.Terraform, p.dir, b.Binary, append(childEnv(r.env, b, r.childTmp), p.setup.env...), o)
	if err != nil {
		return res, fmt.Errorf("figure %s, %s: %w", p.figure, p.setup.label(), err)
	}
	return res, nil
}

// startServer starts a fake server with the live limits. Every plan gets a
// fresh one, but for the concurrent plans of figure 3, which share theirs:
// its buckets start full, as the live API's are after a second of quiet,
// and its log holds that plan's calls only.
func (r *runner) startServer() (*fakeserver.Server, error) {
	return fakeserver.Start(fakeserver.Config{Cassettes: r.cassettes})
}

// single runs one plan against its own server and records it.
func (r *runner) single(ctx context.Context, figure string, s setup, lookups []lookup, o planOptions) (planResult, callStats, error) {
	srv, err := r.startServer()
	if err != nil {
		return planResult{}, callStats{}, err
	}
	defer func() { _ = srv.Close() }()
	p, err := r.prepare(srv, figure, s, lookups)
	if err != nil {
		return planResult{}, callStats{}, err
	}
	progress(r.opts.Progress, "bench: figure %s, %s: plan of %d data blocks (%d distinct)", figure, s.label(), len(lookups), distinct(lookups))
	res, err := r.run(ctx, p, o)
	if err != nil {
		return res, callStats{}, err
	}
	st, err := statsOf(srv.Requests(), time.Time{})
	if err != nil {
		return res, st, fmt.Errorf("figure %s, %s: %w", figure, s.label(), err)
	}
	r.record(p, res, st, "")
	return res, st, nil
}

// record adds a plan to the table of every run and to the progress log.
func (r *runner) record(p plan, res planResult, st callStats, note string) {
	if res.TimedOut {
		note = joinNote(note, fmt.Sprintf("killed after the %s plan timeout", r.opts.PlanTimeout))
	}
	if codes := formatCodes(res.ErrorCodes); codes != "" {
		note = joinNote(note, "errors: "+codes)
	}
	if st.Throttled > 0 {
		note = joinNote(note, "throttled calls came "+gapRange(st)+" after the last answered one")
	}
	run := PlanRun{
		Figure: p.figure, Setup: p.setup.label(), DataBlocks: len(p.lookups), Distinct: distinct(p.lookups),
		Wall: res.Wall(), ExitCode: res.ExitCode, FailedLookups: res.FailedLookups, Calls: st, Note: note,
	}
	if st.Calls > 0 {
		run.Lead, run.Span, run.Tail = st.First.Sub(res.Started), st.Last.Sub(st.First), res.Ended.Sub(st.Last)
	}
	r.report.Runs = append(r.report.Runs, run)
	progress(r.opts.Progress, "bench:   %.2f s (first call after %.2f s, calls over %.2f s, exit %.2f s after the last), exit %d, %d calls (%d ok, %d throttled, %d other), %d lookups failed%s",
		run.Wall.Seconds(), run.Lead.Seconds(), run.Span.Seconds(), run.Tail.Seconds(), run.ExitCode, st.Calls, st.OK, st.Throttled, st.Other, run.FailedLookups, prefixed("; ", note))
	if res.ExitCode != 0 && res.FailedLookups == 0 && !res.TimedOut && res.SignalAt.IsZero() {
		// A failure that is not a failed lookup is worth seeing whole.
		progress(r.opts.Progress, "bench:   terraform said:\n%s", res.Stderr)
	}
}

func gapRange(st callStats) string {
	if st.ThrottledGapMin == st.ThrottledGapMax {
		return fmt.Sprintf("%.3f s", st.ThrottledGapMin.Seconds())
	}
	return fmt.Sprintf("%.3f–%.3f s", st.ThrottledGapMin.Seconds(), st.ThrottledGapMax.Seconds())
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

func prefixed(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}

func distinct(lookups []lookup) int {
	seen := map[lookup]bool{}
	for _, l := range lookups {
		seen[l] = true
	}
	return len(seen)
}

// callStats counts the fake server's log for the rate-limited action.
type callStats struct {
	Calls     int // requests received
	OK        int // answered with a bill
	Throttled int // refused by the server's rate limiter (RequestLimitExceeded)
	Other     int // anything else: an abandoned request, another error
	// Distinct is the number of different request bodies sent; Calls −
	// Distinct are retries when every lookup asks something different or
	// identical lookups are shared.
	Distinct   int
	DistinctOK int
	// First and Last are when the first and the last request arrived.
	First, Last time.Time
	// ThrottledGapMin and ThrottledGapMax bound how long after the last
	// answered request the throttled ones arrived: just under a second
	// means pacing that was right on the client but jittered on the way;
	// much less means calls the client did not pace against each other.
	ThrottledGapMin, ThrottledGapMax time.Duration
}

// Retries are the calls beyond the first of each distinct request.
func (s callStats) Retries() int { return s.Calls - s.Distinct }

// statsOf counts the log, only requests from `since` on when it is set. A
// request the cassette cannot answer is an error of the harness, not a
// figure.
func statsOf(reqs []fakeserver.Request, since time.Time) (callStats, error) {
	var st callStats
	bodies, okBodies := map[string]bool{}, map[string]bool{}
	var lastOK time.Time
	gapSeen := false
	for _, q := range byArrival(reqs) {
		if q.Action != limitedAction || q.Time.Before(since) {
			continue
		}
		if q.Unanswered() {
			return st, fmt.Errorf("the fake server has no recorded answer for %s", q.CanonicalBody)
		}
		st.Calls++
		if st.First.IsZero() {
			st.First = q.Time
		}
		st.Last = q.Time
		bodies[q.CanonicalBody] = true
		switch {
		case q.Succeeded():
			st.OK++
			okBodies[q.CanonicalBody] = true
			lastOK = q.Time
		case q.Throttled():
			st.Throttled++
			if !lastOK.IsZero() {
				gap := q.Time.Sub(lastOK)
				if !gapSeen || gap < st.ThrottledGapMin {
					st.ThrottledGapMin = gap
				}
				st.ThrottledGapMax = max(st.ThrottledGapMax, gap)
				gapSeen = true
			}
		default:
			st.Other++
		}
	}
	st.Distinct, st.DistinctOK = len(bodies), len(okBodies)
	return st, nil
}

// byArrival sorts a copy of the log by arrival time: the log is in the
// order the server decided, which can differ by a hair.
func byArrival(reqs []fakeserver.Request) []fakeserver.Request {
	out := slices.Clone(reqs)
	slices.SortStableFunc(out, func(a, b fakeserver.Request) int { return a.Time.Compare(b.Time) })
	return out
}

// figure1: 30 distinct lookups in one plan, each build.
func (r *runner) figure1(ctx context.Context) error {
	const fig = "1"
	fl := floor(fig1Lookups)
	for _, s := range []setup{release(), {build: BuildNoLimit}, {build: BuildBaseline}} {
		res, st, err := r.single(ctx, fig, s, distinctLookups(0, fig1Lookups), planOptions{})
		if err != nil {
			return err
		}
		ratio := res.Wall().Seconds() / fl.Seconds()
		row := Row{
			Figure: fig, Title: fmt.Sprintf("%d distinct bill lookups in one plan", fig1Lookups), Setup: s.label(),
			Measured: fmt.Sprintf("%s / %s = **%.3f ×** floor; **%d throttled**; %d calls (%d retries); %s",
				secs(res.Wall()), secs(fl), ratio, st.Throttled, st.Calls, st.Retries(), outcome(res, fig1Lookups)),
			Target: comparison, Verdict: VerdictNone,
		}
		if s.build == BuildRelease {
			row.Target = "≤ 1.05 × floor, 0 throttled"
			row.Verdict = verdict(res.ExitCode == 0 && ratio <= 1.05 && st.Throttled == 0)
		}
		r.report.Rows = append(r.report.Rows, row)
		r.report.fig1 = append(r.report.fig1, figRun{figure: fig, setup: s, res: res, st: st, ratio: ratio})
	}
	return nil
}

// figure2: 200 data blocks over 10 distinct lookups; besides the target
// and the baseline, the release build with quiet logs and with every block
// started at once, which is what was tried against the overhead.
func (r *runner) figure2(ctx context.Context) error {
	const fig = "2"
	fl := floor(fig2Distinct)
	setups := []setup{release(), {build: BuildBaseline}, {build: BuildRelease, parallelism: fig2Blocks}}
	for _, s := range setups {
		res, st, err := r.single(ctx, fig, s, cycledLookups(fig2Blocks, fig2Distinct), planOptions{})
		if err != nil {
			return err
		}
		ratio := res.Wall().Seconds() / fl.Seconds()
		row := Row{
			Figure: fig, Title: fmt.Sprintf("%d data blocks over %d distinct (customer, month) pairs", fig2Blocks, fig2Distinct), Setup: s.label(),
			Measured: fmt.Sprintf("**%d calls**; %s / %s = **%.3f ×** floor; %d throttled; %s",
				st.Calls, secs(res.Wall()), secs(fl), ratio, st.Throttled, outcome(res, fig2Blocks)),
			Target: comparison, Verdict: VerdictNone,
		}
		if res.ExitCode == 0 && st.Calls > 0 {
			row.Measured += fmt.Sprintf(" (start → 1st call %s, last call → exit %s)", secs(st.First.Sub(res.Started)), secs(res.Ended.Sub(st.Last)))
		}
		if s.label() == release().label() {
			row.Target = fmt.Sprintf("exactly %d calls, ≤ 1.05 × floor", fig2Distinct)
			row.Verdict = verdict(res.ExitCode == 0 && st.Calls == fig2Distinct && ratio <= 1.05)
		}
		r.report.Rows = append(r.report.Rows, row)
		r.report.fig2 = append(r.report.fig2, figRun{figure: fig, setup: s, res: res, st: st, ratio: ratio})
	}
	return nil
}

// figure3: three terraform processes at once against one server, 5
// distinct lookups each (15 different ones in all).
func (r *runner) figure3(ctx context.Context) error {
	const fig = "3"
	srv, err := r.startServer()
	if err != nil {
		return err
	}
	defer func() { _ = srv.Close() }()
	plans := make([]plan, fig3Plans)
	for i := range plans {
		if plans[i], err = r.prepare(srv, fig, release(), distinctLookups(i*fig3LookupsEach, fig3LookupsEach)); err != nil {
			return err
		}
	}
	progress(r.opts.Progress, "bench: figure %s, %s: %d plans at once, %d distinct lookups each", fig, release().label(), fig3Plans, fig3LookupsEach)
	results := make([]planResult, fig3Plans)
	errs := make([]error, fig3Plans)
	var wg sync.WaitGroup
	for i := range plans {
		wg.Go(func() { results[i], errs[i] = r.run(ctx, plans[i], planOptions{}) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	reqs := srv.Requests()
	all, err := statsOf(reqs, time.Time{})
	if err != nil {
		return fmt.Errorf("figure %s: %w", fig, err)
	}
	first, last := results[0].Started, results[0].Ended
	allOK, failed := true, 0
	walls := make([]string, fig3Plans)
	perPlan := make([]callStats, fig3Plans)
	for i, res := range results {
		first, last = minTime(first, res.Started), maxTime(last, res.Ended)
		allOK = allOK && res.ExitCode == 0
		failed += res.FailedLookups
		walls[i] = secs(res.Wall())
		st, _ := statsOf(filterBodies(reqs, plans[i].lookups), time.Time{}) // answered: checked above
		perPlan[i] = st
		r.record(plans[i], res, st, fmt.Sprintf("plan %d of %d, all at once", i+1, fig3Plans))
	}
	wall := last.Sub(first)
	total := fig3Plans * fig3LookupsEach
	fl := floor(total)
	ratio := wall.Seconds() / fl.Seconds()
	allOK = allOK && all.DistinctOK == total
	r.report.Rows = append(r.report.Rows, Row{
		Figure: fig, Title: fmt.Sprintf("%d plans at once (separate terraform processes, one server), %d distinct lookups each", fig3Plans, fig3LookupsEach),
		Setup: release().label(), Target: "all succeed, ≤ 1.5 × floor",
		Measured: fmt.Sprintf("all succeed: **%s** (%d of %d lookups failed); %s / %s = **%.3f ×** floor; **%d throttled** of %d calls (%d retries); the plans took %s",
			yesNo(allOK), failed, total, secs(wall), secs(fl), ratio, all.Throttled, all.Calls, all.Retries(), strings.Join(walls, ", ")),
		Verdict: verdict(allOK && ratio <= 1.5),
	})
	r.report.fig3 = fig3Result{wall: wall, ratio: ratio, st: all, allOK: allOK, failed: failed, results: results, perPlan: perPlan}
	return nil
}

// filterBodies keeps the requests for the given lookups.
func filterBodies(reqs []fakeserver.Request, lookups []lookup) []fakeserver.Request {
	want := map[string]bool{}
	for _, l := range lookups {
		want[fmt.Sprintf(`{"CustomerUin":%d,"Month":%q}`, l.CustomerUin, l.Month)] = true
	}
	return slices.DeleteFunc(slices.Clone(reqs), func(q fakeserver.Request) bool { return !want[q.CanonicalBody] })
}

// figure4: Ctrl-C during a long rate-limited plan.
func (r *runner) figure4(ctx context.Context) error {
	const fig = "4"
	srv, err := r.startServer()
	if err != nil {
		return err
	}
	defer func() { _ = srv.Close() }()
	p, err := r.prepare(srv, fig, release(), distinctLookups(0, fig4Lookups))
	if err != nil {
		return err
	}
	progress(r.opts.Progress, "bench: figure %s, %s: plan of %d distinct lookups, SIGINT after %s", fig, release().label(), fig4Lookups, fig4InterruptAt)
	res, err := r.run(ctx, p, planOptions{InterruptAfter: fig4InterruptAt, WatchProvider: true})
	if err != nil {
		return err
	}
	st, err := statsOf(srv.Requests(), time.Time{})
	if err != nil {
		return fmt.Errorf("figure %s: %w", fig, err)
	}
	r.record(p, res, st, "SIGINT after "+fig4InterruptAt.String())
	row := Row{Figure: fig, Title: fmt.Sprintf("Ctrl-C (SIGINT to terraform's process group) %s into a plan of %d lookups", fig4InterruptAt, fig4Lookups),
		Setup: release().label(), Target: "≤ 2 s from the signal to terraform's exit"}
	if res.SignalAt.IsZero() {
		row.Measured = fmt.Sprintf("the plan ended after %s, before the signal: nothing measured", secs(res.Wall()))
		row.Verdict = VerdictMissed
	} else {
		after, err := statsOf(srv.Requests(), res.SignalAt)
		if err != nil {
			return fmt.Errorf("figure %s: %w", fig, err)
		}
		row.Measured = fmt.Sprintf("**%s** from SIGINT to exit (exit code %d); %d calls before the signal, %d after; provider process still running after terraform's exit: %s",
			secs(res.SignalToExit()), res.ExitCode, st.Calls-after.Calls, after.Calls, yesNo(res.ProviderOutlived))
		row.Verdict = verdict(res.SignalToExit() <= 2*time.Second && !res.ProviderOutlived)
	}
	r.report.Rows = append(r.report.Rows, row)
	r.report.fig4 = figRun{figure: fig, setup: release(), res: res, st: st}
	return nil
}

// figure5: the cost of one lookup against many identical ones, and the
// provider's memory; also with quiet logs, to show what the logging costs.
// The plans are short, so each is run fig5Repeats times, alternating, and
// the medians compared.
func (r *runner) figure5(ctx context.Context) error {
	const fig = "5"
	for _, s := range []setup{release()} {
		var one, many []planResult
		for range fig5Repeats {
			for _, n := range []int{1, fig5Identical} {
				res, st, err := r.single(ctx, fig, s, identicalLookups(n), planOptions{WatchProvider: true})
				if err != nil {
					return err
				}
				if res.ExitCode != 0 || st.Calls != 1 {
					return fmt.Errorf("figure %s: a plan of %d identical lookups ended with exit code %d after %d calls, not 1", fig, n, res.ExitCode, st.Calls)
				}
				if n == 1 {
					one = append(one, res)
				} else {
					many = append(many, res)
				}
			}
		}
		res := fig5Result{setup: s, one: medianOf(one, planResult.Wall), many: medianOf(many, planResult.Wall),
			cpuOne: medianOf(one, cpuOf), cpuMany: medianOf(many, cpuOf),
			providerCPUOne: medianOf(one, providerCPUOf), providerCPUMany: medianOf(many, providerCPUOf),
			rssOne: peakOf(one), rssMany: peakOf(many), processes: one[0].ProviderProcesses}
		res.ratio = res.many.Seconds() / res.one.Seconds()
		row := Row{
			Figure: fig, Title: fmt.Sprintf("overhead: %d identical lookups against 1 (median of %d plans each)", fig5Identical, fig5Repeats),
			Setup: s.label(), Target: comparison, Verdict: VerdictNone,
			Measured: fmt.Sprintf("%s / %s = **%.3f ×**; 1 API call each; CPU (terraform + provider) %s / %s, of which provider %s / %s; "+
				"**provider peak RSS** (VmHWM) **%s** with 1 lookup, **%s** with %d (largest of the %d provider processes terraform started per plan)",
				secs(res.many), secs(res.one), res.ratio, secs(res.cpuMany), secs(res.cpuOne), secs(res.providerCPUMany), secs(res.providerCPUOne),
				mib(res.rssOne), mib(res.rssMany), fig5Identical, res.processes),
		}
		if len(s.env) == 0 {
			row.Target = "≤ 1.2 × the plan of one"
			row.Verdict = verdict(res.ratio <= 1.2)
		}
		r.report.Rows = append(r.report.Rows, row)
		r.report.fig5 = append(r.report.fig5, res)
	}
	return nil
}

// comparison is the target of a row measured only to compare with.
const comparison = "comparison"

func cpuOf(p planResult) time.Duration         { return p.CPU }
func providerCPUOf(p planResult) time.Duration { return p.ProviderCPU }

func medianOf(rs []planResult, of func(planResult) time.Duration) time.Duration {
	walls := make([]time.Duration, len(rs))
	for i, r := range rs {
		walls[i] = of(r)
	}
	slices.Sort(walls)
	n := len(walls)
	if n%2 == 1 {
		return walls[n/2]
	}
	return (walls[n/2-1] + walls[n/2]) / 2
}

func peakOf(rs []planResult) int64 {
	var kib int64
	for _, r := range rs {
		kib = max(kib, r.ProviderPeakKiB)
	}
	return kib
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// outcome says how the plan ended, for the results table.
func outcome(res planResult, lookups int) string {
	switch {
	case res.TimedOut:
		return "plan killed at the timeout"
	case res.ExitCode == 0:
		return "plan succeeded"
	case res.FailedLookups > 0:
		return fmt.Sprintf("**plan failed: %d of %d lookups failed**", res.FailedLookups, lookups)
	}
	return fmt.Sprintf("**plan failed (exit code %d)**", res.ExitCode)
}

func verdict(met bool) Verdict {
	if met {
		return VerdictMet
	}
	return VerdictMissed
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func secs(d time.Duration) string {
	return fmt.Sprintf("%.2f s", d.Seconds())
}

func mib(kib int64) string {
	if kib == 0 {
		return "not seen"
	}
	return fmt.Sprintf("%.1f MiB", float64(kib)/1024)
}
