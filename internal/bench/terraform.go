package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// planOptions say how to run one terraform plan.
type planOptions struct {
	Parallelism int
	// InterruptAfter > 0 sends SIGINT to terraform's process group that
	// long after the start, the way Ctrl-C in a terminal does.
	InterruptAfter time.Duration
	// WatchProvider samples the provider processes' peak RSS (and notices
	// one that outlives terraform). Off for the timed figures that do not
	// report memory, so the sampling costs them nothing.
	WatchProvider bool
	// Timeout kills the plan (terraform and its provider) after this long,
	// so a figure that goes badly cannot hold `make bench` hostage.
	Timeout time.Duration
}

// planResult is what one terraform plan did, seen from outside.
type planResult struct {
	Started, Ended time.Time
	// ExitCode is terraform's exit status, -1 when a signal killed it.
	ExitCode int
	TimedOut bool
	// FailedLookups are the data blocks terraform reported an error for;
	// ErrorCodes counts the API error codes those errors quote.
	FailedLookups int
	ErrorCodes    map[string]int
	// Stderr is the end of terraform's error output, for the progress log.
	Stderr string
	// SignalAt is when SIGINT was sent; zero when it was not.
	SignalAt time.Time
	// ProviderPeakKiB is the largest VmHWM seen among the provider
	// processes, ProviderProcesses how many there were, ProviderOutlived
	// whether one was still running when terraform had exited.
	ProviderPeakKiB   int64
	ProviderProcesses int
	ProviderOutlived  bool
	// CPU is the CPU time of terraform and the children it reaped (the
	// provider); ProviderCPU the provider's share as last sampled.
	CPU         time.Duration
	ProviderCPU time.Duration
}

// Wall is the plan's wall time, from starting terraform to its exit.
func (r planResult) Wall() time.Duration { return r.Ended.Sub(r.Started) }

// SignalToExit is the time from SIGINT to terraform's exit.
func (r planResult) SignalToExit() time.Duration {
	if r.SignalAt.IsZero() {
		return 0
	}
	return r.Ended.Sub(r.SignalAt)
}

// runPlan runs `terraform plan` in dir with env. binary is the provider
// executable, to recognise its processes among terraform's children.
func runPlan(parent context.Context, terraform, dir, binary string, env []string, o planOptions) (planResult, error) {
	ctx, cancel := context.WithTimeout(parent, o.Timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, terraform, "plan", "-refresh=true", "-input=false", "-no-color", //nolint:gosec // the terraform command comes from the harness's own flags
		"-parallelism="+strconv.Itoa(o.Parallelism))
	cmd.Dir = dir
	cmd.Env = env
	// Its own process group, like a job started from a shell: the interrupt
	// reaches terraform and its provider together, as Ctrl-C would, and a
	// timeout kills both without touching anything else.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 10 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr

	res := planResult{Started: time.Now()}
	if err := cmd.Start(); err != nil {
		return res, fmt.Errorf("starting terraform: %w", err)
	}
	pid := cmd.Process.Pid
	var watch *providerWatch
	if o.WatchProvider {
		watch = watchProviders(pid, binary, 20*time.Millisecond)
	}
	exited := make(chan struct{})
	signalled := make(chan time.Time, 1)
	go func() {
		defer close(signalled)
		if o.InterruptAfter <= 0 {
			return
		}
		timer := time.NewTimer(o.InterruptAfter)
		defer timer.Stop()
		select {
		case <-exited:
			return
		case <-timer.C:
		}
		at := time.Now()
		if syscall.Kill(-pid, syscall.SIGINT) == nil {
			signalled <- at
		}
	}()

	waitErr := cmd.Wait()
	res.Ended = time.Now()
	close(exited)
	res.SignalAt = <-signalled // zero when the channel closed without a send
	if watch != nil {
		watch.stop()
		res.ProviderPeakKiB, res.ProviderProcesses = watch.peak()
		res.ProviderCPU = watch.cpuTime()
		if alive := watch.alive(); len(alive) > 0 {
			res.ProviderOutlived = true
			// The leftover is ours (our process group); it must not
			// keep calling the API into the next figure.
			_ = syscall.Kill(-pid, syscall.SIGKILL)
		}
	}

	var exitErr *exec.ExitError
	if waitErr != nil && !errors.As(waitErr, &exitErr) {
		return res, fmt.Errorf("terraform plan: %w", waitErr)
	}
	if err := parent.Err(); err != nil {
		// The harness itself was stopped: no figure to report.
		return res, err
	}
	res.ExitCode = cmd.ProcessState.ExitCode()
	// wait4 reports the child's usage with that of the children it reaped.
	res.CPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	res.TimedOut = errors.Is(ctx.Err(), context.DeadlineExceeded)
	res.FailedLookups, res.ErrorCodes = parseDiagnostics(stderr.String())
	res.Stderr = tail(stderr.String(), 1500)
	return res, nil
}

// parseDiagnostics reads terraform's -no-color error output: the data
// blocks with an error ("  with data.x.y,") and the API error codes quoted
// by the provider's diagnostics ("Error code: X").
func parseDiagnostics(stderr string) (failed int, codes map[string]int) {
	blocks := map[string]bool{}
	codes = map[string]int{}
	for line := range strings.Lines(stderr) {
		line = strings.TrimRight(line, "\n")
		if addr, ok := strings.CutPrefix(line, "  with "); ok {
			blocks[strings.TrimSuffix(addr, ",")] = true
		}
		if code, ok := strings.CutPrefix(line, "Error code: "); ok {
			codes[strings.TrimSpace(code)]++
		}
	}
	return len(blocks), codes
}

// formatCodes renders error code counts as "12 × RequestLimitExceeded".
func formatCodes(codes map[string]int) string {
	names := make([]string, 0, len(codes))
	for c := range codes {
		names = append(names, c)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, c := range names {
		parts[i] = fmt.Sprintf("%d × %s", codes[c], c)
	}
	return strings.Join(parts, ", ")
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}
