package bench

import (
	"fmt"
	"strings"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"
)

// The two prose sections are fixed; what depends on the figures is in
// findings, which is computed from the run so a rerun cannot leave a stale
// explanation behind.

const howToRead = `
## How to read this

- **Floor.** ` + "`DescribeCustomerBillSummary`" + ` allows 1 request per second: against a token bucket with a burst of 1, N
  different lookups need at least (N − 1) s between the first call and the last, whatever the client does: 29 s
  for 30 lookups, 9 s for 10, 14 s for 15. "× floor" is the plan's whole wall time (terraform started → terraform
  exited) divided by that, so it includes terraform's own start, graph walk and exit, which no provider can remove.
- **Throttled** counts the ` + "`RequestLimitExceeded`" + ` answers the fake server gave: each is a call the API refused and a
  retry the client had to make. On the live API they also count against the account.
- **Calls** are requests the server received; **retries** are calls beyond the first of each distinct request.
  The release build sends identical lookups once per provider process, so 200 blocks over 10 pairs should make
  exactly 10 calls.
- **Comparison rows** (no target) show what the limiter and the sharing buy. A failed plan's wall time is not a
  speed: those plans end early because lookups gave up after their retry budget (` + "`max_retries`" + ` 5, about 15 s of
  backoff).
- **Every plan** lists each terraform run with the time from start to the first call, from the first call to the
  last (the part the rate limit governs) and from the last call to the exit.
- The figures are single runs (figure 5: medians of 5) on a machine that may be shared; the load average in the
  Run table says how busy it was. Ratios near a target can land on either side from one run to the next.
`

const whatWasTried = `
## What was tried

- **Parallelism.** Every plan runs at terraform's default ` + "`-parallelism=10`" + `, what users get. The limiter, not
  terraform, sets the pace: ten reads in flight are enough to keep the 1/s queue full. Figure 2 also runs the
  release build at ` + "`-parallelism=200`" + ` (every block started at once), to see what the blocks still waiting for a
  free slot after the last answer cost.
- **Quiet logs.** terraform-plugin-go and the framework log every RPC at TRACE, JSON-encoded on the provider's
  stderr, and leave filtering to terraform, which reads and parses every line even when ` + "`TF_LOG`" + ` is unset. A CPU
  profile of the provider during a plan of 500 identical lookups (taken with pprof while writing this harness, not
  part of the run) put about a third of the provider's CPU in that logging. The provider now switches its SDK and
  provider loggers off itself when no ` + "`TF_LOG*`" + ` variable is set (` + "`main.go`" + `; a user who sets ` + "`TF_LOG`" + ` still gets every
  line). Before that change figure 2 measured 1.097–1.150 × floor over five runs and figure 5 1.60–1.63 ×; with the
  loggers switched off through terraform's environment, the same runs measured 1.081–1.087 × and 1.43–1.46 ×.
- **Pacing headroom.** The limiter first stretched intervals by 1 % (10 ms at 1 request/s). One run of figure 3,
  with three terraforms on two busy cores, had a call reach the server's limiter 995 ms after the one before and get
  throttled; the headroom is now 2 %.
- **Concurrent plans before shared pacing.** When this harness was written, each provider process paced only its own
  calls; figure 3 then measured 1.146 × floor with 18 of 33 calls throttled, the plans taking 11.3, 16.0 and 6.2 s.
  Commit a7f4d85 made the release client pace across the provider processes of the machine (a slot file under the
  temporary directory). The harness gives every terraform a TMPDIR of its own run, shared by the plans of the run, so
  that state neither meets other processes' nor outlives the run.
- **One fresh fake server per plan** (one shared server for the three concurrent plans of figure 3), so every
  plan starts with a full bucket, as the live API's is after a quiet second, and its log holds that plan's calls
  only. Each build runs one untimed plan first, so the first figure does not pay for a cold binary.
- **Ctrl-C** is SIGINT to terraform's process group, which is what a terminal sends (terraform and its provider
  both get it); terraform then asks the provider to stop. Calls after the signal are counted from the server's log.
- **Memory** is the provider's own peak RSS (` + "`VmHWM`" + ` from ` + "`/proc/<pid>/status`" + `, sampled every 20 ms while it runs):
  the provider is terraform's child, so getrusage of the harness's children would mix it with terraform's.
  terraform starts the provider three times per plan (schema, validation, plan); the figure is the largest.
`

// findings explains each missed target from the figures, and notes what a
// met target hides (throttling, unfairness).
func findings(r *Report) []Finding {
	var out []Finding
	if f, ok := fig2Finding(r); ok {
		out = append(out, f)
	}
	if f, ok := fig5Finding(r); ok {
		out = append(out, f)
	}
	out = append(out, otherMisses(r)...)
	if f, ok := fig3Finding(r); ok {
		out = append(out, f)
	}
	if f, ok := headroomFinding(r); ok {
		out = append(out, f)
	}
	return out
}

// targetRun returns the run of a figure that carries the target.
func targetRun(runs []figRun) (figRun, bool) {
	for _, fr := range runs {
		if fr.setup.label() == release().label() {
			return fr, true
		}
	}
	return figRun{}, false
}

func rowMissed(r *Report, figure string) bool {
	for _, row := range r.Missed() {
		if row.Figure == figure {
			return true
		}
	}
	return false
}

func fig2Finding(r *Report) (Finding, bool) {
	fr, ok := targetRun(r.fig2)
	if !ok || !rowMissed(r, "2") {
		return Finding{}, false
	}
	fl := floor(fig2Distinct)
	var b strings.Builder
	if fr.st.Calls == fig2Distinct {
		fmt.Fprintf(&b, "The call count is right: %d calls for %d blocks, the sharing works. The time is not. ", fr.st.Calls, fig2Blocks)
	} else {
		fmt.Fprintf(&b, "%d calls instead of %d (%d throttled: see the pacing headroom note below). ", fr.st.Calls, fig2Distinct, fr.st.Throttled)
	}
	if fr.res.ExitCode != 0 || fr.st.Calls == 0 {
		fmt.Fprintf(&b, "The plan failed (exit code %d), so its time says nothing about speed.", fr.res.ExitCode)
		return Finding{Title: "Figure 2: 200 blocks over 10 pairs", Text: b.String(), Missed: true}, true
	}
	lead, span, tail := fr.st.First.Sub(fr.res.Started), fr.st.Last.Sub(fr.st.First), fr.res.Ended.Sub(fr.st.Last)
	excess := fr.res.Wall() - fl
	budget := time.Duration(0.05 * float64(fl))
	fmt.Fprintf(&b, "The plan took %s against a floor of %s: %s over, where the target allows %s. Where it went:\n\n", secs(fr.res.Wall()), secs(fl), secs(excess), secs(budget))
	fmt.Fprintf(&b, "- **%s from terraform's start to the first call.** terraform reads and validates the %d blocks, starts the provider "+
		"three times (schema, validation, plan), builds the graph and configures the provider before it asks for the first read; "+
		"the provider cannot call before it is asked.", secs(lead), fig2Blocks)
	if one, ok := fig5One(r); ok {
		fmt.Fprintf(&b, " A whole plan of one lookup takes %s on this machine (figure 5)", secs(one))
		if one > budget {
			fmt.Fprintf(&b, ", which alone is more than the %s budget.", secs(budget))
		} else {
			fmt.Fprintf(&b, ", %.0f %% of the %s budget.", 100*one.Seconds()/budget.Seconds(), secs(budget))
		}
	}
	b.WriteString("\n")
	paced := withHeadroom(fl)
	fmt.Fprintf(&b, "- **%s from the first call to the last**, against %s for 9 intervals of %s (the limiter's %s headroom costs %s here)",
		secs(span), secs(paced), secs(withHeadroom(time.Second)), headroomPercent(), secs(paced-fl))
	if fr.st.Throttled > 0 {
		fmt.Fprintf(&b, "; %d call was throttled and its retry went to the back of the limiter's queue, one more interval", fr.st.Throttled)
	}
	b.WriteString(".\n")
	fmt.Fprintf(&b, "- **%s from the last call to the exit**: at `-parallelism=10` terraform still has blocks to walk after the last answer "+
		"(they waited for a free slot while slots were held by reads waiting on the limiter).\n\n", secs(tail))
	fmt.Fprintf(&b, "What would fix it: not the limiter, which spaces the calls as designed (plus its %s headroom); the excess is the "+
		"plan's cost before the first and after the last call. The comparison rows:\n\n", headroomPercent())
	for _, alt := range r.fig2 {
		if alt.setup.label() == release().label() || alt.setup.build != BuildRelease || alt.st.Calls == 0 {
			continue
		}
		fmt.Fprintf(&b, "- %s: %s (%.3f × floor; start → first call %s, last call → exit %s).\n", alt.setup.label(),
			secs(alt.res.Wall()), alt.ratio, secs(alt.st.First.Sub(alt.res.Started)), secs(alt.res.Ended.Sub(alt.st.Last)))
	}
	b.WriteString("\n")
	b.WriteString("The provider already switches its TRACE logging off when no `TF_LOG*` variable is set (see What was tried); " +
		"the parallelism is the user's. ")
	if one, ok := fig5One(r); ok {
		best := withHeadroom(fl) + one
		fmt.Fprintf(&b, "Even if the 199 extra blocks cost nothing, the plan would take 9 × %s plus a one-lookup plan's %s = %s = %.3f × floor, ",
			secs(withHeadroom(time.Second)), secs(one), secs(best), best.Seconds()/fl.Seconds())
		if best.Seconds()/fl.Seconds() > 1.05 {
			b.WriteString("already over the target: on this machine 1.05 × a 9 s floor is out of reach for any provider, ")
		} else {
			b.WriteString("just inside the target, with no room for the blocks themselves, ")
		}
		b.WriteString("while over the 29 s floor of figure 1 the same fixed cost fits in 5 %.")
	}
	return Finding{Title: "Figure 2: 200 blocks over 10 pairs", Text: b.String(), Missed: true}, true
}

func fig5One(r *Report) (time.Duration, bool) {
	for _, f := range r.fig5 {
		if len(f.setup.env) == 0 {
			return f.one, true
		}
	}
	return 0, false
}

func fig5Finding(r *Report) (Finding, bool) {
	if !rowMissed(r, "5") || len(r.fig5) == 0 {
		return Finding{}, false
	}
	f := r.fig5[0]
	extra := f.many - f.one
	budget := time.Duration(0.2 * float64(f.one))
	cpuExtra := f.cpuMany - f.cpuOne
	provExtra := f.providerCPUMany - f.providerCPUOne
	tfExtra := cpuExtra - provExtra
	perBlock := provExtra / (fig5Identical - 1)
	var b strings.Builder
	fmt.Fprintf(&b, "The %d identical blocks make one API call, as they should; the extra %d blocks cost %s of wall time where the target "+
		"allows %s (0.2 × the %s plan of one). The extra CPU is %s: **%s in the provider** (about %.1f ms per block) and "+
		"**%s in terraform** (its graph walk and the gRPC calls). ",
		fig5Identical, fig5Identical-1, secs(extra), secs(budget), secs(f.one), secs(cpuExtra), secs(provExtra),
		float64(perBlock)/float64(time.Millisecond), secs(tfExtra))
	if tfExtra > budget {
		fmt.Fprintf(&b, "terraform's share alone is more than the budget, so a provider that cost nothing per block would still miss. ")
	} else {
		fmt.Fprintf(&b, "terraform's share alone fits in the budget; the provider's is what breaks it. ")
	}
	b.WriteString("\n\nWhat was done: the provider no longer writes the TRACE logging terraform discards (see What was tried). " +
		"The rest is the framework's and terraform's per-block cost (a validation and a read call per block, each a gRPC round trip " +
		"with its schema checks), which a provider cannot remove")
	if tfExtra > budget {
		b.WriteString(": with it, 50 blocks cannot cost only 1.2 × one block on this machine.")
	} else {
		b.WriteString(".")
	}
	return Finding{Title: "Figure 5: 50 identical lookups against 1", Text: b.String(), Missed: true}, true
}

// otherMisses covers the targets that have no dedicated analysis (expected
// to be met): the row itself is the evidence.
func otherMisses(r *Report) []Finding {
	var out []Finding
	for _, row := range r.Missed() {
		if row.Figure == "2" || row.Figure == "5" {
			continue
		}
		text := "Measured: " + row.Measured + ". Target: " + row.Target + "."
		switch row.Figure {
		case "1":
			text += " The limiter is meant to keep this at the floor with no throttling; a throttled call here points at the pacing headroom (see below)."
		case "3":
			text += " See the note on concurrent plans below."
		case "4":
			text += " The client's waits (limiter, backoff, flights) all watch the context terraform cancels on Stop; a slow exit means one of them does not."
		}
		out = append(out, Finding{Title: "Figure " + row.Figure, Text: text, Missed: true})
	}
	return out
}

func fig3Finding(r *Report) (Finding, bool) {
	f := r.fig3
	if len(f.results) == 0 {
		return Finding{}, false
	}
	start := f.results[0].Started
	for _, res := range f.results {
		start = minTime(start, res.Started)
	}
	walls := make([]string, len(f.results))
	firsts := make([]string, len(f.results))
	for i, res := range f.results {
		walls[i] = secs(res.Wall())
		firsts[i] = "—"
		if i < len(f.perPlan) && f.perPlan[i].Calls > 0 {
			firsts[i] = secs(f.perPlan[i].First.Sub(start))
		}
	}
	missed := rowMissed(r, "3")
	var b strings.Builder
	if f.st.Throttled == 0 {
		fmt.Fprintf(&b, "Met by pacing, not by retries: the %d providers pace together (the release client keeps each rate-limited "+
			"action's next free slot in a file under the temporary directory, locked while it is read and written, keyed by action, "+
			"endpoint and SecretId), so the server refused none of the %d calls. ", fig3Plans, f.st.Calls)
		fmt.Fprintf(&b, "The plans' first calls came %s after the first plan started, and the plans took %s: each provider reserves "+
			"slots for all the reads terraform starts at once, so the plans are served largely one after another, first come, first "+
			"served, rather than interleaved. "+
			"That is fair in total (the wall time is the floor of all %d lookups plus one plan's start) but not per plan: a plan of one "+
			"lookup started just after a plan of 30 waits about 30 s. Nothing to fix for this target; if per-plan latency ever matters, "+
			"slots would have to be handed out round-robin between processes.",
			strings.Join(firsts, ", "), strings.Join(walls, ", "), fig3Plans*fig3LookupsEach)
		return Finding{Title: "Figure 3: concurrent plans share one pace", Text: b.String(), Missed: missed}, true
	}
	fmt.Fprintf(&b, "**%s of %d throttled** (%s for %d lookups); %d lookups failed; the plans took %s. "+
		"The throttled calls came %s after the last answered one: ",
		plural(f.st.Throttled, "call", "calls"), f.st.Calls, plural(f.st.Retries(), "retry", "retries"), fig3Plans*fig3LookupsEach,
		f.failed, strings.Join(walls, ", "), gapRange(f.st))
	if f.st.ThrottledGapMax < 900*time.Millisecond {
		b.WriteString("far less than a second, so the processes did not pace against each other (is the pacing state shared? " +
			"each provider must see the same temporary directory). Separate processes offer more than the limit unless they share " +
			"their pacing, and then the server's `RequestLimitExceeded` answers do the pacing: every lookup has 5 retries (about 15 s " +
			"of backoff) before it fails the plan, and on the live API every refused call counts against the account. What would fix " +
			"it: pacing shared between the processes of the machine, and a limiter that, on `RequestLimitExceeded`, pushes the " +
			"action's next slot back for every queued caller rather than delaying only the refused call.")
	} else {
		fmt.Fprintf(&b, "just under a second, so the processes did pace against each other (the release client keeps each action's "+
			"next free slot in a file under the temporary directory, shared by the providers of the machine) and the call lost the "+
			"%s headroom between its write and the server's decision; see the pacing headroom note.", headroomPercent())
		for i, st := range f.perPlan {
			if st.Throttled > 0 {
				fmt.Fprintf(&b, " It cost plan %d a retry: its %d calls spread over %s instead of about %s.",
					i+1, st.Calls, secs(st.Last.Sub(st.First)), secs(withHeadroom(floor(fig3LookupsEach))))
			}
		}
	}
	return Finding{Title: "Figure 3: concurrent plans were throttled", Text: b.String(), Missed: missed}, true
}

// headroomFinding reports release-build plans that were throttled although
// their calls were paced by one limiter.
func headroomFinding(r *Report) (Finding, bool) {
	var hits []string
	var lo, hi time.Duration
	runs3 := []figRun{}
	if len(r.fig3.results) > 0 {
		runs3 = append(runs3, figRun{figure: "3", setup: release(), st: r.fig3.st})
	}
	for _, runs := range [][]figRun{r.fig1, r.fig2, runs3} {
		for _, fr := range runs {
			if fr.setup.build != BuildRelease || fr.st.Throttled == 0 {
				continue
			}
			hits = append(hits, fmt.Sprintf("%d throttled in figure %s (%s)", fr.st.Throttled, fr.figure, fr.setup.label()))
			if len(hits) == 1 || fr.st.ThrottledGapMin < lo {
				lo = fr.st.ThrottledGapMin
			}
			hi = max(hi, fr.st.ThrottledGapMax)
		}
	}
	if len(hits) == 0 {
		return Finding{}, false
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Paced, and still refused: %s. ", strings.Join(hits, "; "))
	fmt.Fprintf(&b, "The throttled calls arrived %.3f–%.3f s after the last answered call. The release client spaces calls %s apart "+
		"measured when each is written to the wire (across its processes too), so what ate the %s of headroom lies between the write "+
		"and the server's decision: here the fake server runs inside the harness, on 2 cores shared with terraform and the providers "+
		"(load average %s before the figures, %s after); on the live "+
		"API it is network jitter. Each refusal costs a backoff and a retry that queues behind the calls already waiting: about one more "+
		"interval.\n\n", lo.Seconds(), hi.Seconds(), secs(withHeadroom(time.Second)), secs(withHeadroom(time.Second)-time.Second),
		r.LoadBefore, r.LoadAfter)
	fmt.Fprintf(&b, "What would fix it: a larger headroom on 1 request/s actions than %s, or a throttled call retried in the next free "+
		"slot without a backoff of its own.", headroomPercent())
	return Finding{Title: "Pacing headroom: the release build was throttled", Text: b.String()}, true
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// withHeadroom is d stretched by the client's pacing headroom.
func withHeadroom(d time.Duration) time.Duration {
	return time.Duration(float64(d) * (1 + tcapi.PacingHeadroom))
}

func headroomPercent() string {
	return fmt.Sprintf("%g %%", 100*tcapi.PacingHeadroom)
}
