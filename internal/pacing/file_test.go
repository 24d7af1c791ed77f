//go:build unix

package pacing

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/pacing/pacingtest"
)

func TestFileStoreIsSharedByKey(t *testing.T) {
	dir := t.TempDir()
	clk := pacingtest.NewFakeClock()
	a, err := NewFileStore(dir, clk)
	if err != nil {
		t.Fatal(err)
	}
	again, err := NewFileStore(dir, clk)
	if err != nil {
		t.Fatal(err)
	}
	const key = "A\nhttps://a.example\nkeys AKID1"
	if slot, err := a.Take(t.Context(), key, time.Second, 0); err != nil || slot.Wait != 0 {
		t.Fatalf("first take: %+v, %v", slot, err)
	}
	if slot, err := again.Take(t.Context(), key, time.Second, 0); err != nil || slot.Wait != time.Second {
		t.Errorf("the same key through another store: %+v, %v; want a wait of the interval", slot, err)
	}
	for _, other := range []string{"A\nhttps://a.example\nkeys AKID2", "A\nhttps://b.example\nkeys AKID1", "B\nhttps://a.example\nkeys AKID1"} {
		if slot, err := again.Take(t.Context(), other, time.Second, 0); err != nil || slot.Wait != 0 {
			t.Errorf("%q: %+v, %v; another key has a grid of its own", other, slot, err)
		}
	}
	names, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, n := range names {
		if strings.Contains(n, "AKID") || strings.Contains(n, "example") {
			t.Errorf("%s names what the key is made of", n)
		}
	}
	// A torn or foreign file counts as empty.
	paces, _ := filepath.Glob(filepath.Join(dir, "*.pace"))
	for _, junk := range []string{"\x01\x02\x03", `{"last": "yesterday"`, `[1, 2]`, `null`} {
		for _, p := range paces {
			if err := os.WriteFile(p, []byte(junk), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		if slot, err := a.Take(t.Context(), key, time.Second, 0); err != nil || slot.Wait != 0 {
			t.Errorf("%q read as %+v, %v", junk, slot, err)
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
	if _, err := NewFileStore(dir, RealClock{}); err == nil {
		t.Error("accepted a world-writable directory")
	}
}

func TestPacersShareSlotsThroughTheFile(t *testing.T) {
	// Two pacers on one directory behave as one, as two processes would.
	dir := t.TempDir()
	clk := pacingtest.NewFakeClock()
	var both []*Pacer
	for range 2 {
		f, err := NewFileStore(dir, clk)
		if err != nil {
			t.Fatal(err)
		}
		both = append(both, newTestPacer(clk, map[string]float64{"A": 1}, f))
	}
	start := clk.Now()
	var sent []time.Duration
	for i := range 4 {
		waitAndSend(t, both[i%2], "A").Answered(false)
		sent = append(sent, clk.Now().Sub(start))
	}
	first := paced(time.Second) - callSlack // the first call counts from its slack before
	want := []time.Duration{0, first, first + paced(time.Second), first + 2*paced(time.Second)}
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
	if _, err := NewFileStore(dir, RealClock{}); err != nil {
		t.Fatal(err)
	}
	for p, kept := range map[string]bool{oldPace: false, oldLock: false, freshPace: true, freshLock: true, other: true} {
		if _, err := os.Stat(p); (err == nil) != kept {
			t.Errorf("%s: kept %v, want %v", filepath.Base(p), err == nil, kept)
		}
	}
}

// TestFileStoreAcrossProcesses has two child processes take 3 slots each
// of one key in one directory at once: together they keep the interval, as
// one pace.
func TestFileStoreAcrossProcesses(t *testing.T) {
	slots := childSlots(t, "TestFileStoreChild", 2, "PACING_CHILD_DIR="+t.TempDir())
	if len(slots) != 6 {
		t.Fatalf("%d slots taken, want 6", len(slots))
	}
	assertSpaced(t, slots, 100*time.Millisecond-callSlack)
}

// TestFileStoreChild is the child half of TestFileStoreAcrossProcesses: it
// records the grid time of each slot it takes.
func TestFileStoreChild(t *testing.T) {
	dir := os.Getenv("PACING_CHILD_DIR")
	if dir == "" {
		t.Skip("only runs as the child of TestFileStoreAcrossProcesses")
	}
	store, err := NewFileStore(dir, RealClock{})
	if err != nil {
		t.Fatal(err)
	}
	p := New(map[string]Action{"A": {Limit: 1 / (1 + Headroom) * 10, Key: "A"}}, RealClock{}, nil, store)
	for range 3 {
		turn, err := p.Wait(t.Context(), "A", time.Minute, nil)
		if err != nil {
			t.Fatal(err)
		}
		logSlot(t, turn.slot.At)
	}
}
