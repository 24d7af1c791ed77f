package tcapi

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/credentials"
	"github.com/tcintl/terraform-provider-tcintl/internal/flight"
	"github.com/tcintl/terraform-provider-tcintl/internal/pacing"
	"github.com/tcintl/terraform-provider-tcintl/internal/pacing/pacingtest"

	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
)

const billAction = apispec.CustomerBillSummary

// testClient builds a client against srv. Pacing is as good as off unless a
// test turns it on: most tests are about something else.
func testClient(t *testing.T, srv *fakeserver.Server, clk pacing.Clock, tweak func(*Config)) *Client {
	t.Helper()
	cfg := Config{
		Credentials: credentials.Resolved{Keys: credentials.Keys{SecretID: fakeserver.TestSecretID, SecretKey: fakeserver.TestSecretKey}},
		Endpoints:   everyServiceAt(t, srv.URL()),
		MaxRetries:  3,
		RateLimits:  map[string]float64{apispec.SkillScanPayInfo: pacing.MaxRate, billAction: pacing.MaxRate},
		UserAgent:   "tcapi-test",
		Pacing:      []pacing.Store{fileStore(t, clk)},
	}
	if tweak != nil {
		tweak(&cfg)
	}
	return newClient(cfg, clk)
}

// fileStore is a pacing file of the test's own.
func fileStore(t testing.TB, clk pacing.Clock) *pacing.FileStore {
	t.Helper()
	f, err := pacing.NewFileStore(t.TempDir(), clk)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// everyServiceAt sends every service to the base URL raw.
func everyServiceAt(t testing.TB, raw string) map[string]*url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	endpoints := make(map[string]*url.URL)
	for _, service := range apispec.Services() {
		endpoints[service] = u
	}
	return endpoints
}

// unlimited lifts the fake server's rate limits for tests not about them.
var unlimited = map[string]float64{"DescribeSkillScanPayInfo": 1e6, billAction: 1e6, "AssumeRole": 1e6}

func billRequest(customer int64, month string) BillRequest {
	return BillRequest{CustomerUin: customer, Month: month}
}

func TestClientSignsAndDecodes(t *testing.T) {
	srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited}, "skillscan-trial-order", "bill-amounts")
	c := testClient(t, srv, pacing.RealClock{}, nil)

	info, err := c.SkillScanPayInfo(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if p := info; *p.AppID != 260083796 || *p.OrderStatus != 6 || p.BeginTime.RFC3339() != "2026-05-14T00:48:15+08:00" {
		t.Errorf("decoded %+v", p)
	}
	bill, err := c.CustomerBillSummary(t.Context(), billRequest(100000000001, "2026-04"))
	if err != nil {
		t.Fatal(err)
	}
	if got := bill.TotalCost.String(); got != "98765432109876.54321" {
		t.Errorf("TotalCost = %s", got)
	}

	for _, r := range srv.Requests() {
		if r.Language != "en-US" || r.Region != "" || r.Header.Get("User-Agent") != "tcapi-test" || r.SecretID != fakeserver.TestSecretID {
			t.Errorf("%s: language %q, region %q, user agent %q, secret ID %q", r.Action, r.Language, r.Region, r.Header.Get("User-Agent"), r.SecretID)
		}
	}
}

func TestClientSendsRegionOnlyWhenSet(t *testing.T) {
	srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited}, "skillscan-trial-order")
	c := testClient(t, srv, pacing.RealClock{}, func(cfg *Config) { cfg.Region = "ap-singapore" })
	if _, err := c.SkillScanPayInfo(t.Context()); err != nil {
		t.Fatal(err)
	}
	if r := srv.Requests()[0]; r.Region != "ap-singapore" {
		t.Errorf("X-TC-Region = %q", r.Region)
	}
}

func TestClientRetries(t *testing.T) {
	busy := fakeserver.Fault{Kind: fakeserver.FaultErrorCode, Code: "OperationDenied.ServiceBusy"}
	throttled := fakeserver.Fault{Kind: fakeserver.FaultErrorCode, Code: "RequestLimitExceeded", Times: 100}
	tests := []struct {
		name         string
		customer     int64
		faults       []fakeserver.Fault
		wantRequests int
		wantErr      func(error) bool
	}{
		{name: "busy twice then answered", faults: []fakeserver.Fault{busy, busy}, wantRequests: 3},
		{name: "internal error", faults: []fakeserver.Fault{{Kind: fakeserver.FaultErrorCode, Code: "InternalError"}}, wantRequests: 2},
		{name: "internal error sub-code", faults: []fakeserver.Fault{{Kind: fakeserver.FaultErrorCode, Code: "InternalError.DbError"}}, wantRequests: 2},
		{name: "gateway 502 then 503", faults: []fakeserver.Fault{{Kind: fakeserver.FaultHTTPStatus, Status: 502}, {Kind: fakeserver.FaultHTTPStatus, Status: 503}}, wantRequests: 3},
		{name: "truncated body", faults: []fakeserver.Fault{{Kind: fakeserver.FaultMalformedJSON}}, wantRequests: 2},
		{name: "dropped connection", faults: []fakeserver.Fault{{Kind: fakeserver.FaultDropConnection}}, wantRequests: 2},
		{
			name: "throttled through every retry", faults: []fakeserver.Fault{throttled}, wantRequests: 4,
			wantErr: func(err error) bool {
				var retryErr *RetryError
				return errors.As(err, &retryErr) && retryErr.Attempts == 4 && ErrorCode(err) == "RequestLimitExceeded"
			},
		},
		{
			name: "business error is not retried", customer: 100000000002, wantRequests: 1,
			wantErr: func(err error) bool { return ErrorCode(err) == "UnauthorizedOperation.UinNoAuth" && Attempts(err) == 1 },
		},
		{
			name: "busy, then a business error, reports the business error", customer: 100000000002, faults: []fakeserver.Fault{busy}, wantRequests: 2,
			wantErr: func(err error) bool { return ErrorCode(err) == "UnauthorizedOperation.UinNoAuth" },
		},
		{
			name: "answer without Response is not retried", faults: []fakeserver.Fault{{Kind: fakeserver.FaultBody, Body: `{"Other": {}}`, Times: 10}}, wantRequests: 1,
			wantErr: func(err error) bool {
				var decErr *DecodeError
				return errors.As(err, &decErr) && decErr.Field == "Response"
			},
		},
		{
			name: "client error status is not retried", faults: []fakeserver.Fault{{Kind: fakeserver.FaultHTTPStatus, Status: 403, Times: 10}}, wantRequests: 1,
			wantErr: func(err error) bool {
				var statusErr *HTTPStatusError
				return errors.As(err, &statusErr) && statusErr.StatusCode == http.StatusForbidden
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited}, "bill-amounts", "bill-errors")
			srv.InjectFaults(billAction, tt.faults...)
			clk := pacingtest.NewFakeClock()
			c := testClient(t, srv, clk, nil)
			customer := tt.customer
			if customer == 0 {
				customer = 100000000001
			}
			resp, err := c.CustomerBillSummary(t.Context(), billRequest(customer, "2026-01"))
			switch {
			case tt.wantErr == nil && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.wantErr == nil && resp.TotalCost.String() != "0":
				t.Errorf("TotalCost = %s", resp.TotalCost)
			case tt.wantErr != nil && !tt.wantErr(err):
				t.Errorf("unexpected error: %v", err)
			}
			if n := srv.Count(billAction); n != tt.wantRequests {
				t.Errorf("%d requests, want %d", n, tt.wantRequests)
			}
			// Every retry waited a backoff step on the (fake) clock.
			sleeps := clk.Sleeps()
			if len(sleeps) != tt.wantRequests-1 {
				t.Errorf("slept %v, want %d backoff waits", sleeps, tt.wantRequests-1)
			}
			for i, d := range sleeps {
				step := min(defaultBackoffBase<<i, defaultBackoffMax)
				if d < step/2 || d > step {
					t.Errorf("backoff %d = %v, want within [%v, %v]", i+1, d, step/2, step)
				}
			}
		})
	}
}

func TestClientRetriesATimeout(t *testing.T) {
	srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited}, "bill-amounts")
	srv.InjectFaults(billAction, fakeserver.Fault{Kind: fakeserver.FaultDelay, Delay: 5 * time.Second})
	c := testClient(t, srv, pacingtest.NewFakeClock(), func(cfg *Config) { cfg.RequestTimeout = 100 * time.Millisecond })
	if _, err := c.CustomerBillSummary(t.Context(), billRequest(100000000001, "2026-01")); err != nil {
		t.Fatalf("the retry after a timeout should succeed: %v", err)
	}

	srv.InjectFaults(billAction, fakeserver.Fault{Kind: fakeserver.FaultDelay, Delay: 5 * time.Second, Times: 10})
	c = testClient(t, srv, pacingtest.NewFakeClock(), func(cfg *Config) { cfg.RequestTimeout = 50 * time.Millisecond; cfg.MaxRetries = 1 })
	_, err := c.CustomerBillSummary(t.Context(), billRequest(100000000001, "2026-02"))
	var timeout *TimeoutError
	if !errors.As(err, &timeout) || Attempts(err) != 2 {
		t.Errorf("got %v, want a TimeoutError after 2 attempts", err)
	}
	srv.ClearFaults()
}

// cancelWhen cancels a context once ready reports the client is waiting,
// and reports when it did.
func cancelWhen(ready func() bool, cancel context.CancelFunc) <-chan time.Time {
	at := make(chan time.Time, 1)
	go func() {
		for !ready() {
			time.Sleep(time.Millisecond)
		}
		time.Sleep(20 * time.Millisecond) // let the client settle into its wait
		cancel()
		at <- time.Now()
	}()
	return at
}

func TestClientReturnsPromptlyWhenCancelled(t *testing.T) {
	// Every wait under test lasts 30 s or more: returning within a tenth
	// of that is the cancel's doing, however busy the machine.
	const bound = 3 * time.Second
	tests := []struct {
		name   string
		faults []fakeserver.Fault
		tweak  func(*Config)
		// backoff replaces the client's backoff policy.
		backoff *backoffPolicy
		// spendFirst makes one call first, so the next one waits for the limiter.
		spendFirst bool
		// waiting reports that the client is in the wait under test.
		waiting func(srv *fakeserver.Server, started time.Time) bool
	}{
		{
			name:    "during a retry backoff",
			faults:  []fakeserver.Fault{{Kind: fakeserver.FaultErrorCode, Code: "OperationDenied.ServiceBusy", Times: 10}},
			backoff: &backoffPolicy{Base: 30 * time.Second, Max: time.Minute},
			waiting: func(srv *fakeserver.Server, _ time.Time) bool { return srv.Count(billAction) == 1 },
		},
		{
			name:       "during a rate-limiter wait",
			tweak:      func(cfg *Config) { cfg.RateLimits = map[string]float64{billAction: 0.01} },
			spendFirst: true,
			// The first call went through; the second waits 100 s.
			waiting: func(srv *fakeserver.Server, _ time.Time) bool { return srv.Count(billAction) == 1 },
		},
		{
			name:   "during a request in flight",
			faults: []fakeserver.Fault{{Kind: fakeserver.FaultDelay, Delay: 30 * time.Second}},
			// The server logs a request when it answers, so there is no
			// signal for "sent"; 200 ms is ample on loopback.
			waiting: func(_ *fakeserver.Server, started time.Time) bool { return time.Since(started) > 200*time.Millisecond },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited}, "bill-amounts")
			c := testClient(t, srv, pacing.RealClock{}, tt.tweak)
			if tt.backoff != nil {
				c.backoff = *tt.backoff
			}
			if tt.spendFirst {
				if _, err := c.CustomerBillSummary(t.Context(), billRequest(100000000001, "2026-02")); err != nil {
					t.Fatal(err)
				}
			}
			srv.InjectFaults(billAction, tt.faults...)
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			started := time.Now()
			cancelled := cancelWhen(func() bool { return tt.waiting(srv, started) }, cancel)
			_, err := c.CustomerBillSummary(ctx, billRequest(100000000001, "2026-01"))
			returned := time.Now()
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("got %v, want context.Canceled", err)
			}
			if late := returned.Sub(<-cancelled); late > bound {
				t.Errorf("returned %v after the cancel, want within %v", late, bound)
			}
		})
	}
}

func TestClientSharesIdenticalCalls(t *testing.T) {
	srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited}, "bill-amounts")
	srv.InjectFaults(billAction, fakeserver.Fault{Kind: fakeserver.FaultDelay, Delay: 200 * time.Millisecond})
	c := testClient(t, srv, pacing.RealClock{}, nil)

	var wg sync.WaitGroup
	answers := make([]*BillSummary, 10)
	for i := range answers {
		wg.Go(func() {
			resp, err := c.CustomerBillSummary(t.Context(), billRequest(100000000001, "2026-03"))
			if err != nil {
				t.Error(err)
			}
			answers[i] = resp
		})
	}
	wg.Wait()
	if _, err := c.CustomerBillSummary(t.Context(), billRequest(100000000001, "2026-03")); err != nil {
		t.Fatal(err)
	}
	if n := srv.Count(billAction); n != 1 {
		t.Errorf("11 identical calls made %d requests, want 1", n)
	}
	for _, a := range answers {
		if a == nil || a.TotalCost.String() != "1234567.89" {
			t.Errorf("answer %+v", a)
		}
	}
	if _, err := c.CustomerBillSummary(t.Context(), billRequest(100000000001, "2026-04")); err != nil {
		t.Fatal(err)
	}
	if n := srv.Count(billAction); n != 2 {
		t.Errorf("a different month made %d requests in all, want 2", n)
	}
}

func TestClientPacesEachActionAtItsLimit(t *testing.T) {
	// The server enforces 1 request/s for bills; a client with its default
	// limits must never be throttled, however many calls it makes at once.
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "bill-amounts")
	c := testClient(t, srv, pacing.RealClock{}, func(cfg *Config) { cfg.RateLimits = nil })
	readBillsAtOnce(t, c, "2026-01", "2026-02", "2026-03")
	wantPacedBills(t, srv, 3)
}

// readBillsAtOnce reads customer 100000000001's bill for each month, all at
// once.
func readBillsAtOnce(t *testing.T, c *Client, months ...string) {
	t.Helper()
	var wg sync.WaitGroup
	for _, month := range months {
		wg.Go(func() {
			if _, err := c.CustomerBillSummary(t.Context(), billRequest(100000000001, month)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
}

// wantPacedBills checks that srv received n bill requests, at least a
// second apart as its 1 request/s limit wants, and throttled none.
func wantPacedBills(t *testing.T, srv *fakeserver.Server, n int) {
	t.Helper()
	log := srv.Requests()
	if len(log) != n {
		t.Fatalf("%d requests, want %d: %s", len(log), n, actions(log))
	}
	for i := 1; i < len(log); i++ {
		if gap := log[i].Time.Sub(log[i-1].Time); gap < time.Second {
			t.Errorf("requests %d and %d arrived %v apart, under the 1/s limit", i, i+1, gap)
		}
	}
	if n := srv.CountAnswered(billAction, "RequestLimitExceeded"); n != 0 {
		t.Errorf("%d throttled answers", n)
	}
}

func TestRetryable(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{&APIError{Code: "RequestLimitExceeded"}, true},
		{&APIError{Code: "RequestLimitExceeded.UinLimitExceeded"}, true},
		{&APIError{Code: "OperationDenied.ServiceBusy"}, true},
		{&APIError{Code: "InternalError"}, true},
		{&APIError{Code: "InternalErrorish"}, false},
		{&APIError{Code: "InternalError.GetRoleError"}, false},
		{&APIError{Code: "AuthFailure.SignatureFailure"}, false},
		{&APIError{Code: "UnauthorizedOperation.UinNoAuth"}, false},
		{&HTTPStatusError{StatusCode: http.StatusBadGateway}, true},
		{&HTTPStatusError{StatusCode: http.StatusTooManyRequests}, true},
		{&HTTPStatusError{StatusCode: http.StatusNotFound}, false},
		{&MalformedAnswerError{Transient: true}, true},
		{&MalformedAnswerError{Problem: "is larger than 1 MiB"}, false},
		{&HTTPStatusError{StatusCode: http.StatusServiceUnavailable}, true},
		{&HTTPStatusError{StatusCode: http.StatusNotImplemented}, false},
		{&ClientError{Problem: "the security token contains a control character"}, false},
		{&flight.PanicError{Value: "boom"}, false},
		{&APIError{Code: ""}, false},
		{&TimeoutError{}, true},
		{&DecodeError{}, false},
		{&credentials.CredentialError{Err: &APIError{Code: "InternalError"}}, false},
		{context.Canceled, false},
		{errors.New("something else"), false},
	}
	for _, tt := range tests {
		if got := Retryable(tt.err); got != tt.want {
			t.Errorf("Retryable(%#v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}

// mostInFlight is the most requests of log the server held at once: each
// is logged with the time it arrived and how long it took to answer.
func mostInFlight(log []fakeserver.Request) int {
	most := 0
	for _, r := range log {
		n := 0
		for _, o := range log {
			if !o.Time.After(r.Time) && o.Time.Add(o.Duration).After(r.Time) {
				n++
			}
		}
		most = max(most, n)
	}
	return most
}
