package tcapi

import (
	"context"
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

// slotState is what pacing keeps per action and machine: when the last call
// was written, when the next may be, and the adaptive rate. Nothing in it
// is a reservation: a waiter that leaves (cancelled, killed) leaves nothing
// behind for others to wait on.
type slotState struct {
	Last     time.Time     `json:"last,omitzero"`
	Next     time.Time     `json:"next,omitzero"`
	Adaptive adaptiveState `json:"adaptive,omitzero"`
}

// gate is when the next call may be written.
func (s *slotState) gate(p pacing) time.Time {
	return maxTime(s.Next, s.Last.Add(p.interval))
}

// sent records a call written (or about to be) at t.
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
	written time.Time
}

// wait blocks until action may be called or ctx is done.
func (l *limiters) wait(ctx context.Context, action string) (*slot, error) {
	p := l.byAction[action]
	if p == nil {
		return &slot{clock: l.clock}, nil
	}
	select {
	case p.turn <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-p.turn }()
	if p.shared != nil {
		err := p.waitGate(ctx, l.clock, p.shared)
		if err == nil || ctx.Err() != nil {
			return &slot{p: p, clock: l.clock, store: p.shared}, err
		}
		// An unusable shared store (disk full, say) must not stop the
		// plan: pacing within this process still protects the limit.
	}
	return &slot{p: p, clock: l.clock, store: &p.local}, p.waitGate(ctx, l.clock, &p.local)
}

// waitGate sleeps until the gate opens and takes it. Another process may
// take it first, or an answer move it; so the wait is re-checked when this
// process learns something, and at least once an interval for what other
// processes of the machine learn.
func (p *pace) waitGate(ctx context.Context, clk clock, store slotStore) error {
	for {
		changed := p.watch()
		now := clk.Now()
		var wait time.Duration
		if err := store.update(func(s *slotState) {
			p.forget(s, now)
			if gate := s.gate(p.pacing); now.Before(gate) {
				wait = gate.Sub(now)
				return
			}
			s.sent(p.pacing, now)
		}); err != nil {
			return err
		}
		if wait == 0 {
			return nil
		}
		if err := sleepUntilChanged(ctx, clk, min(wait, p.interval), changed); err != nil {
			return err
		}
	}
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

// written records that the call is on the wire now, which may be well after
// its turn came (a new connection is dialled first).
func (s *slot) wrote() {
	s.written = s.clock.Now()
	if s.p != nil {
		_ = s.store.update(func(st *slotState) { st.sent(s.p.pacing, s.written) })
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
