package bench

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Verdict is how a figure compares with its target.
type Verdict string

// Verdicts.
const (
	VerdictMet    Verdict = "met"
	VerdictMissed Verdict = "**missed**"
	// VerdictNone marks a comparison row, which has no target.
	VerdictNone Verdict = "—"
)

// Row is one line of the results table.
type Row struct {
	Figure string
	Title  string
	// Setup names the build and how it was run.
	Setup    string
	Target   string
	Measured string
	Verdict  Verdict
}

// PlanRun is one terraform plan, for the table of every run.
type PlanRun struct {
	Figure        string
	Setup         string
	DataBlocks    int
	Distinct      int
	Wall          time.Duration
	ExitCode      int
	FailedLookups int
	Calls         callStats
	// Lead is the time from terraform's start to the first call, Span from
	// the first call to the last, Tail from the last call to the exit.
	Lead, Span, Tail time.Duration
	Note             string
}

// Finding is a paragraph of analysis: why a target was missed and what
// would fix it, or what a comparison shows.
type Finding struct {
	Title string
	Text  string
	// Missed marks the analysis of a missed target; the others are notes
	// on what a figure shows besides its target.
	Missed bool
}

// Report is a whole run.
type Report struct {
	Command     string
	Started     time.Time
	Elapsed     time.Duration
	Machine     Machine
	Parallelism int
	Builds      []Variant
	Rows        []Row
	Runs        []PlanRun
	Findings    []Finding
	// LoadBefore and LoadAfter are the load averages around the figures.
	LoadBefore, LoadAfter string
	// Skipped lists the figures left out of a partial run.
	Skipped []string

	// Raw figures, for the findings.
	fig1, fig2 []figRun
	fig3       fig3Result
	fig4       figRun
	fig5       []fig5Result
}

type figRun struct {
	figure string
	setup  setup
	res    planResult
	st     callStats
	ratio  float64
}

type fig3Result struct {
	wall    time.Duration
	ratio   float64
	st      callStats
	allOK   bool
	failed  int
	results []planResult
	perPlan []callStats
}

type fig5Result struct {
	setup                           setup
	processes                       int
	one, many                       time.Duration
	ratio                           float64
	rssOne, rssMany                 int64
	cpuOne, cpuMany                 time.Duration
	providerCPUOne, providerCPUMany time.Duration
}

// Missed lists the figures whose target was missed.
func (r *Report) Missed() []Row {
	var out []Row
	for _, row := range r.Rows {
		if row.Verdict == VerdictMissed {
			out = append(out, row)
		}
	}
	return out
}

// Render writes the report as BENCHMARKS.md.
func Render(w io.Writer, r *Report) error {
	var b strings.Builder
	b.WriteString("# Benchmarks: plan speed at the API's rate limits\n\n")
	b.WriteString("Written by `make bench`, which overwrites this file: rerun it rather than editing by hand. " +
		"Every figure below comes from one run, measured side by side on one machine. " +
		"None of it runs in `make test`: the figures take minutes and depend on the machine.\n\n")

	if len(r.Skipped) > 0 {
		fmt.Fprintf(&b, "**Partial run: figures %s were not measured.** Run `make bench` for the whole table.\n\n", strings.Join(r.Skipped, ", "))
	}
	b.WriteString("## Run\n\n| | |\n|---|---|\n")
	row2(&b, "command", r.Command)
	row2(&b, "date", r.Started.Format("2006-01-02 15:04 MST"))
	row2(&b, "machine", fmt.Sprintf("%s, %d logical cores, %s", r.Machine.CPU, r.Machine.Cores, r.Machine.OS))
	row2(&b, "load average", fmt.Sprintf("%s before the figures, %s after (1, 5, 15 min; the machine may be shared)", r.LoadBefore, r.LoadAfter))
	row2(&b, "Go", r.Machine.Go)
	row2(&b, "Terraform", r.Machine.Terraform)
	row2(&b, "API", "the recorded fake server (`internal/fakeserver`) in the harness's process, cassette `"+cassette+
		"`, live limits: `DescribeCustomerBillSummary` is a token bucket of 1 request/s with a burst of 1, shared by every caller, "+
		"answering `RequestLimitExceeded` beyond it; signatures verified")
	row2(&b, "plan", fmt.Sprintf("`terraform plan -refresh=true -input=false -no-color -parallelism=%d` with `dev_overrides` (no `terraform init`), "+
		"keys from `TENCENTCLOUD_SECRET_ID`/`TENCENTCLOUD_SECRET_KEY`, one `tcintl_customer_bill_summary` block per lookup", r.Parallelism))
	for _, v := range r.Builds {
		row2(&b, "build `"+v.Name+"`", v.Description+" ("+tagsOrNone(v.Tags)+")")
	}
	row2(&b, "run time", fmt.Sprintf("%.1f min in all, builds included", r.Elapsed.Minutes()))

	b.WriteString("\n## Results\n\n")
	b.WriteString("| # | figure | build and run | target | measured | result |\n|---|---|---|---|---|---|\n")
	for _, row := range r.Rows {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", row.Figure, row.Title, row.Setup, row.Target, row.Measured, row.Verdict)
	}
	if missed := r.Missed(); len(missed) > 0 {
		names := make([]string, len(missed))
		for i, m := range missed {
			names[i] = m.Figure
		}
		fmt.Fprintf(&b, "\nMissed: %s. The targets stay as set; see [Missed targets](#missed-targets) for why and what would fix it.\n",
			strings.Join(names, ", "))
	} else {
		b.WriteString("\nEvery target met.\n")
	}

	b.WriteString("\n## Every plan\n\n")
	b.WriteString("Calls are the fake server's log for `DescribeCustomerBillSummary`: every request it received, " +
		"split into answered (ok), refused by its rate limiter (throttled) and other (abandoned or otherwise failed).\n\n")
	b.WriteString("| figure | build and run | data blocks | distinct | wall | start → 1st call | 1st → last call | last call → exit | exit code | failed lookups | calls | ok | throttled | other | note |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, p := range r.Runs {
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %s | %s | %s | %s | %d | %d | %d | %d | %d | %d | %s |\n",
			p.Figure, p.Setup, p.DataBlocks, p.Distinct, secs(p.Wall), secs(p.Lead), secs(p.Span), secs(p.Tail), p.ExitCode, p.FailedLookups,
			p.Calls.Calls, p.Calls.OK, p.Calls.Throttled, p.Calls.Other, p.Note)
	}

	b.WriteString(howToRead)
	b.WriteString(whatWasTried)

	b.WriteString("\n## Missed targets\n\n")
	writeFindings(&b, r.Findings, true, "None.")
	b.WriteString("## Notes on the figures\n\n")
	writeFindings(&b, r.Findings, false, "Nothing beyond the tables.")
	_, err := io.WriteString(w, strings.TrimRight(b.String(), "\n")+"\n")
	return err
}

func writeFindings(b *strings.Builder, fs []Finding, missed bool, none string) {
	n := 0
	for _, f := range fs {
		if f.Missed != missed {
			continue
		}
		fmt.Fprintf(b, "### %s\n\n%s\n\n", f.Title, strings.ReplaceAll(strings.TrimSpace(f.Text), " \n", "\n"))
		n++
	}
	if n == 0 {
		b.WriteString(none + "\n\n")
	}
}

func row2(b *strings.Builder, k, v string) {
	fmt.Fprintf(b, "| %s | %s |\n", k, v)
}
