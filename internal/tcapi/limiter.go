package tcapi

import (
	"context"
	"errors"
	"sync"
	"time"
)

// PacingHeadroom stretches the interval between two calls of one action by
// 2%. Calls are written to the wire at least 1/limit apart (measured when
// each was written, not when it was scheduled: a dial or a late wake-up
// would otherwise crowd the next call); the headroom absorbs the jitter
// between that write and the server's decision, so the server never sees
// two calls closer than its limit. 1% (10 ms at 1 request/s) was once too
// little: with three plans at once on two busy cores, a call reached the
// server's limiter 995 ms after the one before. 2% costs 0.6 s over 30
// calls of a 1 request/s action.
const PacingHeadroom = 0.02

// slotState is what pacing keeps per action and machine: the time the last
// call counts from, when the next may be, and the adaptive rate. Nothing in
// it is a reservation: a waiter that leaves (cancelled, killed) leaves
// nothing behind for others to wait on.
//
// Calls are scheduled on a grid an interval apart, and each is written to
// the wire within a slack after its grid time (see callSlack): then two
// calls leave at least interval − slack apart however late each was woken
// or sent, and the small delays of every call (a wake-up, signing, the
// lock) do not add up, which at 50 requests/s cost 7 % of the rate. A call
// written later than that (a new connection dialled first) moves the grid:
// the next call counts from it.
type slotState struct {
	Last     time.Time     `json:"last,omitzero"`
	Next     time.Time     `json:"next,omitzero"`
	Adaptive adaptiveState `json:"adaptive,omitzero"`
}

// gate is when the next call may be written.
func (s *slotState) gate(p pacing) time.Time {
	return maxTime(s.Next, s.Last.Add(p.interval))
}

// sent records a call that counts from t: its grid time, or its write
// minus the slack when it left later than that.
func (s *slotState) sent(p pacing, t time.Time) {
	s.Last = maxTime(s.Last, t)
	s.Next = maxTime(s.Next, t.Add(seconds(1/p.rate(&s.Adaptive))))
}

// limiters paces each rate-limited action. The map is built once and never
// written afterwards, so reads need no lock.
type limiters struct {
	byAction map[string]*pace
	clock    clock
}

// pace spaces the calls of one action, with a burst of one: a larger burst
// would let a plan that starts several reads at once open with a volley the
// server may count against the same second.
type pace struct {
	pacing
	// turn queues this process's callers, first come first served; the one
	// holding it watches the shared state for the gate to open.
	turn chan struct{}
	// shared paces across processes; nil, or failing, falls back to local.
	shared slotStore
	local  memStore

	// changed is closed, and replaced, whenever an answer of this process
	// moves the gate: the waiter re-checks at once instead of sleeping out a
	// wait computed before (a success after a slow spell brings the gate
	// seconds closer).
	mu      sync.Mutex
	changed chan struct{}
}

func newLimiters(perSecond map[string]float64, c clock, shared map[string]slotStore) *limiters {
	l := &limiters{byAction: make(map[string]*pace, len(perSecond)), clock: c}
	for action, limit := range perSecond {
		if limit <= 0 {
			continue
		}
		l.byAction[action] = &pace{pacing: newPacing(limit), turn: make(chan struct{}, 1), shared: shared[action], changed: make(chan struct{})}
	}
	return l
}

// slot is one caller's turn: it reports when its call was written and how
// the API answered, which is what the pacing learns from.
type slot struct {
	p       *pace
	clock   clock
	store   slotStore
	sched   time.Time // the grid time the call counts from
	written time.Time
}

// wait blocks until action may be called or ctx is done. ready (renewing
// the keys, say) runs when the gate is open, just before the turn is taken:
// the call then leaves with fresh keys, and a renewal that takes a while
// delays the calls queued behind it rather than letting them leave together
// once it is done.
func (l *limiters) wait(ctx context.Context, action string, ready func(context.Context) error) (*slot, error) {
	p := l.byAction[action]
	if p == nil {
		return &slot{clock: l.clock}, run(ctx, ready)
	}
	select {
	case p.turn <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-p.turn }()
	if p.shared != nil {
		sched, err := p.waitGate(ctx, l.clock, p.shared, ready)
		var storeErr *storeError
		if !errors.As(err, &storeErr) {
			return &slot{p: p, clock: l.clock, store: p.shared, sched: sched}, err
		}
		// An unusable shared store (disk full, say) must not stop the
		// plan: pacing within this process still protects the limit.
	}
	sched, err := p.waitGate(ctx, l.clock, &p.local, ready)
	return &slot{p: p, clock: l.clock, store: &p.local, sched: sched}, err
}

// storeError is a pacing store that could not be read or written.
type storeError struct{ err error }

func (e *storeError) Error() string { return "pacing state: " + e.err.Error() }
func (e *storeError) Unwrap() error { return e.err }

func run(ctx context.Context, fn func(context.Context) error) error {
	if fn == nil {
		return nil
	}
	return fn(ctx)
}

// waitGate sleeps until the gate opens and takes it. Another process may
// take it first, or an answer move it; so the wait is re-checked when this
// process learns something, and at least once an interval for what other
// processes of the machine learn.
func (p *pace) waitGate(ctx context.Context, clk clock, store slotStore, ready func(context.Context) error) (time.Time, error) {
	for {
		changed := p.watch()
		sched, wait, err := p.take(clk, store)
		if err != nil {
			return time.Time{}, err
		}
		if wait == 0 {
			if ready == nil {
				return sched, nil
			}
			// The turn is this caller's while ready runs (and the others'
			// wait), so a renewal that takes a while moves the grid to when
			// the call can really leave.
			if err := ready(ctx); err != nil {
				return time.Time{}, err
			}
			if late := clk.Now().Add(-p.slack); late.After(sched) {
				sched = late
				if err := store.update(func(s *slotState) { s.sent(p.pacing, late) }); err != nil {
					return time.Time{}, &storeError{err}
				}
			}
			return sched, nil
		}
		if err := sleepUntilChanged(ctx, clk, min(wait, p.interval), changed); err != nil {
			return time.Time{}, err
		}
	}
}

// take takes the turn when the gate is open, and reports the grid time the
// call counts from; otherwise how long until the gate opens.
func (p *pace) take(clk clock, store slotStore) (sched time.Time, wait time.Duration, err error) {
	now := clk.Now()
	err = store.update(func(s *slotState) {
		p.forget(s, now)
		gate := s.gate(p.pacing)
		if now.Before(gate) {
			wait = gate.Sub(now)
			return
		}
		// Woken late (or the first call after a pause): the grid starts
		// again from now, less the slack the call may use.
		sched = maxTime(gate, now.Add(-p.slack))
		s.sent(p.pacing, sched)
	})
	if err != nil {
		return time.Time{}, 0, &storeError{err}
	}
	return sched, wait, nil
}

func (p *pace) watch() <-chan struct{} {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.changed
}

func (p *pace) notify() {
	p.mu.Lock()
	defer p.mu.Unlock()
	close(p.changed)
	p.changed = make(chan struct{})
}

// sleepUntilChanged sleeps for d, or until changed is closed; only ctx's end
// is an error.
func sleepUntilChanged(ctx context.Context, clk clock, d time.Duration, changed <-chan struct{}) error {
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

// wrote records that the call is on the wire now. Later than the slack
// after its grid time (a new connection was dialled first), it moves the
// grid: the next call counts from it.
func (s *slot) wrote() {
	s.written = s.clock.Now()
	if s.p != nil {
		if late := s.written.Add(-s.p.slack); late.After(s.sched) {
			_ = s.store.update(func(st *slotState) { st.sent(s.p.pacing, late) })
		}
	}
}

// answered tells the pacing how the API answered the call. reclaim reports
// that a throttled call should be retried without a backoff: its machine
// has re-timed it to the token it is owed.
func (s *slot) answered(throttled bool) (reclaim bool) {
	if s.p == nil || s.written.IsZero() {
		return false // never sent: nothing to learn
	}
	now := s.clock.Now()
	_ = s.store.update(func(st *slotState) {
		if throttled {
			reclaim = s.p.throttled(st, s.written, now)
		} else {
			s.p.succeeded(st, s.written, now)
		}
	})
	s.p.notify()
	return reclaim
}
