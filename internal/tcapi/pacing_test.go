//go:build unix

package tcapi

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
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
	when := time.Unix(1767225600, 123).UTC() // as the file gives it back
	learnt := adaptiveState{Enabled: true, Rate: 0.5, WMax: 0.98, TFail: when, LastCut: when, LastOK: when.Add(-time.Second), Streak: 3}
	if err := a.update(func(s *slotState) { s.Next, s.Last, s.Adaptive = when, when.Add(-time.Second), learnt }); err != nil {
		t.Fatal(err)
	}
	var seen slotState
	if err := again.update(func(s *slotState) { seen = *s }); err != nil {
		t.Fatal(err)
	}
	if !seen.Next.Equal(when) || !seen.Last.Equal(when.Add(-time.Second)) || !reflect.DeepEqual(seen.Adaptive, learnt) {
		t.Errorf("read back %+v", seen)
	}
	// A torn or foreign file counts as empty.
	for _, junk := range []string{"\x01\x02\x03", `{"next": "yesterday"`, `[1, 2]`, `null`} {
		if err := os.WriteFile(a.path, []byte(junk), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := a.update(func(s *slotState) { seen = *s }); err != nil || !seen.Next.IsZero() || seen.Adaptive.Enabled {
			t.Errorf("%q read as %+v, %v", junk, seen, err)
		}
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
		waitAndSend(t, both[i%2], "A").answered(false)
		sent = append(sent, clk.Now().Sub(start))
	}
	want := []time.Duration{0, paced(time.Second), 2 * paced(time.Second), 3 * paced(time.Second)}
	if !equalDurations(sent, want, time.Millisecond) {
		t.Errorf("sent at %v, want %v", sent, want)
	}
}

func TestStalePacingFilesAreRemoved(t *testing.T) {
	dir := t.TempDir()
	now := time.Now()
	write := func(name string, age time.Duration) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("{}"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, now.Add(-age), now.Add(-age)); err != nil {
			t.Fatal(err)
		}
		return p
	}
	oldPace, oldLock := write("aaa.pace", 25*time.Hour), write("aaa.lock", 25*time.Hour)
	freshPace, freshLock := write("bbb.pace", time.Hour), write("bbb.lock", 30*time.Hour)
	other := write("notes.txt", 100*time.Hour)
	removeStalePacing(dir, now)
	for p, kept := range map[string]bool{oldPace: false, oldLock: false, freshPace: true, freshLock: true, other: true} {
		if _, err := os.Stat(p); (err == nil) != kept {
			t.Errorf("%s: kept %v, want %v", filepath.Base(p), err == nil, kept)
		}
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
