//go:build unix

package pacing

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/pacing/redistest"
)

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

// Many goroutines of two machines taking one key's slots at once keep one
// interval apart, on the coordinator's clock.
func TestRedisStoreSlotsStayAnIntervalApart(t *testing.T) {
	srv := redistest.Start(t)
	// Not a whole number of microseconds: the coordinator rounds it up, never down.
	const interval, want = 3*time.Millisecond + 500*time.Nanosecond, 60
	var mu sync.Mutex
	var slots []time.Time
	var wg sync.WaitGroup
	for range 2 {
		s := openRedis(t, RedisConfig{URL: srv.URL})
		for range 8 {
			wg.Go(func() {
				for {
					mu.Lock()
					done := len(slots) >= want
					mu.Unlock()
					if done {
						return
					}
					slot, err := s.Take(t.Context(), "A", interval, time.Millisecond)
					if err != nil {
						t.Error(err)
						return
					}
					if slot.Wait > 0 {
						time.Sleep(slot.Wait)
						continue
					}
					mu.Lock()
					slots = append(slots, slot.At)
					mu.Unlock()
				}
			})
		}
	}
	wg.Wait()
	if len(slots) < want {
		t.Fatalf("%d slots, want %d", len(slots), want)
	}
	assertSpaced(t, slots, interval)
}

// Three processes, each a Pacer on the coordinator, taking slots of one
// action at once keep one interval apart.
func TestRedisStoreAcrossProcesses(t *testing.T) {
	if os.Getenv("PACING_REDIS_CHILD_URL") != "" {
		t.Skip("runs as the child of itself")
	}
	srv := redistest.Start(t)
	dir := t.TempDir()
	var cmds []*exec.Cmd
	for range 3 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestRedisStoreChild$", "-test.count=1") //nolint:gosec // the test binary itself
		cmd.Env = append(os.Environ(), "PACING_REDIS_CHILD_URL="+srv.URL, "PACING_REDIS_CHILD_DIR="+dir)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("child: %v", err)
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, "slots.log"))
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
	if len(slots) != 15 {
		t.Fatalf("%d slots taken, want 15", len(slots))
	}
	assertSpaced(t, slots, Interval(childLimit))
}

const childLimit = 20

// TestRedisStoreChild is the child half of TestRedisStoreAcrossProcesses:
// it records the grid time of each slot it takes, on the coordinator's
// clock.
func TestRedisStoreChild(t *testing.T) {
	url := os.Getenv("PACING_REDIS_CHILD_URL")
	if url == "" {
		t.Skip("only runs as the child of TestRedisStoreAcrossProcesses")
	}
	store, err := NewRedisStore(t.Context(), RedisConfig{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	p := New(map[string]Action{"A": {Limit: childLimit, Key: "A"}}, RealClock{}, func(err error) { t.Errorf("fell back: %v", err) }, store)
	log, err := os.OpenFile(filepath.Join(os.Getenv("PACING_REDIS_CHILD_DIR"), "slots.log"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()
	for range 5 {
		turn, err := p.Wait(t.Context(), "A", time.Minute, nil)
		if err != nil {
			t.Fatal(err)
		}
		turn.Sent()
		if _, err := log.WriteString(strconv.FormatInt(turn.slot.At.UnixMicro(), 10) + "\n"); err != nil {
			t.Fatal(err)
		}
	}
}
