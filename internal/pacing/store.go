package pacing

import (
	"context"
	"sync"
	"time"
)

// Store is where the calls that share a pace meet: this process only
// (MemStore), the processes of this machine (FileStore), or every machine
// pointed at one coordinator. It keeps one grid per key: the time the last
// call counts from. A grid is nothing but that time, never a queue of
// reservations, so a waiter that leaves (cancelled, killed) leaves nothing
// behind for others to wait on, and a slot taken by a call that never left
// costs the others one interval at most.
type Store interface {
	// Take claims key's next slot if it is due: the last call was at least
	// interval ago. A caller woken a little late counts from its grid time
	// (at most slack before now), so that small delays of every call do not
	// add up. Slot.Wait > 0 says the slot is not due yet and how long until
	// it is.
	Take(ctx context.Context, key string, interval, slack time.Duration) (Slot, error)
	// Push has key's grid count from at, when that is later than its last
	// call: a call that left late (a connection dialled first) moves it.
	Push(ctx context.Context, key string, at time.Time) error
}

// Slot is a claimed slot, or how long until one is due.
type Slot struct {
	// At is the grid time the call counts from, and Now when the store took
	// it, both in the store's clock.
	At, Now time.Time
	// Wait is how long until the slot is due; 0 when this one is taken.
	Wait time.Duration
}

// grid is one key's state in a store on this machine's clock.
type grid struct {
	Last time.Time `json:"last,omitzero"`
}

// take applies Take at now. A Last in the future was written by a clock
// that has since been set back: it is forgotten rather than waited for.
func (g *grid) take(now time.Time, interval, slack time.Duration) Slot {
	if g.Last.After(now) {
		g.Last = now.Add(-interval)
	}
	gate := g.Last.Add(interval)
	if now.Before(gate) {
		return Slot{Wait: gate.Sub(now)}
	}
	at := now.Add(-slack)
	if at.Before(gate) {
		at = gate
	}
	g.Last = at
	return Slot{At: at, Now: now}
}

func (g *grid) push(at time.Time) {
	if at.After(g.Last) {
		g.Last = at
	}
}

// MemStore paces the calls of this process only.
type MemStore struct {
	Clock Clock

	mu    sync.Mutex
	grids map[string]*grid
}

// Take implements Store.
func (m *MemStore) Take(_ context.Context, key string, interval, slack time.Duration) (Slot, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.grid(key).take(m.Clock.Now(), interval, slack), nil
}

// Push implements Store.
func (m *MemStore) Push(_ context.Context, key string, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.grid(key).push(at)
	return nil
}

func (m *MemStore) grid(key string) *grid {
	if m.grids == nil {
		m.grids = make(map[string]*grid)
	}
	g := m.grids[key]
	if g == nil {
		g = &grid{}
		m.grids[key] = g
	}
	return g
}
