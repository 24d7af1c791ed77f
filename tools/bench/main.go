// Command bench measures plan speed at the API's rate limits against the
// fake server and writes the measured tables into BENCHMARKS.md, between its
// marker lines; the rest of that file is written by people.
//
//	cd tools/bench && go run . -out ../../BENCHMARKS.md
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run() error {
	out := flag.String("out", "BENCHMARKS.md", "Markdown file whose results section is replaced")
	only := flag.String("figures", "", "comma-separated figure numbers to run (default all; the report then says it is partial)")
	terraform := flag.String("terraform", "terraform", "terraform binary")
	keep := flag.Bool("keep", false, "keep the temporary directory (build, configurations, terraform's stderr)")
	flag.Parse()

	// Plans run in directories of their own, so a relative path must not be.
	if strings.ContainsRune(*terraform, filepath.Separator) {
		abs, err := filepath.Abs(*terraform)
		if err != nil {
			return fmt.Errorf("-terraform: %w", err)
		}
		*terraform = abs
	}
	selected, err := selectFigures(figures(), *only)
	if err != nil {
		return err
	}
	// Fail before ten minutes of plans, not after, when the report has no
	// place for the results.
	if err := checkReport(*out); err != nil {
		return err
	}
	// Ctrl-C cancels ctx, which kills every terraform process group still
	// running; no report is written.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	rep, err := measure(ctx, options{terraform: *terraform, keep: *keep, figures: selected, partial: *only})
	if err != nil {
		if ctx.Err() != nil {
			return errors.New("interrupted: every child killed, no report written")
		}
		return err
	}
	rep.Command = command()
	if err := writeReport(*out, render(rep)); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "bench: wrote %s after %.1f min\n", *out, rep.Elapsed.Minutes())
	return nil
}

// selectFigures keeps the figures whose numbers list names ("" keeps all),
// in the table's order.
func selectFigures(all []figure, list string) ([]figure, error) {
	if strings.TrimSpace(list) == "" {
		return all, nil
	}
	want := map[int]bool{}
	for f := range strings.SplitSeq(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || !slices.ContainsFunc(all, func(f figure) bool { return f.n == n }) {
			return nil, fmt.Errorf("-figures: %q is not a figure number", f)
		}
		want[n] = true
	}
	return slices.DeleteFunc(slices.Clone(all), func(f figure) bool { return !want[f.n] }), nil
}

// command is how this run was started, runnable from the repository root:
// "go run ." when go run built the binary into its cache, else the binary.
func command() string {
	name := os.Args[0]
	if strings.Contains(name, "go-build") {
		name = "go run ."
	}
	cmd := strings.Join(append([]string{name}, os.Args[1:]...), " ")
	if wd, err := os.Getwd(); err == nil {
		cmd = "cd " + filepath.Base(filepath.Dir(wd)) + "/" + filepath.Base(wd) + " && " + cmd
	}
	return cmd
}
