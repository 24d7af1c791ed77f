// Command cmd runs the plan-speed benchmark (make bench) and writes
// BENCHMARKS.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/bench"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run() error {
	out := flag.String("out", "BENCHMARKS.md", "file to write the report to")
	goCmd := flag.String("go", "go", "go command that builds the provider variants")
	terraform := flag.String("terraform", "terraform", "terraform command to run")
	parallelism := flag.Int("parallelism", 10, "terraform -parallelism for every plan")
	keep := flag.Bool("keep", false, "keep the temporary directory (builds and configurations)")
	figures := flag.String("figures", "", "comma-separated figure numbers to measure (default all; a partial report says so)")
	command := flag.String("command", "", "how the run was started (e.g. make bench), for the report")
	flag.Parse()

	// The report names the command as typed and what it ran.
	var args []string
	flag.Visit(func(f *flag.Flag) {
		if f.Name != "command" {
			args = append(args, "-"+f.Name+" "+f.Value.String())
		}
	})
	ran := "`" + strings.TrimSpace("go run ./internal/bench/cmd "+strings.Join(args, " ")) + "`"
	if *command != "" {
		ran = "`" + *command + "`, which runs " + ran
	}
	// Ctrl-C stops the run: every terraform it started is killed with its
	// provider (they run in their own process groups) and no report is
	// written.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	start := time.Now()
	report, err := bench.Run(ctx, bench.Options{
		Go: *goCmd, Terraform: *terraform, Command: ran, Parallelism: *parallelism,
		Progress: os.Stderr, Keep: *keep, Figures: splitList(*figures),
	})
	if err != nil {
		return err
	}
	if err := write(*out, report); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "bench: wrote %s after %.1f min\n", *out, time.Since(start).Minutes())
	for _, row := range report.Rows {
		fmt.Fprintf(os.Stderr, "bench: %s %s [%s]: %s — target %s\n", row.Figure, row.Setup, row.Verdict, row.Measured, row.Target)
	}
	return nil
}

// write replaces path only once the whole report is written, so an
// interrupted run leaves the previous report in place.
func write(path string, r *bench.Report) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".benchmarks-*.md")
	if err != nil {
		return err
	}
	defer func() { _ = os.Remove(f.Name()) }()
	if err := bench.Render(f, r); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Chmod(0o644); err != nil { //nolint:gosec // a documentation file, readable by all like the rest of the repository
		_ = f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

func splitList(s string) []string {
	var out []string
	for f := range strings.SplitSeq(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
