package tcapi

import (
	"context"
	"errors"
	"testing"
	"time"
)

// waitAndSend takes a turn and reports the call written at once.
func waitAndSend(t *testing.T, l *limiters, action string) *slot {
	t.Helper()
	s, err := l.wait(t.Context(), action)
	if err != nil {
		t.Fatal(err)
	}
	s.wrote()
	return s
}

func TestLimiterPacesEachActionAtItsLimit(t *testing.T) {
	tests := []struct {
		action    string
		perSecond float64
		wantGap   time.Duration
	}{
		{"DescribeCustomerBillSummary", 1, paced(time.Second)},
		{"DescribeSkillScanPayInfo", 20, paced(50 * time.Millisecond)},
		{"Configured", 1000, paced(time.Millisecond)},
	}
	for _, tt := range tests {
		t.Run(tt.action, func(t *testing.T) {
			clk := newFakeClock()
			l := newLimiters(map[string]float64{tt.action: tt.perSecond, "Other": 1000}, clk, nil)
			for range 4 {
				waitAndSend(t, l, tt.action).answered(false)
			}
			// The first call goes at once, each later one a gap after it.
			want := []time.Duration{tt.wantGap, tt.wantGap, tt.wantGap}
			if got := clk.Sleeps(); !equalDurations(got, want, time.Microsecond) {
				t.Errorf("sleeps = %v, want %v", got, want)
			}
			// Another action has its own pace.
			before := len(clk.Sleeps())
			waitAndSend(t, l, "Other")
			if len(clk.Sleeps()) != before {
				t.Errorf("Other waited: %v", clk.Sleeps())
			}
		})
	}
}

func TestLimiterWithoutLimitNeverWaits(t *testing.T) {
	clk := newFakeClock()
	l := newLimiters(map[string]float64{"DescribeCustomerBillSummary": 0}, clk, nil)
	for range 10 {
		waitAndSend(t, l, "DescribeCustomerBillSummary").answered(false)
	}
	if len(clk.Sleeps()) != 0 {
		t.Errorf("slept %v", clk.Sleeps())
	}
}

func TestLimiterWaitReturnsPromptlyOnCancel(t *testing.T) {
	l := newLimiters(map[string]float64{"A": 0.1}, realClock{}, nil) // one call per 10 s
	waitAndSend(t, l, "A")
	for _, queued := range []int{0, 3} { // the caller waiting for the gate, and callers queued behind it
		ctx, cancel := context.WithCancel(t.Context())
		errs := make(chan error, queued+1)
		for range queued + 1 {
			go func() { _, err := l.wait(ctx, "A"); errs <- err }()
		}
		time.Sleep(20 * time.Millisecond)
		start := time.Now()
		cancel()
		for range queued + 1 {
			if err := <-errs; !errors.Is(err, context.Canceled) {
				t.Fatalf("wait = %v, want context.Canceled", err)
			}
		}
		if elapsed := time.Since(start); elapsed > 100*time.Millisecond {
			t.Errorf("returned %v after the cancel, want within 100ms", elapsed)
		}
	}
}

// A cancelled wait holds nothing: there are no reservations to give back.
func TestLimiterCancelledWaitLeavesNothingBehind(t *testing.T) {
	clk := newFakeClock()
	l := newLimiters(map[string]float64{"A": 1}, clk, nil)
	waitAndSend(t, l, "A")
	for range 5 {
		cancelled, cancel := context.WithCancel(t.Context())
		cancel()
		if _, err := l.wait(cancelled, "A"); err == nil {
			t.Fatal("a cancelled wait succeeded")
		}
	}
	waitAndSend(t, l, "A")
	if got, want := clk.Sleeps(), []time.Duration{paced(time.Second)}; !equalDurations(got, want, time.Microsecond) {
		t.Errorf("sleeps = %v, want one gap %v", got, want)
	}
}

func TestPaceWaitsOutALateSender(t *testing.T) {
	// The previous call left 0.7 s ago: the next one waits until a full
	// interval after it really left.
	clk := newFakeClock()
	l := newLimiters(map[string]float64{"A": 1}, clk, nil)
	l.byAction["A"].local.state.Last = clk.Now().Add(-700 * time.Millisecond)
	waitAndSend(t, l, "A")
	if got := clk.Sleeps(); !equalDurations(got, []time.Duration{paced(time.Second) - 700*time.Millisecond}, time.Microsecond) {
		t.Errorf("slept %v", got)
	}
}

func TestPaceCountsFromWhenACallWasWritten(t *testing.T) {
	// A call that took 80 ms to reach the wire (a dial) pushes the next one
	// back by as much.
	clk := newFakeClock()
	l := newLimiters(map[string]float64{"A": 1}, clk, nil)
	s, err := l.wait(t.Context(), "A")
	if err != nil {
		t.Fatal(err)
	}
	clk.Sleep(t.Context(), 80*time.Millisecond) //nolint:errcheck // a fake clock cannot fail
	s.wrote()
	waitAndSend(t, l, "A")
	want := []time.Duration{80 * time.Millisecond, paced(time.Second)}
	if got := clk.Sleeps(); !equalDurations(got, want, time.Microsecond) {
		t.Errorf("slept %v, want %v (the dial, then a whole gap after the write)", got, want)
	}
}

// States that would stall a plan: a process that died just after taking
// its turn, and a state written before the clock was set back. Each costs
// at most one interval.
func TestPaceNeverWaitsMoreThanAnIntervalOnAStaleState(t *testing.T) {
	interval := paced(time.Second)
	tests := map[string]func(now time.Time) slotState{
		"a dead process's last call":    func(now time.Time) slotState { return slotState{Last: now, Next: now.Add(interval)} },
		"written an hour in the future": func(now time.Time) slotState { return slotState{Last: now.Add(time.Hour), Next: now.Add(time.Hour)} },
		"written a day in the future":   func(now time.Time) slotState { return slotState{Next: now.Add(24 * time.Hour)} },
		"a future throttle in the adaptive": func(now time.Time) slotState {
			return slotState{Adaptive: adaptiveState{Enabled: true, Rate: 1, WMax: 1, TFail: now.Add(time.Hour), LastCut: now.Add(time.Hour)}}
		},
	}
	for name, state := range tests {
		t.Run(name, func(t *testing.T) {
			clk := newFakeClock()
			l := newLimiters(map[string]float64{"A": 1}, clk, nil)
			l.byAction["A"].local.state = state(clk.Now())
			waitAndSend(t, l, "A")
			var total time.Duration
			for _, d := range clk.Sleeps() {
				total += d
			}
			if total > interval {
				t.Errorf("waited %v, more than an interval (%v)", total, interval)
			}
		})
	}
}

func TestBackoffGrowsWithJitterUpToItsCap(t *testing.T) {
	b := backoffPolicy{Base: 500 * time.Millisecond, Max: 8 * time.Second}
	steps := []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 8 * time.Second, 8 * time.Second}
	for i, step := range steps {
		n := i + 1
		seen := map[time.Duration]bool{}
		for range 200 {
			d := b.delay(n)
			if d < step/2 || d > step {
				t.Fatalf("delay(%d) = %v, want within [%v, %v]", n, d, step/2, step)
			}
			seen[d] = true
		}
		if len(seen) < 10 {
			t.Errorf("delay(%d) took only %d distinct values in 200 draws: no jitter", n, len(seen))
		}
	}
	if got, want := b.budget(5), 15500*time.Millisecond; got != want {
		t.Errorf("budget(5) = %v, want %v", got, want)
	}
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

// paced is interval with the limiter's headroom.
func paced(interval time.Duration) time.Duration {
	return time.Duration(float64(interval) * (1 + PacingHeadroom))
}

// A waiter re-checks the gate when an answer moves it: a success after a
// slow spell brings the next call seconds closer, and waiting out the old
// gate cost a plan of three machines 40 % of its time once.
func TestWaiterNoticesAnAnswerThatMovesTheGate(t *testing.T) {
	l := newLimiters(map[string]float64{"A": 1}, realClock{}, nil)
	p := l.byAction["A"]
	now := time.Now()
	written := now.Add(-900 * time.Millisecond)
	// A machine slowed to its floor, its last call in flight for 0.9 s.
	p.local.state = slotState{Last: written, Next: written.Add(6 * time.Second),
		Adaptive: adaptiveState{Enabled: true, Rate: p.minRate, WMax: p.maxRate, TFail: now.Add(-10 * time.Second), LastCut: now.Add(-10 * time.Second)}}
	inFlight := &slot{p: p, clock: realClock{}, store: &p.local, written: written}
	done := make(chan time.Duration, 1)
	go func() {
		start := time.Now()
		waitAndSend(t, l, "A")
		done <- time.Since(start)
	}()
	time.Sleep(50 * time.Millisecond)
	inFlight.answered(false) // CUBIC is back at the limit: next 1.02 s after its write, 0.12 s from now
	select {
	case waited := <-done:
		if waited > 500*time.Millisecond {
			t.Errorf("waited %v; the gate moved to 0.12 s from the start", waited)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the waiter slept out the old gate")
	}
}

func TestWaiterReChecksAtLeastOnceAnInterval(t *testing.T) {
	clk := newFakeClock()
	l := newLimiters(map[string]float64{"A": 1}, clk, nil)
	l.byAction["A"].local.state.Next = clk.Now().Add(5 * time.Second)
	waitAndSend(t, l, "A")
	var total time.Duration
	for _, d := range clk.Sleeps() {
		if d > paced(time.Second) {
			t.Errorf("slept %v at once: other processes' answers would go unnoticed", d)
		}
		total += d
	}
	if total != 5*time.Second {
		t.Errorf("waited %v in all, want the 5 s to the gate", total)
	}
}
