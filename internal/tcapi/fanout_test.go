package tcapi

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
)

func TestInFlightFollowsThePace(t *testing.T) {
	tests := []struct {
		limit float64
		want  int
	}{
		{0.1, 2},  // one queued, one waiting: never less
		{1, 3},    // the bill lookups at their documented limit
		{20, 41},  // DescribeCustomerUin
		{50, 100}, // the benchmark's raised limit
		{100, 198},
		{1000, 256}, // bounded
	}
	for _, tt := range tests {
		c := newClient(Config{RateLimits: map[string]float64{billAction: tt.limit}}, realClock{})
		if got := c.inFlight(billAction); got != tt.want {
			t.Errorf("limit %g/s: %d in flight, want %d", tt.limit, got, tt.want)
		}
	}
	c := newClient(Config{}, realClock{})
	if got := c.inFlight("SomethingUnpaced"); got != unpacedInFlight {
		t.Errorf("unpaced: %d in flight, want %d", got, unpacedInFlight)
	}
}

func TestFanOut(t *testing.T) {
	// At 1/s the batch keeps 3 in flight.
	c := newClient(Config{RateLimits: map[string]float64{billAction: 1}}, realClock{})

	t.Run("every index once", func(t *testing.T) {
		var mu sync.Mutex
		var seen []int
		failed, err := c.fanOut(t.Context(), billAction, 50, func(_ context.Context, i int) error {
			mu.Lock()
			seen = append(seen, i)
			mu.Unlock()
			return nil
		})
		slices.Sort(seen)
		if failed != -1 || err != nil || len(seen) != 50 || seen[0] != 0 || seen[49] != 49 || len(slices.Compact(seen)) != 50 {
			t.Errorf("failed %d, %v, saw %v", failed, err, seen)
		}
	})

	t.Run("nothing to do", func(t *testing.T) {
		if failed, err := c.fanOut(t.Context(), billAction, 0, func(context.Context, int) error { panic("called") }); failed != -1 || err != nil {
			t.Errorf("failed %d, %v", failed, err)
		}
	})

	t.Run("the first failure stops the batch", func(t *testing.T) {
		// Indices before 10 answer at once; 10 fails; those after it wait,
		// as a call queued for a pacing slot does, until cancelled.
		boom := errors.New("boom")
		var mu sync.Mutex
		var started []int
		var cancelled int
		failed, err := c.fanOut(t.Context(), billAction, 100, func(ctx context.Context, i int) error {
			mu.Lock()
			started = append(started, i)
			mu.Unlock()
			switch {
			case i < 10:
				return nil
			case i == 10:
				return boom
			}
			<-ctx.Done()
			mu.Lock()
			cancelled++
			mu.Unlock()
			return fmt.Errorf("index %d: %w", i, ctx.Err())
		})
		if failed != 10 || !errors.Is(err, boom) {
			t.Fatalf("failed %d, %v; want 10, boom", failed, err)
		}
		// Only what was claimed before the failure started: at most the two
		// other workers' indices.
		slices.Sort(started)
		if len(started) > 13 || started[len(started)-1] > 12 || cancelled != len(started)-11 {
			t.Errorf("started %v, %d cancelled: something started after the failure", started, cancelled)
		}
	})

	t.Run("a later failure does not replace the first", func(t *testing.T) {
		first := errors.New("first")
		failed, err := c.fanOut(t.Context(), billAction, 3, func(ctx context.Context, i int) error {
			if i == 0 {
				return first
			}
			<-ctx.Done()
			return errors.New("later")
		})
		if failed != 0 || !errors.Is(err, first) {
			t.Errorf("failed %d, %v", failed, err)
		}
	})

	t.Run("cancelled from outside", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		failed, err := c.fanOut(ctx, billAction, 5, func(context.Context, int) error { panic("called") })
		if failed != -1 || err != nil {
			t.Errorf("failed %d, %v: a batch cancelled before it began starts nothing and has no failure", failed, err)
		}
	})
}
