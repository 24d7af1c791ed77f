package tcapi

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/credentials"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
	"github.com/tcintl/terraform-provider-tcintl/internal/pacing"
	"github.com/tcintl/terraform-provider-tcintl/internal/pacing/pacingtest"
)

// TestAnswersThatCanNeverSucceedAreNotRetried sends each class of hopeless
// answer, several members each, through the whole client: one request, a
// typed error that names the problem.
func TestAnswersThatCanNeverSucceedAreNotRetried(t *testing.T) {
	body := func(b string) fakeserver.Fault {
		return fakeserver.Fault{Kind: fakeserver.FaultBody, Body: b, Times: 10}
	}
	withType := func(contentType, b string) fakeserver.Fault {
		f := body(b)
		f.Header = map[string]string{"Content-Type": contentType}
		return f
	}
	var (
		decErr    *DecodeError
		apiErr    *APIError
		malformed *MalformedAnswerError
	)
	tests := []struct {
		name   string
		fault  fakeserver.Fault
		target any
		wantIn string
	}{
		{"body null", body("null"), &decErr, "got null"},
		{"body an array", body(`[]`), &decErr, "got array"},
		{"body a string", body(`"ok"`), &decErr, "got string"},
		{"body a number", body(`0`), &decErr, "got number"},
		{"Response null", body(`{"Response": null}`), &decErr, "field Response: missing"},
		{"only a request ID", body(`{"Response": {"RequestId": "x"}}`), &decErr, "field TotalCost: missing or null"},
		{"an error without a code", body(`{"Response": {"Error": {"Code": "", "Message": "it broke"}, "RequestId": "r-9"}}`), &apiErr, "[none] it broke (request ID r-9)"},
		{"larger than 1 MiB", body(`{"Response": {"Pad": "` + strings.Repeat("x", 1<<20) + `"}}`), &malformed, "larger than 1 MiB"},
		{"event stream", withType("text/event-stream", "data: {}\n\n"), &malformed, "content type text/event-stream"},
		{"HTML with 200", withType("text/html; charset=utf-8", "<html>sign in</html>"), &malformed, "content type text/html"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited})
			srv.InjectFaults(billAction, tt.fault)
			clk := pacingtest.NewFakeClock()
			c := testClient(t, srv, clk, nil)
			_, err := c.CustomerBillSummary(t.Context(), billRequest(100000000001, "2026-01"))
			if !errors.As(err, tt.target) || !strings.Contains(err.Error(), tt.wantIn) {
				t.Fatalf("got %T %v; want %T saying %q", err, err, tt.target, tt.wantIn)
			}
			if n := srv.Count(billAction); n != 1 || len(clk.Sleeps()) != 0 {
				t.Errorf("%d requests and backoffs %v; a hopeless answer must not be retried", n, clk.Sleeps())
			}
		})
	}
}

// STS answers go through the same gate: a null body is a decode error of
// the role's keys, not a crash.
func TestHopelessSTSAnswers(t *testing.T) {
	for _, b := range []string{"null", "[]", `"x"`, "7", `{"Response": null}`, `{"Response": {"RequestId": "r"}}`} {
		t.Run(b, func(t *testing.T) {
			srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited})
			srv.InjectFaults(apispec.AssumeRole, fakeserver.Fault{Kind: fakeserver.FaultBody, Body: b, Times: 10})
			c := testClient(t, srv, pacingtest.NewFakeClock(), withRole)
			_, err := c.SkillScanPayInfo(t.Context())
			var credErr *credentials.CredentialError
			var decErr *DecodeError
			if !errors.As(err, &credErr) || !errors.As(err, &decErr) || decErr.Action != apispec.AssumeRole {
				t.Fatalf("got %v, want a CredentialError with a DecodeError of AssumeRole", err)
			}
			if n := srv.Count(apispec.AssumeRole); n != 1 || srv.Count(apispec.SkillScanPayInfo) != 0 {
				t.Errorf("requests: %s", actions(srv.Requests()))
			}
		})
	}
}

func TestRequestsThatCannotBeSentFailAtOnce(t *testing.T) {
	tests := []struct {
		name   string
		tweak  func(*Config)
		wantIn string
	}{
		{"newline in the token", func(c *Config) { c.Credentials.Keys.Token = "tok\nen-value-1234" }, "the security token contains a control character"},
		{"carriage return in the token", func(c *Config) { c.Credentials.Keys.Token = "token-value-1234\r" }, "the security token"},
		{"NUL in the secret ID", func(c *Config) { c.Credentials.Keys.SecretID = "AKID\x00abc" }, "the secret ID"},
		{"newline in the region", func(c *Config) { c.Region = "ap-singapore\n" }, "the region contains a control character"},
		{"a port out of range", func(c *Config) {
			c.Endpoints = map[string]*url.URL{"intlpartnersmgt": {Scheme: "http", Host: "127.0.0.1:99999"}}
		}, "invalid port"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited}, "bill-amounts")
			clk := pacingtest.NewFakeClock()
			c := testClient(t, srv, clk, tt.tweak)
			_, err := c.CustomerBillSummary(t.Context(), billRequest(100000000001, "2026-01"))
			if err == nil || !strings.Contains(err.Error(), tt.wantIn) || Retryable(err) || Attempts(err) != 1 {
				t.Fatalf("got %v (attempts %d); want a final error saying %q", err, Attempts(err), tt.wantIn)
			}
			if strings.Contains(err.Error(), "value-1234") {
				t.Errorf("the error quotes the value: %v", err)
			}
			if n := srv.Count(billAction); n != 0 || len(clk.Sleeps()) != 0 {
				t.Errorf("%d requests reached the server, backoffs %v", n, clk.Sleeps())
			}
		})
	}
}

func TestRetryAfterIsHonouredWithinTheDeadline(t *testing.T) {
	for _, status := range []int{429, 503} {
		srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited}, "bill-amounts")
		srv.InjectFaults(billAction, fakeserver.Fault{Kind: fakeserver.FaultHTTPStatus, Status: status, Header: map[string]string{"Retry-After": "9"}})
		clk := pacingtest.NewFakeClock()
		c := testClient(t, srv, clk, nil)
		if _, err := c.CustomerBillSummary(t.Context(), billRequest(100000000001, "2026-01")); err != nil {
			t.Fatalf("%d: %v", status, err)
		}
		if s := clk.Sleeps(); len(s) != 1 || s[0] != 9*time.Second {
			t.Errorf("%d: slept %v, want the 9 s the server asked for", status, s)
		}
	}

	// Beyond the deadline: give up at once rather than sleep past it.
	srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited}, "bill-amounts")
	srv.InjectFaults(billAction, fakeserver.Fault{Kind: fakeserver.FaultHTTPStatus, Status: 503, Header: map[string]string{"Retry-After": "600"}})
	clk := pacingtest.NewFakeClock()
	c := testClient(t, srv, clk, nil)
	_, err := c.CustomerBillSummary(t.Context(), billRequest(100000000001, "2026-01"))
	var retryErr *RetryError
	if !errors.As(err, &retryErr) || retryErr.Deadline != c.deadline() || len(clk.Sleeps()) != 0 || srv.Count(billAction) != 1 {
		t.Errorf("got %v after sleeping %v; want a RetryError at the deadline, no sleep", err, clk.Sleeps())
	}
}

// TestALookupEndsAtItsDeadline: a server that never answers (or trickles)
// costs one lookup its deadline, not max_retries request timeouts.
func TestALookupEndsAtItsDeadline(t *testing.T) {
	for _, fault := range []fakeserver.Fault{
		{Kind: fakeserver.FaultDelay, Delay: time.Minute, Times: 100},
		{Kind: fakeserver.FaultTrickle, Delay: 50 * time.Millisecond, Times: 100},
	} {
		t.Run(string(fault.Kind), func(t *testing.T) {
			srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited}, "bill-amounts")
			srv.InjectFaults(billAction, fault)
			c := testClient(t, srv, pacing.RealClock{}, func(cfg *Config) { cfg.RequestTimeout = 300 * time.Millisecond; cfg.MaxRetries = 10 })
			c.backoff = backoffPolicy{Base: 10 * time.Millisecond, Max: 20 * time.Millisecond}
			deadline := c.deadline() // 300 ms + 10 + 9 × 20 ms + 11 × 1 ms of pace
			_, err := c.CustomerBillSummary(t.Context(), billRequest(100000000001, "2026-01"))
			var retryErr *RetryError
			var timeout *TimeoutError
			if !errors.As(err, &retryErr) || retryErr.Deadline != deadline || !errors.As(err, &timeout) {
				t.Fatalf("got %v; want a RetryError at the deadline of %v after a timeout", err, deadline)
			}
			// A first timeout of 300 ms leaves the deadline room for one
			// shorter attempt more, not for the 10 retries max_retries allows.
			if retryErr.Attempts > 2 || srv.Count(billAction) > 2 {
				t.Errorf("%d attempts, %d requests; the deadline of %v has room for 2", retryErr.Attempts, srv.Count(billAction), deadline)
			}
		})
	}
}

func TestServerTextNeverEchoesASecret(t *testing.T) {
	srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited}, "bill-amounts")
	tmp := srv.IssueCredential("qcs::cam::uin/1:roleName/base", time.Hour)
	srv.InjectFaults(billAction, fakeserver.Fault{Kind: fakeserver.FaultEchoCredentials})
	c := testClient(t, srv, pacingtest.NewFakeClock(), func(cfg *Config) {
		cfg.Credentials.Keys = credentials.Keys{SecretID: tmp.SecretID, SecretKey: tmp.SecretKey, Token: tmp.Token}
	})
	_, err := c.CustomerBillSummary(t.Context(), billRequest(100000000001, "2026-01"))
	var apiErr *APIError
	if !errors.As(err, &apiErr) || !strings.Contains(apiErr.Message, "Rejected request with token ***") {
		t.Fatalf("got %v; want the server's message with the token masked", err)
	}
	for _, secret := range []string{tmp.Token, tmp.SecretKey} {
		if strings.Contains(err.Error(), secret) || strings.Contains(c.Redact("x"+secret+"y"), secret) {
			t.Errorf("a secret survived: %v", err)
		}
	}
}

// busyStore is a pace that other machines always hold: every slot is taken
// by someone else, the next due in a second.
type busyStore struct{}

func (busyStore) Take(context.Context, string, time.Duration, time.Duration) (pacing.Slot, error) {
	return pacing.Slot{Wait: time.Second}, nil
}
func (busyStore) Push(context.Context, string, time.Time) error { return nil }

// Waiting for a turn counts: a lookup kept from its turn by others fails
// once it has waited its budget, without a call, and says why.
func TestALookupKeptFromItsTurnFails(t *testing.T) {
	srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited}, "bill-amounts")
	clk := pacingtest.NewFakeClock()
	c := testClient(t, srv, clk, func(cfg *Config) {
		cfg.Pacing = []pacing.Store{busyStore{}}
		cfg.RateLimits = map[string]float64{billAction: 1}
		cfg.MaxRetries = 2
	})
	_, err := c.CustomerBillSummary(t.Context(), billRequest(100000000001, "2026-01"))
	var waitErr *pacing.WaitError
	if !errors.As(err, &waitErr) || waitErr.Action != billAction {
		t.Fatalf("got %v, want a WaitError", err)
	}
	budget := TurnBudget(2, c.pacer.LongestWait(billAction))
	if waited := sumOf(clk.Sleeps()); waited > budget || waited < budget-time.Second {
		t.Errorf("waited %v on the fake clock, want the budget of %v", waited, budget)
	}
	if n := srv.Count(billAction); n != 0 {
		t.Errorf("%d calls went out without a turn", n)
	}
}

func sumOf(ds []time.Duration) time.Duration {
	var total time.Duration
	for _, d := range ds {
		total += d
	}
	return total
}
