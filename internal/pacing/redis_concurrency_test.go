//go:build unix

package pacing

import (
	"os"
	"sync"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/pacing/redistest"
)

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
	srv := redistest.Start(t)
	slots := childSlots(t, "TestRedisStoreChild", 3, "PACING_REDIS_CHILD_URL="+srv.URL)
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
	for range 5 {
		turn, err := p.Wait(t.Context(), "A", time.Minute, nil)
		if err != nil {
			t.Fatal(err)
		}
		turn.Sent()
		logSlot(t, turn.slot.At)
	}
}
