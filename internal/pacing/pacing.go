// Package pacing spaces the calls of each rate-limited API action to its
// limit, across every caller that shares a Store: the goroutines of a
// process, the processes of a machine (a pacing file), or the machines
// pointed at one coordinator.
//
// A caller waits for a Turn, sends its call, and reports how the API
// answered. Until the API refuses a call for its rate limit
// (RequestLimitExceeded), the pace is the limit exactly; a refusal means
// someone outside the Store shares the limit, and the process slows down
// (see adaptive.go) until the refusals stop.
package pacing

import (
	"context"
	"fmt"
	"math"
	"sync"
	"time"
)

// Headroom stretches the interval between two calls of one action by 2%.
// Calls are written to the wire at least 1/limit apart (measured when each
// was written, not when it was scheduled: a dial or a late wake-up would
// otherwise crowd the next call); the headroom absorbs the jitter between
// that write and the server's decision, so the server never sees two calls
// closer than its limit. 1% (10 ms at 1 request/s) was once too little:
// with three plans at once on two busy cores, a call reached the server's
// limiter 995 ms after the one before. 2% costs 0.6 s over 30 calls of a 1
// request/s action.
const Headroom = 0.02

// The range of limits a pace keeps: below MinRate one call would wait more
// than 100 s for its turn, beyond MaxRate an account has no use for pacing.
const (
	MinRate = 0.01
	MaxRate = 1000
)

// Action is one paced action.
type Action struct {
	// Limit is its requests per second, from MinRate to MaxRate.
	Limit float64
	// Key names what shares its pace in the Store: the action, the
	// endpoint and the identity of the keys, say.
	Key string
}

// Pacer paces the actions it was built with; others are not paced.
type Pacer struct {
	clock   Clock
	actions map[string]*pace
	// stores are tried in order: a store that fails is left for the next
	// (the coordinator for the pacing file, the file for this process's
	// memory) for the rest of the process, and onFallback hears it once.
	mu         sync.Mutex
	stores     []Store
	onFallback func(error)
}

// pace is one action's.
type pace struct {
	limits
	key string
	// turn queues this process's callers, first come first served; the one
	// holding it waits for the store's slot.
	turn chan struct{}

	mu       sync.Mutex
	adaptive adaptiveState
	// changed is closed, and replaced, whenever an answer of this process
	// moves the gate: the waiter re-checks at once instead of sleeping out
	// a wait computed before (a success after a slow spell brings the gate
	// seconds closer).
	changed chan struct{}
}

// New builds a Pacer for actions (keyed by name) on stores, tried in order;
// onFallback, when not nil, is told when a store fails and the next takes
// over. A MemStore always comes last. Limits beyond the range are clamped:
// the provider refuses them at plan, and the arithmetic stays finite
// whatever comes.
func New(actions map[string]Action, clock Clock, onFallback func(error), stores ...Store) *Pacer {
	p := &Pacer{clock: clock, actions: make(map[string]*pace, len(actions)), onFallback: onFallback}
	p.stores = append(append(p.stores, stores...), &MemStore{Clock: clock})
	for name, a := range actions {
		p.actions[name] = &pace{limits: newLimits(clamp(a.Limit)), key: a.Key, turn: make(chan struct{}, 1), changed: make(chan struct{})}
	}
	return p
}

// Interval is the time a pace keeps between two calls at limit requests
// per second: 1/limit with the headroom.
func Interval(limit float64) time.Duration {
	return newLimits(clamp(limit)).interval
}

func clamp(limit float64) float64 {
	if math.IsNaN(limit) || limit < MinRate {
		return MinRate
	}
	return min(limit, MaxRate)
}

// Interval is the time between two calls of action at its limit (with the
// headroom), 0 when it is not paced.
func (p *Pacer) Interval(action string) time.Duration {
	if a := p.actions[action]; a != nil {
		return a.interval
	}
	return 0
}

// LongestWait is the longest a caller first in line waits for one turn of
// action when nobody else takes the turns: after a refusal, the adaptive
// layer re-times the call at most two intervals of its slowest rate later.
// 0 when action is not paced.
func (p *Pacer) LongestWait(action string) time.Duration {
	if a := p.actions[action]; a != nil {
		return seconds(2 / a.minRate)
	}
	return 0
}

// WaitError is a turn that would not come within the budget the caller had.
type WaitError struct {
	Action string
	Waited time.Duration
	// Due is how much longer the turn would have taken at least.
	Due time.Duration
}

func (e *WaitError) Error() string {
	return fmt.Sprintf("%s: no turn under the rate limit within the time left (waited %s, the next comes in %s)",
		e.Action, e.Waited.Round(time.Millisecond), e.Due.Round(time.Millisecond))
}

// Wait blocks until action may be called, or ctx is done. Callers of this
// process queue first come first served; once first in line, a caller waits
// for its slot at most budget (a *WaitError, at once when the slot is known
// to come later). ready (renewing the keys, say) runs when the slot is taken
// and before the call leaves: the call then leaves with fresh keys, and a
// renewal that takes a while delays the calls queued behind it rather than
// letting them leave together once it is done.
func (p *Pacer) Wait(ctx context.Context, action string, budget time.Duration, ready func(context.Context) error) (*Turn, error) {
	a := p.actions[action]
	if a == nil {
		start := p.clock.Now()
		if ready != nil {
			if err := ready(ctx); err != nil {
				return nil, err
			}
		}
		return &Turn{p: p, waited: p.clock.Now().Sub(start)}, nil
	}
	select {
	case a.turn <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-a.turn }()
	start := p.clock.Now()
	for {
		changed := a.watch()
		now := p.clock.Now()
		wait := a.notBefore(now)
		if wait == 0 {
			store := p.store()
			slot, err := store.Take(ctx, a.key, a.interval, a.slack)
			if err != nil {
				if ctx.Err() != nil {
					return nil, ctx.Err()
				}
				p.fail(store, err)
				continue
			}
			if slot.Wait == 0 {
				t := &Turn{p: p, a: a, store: store, slot: slot, taken: p.clock.Now()}
				if ready != nil {
					if err := ready(ctx); err != nil {
						return nil, err
					}
					// The renewal held the turn: the call counts from when
					// it can really leave.
					t.Sent()
				}
				t.waited = p.clock.Now().Sub(start)
				return t, nil
			}
			wait = slot.Wait
		}
		if waited := now.Sub(start); waited+wait > budget {
			return nil, &WaitError{Action: action, Waited: waited, Due: wait}
		}
		// Another process may take the slot first, or an answer move the
		// gate: re-check when this process learns something, and at least
		// once an interval for what other processes learn.
		if err := sleepUntilChanged(ctx, p.clock, min(wait, a.interval), changed); err != nil {
			return nil, err
		}
	}
}

// store is the first store that has not failed.
func (p *Pacer) store() Store {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stores[0]
}

// fail leaves store for the next, once.
func (p *Pacer) fail(store Store, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.stores) > 1 && p.stores[0] == store {
		p.stores = p.stores[1:]
		if p.onFallback != nil {
			p.onFallback(err)
		}
	}
}

// notBefore is how long the adaptive layer holds this process back.
func (a *pace) notBefore(now time.Time) time.Duration {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.forget(&a.adaptive, now)
	return max(a.adaptive.Next.Sub(now), 0)
}

func (a *pace) watch() <-chan struct{} {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.changed
}

// sleepUntilChanged sleeps for d, or until changed is closed; only ctx's end
// is an error.
func sleepUntilChanged(ctx context.Context, clk Clock, d time.Duration, changed <-chan struct{}) error {
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-changed:
			cancel()
		case <-sctx.Done():
		}
	}()
	if err := clk.Sleep(sctx, d); err != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return nil
}

// Turn is one caller's slot: it reports when its call was written and how
// the API answered, which is what the pacing learns from.
type Turn struct {
	p     *Pacer
	a     *pace
	store Store
	slot  Slot
	taken time.Time // when the slot was taken, on this machine's clock
	sent  time.Time
	// waited is how long the caller waited once first in line.
	waited time.Duration
}

// Waited is how long the caller waited for the turn once it was first in
// line, ready included.
func (t *Turn) Waited() time.Duration { return t.waited }

// Sent records that the call is on the wire now. Later than the slack after
// the slot was taken (a new connection was dialled first), it moves the
// grid: the next call counts from it.
func (t *Turn) Sent() {
	t.sent = t.p.clock.Now()
	if t.a == nil {
		return
	}
	// When the call left, less the slack, in the store's clock, which may
	// not be this machine's.
	if at := t.slot.Now.Add(t.sent.Sub(t.taken) - t.a.slack); at.After(t.slot.At) {
		_ = t.store.Push(context.Background(), t.a.key, at)
	}
}

// Answered tells the pacing how the API answered the call: throttled when
// it refused it for the rate limit. retryNow reports that a throttled call
// should be retried without a backoff: this process has re-timed it to the
// token it is owed.
func (t *Turn) Answered(throttled bool) (retryNow bool) {
	if t.a == nil || t.sent.IsZero() {
		return false // never sent: nothing to learn
	}
	a := t.a
	now := t.p.clock.Now()
	a.mu.Lock()
	if throttled {
		retryNow = a.throttled(&a.adaptive, t.sent, now)
	} else {
		a.succeeded(&a.adaptive, t.sent, now)
	}
	close(a.changed)
	a.changed = make(chan struct{})
	a.mu.Unlock()
	return retryNow
}
