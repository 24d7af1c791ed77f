package main

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

// The generated tables go between these lines; the rest of the file is
// written by people and left alone.
const (
	beginMarker = "<!-- bench:results:begin -->"
	endMarker   = "<!-- bench:results:end -->"
)

// Report is one run.
type Report struct {
	Started               time.Time
	Elapsed               time.Duration
	CPU                   string
	Cores                 int
	LoadBefore, LoadAfter string
	Go, Terraform         string
	Command               string
	Partial               string // the -figures list; "" for all
	Rows                  []row
	Plans                 []planRun
}

// row is a line of the results table.
type row struct {
	n                      int
	what, target, measured string
	met                    bool
}

// render writes the three tables, Markdown.
func render(r *Report) string {
	var b strings.Builder
	b.WriteString("### Run\n\n| | |\n|---|---|\n")
	line := func(cells ...string) {
		for i := range cells {
			cells[i] = strings.ReplaceAll(cells[i], "|", `\|`)
		}
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
	line("date", r.Started.UTC().Format("2006-01-02 15:04")+" UTC")
	line("machine", fmt.Sprintf("%s, %d cores", r.CPU, r.Cores))
	line("load average (1, 5, 15 min)", r.LoadBefore+" before, "+r.LoadAfter+" after")
	line("Go", r.Go)
	line("Terraform", r.Terraform)
	line("run time", fmt.Sprintf("%.1f min", r.Elapsed.Minutes()))
	line("command", "`"+r.Command+"`")
	if r.Partial != "" {
		line("figures", "**partial run**: only "+r.Partial)
	}

	b.WriteString("\n### Results\n\n| # | figure | target | measured | result |\n|---|---|---|---|---|\n")
	for _, x := range r.Rows {
		line(fmt.Sprint(x.n), x.what, x.target, x.measured, verdict(x.met))
	}

	b.WriteString("\n### Every plan\n\n" +
		"| # | wall | start → 1st call | 1st → last call | last call → exit | exit code | failed lookups | calls | ok | throttled | other | note |\n" +
		"|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, p := range r.Plans {
		lead, spanned, tail := "—", "—", "—"
		if c := p.calls; c.calls > 0 {
			lead, spanned, tail = secs(c.first.Sub(p.start)), secs(c.last.Sub(c.first)), secs(p.end.Sub(c.last))
		}
		line(fmt.Sprint(p.figure), secs(p.wall()), lead, spanned, tail, exitText(p), fmt.Sprint(p.failed),
			fmt.Sprint(p.calls.calls), fmt.Sprint(p.calls.ok), fmt.Sprint(p.calls.throttled), fmt.Sprint(p.calls.other), planNote(p))
	}
	return b.String()
}

// planNote is the one-line note of a plan: what happened besides the counts.
func planNote(p planRun) string {
	notes := []string{p.note}
	if !p.signalAt.IsZero() {
		notes = append(notes, fmt.Sprintf("%s at %s, exit %s later, %d calls after it",
			signalNames[p.signal], secs(p.signalAt.Sub(p.start)), secs(p.end.Sub(p.signalAt)), p.lateCalls))
	}
	if p.timedOut {
		notes = append(notes, fmt.Sprintf("killed at the %s timeout", planTimeout))
	}
	if p.outlived {
		notes = append(notes, "a provider process outlived terraform")
	}
	for _, c := range slices.Sorted(maps.Keys(p.codes)) {
		notes = append(notes, fmt.Sprintf("%d × %s", p.codes[c], c))
	}
	return strings.Join(slices.DeleteFunc(notes, func(s string) bool { return s == "" }), "; ")
}

// signalNames are the signals the figures send.
var signalNames = map[syscall.Signal]string{syscall.SIGINT: "SIGINT", syscall.SIGKILL: "SIGKILL"}

// overFloor is "29.99 s / 29.00 s = 1.034 × floor".
func overFloor(wall, fl time.Duration) string {
	q := ratio(wall, fl)
	if math.IsInf(q, 1) {
		return secs(wall) + " (no floor: one call)"
	}
	return fmt.Sprintf("%s / %s = %.3f × floor", secs(wall), secs(fl), q)
}

// callsText is "31 calls, 1 throttled (3.2 %)".
func callsText(c callStats) string {
	s := fmt.Sprintf("%d calls, %d throttled (%.1f %%)", c.calls, c.throttled, 100*float64(c.throttled)/float64(max(c.calls, 1)))
	if c.other > 0 {
		s += fmt.Sprintf(", %d other", c.other)
	}
	return s
}

// exitText is terraform's exit code, or "killed" when a signal ended it.
func exitText(p planRun) string {
	if p.exit < 0 {
		return "killed"
	}
	return fmt.Sprint(p.exit)
}

// outcome says how a plan ended.
func outcome(p planRun) string {
	switch {
	case p.timedOut:
		return "plan killed at the timeout"
	case p.exit == 0:
		return "plan succeeded"
	case p.failed > 0:
		return fmt.Sprintf("**plan failed: %d lookups failed**", p.failed)
	}
	return fmt.Sprintf("**plan failed (exit code %d)**", p.exit)
}

func verdict(met bool) string {
	if met {
		return "met"
	}
	return "**missed**"
}

func secs(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

func mib(kib int64) string {
	if kib == 0 {
		return "not seen"
	}
	return fmt.Sprintf("%.1f MiB", float64(kib)/1024)
}

// replaceResults puts results between the marker lines of doc, keeping
// the lines themselves and everything outside them.
func replaceResults(doc, results string) (string, error) {
	begin, end := -1, -1 // byte offsets: after the begin line, at the end line
	offset := 0
	for line := range strings.Lines(doc) {
		switch strings.TrimSpace(line) {
		case beginMarker:
			if begin >= 0 {
				return "", fmt.Errorf("more than one %s line", beginMarker)
			}
			begin = offset + len(line)
		case endMarker:
			if end >= 0 {
				return "", fmt.Errorf("more than one %s line", endMarker)
			}
			end = offset
		}
		offset += len(line)
	}
	switch {
	case begin < 0 || end < 0:
		return "", fmt.Errorf("no %s line followed by a %s line: the results go between them", beginMarker, endMarker)
	case end < begin:
		return "", fmt.Errorf("the %s line comes before the %s line", endMarker, beginMarker)
	}
	return doc[:begin] + "\n" + strings.TrimSpace(results) + "\n\n" + doc[end:], nil
}

// readReport reads path; a file that does not exist yet is a minimal one.
func readReport(path string) (string, fs.FileMode, error) {
	b, err := os.ReadFile(path) //nolint:gosec // the user names the report
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "# Benchmarks\n\n" + beginMarker + "\n" + endMarker + "\n", 0o644, nil
	case err != nil:
		return "", 0, fmt.Errorf("reading the report: %w", err)
	}
	info, err := os.Stat(path)
	if err != nil {
		return "", 0, fmt.Errorf("reading the report: %w", err)
	}
	return string(b), info.Mode().Perm(), nil
}

// checkReport fails when path exists without the markers.
func checkReport(path string) error {
	doc, _, err := readReport(path)
	if err == nil {
		_, err = replaceResults(doc, "")
	}
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// writeReport replaces the results in path. The file is read again, not
// remembered from the start: people may have edited it during the run. It
// is replaced whole only once written, so a failure leaves it as it was.
func writeReport(path, results string) error {
	doc, mode, err := readReport(path)
	if err != nil {
		return err
	}
	updated, err := replaceResults(doc, results)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".bench-*.md")
	if err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	defer func() { _ = os.Remove(f.Name()) }()
	_, err = f.WriteString(updated)
	if err == nil {
		err = f.Chmod(mode)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	return nil
}
