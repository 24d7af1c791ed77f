package tcapi

import (
	"context"
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

// maxQueueAhead bounds how far in the future a stored time may lie. Beyond
// it the state is taken as stale (the clock was set back, say) and ignored,
// so a bad state can delay a call by at most this much.
const maxQueueAhead = 10 * time.Minute

// limiters paces each action at its documented limit. The map is built once
// and never written afterwards, so reads need no lock.
type limiters struct {
	byAction map[string]*pace
	clock    clock
}

// pace spaces the calls of one action interval apart, with a burst of one:
// a larger burst would let a plan that starts several reads at once open
// with a volley the server may count against the same second.
type pace struct {
	interval time.Duration
	// shared paces across processes; nil, or failing, falls back to local.
	shared slotStore
	local  memStore
}

func newLimiters(perSecond map[string]float64, c clock, shared map[string]slotStore) *limiters {
	l := &limiters{byAction: make(map[string]*pace, len(perSecond)), clock: c}
	for action, limit := range perSecond {
		if limit <= 0 {
			continue
		}
		interval := time.Duration(float64(time.Second) / limit * (1 + PacingHeadroom))
		l.byAction[action] = &pace{interval: interval, shared: shared[action]}
	}
	return l
}

// wait blocks until action may be called or ctx is done. The caller calls
// written when the request has been written to the wire.
func (l *limiters) wait(ctx context.Context, action string) (written func(), err error) {
	p := l.byAction[action]
	if p == nil {
		return func() {}, nil
	}
	store := slotStore(&p.local)
	if p.shared != nil {
		err := p.wait(ctx, l.clock, p.shared)
		if err == nil || ctx.Err() != nil {
			return func() { p.written(l.clock, p.shared) }, err
		}
		// An unusable shared store (disk full, say) must not stop the
		// plan: pacing within this process still protects the limit.
	}
	return func() { p.written(l.clock, store) }, p.wait(ctx, l.clock, store)
}

// written records that a call left now, which may be well after wait
// returned (a new connection is dialled first).
func (p *pace) written(clk clock, store slotStore) {
	now := clk.Now()
	_ = store.update(func(s *slotState) {
		if now.After(s.last) {
			s.last = now
		}
	})
}

// wait queues for a slot, then makes sure the previous call left at least
// an interval ago. A cancelled wait gives its slot back when no one has
// queued behind it.
func (p *pace) wait(ctx context.Context, clk clock, store slotStore) error {
	now := clk.Now()
	var slot time.Time
	err := store.update(func(s *slotState) {
		slot = s.next
		if slot.Before(now) || slot.After(now.Add(maxQueueAhead)) {
			slot = now
		}
		s.next = slot.Add(p.interval)
	})
	if err != nil {
		return err
	}
	if err := clk.Sleep(ctx, slot.Sub(now)); err != nil {
		_ = store.update(func(s *slotState) {
			if s.next.Equal(slot.Add(p.interval)) {
				s.next = slot
			}
		})
		return err
	}
	for {
		var late time.Duration
		now := clk.Now()
		if err := store.update(func(s *slotState) {
			earliest := s.last.Add(p.interval)
			if now.Before(earliest) && !earliest.After(now.Add(maxQueueAhead)) {
				late = earliest.Sub(now)
				return
			}
			s.last = now
		}); err != nil {
			return err
		}
		if late == 0 {
			return nil
		}
		if err := clk.Sleep(ctx, late); err != nil {
			return err
		}
	}
}
