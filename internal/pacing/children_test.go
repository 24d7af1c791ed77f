//go:build unix

package pacing

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// childLogEnv names the file where the children of childSlots write the
// slots they take.
const childLogEnv = "PACING_CHILD_LOG"

// childSlots runs the test named child in n processes of this test binary
// at once, with env added to theirs, and returns the slots they took
// (logSlot), as separate machines' pacers would take them.
func childSlots(t *testing.T, child string, n int, env ...string) []time.Time {
	t.Helper()
	log := filepath.Join(t.TempDir(), "slots.log")
	var cmds []*exec.Cmd
	for range n {
		cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^"+child+"$", "-test.count=1") //nolint:gosec // the test binary itself
		cmd.Env = append(append(os.Environ(), env...), childLogEnv+"="+log)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("%s: %v", child, err)
		}
	}
	data, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	var slots []time.Time
	for _, line := range strings.Fields(string(data)) {
		us, err := strconv.ParseInt(line, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		slots = append(slots, time.UnixMicro(us))
	}
	return slots
}

// logSlot, in a child of childSlots, records a slot it took.
func logSlot(t *testing.T, at time.Time) {
	t.Helper()
	f, err := os.OpenFile(os.Getenv(childLogEnv), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(strconv.FormatInt(at.UnixMicro(), 10) + "\n"); err != nil {
		t.Fatal(err)
	}
}

// assertSpaced asserts that the slots, sorted, are at least interval apart.
func assertSpaced(t *testing.T, slots []time.Time, interval time.Duration) {
	t.Helper()
	slices.SortFunc(slots, time.Time.Compare)
	for i := 1; i < len(slots); i++ {
		if gap := slots[i].Sub(slots[i-1]); gap < interval {
			t.Errorf("slots %d and %d %v apart, under the interval of %v", i, i+1, gap, interval)
		}
	}
}
