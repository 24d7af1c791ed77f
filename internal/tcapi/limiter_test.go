package tcapi

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestLimiterPacesEachActionAtItsLimit(t *testing.T) {
	tests := []struct {
		action    string
		perSecond float64
		wantGap   time.Duration
	}{
		{"DescribeCustomerBillSummary", 1, paced(time.Second)},
		{"DescribeSkillScanPayInfo", 20, paced(50 * time.Millisecond)},
	}
	for _, tt := range tests {
		t.Run(tt.action, func(t *testing.T) {
			clk := newFakeClock()
			l := newLimiters(map[string]float64{tt.action: tt.perSecond, "Other": 1000}, clk, nil)
			for range 4 {
				if _, err := l.wait(t.Context(), tt.action); err != nil {
					t.Fatal(err)
				}
			}
			// The first call goes at once, each later one a gap after it.
			want := []time.Duration{tt.wantGap, tt.wantGap, tt.wantGap}
			if got := clk.Sleeps(); !equalDurations(got, want, time.Microsecond) {
				t.Errorf("sleeps = %v, want %v", got, want)
			}
			// Another action has its own bucket.
			before := len(clk.Sleeps())
			if _, err := l.wait(t.Context(), "Other"); err != nil || len(clk.Sleeps()) != before {
				t.Errorf("Other waited: %v, %v", clk.Sleeps(), err)
			}
		})
	}
}

func TestLimiterWithoutLimitNeverWaits(t *testing.T) {
	clk := newFakeClock()
	l := newLimiters(map[string]float64{"DescribeCustomerBillSummary": 0}, clk, nil)
	for range 10 {
		if _, err := l.wait(t.Context(), "DescribeCustomerBillSummary"); err != nil {
			t.Fatal(err)
		}
	}
	if len(clk.Sleeps()) != 0 {
		t.Errorf("slept %v", clk.Sleeps())
	}
}

func TestLimiterWaitReturnsPromptlyOnCancel(t *testing.T) {
	l := newLimiters(map[string]float64{"A": 0.1}, realClock{}, nil) // one call per 10 s
	if _, err := l.wait(t.Context(), "A"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(20*time.Millisecond, cancel)
	start := time.Now()
	_, err := l.wait(ctx, "A")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("wait = %v, want context.Canceled", err)
	}
	if elapsed := time.Since(start) - 20*time.Millisecond; elapsed > 100*time.Millisecond {
		t.Errorf("returned %v after the cancel, want within 100ms", elapsed)
	}
}

func TestLimiterCancelledWaitGivesItsSlotBack(t *testing.T) {
	clk := newFakeClock()
	l := newLimiters(map[string]float64{"A": 1}, clk, nil)
	if _, err := l.wait(t.Context(), "A"); err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := l.wait(cancelled, "A"); err == nil {
		t.Fatal("a cancelled wait succeeded")
	}
	// Had the cancelled caller kept its slot, this one would wait two gaps.
	if _, err := l.wait(t.Context(), "A"); err != nil {
		t.Fatal(err)
	}
	if got, want := clk.Sleeps(), []time.Duration{paced(time.Second)}; !equalDurations(got, want, time.Microsecond) {
		t.Errorf("sleeps = %v, want %v", got, want)
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
