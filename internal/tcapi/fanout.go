package tcapi

import (
	"context"
	"math"
	"sync"
	"time"
)

// How many calls of one action a batch keeps in flight. A paced call waits
// for its slot, then for its answer; to send at every slot, one call must
// already be queued for the next slot while those before it await their
// answers. inFlightWindow is the answer time that is absorbed without
// losing a slot (the live API answers well within it), so an action paced
// at r requests/s gets ceil(r × window) + 1: 3 at 1/s, 41 at 20/s, 101 at
// 50/s. The queue then reaches about one window ahead. maxInFlight bounds goroutines and memory at very high
// limits; an action the client does not pace gets unpacedInFlight, enough
// for a fast API without flooding it.
const (
	inFlightWindow  = 2 * time.Second
	minInFlight     = 2
	maxInFlight     = 256
	unpacedInFlight = 32
)

// inFlight is how many calls of action a batch keeps in flight, from the
// pace the client actually keeps for it (the documented limit, or the
// configured one).
func (c *Client) inFlight(action string) int {
	p := c.limiters.byAction[action]
	if p == nil || p.interval <= 0 {
		return unpacedInFlight
	}
	perSecond := float64(time.Second) / float64(p.interval)
	n := math.Ceil(perSecond*inFlightWindow.Seconds()) + 1
	if n >= maxInFlight {
		return maxInFlight
	}
	return max(int(n), minInFlight)
}

// Pace is the interval the client keeps between two calls of action (its
// documented limit, or the configured one, with PacingHeadroom), 0 when it
// does not pace the action.
func (c *Client) Pace(action string) time.Duration {
	if p := c.limiters.byAction[action]; p != nil {
		return p.interval
	}
	return 0
}

// fanOut calls fn(ctx, i) for every i in [0, n) in order, with up to
// c.inFlight(action) calls running. The first failure ends the batch: it
// cancels the context of the calls still waiting (for a pacing slot, say),
// and no call starts after it. fanOut returns once every call has
// returned, with the index and error of the first failure, or -1 and nil.
func (c *Client) fanOut(ctx context.Context, action string, n int, fn func(ctx context.Context, i int) error) (int, error) {
	if n <= 0 {
		return -1, nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var (
		mu       sync.Mutex
		next     int
		failed   = -1
		firstErr error
		wg       sync.WaitGroup
	)
	// claim hands out the next index, none once the batch has failed. The
	// check and the claim happen under one lock with the failure's record,
	// so no call is claimed after a failure was seen.
	claim := func() (int, bool) {
		mu.Lock()
		defer mu.Unlock()
		if failed >= 0 || next >= n || ctx.Err() != nil {
			return 0, false
		}
		next++
		return next - 1, true
	}
	for range min(c.inFlight(action), n) {
		wg.Go(func() {
			for {
				i, ok := claim()
				if !ok {
					return
				}
				if err := fn(ctx, i); err != nil {
					mu.Lock()
					if failed < 0 {
						failed, firstErr = i, err
					}
					mu.Unlock()
					cancel()
					return
				}
			}
		})
	}
	wg.Wait()
	return failed, firstErr
}
