package flight

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestFlightsShareConcurrentAndLaterCalls(t *testing.T) {
	g := New()
	var runs atomic.Int32
	release := make(chan struct{})
	fn := func(context.Context) (any, error) {
		runs.Add(1)
		<-release
		return "answer", nil
	}
	var wg sync.WaitGroup
	results := make([]any, 8)
	for i := range results {
		wg.Go(func() {
			v, err := g.Do(t.Context(), "k", fn)
			if err != nil {
				t.Error(err)
			}
			results[i] = v
		})
	}
	waitFor(t, func() bool { return waiters(g, "k") == len(results) })
	close(release)
	wg.Wait()
	for _, v := range results {
		if v != "answer" {
			t.Errorf("got %v", v)
		}
	}
	// Later callers reuse the kept answer.
	if v, err := g.Do(t.Context(), "k", fn); v != "answer" || err != nil {
		t.Errorf("later call = %v, %v", v, err)
	}
	if runs.Load() != 1 {
		t.Errorf("fn ran %d times, want 1", runs.Load())
	}
	// Another key is another call.
	if _, err := g.Do(t.Context(), "other", func(context.Context) (any, error) { runs.Add(1); return 1, nil }); err != nil || runs.Load() != 2 {
		t.Errorf("other key: runs %d, err %v", runs.Load(), err)
	}
}

func TestFlightsDoNotKeepFailures(t *testing.T) {
	g := New()
	var runs atomic.Int32
	fail := errors.New("busy")
	fn := func(context.Context) (any, error) {
		if runs.Add(1) == 1 {
			return nil, fail
		}
		return "ok", nil
	}
	if _, err := g.Do(t.Context(), "k", fn); !errors.Is(err, fail) {
		t.Fatalf("first = %v", err)
	}
	if v, err := g.Do(t.Context(), "k", fn); v != "ok" || err != nil {
		t.Fatalf("second = %v, %v", v, err)
	}
}

func TestFlightsOneCallerLeavingDoesNotCancelTheOthers(t *testing.T) {
	g := New()
	release := make(chan struct{})
	var callCancelled atomic.Bool
	fn := func(ctx context.Context) (any, error) {
		select {
		case <-release:
			return "answer", nil
		case <-ctx.Done():
			callCancelled.Store(true)
			return nil, ctx.Err()
		}
	}
	leaving, leave := context.WithCancel(t.Context())
	leftErr := make(chan error, 1)
	go func() { _, err := g.Do(leaving, "k", fn); leftErr <- err }()
	stayed := make(chan any, 1)
	go func() { v, _ := g.Do(t.Context(), "k", fn); stayed <- v }()
	waitFor(t, func() bool { return waiters(g, "k") == 2 })

	leave()
	if err := <-leftErr; !errors.Is(err, context.Canceled) {
		t.Errorf("leaving caller got %v", err)
	}
	close(release)
	if v := <-stayed; v != "answer" || callCancelled.Load() {
		t.Errorf("staying caller got %v, call cancelled %v", v, callCancelled.Load())
	}
}

func TestFlightsLastCallerLeavingCancelsTheCall(t *testing.T) {
	g := New()
	cancelled := make(chan struct{})
	fn := func(ctx context.Context) (any, error) {
		<-ctx.Done()
		close(cancelled)
		return nil, ctx.Err()
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { _, err := g.Do(ctx, "k", fn); done <- err }()
	waitFor(t, func() bool { return waiters(g, "k") == 1 })
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("caller got %v", err)
	}
	select {
	case <-cancelled:
	case <-time.After(time.Second):
		t.Fatal("the abandoned call was not cancelled")
	}
	// A new caller starts afresh instead of joining the abandoned call.
	if v, err := g.Do(t.Context(), "k", func(context.Context) (any, error) { return "fresh", nil }); v != "fresh" || err != nil {
		t.Errorf("new caller got %v, %v", v, err)
	}
}

func waiters(g *Group, key string) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	if f := g.inFlight[key]; f != nil {
		return f.waiters
	}
	return 0
}

// waitFor polls cond: goroutines joining a flight have no other signal.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5s")
		}
		time.Sleep(time.Millisecond)
	}
}

// A panic in a shared call fails every caller waiting on it, not the
// process.
func TestFlightsTurnAPanicIntoAnError(t *testing.T) {
	g := New()
	release := make(chan struct{})
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			_, errs[i] = g.Do(t.Context(), "k", func(context.Context) (any, error) {
				<-release
				panic(errors.New("a decoder bug"))
			})
		})
	}
	waitFor(t, func() bool { return waiters(g, "k") == len(errs) })
	close(release)
	wg.Wait()
	for _, err := range errs {
		var panicErr *PanicError
		if !errors.As(err, &panicErr) || !strings.Contains(panicErr.Stack, "group_test.go") {
			t.Errorf("got %v, want a PanicError with its stack", err)
		}
	}
	// A failure is not kept: the next caller tries again.
	if v, err := g.Do(t.Context(), "k", func(context.Context) (any, error) { return "fine", nil }); v != "fine" || err != nil {
		t.Errorf("after the panic: %v, %v", v, err)
	}
}
