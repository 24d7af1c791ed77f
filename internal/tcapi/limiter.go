package tcapi

import (
	"context"
	"fmt"
	"time"

	"golang.org/x/time/rate"
)

// pacingHeadroom stretches the interval between two calls of one action by
// 1%. Without it the client spaces calls exactly 1/limit apart on its side,
// and network jitter can land two of them closer than that at the server,
// which then answers RequestLimitExceeded. 1% of a second absorbs the jitter
// of any sane network and costs 0.3 s over 30 calls of a 1/s action.
const pacingHeadroom = 0.01

// limiters holds one token bucket per action. The map is built once and
// never written afterwards, so reads need no lock.
type limiters struct {
	byAction map[string]*rate.Limiter
	clock    clock
}

// newLimiters paces each action at its limit with a burst of one: a burst
// larger than one would let a plan that starts several reads at once open
// with a volley the server may count against the same second.
func newLimiters(perSecond map[string]float64, c clock) *limiters {
	l := &limiters{byAction: make(map[string]*rate.Limiter, len(perSecond)), clock: c}
	for action, limit := range perSecond {
		if limit <= 0 {
			continue
		}
		interval := time.Duration(float64(time.Second) / limit * (1 + pacingHeadroom))
		l.byAction[action] = rate.NewLimiter(rate.Every(interval), 1)
	}
	return l
}

// wait blocks until action may be called or ctx is done. A cancelled wait
// gives its reservation back so the calls still queued are not delayed.
func (l *limiters) wait(ctx context.Context, action string) error {
	lim := l.byAction[action]
	if lim == nil {
		return nil
	}
	now := l.clock.Now()
	r := lim.ReserveN(now, 1)
	if !r.OK() {
		return fmt.Errorf("rate limiter for %s refuses every call", action)
	}
	if err := l.clock.Sleep(ctx, r.DelayFrom(now)); err != nil {
		r.CancelAt(l.clock.Now())
		return err
	}
	return nil
}
