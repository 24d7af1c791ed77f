package flight

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
)

func TestFanOut(t *testing.T) {
	t.Run("every index once", func(t *testing.T) {
		var mu sync.Mutex
		var seen []int
		errs := FanOut(t.Context(), 50, 3, func(_ context.Context, i int) error {
			mu.Lock()
			seen = append(seen, i)
			mu.Unlock()
			return nil
		})
		slices.Sort(seen)
		if len(errs) != 50 || slices.ContainsFunc(errs, func(err error) bool { return err != nil }) || len(seen) != 50 || seen[0] != 0 || seen[49] != 49 || len(slices.Compact(seen)) != 50 {
			t.Errorf("errors %v, saw %v", errs, seen)
		}
	})

	t.Run("nothing to do", func(t *testing.T) {
		if errs := FanOut(t.Context(), 0, 3, func(context.Context, int) error { panic("called") }); len(errs) != 0 {
			t.Errorf("errors %v", errs)
		}
	})

	t.Run("a failure ends the calls after it, not those before", func(t *testing.T) {
		// Indices before 10 answer once 10 has failed; 10 fails; those after
		// it wait, as a call queued for a pacing slot does, until cancelled.
		boom := errors.New("boom")
		failed := make(chan struct{})
		var mu sync.Mutex
		var started []int
		errs := FanOut(t.Context(), 100, 3, func(ctx context.Context, i int) error {
			mu.Lock()
			started = append(started, i)
			mu.Unlock()
			switch {
			case i < 10:
				if i >= 8 {
					<-failed // in flight when 10 fails: it runs to its end
				}
				return nil
			case i == 10:
				close(failed)
				return boom
			}
			<-ctx.Done()
			return fmt.Errorf("index %d: %w", i, ctx.Err())
		})
		for i, err := range errs {
			switch {
			case i < 10 && err != nil:
				t.Errorf("index %d, before the failure: %v", i, err)
			case i == 10 && !errors.Is(err, boom):
				t.Errorf("index 10: %v, want boom", err)
			case i > 10 && err == nil:
				t.Errorf("index %d, after the failure, succeeded", i)
			case i > 10 && !errors.Is(err, context.Canceled) && !errors.Is(err, errNotRun):
				t.Errorf("index %d: %v, want cancelled or not run", i, err)
			}
		}
		// Only what was claimed before the failure started: at most the two
		// other workers' indices.
		slices.Sort(started)
		if started[len(started)-1] > 12 {
			t.Errorf("started %v: something started after the failure", started)
		}
	})

	t.Run("a later failure does not undo an earlier one", func(t *testing.T) {
		first := errors.New("first")
		errs := FanOut(t.Context(), 3, 3, func(ctx context.Context, i int) error {
			if i == 0 {
				return first
			}
			<-ctx.Done()
			return errors.New("later")
		})
		if !errors.Is(errs[0], first) || errs[1] == nil || errs[2] == nil {
			t.Errorf("errors %v", errs)
		}
	})

	t.Run("cancelled from outside, every index has the cancellation", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		errs := FanOut(ctx, 5, 3, func(context.Context, int) error { panic("called") })
		for i, err := range errs {
			if !errors.Is(err, context.Canceled) {
				t.Errorf("index %d: %v, want context.Canceled", i, err)
			}
		}
	})

	t.Run("cancelled while running, no index is left without an error or a result", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		var calls sync.WaitGroup
		calls.Add(3)
		go func() { calls.Wait(); cancel() }()
		errs := FanOut(ctx, 100, 3, func(ctx context.Context, i int) error {
			if i < 3 {
				calls.Done()
			}
			<-ctx.Done()
			return ctx.Err()
		})
		for i, err := range errs {
			if !errors.Is(err, context.Canceled) {
				t.Errorf("index %d: %v, want context.Canceled", i, err)
			}
		}
	})

	t.Run("a panic is an error, not a crash", func(t *testing.T) {
		errs := FanOut(t.Context(), 2, 2, func(_ context.Context, i int) error {
			if i == 1 {
				panic("boom")
			}
			return nil
		})
		var panicErr *PanicError
		if errs[0] != nil || !errors.As(errs[1], &panicErr) {
			t.Errorf("errors %v", errs)
		}
	})
}
