package pacing

import (
	"math"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/pacing/pacingtest"
)

func TestAdaptiveRateStaysAtTheLimitUntilAThrottle(t *testing.T) {
	clk := pacingtest.NewFakeClock()
	p := newTestPacer(clk, map[string]float64{"A": 1})
	for range 20 {
		waitAndSend(t, p, "A").Answered(false)
	}
	st := p.actions["A"].adaptive
	if st.Enabled || st.Streak != 20 {
		t.Errorf("state %+v: nothing should adapt without a throttle", st)
	}
	for i, d := range clk.Sleeps() {
		want := paced(time.Second)
		if i == 0 {
			want -= callSlack // the first call counts from its slack before
		}
		if d != want {
			t.Fatalf("slept %v, want exact gaps of %v", clk.Sleeps(), paced(time.Second))
		}
	}
}

func TestAdaptiveCutOnThrottle(t *testing.T) {
	p := newLimits(1)
	now := time.Unix(1767225600, 0)
	var s adaptiveState
	if reclaim := p.throttled(&s, now.Add(-time.Millisecond), now); reclaim {
		t.Fatal("a first call is no incumbent")
	}
	a := s
	if !a.Enabled || a.WMax != p.maxRate || a.Rate != adaptiveBeta*p.maxRate || !a.TFail.Equal(now) {
		t.Fatalf("after a throttle: %+v", a)
	}
	// Re-timed to a random point one to two of its intervals later.
	if lo, hi := now.Add(seconds(1/a.Rate)), now.Add(seconds(2/a.Rate)); s.Next.Before(lo) || s.Next.After(hi) {
		t.Errorf("next %v, want within [%v, %v]", s.Next.Sub(now), lo.Sub(now), hi.Sub(now))
	}
	// Another call written before the cut says nothing new: no second cut.
	p.throttled(&s, now.Add(-500*time.Millisecond), now.Add(10*time.Millisecond))
	if s.Rate != a.Rate {
		t.Errorf("a call written before the cut cut again: %v", s.Rate)
	}
	// One written after it does.
	p.throttled(&s, now.Add(time.Second), now.Add(time.Second+time.Millisecond))
	if s.Rate != adaptiveBeta*a.Rate {
		t.Errorf("rate %v, want a second cut to %v", s.Rate, adaptiveBeta*a.Rate)
	}
	// Never below the floor.
	for i := range 20 {
		at := now.Add(time.Duration(i+2) * time.Second)
		p.throttled(&s, at, at)
	}
	if s.Rate != p.minRate {
		t.Errorf("rate %v after many cuts, want the floor %v", s.Rate, p.minRate)
	}
}

func TestAdaptiveGrowsBackAlongCUBIC(t *testing.T) {
	p := newLimits(1)
	now := time.Unix(1767225600, 0)
	var s adaptiveState
	p.throttled(&s, now, now)
	k := math.Cbrt(p.maxRate * (1 - adaptiveBeta) / adaptiveC)
	tests := []struct {
		after time.Duration
		want  float64
	}{
		{0, max(p.minRate, p.maxRate-adaptiveC*k*k*k)},  // just after the cut: βW
		{seconds(k / 2), p.maxRate - adaptiveC*k*k*k/8}, // concave, below W
		{seconds(k), p.maxRate},                         // back at W after K
		{seconds(k + 3), p.maxRate},                     // and never above the limit
	}
	for _, tt := range tests {
		st := s
		at := now.Add(tt.after)
		p.succeeded(&st, at, at)
		if math.Abs(st.Rate-tt.want) > 1e-6 {
			t.Errorf("%v after the cut: rate %v, want %v", tt.after, st.Rate, tt.want)
		}
		if !st.Next.Equal(at.Add(max(seconds(1/st.Rate), seconds(newcomerGap)))) {
			t.Errorf("%v: next %v after the write, want one interval (at least the newcomer gap)", tt.after, st.Next.Sub(at))
		}
	}
}

// An incumbent refused just after its own success met a newcomer: it takes
// the next token without a cut and without a backoff.
func TestAdaptiveIncumbentReclaims(t *testing.T) {
	p := newLimits(1)
	now := time.Unix(1767225600, 0)
	var s adaptiveState
	for i := range 3 {
		at := now.Add(time.Duration(i) * p.interval)
		p.succeeded(&s, at, at)
	}
	lastOK := s.LastOK
	refused := lastOK.Add(p.interval) // the next call of the incumbent
	if !p.throttled(&s, refused, refused.Add(time.Millisecond)) {
		t.Fatal("the incumbent did not reclaim")
	}
	if s.Rate != p.maxRate || !s.LastCut.IsZero() {
		t.Errorf("a reclaim cut the rate: %+v", s)
	}
	if want := refused.Add(time.Second + reclaimMargin); !s.Next.Equal(want) {
		t.Errorf("next %v; want %v", s.Next, want)
	}
	// Refused again: no longer an incumbent (its streak is gone).
	if p.throttled(&s, s.Next, s.Next) {
		t.Error("a second refusal reclaimed again")
	}
	// A newcomer that just won leaves the incumbent its next token.
	var n adaptiveState
	p.throttled(&n, now, now)
	won := now.Add(3 * time.Second)
	p.succeeded(&n, won, won)
	if n.Next.Before(won.Add(seconds(newcomerGap))) {
		t.Errorf("the newcomer calls again after %v, before the gap of %v", n.Next.Sub(won), seconds(newcomerGap))
	}
}

func TestAdaptiveForgetsAfterAQuietMinute(t *testing.T) {
	p := newLimits(1)
	now := time.Unix(1767225600, 0)
	var s adaptiveState
	p.throttled(&s, now, now)
	p.forget(&s, now.Add(30*time.Second))
	if !s.Enabled {
		t.Fatal("forgot after 30 s")
	}
	p.forget(&s, now.Add(adaptiveMemory+time.Second))
	if s.Enabled || s.Rate != 0 {
		t.Errorf("still adapting a minute after the last throttle: %+v", s)
	}
}

func TestAdaptiveThrottleFeedbackThroughThePacer(t *testing.T) {
	// A throttled call cuts the process's rate, and the retry waits for the
	// re-timed gate.
	clk := pacingtest.NewFakeClock()
	p := newTestPacer(clk, map[string]float64{"A": 1})
	waitAndSend(t, p, "A").Answered(true)
	if st := p.actions["A"].adaptive; !st.Enabled || st.Rate >= newLimits(1).maxRate {
		t.Fatalf("state %+v", st)
	}
	before := clk.Now()
	waitAndSend(t, p, "A")
	if waited := clk.Now().Sub(before); waited < seconds(1/(adaptiveBeta*newLimits(1).maxRate)) {
		t.Errorf("the next call waited %v, less than one interval of the cut rate", waited)
	}
}
