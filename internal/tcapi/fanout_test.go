package tcapi

import (
	"testing"

	"github.com/tcintl/terraform-provider-tcintl/internal/pacing"
)

func TestInFlightFollowsThePace(t *testing.T) {
	tests := []struct {
		limit float64
		want  int
	}{
		{0.1, 2},  // one queued, one waiting: never less
		{1, 3},    // the bill lookups at their documented limit
		{20, 41},  // DescribeCustomerUin
		{50, 100}, // the benchmark's raised limit
		{100, 198},
		{1000, 256}, // bounded
	}
	for _, tt := range tests {
		c := newClient(Config{RateLimits: map[string]float64{billAction: tt.limit}}, pacing.RealClock{})
		if got := c.inFlight(billAction); got != tt.want {
			t.Errorf("limit %g/s: %d in flight, want %d", tt.limit, got, tt.want)
		}
	}
	c := newClient(Config{}, pacing.RealClock{})
	if got := c.inFlight("SomethingUnpaced"); got != 32 {
		t.Errorf("unpaced: %d in flight, want 32", got)
	}
}
