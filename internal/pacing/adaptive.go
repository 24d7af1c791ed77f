package pacing

import (
	"math"
	"math/rand/v2"
	"time"
)

// The adaptive part of pacing: what a process learns from RequestLimitExceeded
// about other machines sharing the account's limit. Until the first throttle
// the pace is the documented limit exactly (and stays so for plans that
// share a machine: they pace together through the store and are never
// throttled). After it, the rate follows the AWS SDKs' "adaptive" retry mode
// (a client-side rate that CUBIC, RFC 9438, cuts on a throttle and grows back
// on success), with three changes for a limit of a request or so a second
// with a burst of one, where colliding is a matter of timing as much as of
// rate (simulated against the live bucket's shape before it was written):
//
//   - one cut per congestion event, as TCP NewReno (RFC 6582) and CUBIC do:
//     a call written before the last cut carries no new information;
//   - a throttled machine re-times its next call to a random point one to two
//     of its own intervals later, as Ethernet's truncated binary exponential
//     backoff (IEEE 802.3) does, so machines with the same history do not
//     collide again in lockstep; a successful call anchors the next one
//     interval after itself, keeping a machine's slot once it has one, as
//     reservation ALOHA does;
//   - an incumbent reclaims its slot: a machine that has been succeeding at
//     the full rate and is refused just after its own last success knows a
//     newcomer took one token within the last few milliseconds and will
//     leave the next one alone (the newcomer gap), so it takes that next
//     token without a cut or a backoff. Without it, at eight machines a
//     lookup now and then runs out of retries.
const (
	// adaptiveBeta is the cut on a throttle (CUBIC's β; AWS uses 0.7, which
	// simulated 6 points more throttled calls at these rates).
	adaptiveBeta = 0.5
	// adaptiveC is CUBIC's growth constant, AWS's value (requests/s⁴).
	adaptiveC = 0.4
	// adaptiveFloor is the lowest rate, as a share of the limit: lower
	// floors trade wall time for fewer throttled calls.
	adaptiveFloor = 1.0 / 6
	// newcomerGap keeps a machine that just won a token after a throttle
	// from calling again before the incumbent has reclaimed its next one.
	newcomerGap = 1.05
	// reclaimWindow bounds, in intervals of the limit, how soon after its
	// own success an incumbent must be refused to know it met a newcomer.
	reclaimWindow = 1.03
	reclaimMargin = 2 * time.Millisecond
	// adaptiveMemory is how long a machine keeps what it learnt once the
	// throttling stops: then it paces at the limit exactly again.
	adaptiveMemory = time.Minute
)

// adaptiveState is what this process learnt about other machines sharing
// the limit. It stays in the process: plans that share a machine pace
// together through the store and are never throttled, so there is nothing
// for them to learn together.
type adaptiveState struct {
	Enabled bool
	Rate    float64   // requests/s
	WMax    float64   // the rate at the last cut
	TFail   time.Time // the last cut
	LastOK  time.Time // when the last success was written
	Streak  int       // successes since the last throttle
	LastCut time.Time // when the last cut took effect
	// Next is when this process may call again, on top of the grid the
	// store keeps at the limit.
	Next time.Time
}

// limits are one action's: the interval the documented (or configured)
// limit allows, and the range the adaptive rate keeps to.
type limits struct {
	limit    float64 // requests/s
	interval time.Duration
	// slack is how late after its grid time a call may leave without
	// moving the grid (see Store.Take).
	slack   time.Duration
	maxRate float64
	minRate float64
}

// callSlack is how late after its grid time a call may leave without
// moving the grid: a wake-up, signing and the pacing lock take about a
// millisecond on a busy machine. At 1 request/s it leaves 18 ms of the 20 ms
// headroom for the jitter between the write and the server's decision; at
// high limits, where the headroom is smaller than the slack (0.4 ms at
// 50/s), two calls may leave up to 2 ms closer than 1/limit while the
// average stays under the limit, which a server counting requests per
// second, or with a burst, does not mind.
const callSlack = 2 * time.Millisecond

func newLimits(limit float64) limits {
	return limits{
		limit:    limit,
		interval: seconds((1 + Headroom) / limit),
		slack:    callSlack,
		maxRate:  limit / (1 + Headroom),
		minRate:  limit * adaptiveFloor,
	}
}

// rate is the rate the machine may call at now.
func (p limits) rate(a *adaptiveState) float64 {
	if !a.Enabled {
		return p.maxRate
	}
	return a.Rate
}

// throttled applies a RequestLimitExceeded of a call written at written and
// answered at now to s. reclaim reports an incumbent that should retry at
// once (no backoff): its slot is already re-timed.
func (p limits) throttled(a *adaptiveState, written, now time.Time) (reclaim bool) {
	prevOK, streak := a.LastOK, a.Streak
	a.Streak = 0
	if streak >= 2 && written.Sub(prevOK) <= seconds(reclaimWindow/p.limit) {
		a.Enabled = true
		if a.Rate == 0 {
			a.Rate = p.maxRate
		}
		a.Next = written.Add(seconds(1/p.limit) + reclaimMargin)
		return true
	}
	if !a.Enabled {
		a.Enabled, a.Rate = true, p.maxRate
	}
	if !written.Before(a.LastCut) {
		a.WMax, a.TFail, a.LastCut = a.Rate, now, now
		a.Rate = math.Max(p.minRate, adaptiveBeta*a.Rate)
	}
	a.Next = now.Add(seconds((1 + rand.Float64()) / a.Rate)) //nolint:gosec // jitter needs no cryptographic randomness
	return false
}

// succeeded applies an answer (any but a throttle: the call took a token)
// of a call written at written and answered at now to s.
func (p limits) succeeded(a *adaptiveState, written, now time.Time) {
	firstAfterThrottle := a.Enabled && a.Streak == 0
	a.Streak++
	a.LastOK = written
	if !a.Enabled {
		return // the grid alone paces a machine nobody else competes with
	}
	k := math.Cbrt(a.WMax * (1 - adaptiveBeta) / adaptiveC)
	a.Rate = min(p.maxRate, max(p.minRate, a.WMax+adaptiveC*math.Pow(now.Sub(a.TFail).Seconds()-k, 3)))
	a.Next = written.Add(seconds(1 / a.Rate))
	if firstAfterThrottle {
		a.Next = maxTime(a.Next, written.Add(seconds(newcomerGap/p.limit)))
	}
}

// forget drops what the process learnt once throttling has stopped for a
// while, and any time further ahead than the algorithm ever schedules: the
// clock was set back since it was written.
func (p limits) forget(a *adaptiveState, now time.Time) {
	if a.Enabled && now.Sub(a.LastCut) > adaptiveMemory {
		*a = adaptiveState{}
	}
	if furthest := now.Add(2 * seconds(1/p.minRate)); a.Next.After(furthest) {
		a.Next = now.Add(seconds(1 / p.rate(a)))
	}
	for _, t := range []*time.Time{&a.TFail, &a.LastCut, &a.LastOK} {
		if t.After(now) {
			*t = now
		}
	}
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
