package pacing

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/pacing/pacingtest"
)

// newTestPacer paces actions (requests per second) in this process.
func newTestPacer(clk Clock, limits map[string]float64, stores ...Store) *Pacer {
	actions := make(map[string]Action, len(limits))
	for name, limit := range limits {
		actions[name] = Action{Limit: limit, Key: name}
	}
	return New(actions, clk, nil, stores...)
}

// waitAndSend takes a turn and reports the call written at once.
func waitAndSend(t *testing.T, p *Pacer, action string) *Turn {
	t.Helper()
	turn, err := p.Wait(t.Context(), action, time.Hour, nil)
	if err != nil {
		t.Fatal(err)
	}
	turn.Sent()
	return turn
}

// paced is interval with the headroom.
func paced(interval time.Duration) time.Duration {
	return time.Duration(float64(interval) * (1 + Headroom))
}

func equalDurations(got, want []time.Duration, tolerance time.Duration) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if d := got[i] - want[i]; d > tolerance || d < -tolerance {
			return false
		}
	}
	return true
}

func sum(ds []time.Duration) time.Duration {
	var total time.Duration
	for _, d := range ds {
		total += d
	}
	return total
}

func TestPacerPacesEachActionAtItsLimit(t *testing.T) {
	tests := []struct {
		action    string
		perSecond float64
		wantGap   time.Duration
	}{
		{"DescribeCustomerBillSummary", 1, paced(time.Second)},
		{"DescribeSkillScanPayInfo", 20, paced(50 * time.Millisecond)},
		{"Configured", 400, paced(2500 * time.Microsecond)},
		{"Slowest", MinRate, paced(100 * time.Second)},
	}
	for _, tt := range tests {
		t.Run(tt.action, func(t *testing.T) {
			clk := pacingtest.NewFakeClock()
			p := newTestPacer(clk, map[string]float64{tt.action: tt.perSecond, "Other": 1000})
			for range 4 {
				waitAndSend(t, p, tt.action).Answered(false)
			}
			// The first call goes at once and counts from the slack before
			// it (it may have been late); each later one a gap after it.
			want := []time.Duration{tt.wantGap - callSlack, tt.wantGap, tt.wantGap}
			if got := sleepsAtMost(clk.Sleeps(), tt.wantGap); !equalDurations(got, want, time.Microsecond) {
				t.Errorf("waits = %v, want %v", got, want)
			}
			// Another action has its own pace.
			before := len(clk.Sleeps())
			waitAndSend(t, p, "Other")
			if len(clk.Sleeps()) != before {
				t.Errorf("Other waited: %v", clk.Sleeps())
			}
		})
	}
}

// sleepsAtMost merges the sleeps of each wait: a waiter re-checks at least
// once an interval, so a wait is a run of sleeps adding up to at most gap.
func sleepsAtMost(sleeps []time.Duration, gap time.Duration) []time.Duration {
	var out []time.Duration
	var run time.Duration
	for _, d := range sleeps {
		run += d
		if run >= gap-callSlack-time.Microsecond {
			out = append(out, run)
			run = 0
		}
	}
	return out
}

func TestPacerWithoutThatActionNeverWaits(t *testing.T) {
	clk := pacingtest.NewFakeClock()
	p := newTestPacer(clk, map[string]float64{"A": 1})
	for range 10 {
		waitAndSend(t, p, "B").Answered(false)
	}
	if len(clk.Sleeps()) != 0 || p.Interval("B") != 0 {
		t.Errorf("slept %v, interval %v", clk.Sleeps(), p.Interval("B"))
	}
}

// Limits out of the range are clamped, so that no interval overflows or
// comes out negative: the provider refuses them at plan, and whatever comes
// the arithmetic stays finite.
func TestPacerClampsLimits(t *testing.T) {
	for limit, want := range map[float64]time.Duration{1e-10: Interval(MinRate), 0: Interval(MinRate), -1: Interval(MinRate), 1e12: Interval(MaxRate)} {
		if got := Interval(limit); got != want || got <= 0 {
			t.Errorf("Interval(%g) = %v, want %v", limit, got, want)
		}
	}
	if got := Interval(MinRate); got != paced(100*time.Second) {
		t.Errorf("Interval(MinRate) = %v", got)
	}
}

func TestPacerWaitEndsWhenCancelled(t *testing.T) {
	p := newTestPacer(RealClock{}, map[string]float64{"A": MinRate}) // one call per 100 s
	waitAndSend(t, p, "A")
	for _, queued := range []int{0, 3} { // the caller waiting for the slot, and callers queued behind it
		ctx, cancel := context.WithCancel(t.Context())
		errs := make(chan error, queued+1)
		for range queued + 1 {
			go func() { _, err := p.Wait(ctx, "A", time.Hour, nil); errs <- err }()
		}
		cancel()
		for range queued + 1 {
			select {
			case err := <-errs:
				if !errors.Is(err, context.Canceled) {
					t.Fatalf("wait = %v, want context.Canceled", err)
				}
			case <-time.After(50 * time.Second): // half the interval: only the cancel can end the wait
				t.Fatal("a cancelled wait went on")
			}
		}
	}
}

// A cancelled wait holds nothing: there are no reservations to give back.
func TestPacerCancelledWaitLeavesNothingBehind(t *testing.T) {
	clk := pacingtest.NewFakeClock()
	p := newTestPacer(clk, map[string]float64{"A": 1})
	waitAndSend(t, p, "A")
	for range 5 {
		cancelled, cancel := context.WithCancel(t.Context())
		cancel()
		if _, err := p.Wait(cancelled, "A", time.Hour, nil); err == nil {
			t.Fatal("a cancelled wait succeeded")
		}
	}
	waitAndSend(t, p, "A")
	if got, want := clk.Sleeps(), []time.Duration{paced(time.Second) - callSlack}; !equalDurations(got, want, time.Microsecond) {
		t.Errorf("sleeps = %v, want one gap %v (an interval after the first call's grid time)", got, want)
	}
}

// Waiting for a turn counts against the caller's budget: a turn known to
// come later is refused at once, with how long it would take.
func TestPacerWaitKeepsToItsBudget(t *testing.T) {
	clk := pacingtest.NewFakeClock()
	p := newTestPacer(clk, map[string]float64{"A": 1})
	waitAndSend(t, p, "A")
	_, err := p.Wait(t.Context(), "A", 500*time.Millisecond, nil)
	var waitErr *WaitError
	if !errors.As(err, &waitErr) || waitErr.Action != "A" || waitErr.Due != paced(time.Second)-callSlack || len(clk.Sleeps()) != 0 {
		t.Fatalf("wait = %v (%+v), slept %v; want a WaitError at once", err, waitErr, clk.Sleeps())
	}
	if _, err := p.Wait(t.Context(), "A", paced(time.Second), nil); err != nil {
		t.Errorf("a budget of one interval: %v", err)
	}
}

// The grid: the small delay of each call (a late wake-up, signing) does not
// add up, while two writes stay at least 1/limit apart.
func TestPacerKeepsToItsGrid(t *testing.T) {
	clk := pacingtest.NewFakeClock()
	p := newTestPacer(clk, map[string]float64{"A": 50})
	l := newLimits(50)
	var writes []time.Time
	for i := range 100 {
		turn, err := p.Wait(t.Context(), "A", time.Hour, nil)
		if err != nil {
			t.Fatal(err)
		}
		// Each call leaves up to 1.5 ms after its turn, differently.
		clk.Advance(time.Duration(i%4) * 500 * time.Microsecond)
		turn.Sent()
		writes = append(writes, clk.Now())
	}
	for i := 1; i < len(writes); i++ {
		if gap := writes[i].Sub(writes[i-1]); gap < l.interval-l.slack {
			t.Fatalf("writes %d and %d %v apart, under %v", i, i+1, gap, l.interval-l.slack)
		}
	}
	if took, want := writes[99].Sub(writes[0]), 99*l.interval+2*time.Millisecond; took > want {
		t.Errorf("100 calls took %v on the fake clock, want at most %v: the delays added up", took, want)
	}
}

func TestPacerCountsFromWhenACallWasWritten(t *testing.T) {
	// A call that took 80 ms to reach the wire (a dial) pushes the next one
	// back by as much.
	clk := pacingtest.NewFakeClock()
	p := newTestPacer(clk, map[string]float64{"A": 1})
	turn, err := p.Wait(t.Context(), "A", time.Hour, nil)
	if err != nil {
		t.Fatal(err)
	}
	clk.Advance(80 * time.Millisecond)
	turn.Sent()
	waitAndSend(t, p, "A")
	want := []time.Duration{paced(time.Second) - callSlack}
	if got := clk.Sleeps(); !equalDurations(got, want, time.Microsecond) {
		t.Errorf("slept %v, want %v (an interval less the slack after the write)", got, want)
	}
}

// ready runs within the turn: a renewal that takes a while delays the calls
// behind it, which count from when the call could leave.
func TestPacerRunsReadyWithinTheTurn(t *testing.T) {
	clk := pacingtest.NewFakeClock()
	p := newTestPacer(clk, map[string]float64{"A": 1})
	renew := func(context.Context) error { clk.Advance(300 * time.Millisecond); return nil }
	turn, err := p.Wait(t.Context(), "A", time.Hour, renew)
	if err != nil || turn.Waited() != 300*time.Millisecond {
		t.Fatalf("turn %v, waited %v", err, turn.Waited())
	}
	waitAndSend(t, p, "A")
	if got := clk.Sleeps(); !equalDurations(got, []time.Duration{paced(time.Second) - callSlack}, time.Microsecond) {
		t.Errorf("slept %v after a 300 ms renewal; the next call counts from when the first could leave", got)
	}
	boom := errors.New("no keys")
	if _, err := p.Wait(t.Context(), "A", time.Hour, func(context.Context) error { return boom }); !errors.Is(err, boom) {
		t.Errorf("ready failed, Wait = %v", err)
	}
}

// A state written before the clock was set back costs at most one interval.
func TestPacerNeverWaitsMoreThanAnIntervalOnAStaleState(t *testing.T) {
	interval := paced(time.Second)
	for name, last := range map[string]time.Duration{"a dead process's last call": 0, "written an hour in the future": time.Hour, "a day in the future": 24 * time.Hour} {
		t.Run(name, func(t *testing.T) {
			clk := pacingtest.NewFakeClock()
			store := &MemStore{Clock: clk}
			if err := store.Push(t.Context(), "A", clk.Now().Add(last)); err != nil {
				t.Fatal(err)
			}
			waitAndSend(t, newTestPacer(clk, map[string]float64{"A": 1}, store), "A")
			if total := sum(clk.Sleeps()); total > interval {
				t.Errorf("waited %v, more than an interval (%v)", total, interval)
			}
		})
	}
}

func TestPacerReChecksAtLeastOnceAnInterval(t *testing.T) {
	clk := pacingtest.NewFakeClock()
	p := newTestPacer(clk, map[string]float64{"A": 1})
	p.actions["A"].adaptive.Next = clk.Now().Add(5 * time.Second)
	waitAndSend(t, p, "A")
	for _, d := range clk.Sleeps() {
		if d > paced(time.Second) {
			t.Errorf("slept %v at once: other processes' answers would go unnoticed", d)
		}
	}
	if total := sum(clk.Sleeps()); total != 5*time.Second {
		t.Errorf("waited %v in all, want the 5 s to the gate", total)
	}
}

// blockingClock sleeps until its context ends: time moves only when a test
// says so, and a waiter that wakes has been woken, not timed out.
type blockingClock struct {
	pacingtest.FakeClock
	mu     sync.Mutex
	asleep int
}

func (c *blockingClock) Sleep(ctx context.Context, _ time.Duration) error {
	c.mu.Lock()
	c.asleep++
	c.mu.Unlock()
	<-ctx.Done()
	return ctx.Err()
}

func (c *blockingClock) sleepers() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.asleep
}

// A waiter re-checks the gate when an answer moves it: a success after a
// slow spell brings the next call seconds closer, and waiting out the old
// gate cost a plan of three machines 40 % of its time once.
func TestPacerWaiterNoticesAnAnswerThatMovesTheGate(t *testing.T) {
	clk := &blockingClock{FakeClock: *pacingtest.NewFakeClock()}
	p := newTestPacer(clk, map[string]float64{"A": 1})
	a := p.actions["A"]
	now := clk.Now()
	written := now.Add(-1100 * time.Millisecond)
	// A process slowed to its floor, its last call in flight for 1.1 s.
	a.adaptive = adaptiveState{Enabled: true, Rate: a.minRate, WMax: a.maxRate, TFail: now.Add(-10 * time.Second), LastCut: now.Add(-10 * time.Second), Streak: 3,
		Next: written.Add(6 * time.Second)}
	inFlight := &Turn{p: p, a: a, sent: written}
	done := make(chan error, 1)
	go func() {
		_, err := p.Wait(t.Context(), "A", time.Hour, nil)
		done <- err
	}()
	for clk.sleepers() == 0 { // the waiter sleeps on the old gate
		time.Sleep(time.Millisecond)
	}
	inFlight.Answered(false) // CUBIC is back at the limit: the next call may go 1/rate after the write, which is now
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := clk.sleepers(); n != 1 {
		t.Errorf("%d sleeps: the waiter slept again instead of taking the turn the answer opened", n)
	}
}

// brokenStore fails every call, as a coordinator that went away does.
type brokenStore struct{ err error }

func (b brokenStore) Take(context.Context, string, time.Duration, time.Duration) (Slot, error) {
	return Slot{}, b.err
}
func (b brokenStore) Push(context.Context, string, time.Time) error { return b.err }

// A store that fails is left for the next, for good, and said once; the
// calls go on paced by the next store.
func TestPacerFallsBackOnceWhenAStoreFails(t *testing.T) {
	clk := pacingtest.NewFakeClock()
	gone := errors.New("connection refused")
	var heard []error
	p := New(map[string]Action{"A": {Limit: 1, Key: "A"}}, clk, func(err error) { heard = append(heard, err) }, brokenStore{gone})
	for range 3 {
		waitAndSend(t, p, "A").Answered(false)
	}
	if len(heard) != 1 || !errors.Is(heard[0], gone) {
		t.Errorf("heard %v, want the failure once", heard)
	}
	if got := clk.Sleeps(); len(got) != 2 || sum(got) < 2*paced(time.Second)-callSlack {
		t.Errorf("slept %v: the calls after the fallback are not paced", got)
	}
}
