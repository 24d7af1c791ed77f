package fakeserver

import (
	"math"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// actionLimiter is one action's token bucket, shared by every caller of a
// server, like the live per-action limit.
type actionLimiter struct {
	limit  float64
	bucket *rate.Limiter

	// Requests seen in the current wall-clock second, for the live-style
	// message "Your current request times equals to N".
	mu     sync.Mutex
	second int64
	count  int
}

// newActionLimiter: rate = limit/s and burst = limit (at least 1). +Inf
// disables limiting; a limit of 0 or less lets nothing through, which tests
// use to force RequestLimitExceeded.
func newActionLimiter(limit float64) *actionLimiter {
	l := &actionLimiter{limit: limit}
	switch {
	case math.IsInf(limit, 1):
		l.bucket = rate.NewLimiter(rate.Inf, 0)
	case limit <= 0 || math.IsNaN(limit):
		l.bucket = rate.NewLimiter(0, 0)
	default:
		burst := int(math.Min(limit, math.MaxInt32))
		l.bucket = rate.NewLimiter(rate.Limit(limit), max(burst, 1))
	}
	return l
}

// take reports whether the request may go on, or the live-style refusal.
// It uses the real clock: Config.Now is the clock for signatures and tokens,
// and a frozen test clock must not freeze the buckets.
func (l *actionLimiter) take() *apiError {
	now := time.Now()
	l.mu.Lock()
	if sec := now.Unix(); sec != l.second {
		l.second, l.count = sec, 0
	}
	l.count++
	n := l.count
	l.mu.Unlock()
	if l.bucket.AllowN(now, 1) {
		return nil
	}
	return newAPIError(CodeRequestLimitExceeded,
		"Your current request times equals to `%d` in a second, which exceeds the frequency limit `%s` for a second. Please reduce the frequency of calls.",
		n, strconv.FormatFloat(l.limit, 'f', -1, 64))
}
