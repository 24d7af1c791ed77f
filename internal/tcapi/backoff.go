package tcapi

import (
	"math/rand/v2"
	"time"
)

// backoffPolicy is the delay policy between attempts: exponential from Base,
// capped at Max, with "equal jitter" (a uniformly random point in the upper
// half of the step) so that clients throttled together do not retry together,
// while every retry still waits at least half its step.
type backoffPolicy struct {
	Base time.Duration
	Max  time.Duration
}

// The default steps are about 0.5 s, 1 s, 2 s, 4 s, 8 s: five retries span
// roughly 15 s, long enough for a busy backend and a 1 request/s limit to
// clear, short enough for an interactive plan.
const (
	defaultBackoffBase = 500 * time.Millisecond
	defaultBackoffMax  = 8 * time.Second
)

var defaultBackoff = backoffPolicy{Base: defaultBackoffBase, Max: defaultBackoffMax}

// budget is the longest the waits before n retries can take together.
func (b backoffPolicy) budget(n int) time.Duration {
	var total time.Duration
	step := b.Base
	for range n {
		total += min(step, b.Max)
		step = min(step*2, b.Max)
	}
	return total
}

// delay returns the wait before retry number n (n >= 1).
func (b backoffPolicy) delay(n int) time.Duration {
	step := b.Base
	for i := 1; i < n && step < b.Max; i++ {
		step *= 2
	}
	step = min(step, b.Max)
	if step <= 0 {
		return 0
	}
	half := step / 2
	return half + rand.N(step-half+1) //nolint:gosec // jitter needs no cryptographic randomness
}
