package flight

import (
	"context"
	"errors"
	"sync"
)

// errNotRun is the error of an index a fan-out never ran because a call
// before it failed.
var errNotRun = errors.New("not run: a call before it failed")

// FanOut calls fn(ctx, i) for every i in [0, n), claimed in order, with up
// to inFlight calls running. A failure at i ends the calls after i: those
// not started never start, those running are cancelled; the calls before i
// run to their end, so a reader can still tell whether i mattered (a page
// past the end of a list does not). FanOut returns once every call has
// returned, with an error for every index that did not succeed: fn's, ctx's
// for an index that never ran because ctx ended, errNotRun for one that
// never ran because an earlier index failed. No index is left without a
// result or an error.
func FanOut(ctx context.Context, n, inFlight int, fn func(ctx context.Context, i int) error) []error {
	errs := make([]error, n)
	var (
		mu      sync.Mutex
		next    int
		cut     = n // indices from cut on are not started
		cancels = make(map[int]context.CancelFunc)
		wg      sync.WaitGroup
	)
	claim := func() (int, context.Context, bool) {
		mu.Lock()
		defer mu.Unlock()
		if next >= cut || ctx.Err() != nil {
			return 0, nil, false
		}
		i := next
		next++
		ictx, cancel := context.WithCancel(ctx)
		cancels[i] = cancel
		return i, ictx, true
	}
	done := func(i int, err error) {
		mu.Lock()
		defer mu.Unlock()
		cancels[i]()
		delete(cancels, i)
		errs[i] = err
		if err == nil || i >= cut {
			return
		}
		cut = i + 1
		for j, cancel := range cancels {
			if j > i {
				cancel()
			}
		}
	}
	for range min(inFlight, n) {
		wg.Go(func() {
			for {
				i, ictx, ok := claim()
				if !ok {
					return
				}
				_, err := recovered(ictx, func(ctx context.Context) (any, error) { return nil, fn(ctx, i) })
				done(i, err)
			}
		})
	}
	wg.Wait()
	for i := next; i < n; i++ {
		errs[i] = errNotRun
		if err := ctx.Err(); err != nil {
			errs[i] = err
		}
	}
	return errs
}
