// Package flight runs calls once for every caller that asks the same
// question at the same time, and many calls side by side.
package flight

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"
)

// Group runs one call per key at a time and hands its result to every
// caller that asked for the same key meanwhile. A successful result is also
// kept for later callers: within one provider process a plan is a snapshot,
// so asking the API the same question twice only costs rate budget.
// Failures are never kept, so a later caller tries again.
//
// Unlike golang.org/x/sync/singleflight, a caller that gives up (Ctrl-C, a
// timeout) leaves without cancelling the call for the others; the call is
// cancelled only when the last caller waiting on it has gone.
type Group struct {
	mu       sync.Mutex
	inFlight map[string]*call
}

type call struct {
	done    chan struct{}
	cancel  context.CancelFunc
	waiters int
	val     any
	err     error
}

// New returns an empty Group.
func New() *Group {
	return &Group{inFlight: make(map[string]*call)}
}

// Do returns fn's result for key. fn runs with a context that keeps ctx's
// values (loggers) but is cancelled only when every caller has left.
func (g *Group) Do(ctx context.Context, key string, fn func(context.Context) (any, error)) (any, error) {
	g.mu.Lock()
	f, ok := g.inFlight[key]
	if !ok {
		fctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		f = &call{done: make(chan struct{}), cancel: cancel}
		g.inFlight[key] = f
		go g.run(fctx, key, f, fn)
	}
	f.waiters++
	g.mu.Unlock()

	select {
	case <-f.done:
		return f.val, f.err
	case <-ctx.Done():
		g.mu.Lock()
		f.waiters--
		if f.waiters == 0 {
			f.cancel()
			g.forget(key, f)
		}
		g.mu.Unlock()
		return nil, ctx.Err()
	}
}

func (g *Group) run(ctx context.Context, key string, f *call, fn func(context.Context) (any, error)) {
	f.val, f.err = recovered(ctx, fn)
	f.cancel()
	g.mu.Lock()
	if f.err != nil {
		g.forget(key, f)
	}
	g.mu.Unlock()
	close(f.done)
}

// forget drops key only if it still refers to f: an abandoned flight may be
// replaced by a new one before it finishes. Callers hold g.mu.
func (g *Group) forget(key string, f *call) {
	if g.inFlight[key] == f {
		delete(g.inFlight, key)
	}
}

// recovered runs fn, turning a panic into an error: fn runs on a goroutine
// of its own, where a panic would take the whole provider process down, and
// every read waiting on it with the process.
func recovered(ctx context.Context, fn func(context.Context) (any, error)) (val any, err error) {
	defer func() {
		if p := recover(); p != nil {
			val, err = nil, &PanicError{Value: p, Stack: string(debug.Stack())}
		}
	}()
	return fn(ctx)
}

// PanicError is a panic in a call, caught so that it fails the callers
// waiting on it instead of the whole provider process.
type PanicError struct {
	Value any
	// Stack is where it happened, for the log and the bug report.
	Stack string
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("the provider failed internally (a bug; please report it): %v", e.Value)
}
