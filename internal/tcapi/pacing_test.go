//go:build unix

package tcapi

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
)

func TestFileStoreIsSharedByKey(t *testing.T) {
	dir := t.TempDir()
	a, err := newFileStore(dir, "A", "https://a.example", "AKID1")
	if err != nil {
		t.Fatal(err)
	}
	again, _ := newFileStore(dir, "A", "https://a.example", "AKID1")
	otherKey, _ := newFileStore(dir, "A", "https://a.example", "AKID2")
	otherHost, _ := newFileStore(dir, "A", "https://b.example", "AKID1")
	if a.path != again.path || a.path == otherKey.path || a.path == otherHost.path || strings.Contains(a.path, "AKID") {
		t.Errorf("paths %s %s %s %s: same key and endpoint must share a file, others not, and no path may name the key",
			a.path, again.path, otherKey.path, otherHost.path)
	}
	when := time.Unix(1767225600, 123)
	if err := a.update(func(s *slotState) { s.next, s.last = when, when.Add(-time.Second) }); err != nil {
		t.Fatal(err)
	}
	var seen slotState
	if err := again.update(func(s *slotState) { seen = *s }); err != nil {
		t.Fatal(err)
	}
	if !seen.next.Equal(when) || !seen.last.Equal(when.Add(-time.Second)) {
		t.Errorf("read back %+v", seen)
	}
	// A torn file counts as empty.
	if err := os.WriteFile(a.path, []byte{1, 2, 3}, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := a.update(func(s *slotState) { seen = *s }); err != nil || !seen.next.IsZero() {
		t.Errorf("torn file read as %+v, %v", seen, err)
	}
}

func TestFileStoreRefusesADirectoryOthersCanWrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "shared")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	if _, err := newFileStore(dir, "A", "https://a.example", "AKID"); err == nil {
		t.Error("accepted a world-writable directory")
	}
}

func TestPaceWaitsOutALateSender(t *testing.T) {
	// The previous call was scheduled long ago but only left 0.7 s ago: the
	// next one waits until a full interval after it really left.
	clk := newFakeClock()
	p := &pace{interval: time.Second}
	p.local.state.last = clk.Now().Add(-700 * time.Millisecond)
	if err := p.wait(t.Context(), clk, &p.local); err != nil {
		t.Fatal(err)
	}
	if got := clk.Sleeps(); !equalDurations(got, []time.Duration{300 * time.Millisecond}, time.Microsecond) {
		t.Errorf("slept %v, want 300ms", got)
	}
}

func TestPaceCountsFromWhenACallWasWritten(t *testing.T) {
	// A call that took 80 ms to reach the wire (a dial) pushes the next one
	// back by as much.
	clk := newFakeClock()
	l := newLimiters(map[string]float64{"A": 1}, clk, nil)
	written, err := l.wait(t.Context(), "A")
	if err != nil {
		t.Fatal(err)
	}
	clk.Sleep(t.Context(), 80*time.Millisecond) //nolint:errcheck // a fake clock cannot fail
	written()
	if _, err := l.wait(t.Context(), "A"); err != nil {
		t.Fatal(err)
	}
	want := []time.Duration{80 * time.Millisecond, paced(time.Second) - 80*time.Millisecond, 80 * time.Millisecond}
	if got := clk.Sleeps(); !equalDurations(got, want, time.Microsecond) {
		t.Errorf("slept %v, want %v (the slot, then the dial's delay)", got, want)
	}
}

func TestPaceIgnoresAStaleFuture(t *testing.T) {
	// As if the clock had been set back by a day since the state was written.
	clk := newFakeClock()
	p := &pace{interval: time.Second}
	p.local.state = slotState{next: clk.Now().Add(24 * time.Hour), last: clk.Now().Add(24 * time.Hour)}
	if err := p.wait(t.Context(), clk, &p.local); err != nil {
		t.Fatal(err)
	}
	if got := clk.Sleeps(); len(got) != 0 {
		t.Errorf("slept %v: a stale state must not stall calls", got)
	}
}

func TestLimitersShareSlotsThroughTheFile(t *testing.T) {
	// Two limiters on one file behave as one, as two processes would.
	dir := t.TempDir()
	clk := newFakeClock()
	var both []*limiters
	for range 2 {
		f, err := newFileStore(dir, "A", "https://a.example", "AKID")
		if err != nil {
			t.Fatal(err)
		}
		both = append(both, newLimiters(map[string]float64{"A": 1}, clk, map[string]slotStore{"A": f}))
	}
	start := clk.Now()
	var sent []time.Duration
	for i := range 4 {
		if _, err := both[i%2].wait(t.Context(), "A"); err != nil {
			t.Fatal(err)
		}
		sent = append(sent, clk.Now().Sub(start))
	}
	want := []time.Duration{0, paced(time.Second), 2 * paced(time.Second), 3 * paced(time.Second)}
	if !equalDurations(sent, want, time.Millisecond) {
		t.Errorf("sent at %v, want %v", sent, want)
	}
}

// TestPacingAcrossProcesses runs two child processes that read bills at
// once through one fake server enforcing 1 request/s: together they must
// stay under the limit.
func TestPacingAcrossProcesses(t *testing.T) {
	if os.Getenv("TCAPI_PACING_CHILD") != "" {
		t.Skip("runs as the child of itself")
	}
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "bill-amounts")
	dir := t.TempDir()
	var wg sync.WaitGroup
	for i, months := range []string{"2026-01,2026-02", "2026-03,2026-04"} {
		wg.Go(func() {
			cmd := exec.Command(os.Args[0], "-test.run=^TestPacingChild$", "-test.count=1")
			cmd.Env = append(os.Environ(), "TCAPI_PACING_CHILD="+months, "TCAPI_PACING_URL="+srv.URL(), "TCAPI_PACING_DIR="+dir)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("child %d: %v\n%s", i, err, out)
			}
		})
	}
	wg.Wait()
	wantPacedBills(t, srv, 4)
}

// TestPacingChild is the child half of TestPacingAcrossProcesses.
func TestPacingChild(t *testing.T) {
	months := os.Getenv("TCAPI_PACING_CHILD")
	if months == "" {
		t.Skip("only runs as the child of TestPacingAcrossProcesses")
	}
	url := os.Getenv("TCAPI_PACING_URL")
	c := New(Config{
		Credential: Credential{SecretID: fakeserver.TestSecretID, SecretKey: fakeserver.TestSecretKey},
		Endpoints:  everyServiceAt(t, url),
		PaceDir:    os.Getenv("TCAPI_PACING_DIR"),
		MaxRetries: 0, // a throttled call must fail, not hide behind a retry
	})
	var wg sync.WaitGroup
	for month := range strings.SplitSeq(months, ",") {
		wg.Go(func() {
			if _, err := c.DescribeCustomerBillSummary(t.Context(), billRequest(100000000001, month)); err != nil {
				t.Error(fmt.Errorf("%s: %w", month, err))
			}
		})
	}
	wg.Wait()
}
