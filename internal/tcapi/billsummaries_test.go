package tcapi

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
	"github.com/tcintl/terraform-provider-tcintl/internal/pacing"
)

// bills is n lookups of book customers 0..n-1 for one month.
func bills(month string) func(i int) BillRequest {
	return func(i int) BillRequest { return billRequest(fakeserver.BookUIN(i), month) }
}

func TestBillSummariesKeepThePacedQueueFull(t *testing.T) {
	tests := []struct {
		name    string
		limit   float64
		n       int
		latency time.Duration
		// inFlight is how many lookups the server must have seen awaiting
		// their answers at once: a full queue keeps about limit × latency
		// in flight (1.5 and 49), one lookup at a time 1, a queue half as
		// long as it should be 25 at 50/s.
		inFlight int
	}{
		{"1 per second, 1.5 s answers", 1, 4, 1500 * time.Millisecond, 2},
		{"50 per second, 1 s answers", 50, 200, time.Second, 40},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			limits := map[string]float64{customerAction: 1e6, billAction: tt.limit}
			c, srv := bookClient(t, &fakeserver.Book{Size: tt.n, Latency: tt.latency}, limits)
			if tt.limit < 2 {
				// A fake with a burst of one counts arrivals on a busy
				// machine's schedule: the client keeps a little below it.
				c = testClient(t, srv, pacing.RealClock{}, func(cfg *Config) { cfg.RateLimits[billAction] = 0.9 * tt.limit })
			}
			var mu sync.Mutex
			var progress []int
			answers, err := c.CustomerBillSummaries(t.Context(), tt.n, bills("2026-01"), func(done int) {
				mu.Lock()
				progress = append(progress, done)
				mu.Unlock()
			})
			if err != nil {
				t.Fatal(err)
			}
			if most := mostInFlight(srv.Requests()); most < tt.inFlight {
				t.Errorf("at most %d lookups awaited their answers at once, want %d: the paced queue ran dry", most, tt.inFlight)
			}
			for i, a := range answers {
				uin := fakeserver.BookUIN(i)
				if a.TotalCost.String() != fakeserver.BookAmount(uin, "2026-01", "", "", "") || *a.RequestId != fmt.Sprintf("book-%d-2026-01", uin) {
					t.Errorf("answer %d is %s (%s), not customer %d's", i, a.TotalCost, *a.RequestId, uin)
				}
			}
			slices.Sort(progress)
			if len(progress) != tt.n || progress[0] != 1 || progress[tt.n-1] != tt.n {
				t.Errorf("progress %v", progress)
			}
			if got, throttled := srv.Count(billAction), srv.CountAnswered(billAction, fakeserver.CodeRequestLimitExceeded); got != tt.n || throttled != 0 {
				t.Errorf("%d calls, %d throttled; want %d, 0", got, throttled, tt.n)
			}
		})
	}
}

func TestBillSummariesStopAtTheFirstFailure(t *testing.T) {
	t.Parallel()
	// Lookup 1 of 8 is for a customer outside the book. At 1/s the batch
	// keeps 3 in flight, and the order in which those take their pacing
	// slots is the scheduler's: lookup 1 goes out at one of the first four
	// slots, after which only lookups 0 to 3 can have been claimed, and
	// after its failure no lookup may go out at all.
	c, srv := bookClient(t, &fakeserver.Book{Size: 8}, map[string]float64{customerAction: 1e6, billAction: 1})
	const outsider = 100000000009
	request := func(i int) BillRequest {
		if i == 1 {
			return billRequest(outsider, "2026-01")
		}
		return bills("2026-01")(i)
	}
	answers, err := c.CustomerBillSummaries(t.Context(), 8, request, nil)
	var batchErr *BatchError
	if !errors.As(err, &batchErr) || batchErr.Index != 1 || ErrorCode(err) != "UnauthorizedOperation.UinNoAuth" || RequestID(err) == "" || answers != nil {
		t.Fatalf("got %v; want lookup 1 failing with UinNoAuth and its request ID", err)
	}
	// Give a lookup wrongly left queued the time to go out.
	time.Sleep(2500 * time.Millisecond)
	log := srv.Requests()
	if len(log) == 0 || string(log[len(log)-1].Body) != fmt.Sprintf(`{"CustomerUin":%d,"Month":"2026-01"}`, outsider) {
		t.Fatalf("want the failed lookup last: %d requests", len(log))
	}
	for _, r := range log[:len(log)-1] {
		var uin int64
		if _, err := fmt.Sscanf(string(r.Body), `{"CustomerUin":%d,`, &uin); err != nil || uin > fakeserver.BookUIN(3) {
			t.Errorf("%s went out, but only lookups 0 to 3 can start before the failure", r.Body)
		}
	}
}

func TestBillSummariesShareIdenticalLookups(t *testing.T) {
	c, srv := bookClient(t, &fakeserver.Book{Size: 3}, nil)
	// A singular lookup of the run, then a batch asking the same among others.
	if _, err := c.CustomerBillSummary(t.Context(), billRequest(fakeserver.BookUIN(1), "2026-02")); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CustomerBillSummaries(t.Context(), 3, bills("2026-02"), nil); err != nil {
		t.Fatal(err)
	}
	if n := srv.Count(billAction); n != 3 {
		t.Errorf("%d calls for 3 distinct lookups, one asked twice", n)
	}
}
