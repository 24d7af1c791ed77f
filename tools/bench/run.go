package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/devprovider"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
)

const (
	// planTimeout kills a plan that goes badly, so it cannot hold the run.
	planTimeout = 5 * time.Minute
	// parallelism is terraform's default, what users run.
	parallelism = 10
	// graceAfterExit is how long a provider that outlives terraform may take
	// to end on its own before its process group is killed: its clean-up
	// (giving back paced slots) is part of what figure 9 measures.
	graceAfterExit = 2 * time.Second
)

type options struct {
	terraform string
	keep      bool
	figures   []figure
	partial   string
}

// runner holds what every figure needs and collects every plan it runs.
type runner struct {
	terraform, tmp    string
	binary, cliConfig string
	bills             []fakeserver.Cassette
	seq               atomic.Int64 // names directories
	mu                sync.Mutex
	plans             []planRun
}

// measure builds the provider and runs the figures. A missed target is a
// result; an error means something could not be measured.
func measure(ctx context.Context, o options) (*Report, error) {
	rep := &Report{Started: time.Now().UTC(), Go: runtime.Version(), Partial: o.partial}
	rep.CPU, rep.Cores = cpuInfo()
	var err error
	if rep.Terraform, err = terraformVersion(ctx, o.terraform); err != nil {
		return nil, err
	}
	// This module's replace directive names the provider's module: ../..
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		return nil, fmt.Errorf("finding the provider's module: %w", err)
	}
	tmp, err := os.MkdirTemp("", "tcintl-bench-")
	if err != nil {
		return nil, fmt.Errorf("creating the temporary directory: %w", err)
	}
	if o.keep {
		logf("keeping %s", tmp)
	} else {
		defer func() { _ = os.RemoveAll(tmp) }()
	}
	r := &runner{terraform: o.terraform, tmp: tmp}
	logf("building the provider from %s", root)
	if r.binary, r.cliConfig, err = devprovider.Build(ctx, "go", root, filepath.Join(tmp, "provider"), "bench"); err != nil {
		return nil, fmt.Errorf("building the provider: %w", err)
	}
	if r.bills, err = billCassettes(); err != nil {
		return nil, err
	}
	if err := r.warmUp(ctx); err != nil {
		return nil, err
	}
	rep.LoadBefore = loadAverage()
	for _, f := range o.figures {
		logf("figure %d: %s", f.n, f.what)
		measured, met, err := f.run(ctx, r)
		if err != nil {
			return nil, fmt.Errorf("figure %d (%s): %w", f.n, f.what, err)
		}
		rep.Rows = append(rep.Rows, row{n: f.n, what: f.what, target: f.target, measured: measured, met: met})
		logf("figure %d %s: %s", f.n, verdict(met), measured)
	}
	rep.LoadAfter = loadAverage()
	rep.Plans = r.plans
	rep.Elapsed = time.Since(rep.Started)
	return rep, nil
}

// warmUp runs one plan that is not recorded: the first run of a fresh
// binary pays for reading it from disk, which would land on figure 1.
func (r *runner) warmUp(ctx context.Context) error {
	logf("warming up (not measured)")
	run, err := r.single(ctx, planSpec{w: bills(span(0, 1))})
	if err == nil && run.exit != 0 {
		err = fmt.Errorf("the warm-up plan failed (exit code %d):\n%s", run.exit, run.stderr)
	}
	return err
}

// machine is what the provider processes of one computer share: HOME and,
// above all, TMPDIR, where their cross-process pacing state lives.
type machine struct{ home, tmp string }

func (r *runner) machine() (machine, error) {
	dir := filepath.Join(r.tmp, fmt.Sprintf("machine-%03d", r.seq.Add(1)))
	m := machine{home: filepath.Join(dir, "home"), tmp: filepath.Join(dir, "tmp")}
	for _, d := range []string{m.home, m.tmp} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return m, fmt.Errorf("creating a machine: %w", err)
		}
	}
	return m, nil
}

// server starts a fake server at addr ("" for any port); a config without
// cassettes gets the bills.
func (r *runner) server(cfg fakeserver.Config, addr string) (*fakeserver.Server, error) {
	if cfg.Cassettes == nil {
		cfg.Cassettes = r.bills
	}
	cfg.Addr = addr
	srv, err := fakeserver.Start(cfg)
	if err != nil {
		return nil, fmt.Errorf("starting the fake server: %w", err)
	}
	return srv, nil
}

// single runs one plan against a fake server of its own.
func (r *runner) single(ctx context.Context, s planSpec) (planRun, error) {
	srv, err := r.server(s.w.server, s.addr)
	if err != nil {
		return planRun{}, err
	}
	defer func() { _ = srv.Close() }()
	return r.plan(ctx, srv, s)
}

// together runs plans at once against one server and waits for all.
func (r *runner) together(ctx context.Context, srv *fakeserver.Server, specs []planSpec) ([]planRun, error) {
	runs := make([]planRun, len(specs))
	errs := make([]error, len(specs))
	var wg sync.WaitGroup
	for i, s := range specs {
		wg.Go(func() { runs[i], errs[i] = r.plan(ctx, srv, s) })
	}
	wg.Wait()
	return runs, errors.Join(errs...)
}

// planSpec is one terraform plan to run.
type planSpec struct {
	figure  int // 0: the warm-up, not recorded
	note    string
	w       workload
	machine machine // zero: a fresh one
	addr    string  // where single's server listens; "": any port
	// signal, when set, goes to terraform's process group `after` the start:
	// SIGINT is Ctrl-C in a terminal, SIGKILL a killed CI job.
	signal syscall.Signal
	after  time.Duration
	// delay starts terraform this long after the plans run together with it.
	delay time.Duration
	// env is added to terraform's environment (a coordinator's URL).
	env []string
}

// planRun is one terraform plan, a row of the "Every plan" table.
type planRun struct {
	planSpec
	serverAddr string // so a later plan can meet the same pacing state
	start, end time.Time
	exit       int       // -1 when a signal ended terraform
	signalAt   time.Time // zero when the plan ended first
	lateCalls  int       // calls that reached the server after the signal
	timedOut   bool
	failed     int // data blocks terraform reported an error for
	codes      map[string]int
	peakKiB    int64 // largest VmHWM of the provider processes
	outlived   bool  // a provider process still ran after terraform exited
	calls      callStats
	stderr     string // the end of it, for the progress log
}

func (p planRun) wall() time.Duration { return p.end.Sub(p.start) }

// plan runs terraform plan in a directory of its own against srv, counts
// its calls there and records it. Its process group is killed on every way
// out.
func (r *runner) plan(ctx context.Context, srv *fakeserver.Server, s planSpec) (planRun, error) {
	run := planRun{planSpec: s, serverAddr: srv.Host()}
	if s.machine == (machine{}) {
		var err error
		if s.machine, err = r.machine(); err != nil {
			return run, err
		}
	}
	dir := filepath.Join(r.tmp, fmt.Sprintf("plan-%03d-fig%d", r.seq.Add(1), s.figure))
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return run, fmt.Errorf("creating the plan directory: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(s.w.config(srv)), 0o600); err != nil {
		return run, fmt.Errorf("writing main.tf: %w", err)
	}
	// A file, not a pipe: Wait then returns when terraform exits, not when
	// the last process holding the pipe lets go of it.
	stderr, err := os.Create(filepath.Join(dir, "stderr.txt"))
	if err != nil {
		return run, fmt.Errorf("creating terraform's stderr file: %w", err)
	}
	defer func() { _ = stderr.Close() }()

	pctx, cancel := context.WithTimeout(ctx, planTimeout)
	defer cancel()
	cmd := exec.CommandContext(pctx, r.terraform, "plan", "-refresh=true", "-input=false", "-no-color", "-parallelism="+strconv.Itoa(parallelism))
	cmd.Dir, cmd.Stderr = dir, stderr
	cmd.Env = devprovider.Env(r.cliConfig, s.machine.home, s.machine.tmp,
		append([]string{"TENCENTCLOUD_SECRET_ID=" + fakeserver.TestSecretID, "TENCENTCLOUD_SECRET_KEY=" + fakeserver.TestSecretKey}, s.env...)...)
	// A process group of its own, like a shell job: a signal reaches
	// terraform and its provider together, and killing the group leaves
	// nothing running.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }

	select {
	case <-ctx.Done():
		return run, ctx.Err()
	case <-time.After(s.delay):
	}
	run.start = time.Now()
	if err := cmd.Start(); err != nil {
		return run, fmt.Errorf("starting terraform: %w", err)
	}
	pgid := cmd.Process.Pid
	defer func() { _ = syscall.Kill(-pgid, syscall.SIGKILL) }()
	stopWatch := watchProviders(pgid, r.binary)
	signalled := make(chan time.Time, 1)
	var timer *time.Timer
	if s.signal != 0 {
		timer = time.AfterFunc(s.after, func() {
			at := time.Now()
			_ = syscall.Kill(-pgid, s.signal)
			signalled <- at
		})
	}
	waitErr := cmd.Wait()
	run.end = time.Now()
	if timer != nil && !timer.Stop() {
		if at := <-signalled; at.Before(run.end) {
			run.signalAt = at
		}
	}
	run.peakKiB, run.outlived = stopWatch()
	if err := ctx.Err(); err != nil {
		return run, err // the run itself was stopped
	}
	var exitErr *exec.ExitError
	if waitErr != nil && !errors.As(waitErr, &exitErr) {
		return run, fmt.Errorf("terraform plan: %w", waitErr)
	}
	run.exit = cmd.ProcessState.ExitCode()
	run.timedOut = pctx.Err() != nil
	out, err := os.ReadFile(stderr.Name())
	if err != nil {
		return run, fmt.Errorf("reading terraform's stderr: %w", err)
	}
	run.failed, run.codes = parseDiagnostics(string(out))
	run.stderr = string(out[max(0, len(out)-1500):])
	return run, r.record(&run, srv.Requests())
}

// record counts the plan's calls (those of its workload when plans share
// the server), adds it to the "Every plan" table and logs it.
func (r *runner) record(run *planRun, reqs []fakeserver.Request) error {
	var err error
	if run.calls, err = countCalls(reqs, run.w.action, run.w.bodies); err != nil {
		return err
	}
	if !run.signalAt.IsZero() {
		late := slices.DeleteFunc(reqs, func(q fakeserver.Request) bool { return q.Time.Before(run.signalAt) })
		after, _ := countCalls(late, run.w.action, run.w.bodies) // answered: checked above
		run.lateCalls = after.calls
	}
	if run.figure == 0 {
		return nil
	}
	r.mu.Lock()
	r.plans = append(r.plans, *run)
	r.mu.Unlock()
	st, note := run.calls, planNote(*run)
	if note != "" {
		note = "; " + note
	}
	logf("  plan: %s, exit %s, %d calls (%d ok, %d throttled, %d other), %d failed lookups%s",
		secs(run.wall()), exitText(*run), st.calls, st.ok, st.throttled, st.other, run.failed, note)
	if run.exit != 0 && run.failed == 0 && run.signalAt.IsZero() {
		logf("  terraform said:\n%s", run.stderr)
	}
	return nil
}

// callStats counts one action in the fake server's log.
type callStats struct {
	calls, ok, throttled, other int
	first, last                 time.Time
}

// countCalls counts the requests for action whose canonical body is in
// bodies (all when bodies is nil). A request no cassette answers is a gap
// in the harness, not a figure.
func countCalls(reqs []fakeserver.Request, action string, bodies map[string]bool) (callStats, error) {
	var st callStats
	for _, q := range reqs {
		if q.Action != action || (bodies != nil && !bodies[q.CanonicalBody]) {
			continue
		}
		if q.Unanswered() {
			return st, fmt.Errorf("the fake server has no answer for %s %s", q.Action, q.CanonicalBody)
		}
		st.calls++
		if st.first.IsZero() || q.Time.Before(st.first) {
			st.first = q.Time
		}
		if q.Time.After(st.last) {
			st.last = q.Time
		}
		switch {
		case q.Succeeded():
			st.ok++
		case q.Throttled():
			st.throttled++
		default:
			st.other++
		}
	}
	return st, nil
}

// parseDiagnostics reads terraform's -no-color errors: the blocks with an
// error ("  with data.x.y,") and the API error codes quoted ("Error code: X").
func parseDiagnostics(stderr string) (failed int, codes map[string]int) {
	blocks := map[string]bool{}
	codes = map[string]int{}
	for line := range strings.Lines(stderr) {
		line = strings.TrimRight(line, "\r\n")
		if addr, ok := strings.CutPrefix(line, "  with "); ok {
			blocks[strings.TrimSuffix(addr, ",")] = true
		}
		if code, ok := strings.CutPrefix(line, "Error code: "); ok {
			codes[strings.TrimSpace(code)]++
		}
	}
	return len(blocks), codes
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}
