package tcapi

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"syscall"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/credentials"
	"github.com/tcintl/terraform-provider-tcintl/internal/pacing"
)

// lookup makes a call of action whose answer depends only on its
// parameters (see shared).
func lookup[P any](ctx context.Context, c *Client, a apispec.Action, params any) (*P, error) {
	body, err := json.Marshal(params)
	if err != nil {
		return nil, fmt.Errorf("%s: encoding the request: %w", a.Name, err)
	}
	return shared(ctx, c, a.Name+"\n"+a.Version+"\n"+string(body), func(ctx context.Context) (*P, error) {
		return sendBody[P](ctx, c, a, c.region, c.keys, body)
	})
}

// shared runs fn once for every caller of the run asking under key: within
// one provider process a plan is a snapshot, so identical reads share one
// answer, which callers must not modify.
func shared[T any](ctx context.Context, c *Client, key string, fn func(context.Context) (*T, error)) (*T, error) {
	v, err := c.lookups.Do(ctx, key, func(ctx context.Context) (any, error) { return fn(ctx) })
	if err != nil {
		return nil, err
	}
	return v.(*T), nil //nolint:forcetypeassert // fn is the only function run under key
}

// send makes one call of action in region with params, signed with
// signer's keys (unsigned when signer is nil), and decodes its answer into
// P.
func send[P any](ctx context.Context, c *Client, a apispec.Action, region string, signer *credentials.Source, params any) (*P, error) {
	body, err := json.Marshal(params)
	if err != nil {
		return nil, fmt.Errorf("%s: encoding the request: %w", a.Name, err)
	}
	return sendBody[P](ctx, c, a, region, signer, body)
}

func sendBody[P any](ctx context.Context, c *Client, a apispec.Action, region string, signer *credentials.Source, body []byte) (*P, error) {
	var out *P
	err := c.retrying(ctx, a.Name, signer, func(ctx context.Context, keys *credentials.Keys, sent func()) (string, error) {
		raw, err := c.post(ctx, a, region, keys, body, sent)
		if err != nil {
			return "", err
		}
		p, err := decode[P](a.Name, raw, c.Redact)
		if err != nil {
			return RequestID(err), err
		}
		out = p
		return requestIDOf(p), nil
	})
	return out, err
}

// attempt is one try of a call, within ctx's deadline: it gets the keys to
// sign with (nil when unsigned), calls sent once the request is on the wire,
// and returns the answer's request ID for the log.
type attempt func(ctx context.Context, keys *credentials.Keys, sent func()) (requestID string, err error)

// retrying makes attempts of the call named action until one succeeds, a
// failure is not worth retrying, the retry budget or the lookup's deadline
// is spent, or ctx is done. The deadline counts the attempts and the waits
// between them (LookupDeadline); the waits for a turn under the rate limit,
// once this lookup is first in line, have a budget of their own
// (TurnBudget). The keys are renewed, when due, within the turn: the call
// then leaves with fresh keys.
func (c *Client) retrying(ctx context.Context, action string, signer *credentials.Source, try attempt) error {
	deadline := c.deadline()
	turns := TurnBudget(c.maxRetries, c.pacer.LongestWait(action))
	var spent, waited time.Duration
	for n := 1; ; n++ {
		var keys *credentials.Keys
		var keysErr error
		var ready func(context.Context) error
		if signer != nil {
			ready = func(ctx context.Context) error {
				k, err := signer.Keys(ctx)
				keys, keysErr = &k, err
				return err
			}
		}
		turn, err := c.pacer.Wait(ctx, action, turns-waited, ready)
		var waitErr *pacing.WaitError
		switch {
		case keysErr != nil:
			return keysErr // it names its source
		case errors.As(err, &waitErr):
			return &RetryError{Action: action, Attempts: n - 1, Err: err}
		case err != nil:
			return fmt.Errorf("%s: waiting for a turn under the rate limit: %w", action, err)
		}
		waited += turn.Waited()

		started := c.clock.Now()
		timeout := min(c.timeout, deadline-spent)
		actx, cancel := context.WithTimeout(ctx, timeout)
		requestID, err := try(actx, keys, turn.Sent)
		if err != nil && ctx.Err() == nil && errors.Is(actx.Err(), context.DeadlineExceeded) {
			err = &TimeoutError{Timeout: timeout}
		}
		cancel()
		spent += c.clock.Now().Sub(started)
		c.logAttempt(ctx, action, n, started, requestID, err)

		var apiErr *APIError
		retryNow := false
		if err == nil || errors.As(err, &apiErr) { // the API decided: the pacing learns from it
			retryNow = turn.Answered(err != nil && HasCodePrefix(apiErr.Code, "RequestLimitExceeded"))
		}
		switch {
		case err == nil:
			return nil
		case ctx.Err() != nil:
			return fmt.Errorf("%s: %w", action, ctx.Err())
		case !Retryable(err):
			return err
		case n > c.maxRetries && n == 1:
			return err
		case n > c.maxRetries:
			return &RetryError{Action: action, Attempts: n, Err: err}
		}
		wait := c.backoff.delay(n)
		var statusErr *HTTPStatusError
		switch {
		case retryNow:
			wait = 0 // the pacing has re-timed this call to the token it is owed
		case errors.As(err, &statusErr):
			wait = max(wait, statusErr.RetryAfter)
		}
		if spent+wait >= deadline {
			return &RetryError{Action: action, Attempts: n, Deadline: deadline, Err: err}
		}
		if err := c.clock.Sleep(ctx, wait); err != nil {
			return fmt.Errorf("%s: waiting to retry: %w", action, err)
		}
		spent += wait
	}
}

// deadline is the deadline of a lookup's calls (see LookupDeadline).
func (c *Client) deadline() time.Duration {
	return c.timeout + c.backoff.budget(c.maxRetries)
}

// Retryable reports whether another attempt could succeed: throttling, a
// busy or failing backend, a gateway error, an answer cut short, a
// connection refused, reset or timed out. Nothing else is retried: not a
// certificate or a name that does not resolve, not a request this side
// cannot send, not an answer that will never be one, not keys that cannot
// be had.
func Retryable(err error) bool {
	var (
		apiErr    *APIError
		statusErr *HTTPStatusError
		malformed *MalformedAnswerError
		timeout   *TimeoutError
		credErr   *credentials.CredentialError
		dnsErr    *net.DNSError
		certErr   *tls.CertificateVerificationError
	)
	switch {
	case errors.Is(err, context.Canceled), errors.As(err, &credErr): // a credential source spent its own retries
		return false
	case errors.As(err, &apiErr):
		return HasCodePrefix(apiErr.Code, "RequestLimitExceeded") ||
			HasCodePrefix(apiErr.Code, "InternalError") && apiErr.Code != "InternalError.GetRoleError" || // STS: no such role
			apiErr.Code == "OperationDenied.ServiceBusy"
	case errors.As(err, &statusErr):
		return statusErr.StatusCode == http.StatusTooManyRequests ||
			statusErr.StatusCode >= 500 && statusErr.StatusCode != http.StatusNotImplemented && statusErr.StatusCode != http.StatusHTTPVersionNotSupported
	case errors.As(err, &malformed):
		return malformed.Transient
	case errors.As(err, &timeout):
		return true
	case errors.As(err, &certErr):
		return false
	case errors.As(err, &dnsErr):
		return dnsErr.IsTimeout || dnsErr.IsTemporary
	}
	return transientNetworkError(err)
}

// transientNetworkError recognises a connection the far side or the path
// broke: the same request may well go through next time.
func transientNetworkError(err error) bool {
	for _, errno := range []syscall.Errno{
		syscall.ECONNREFUSED, syscall.ECONNRESET, syscall.ECONNABORTED, syscall.EPIPE,
		syscall.ETIMEDOUT, syscall.EHOSTUNREACH, syscall.ENETUNREACH, syscall.ENETDOWN,
	} {
		if errors.Is(err, errno) {
			return true
		}
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return true // closed before or during the answer
	}
	var netErr net.Error
	return errors.As(err, &netErr) && netErr.Timeout()
}

func (c *Client) logAttempt(ctx context.Context, action string, attempt int, started time.Time, requestID string, err error) {
	fields := map[string]any{"action": action, "attempt": attempt, "duration_ms": c.clock.Now().Sub(started).Milliseconds()}
	if requestID != "" {
		fields["request_id"] = requestID
	}
	if err == nil {
		tflog.Debug(c.keys.Masked(ctx), "API call succeeded", fields)
		return
	}
	fields["error"] = c.Redact(err.Error())
	if code := ErrorCode(err); code != "" {
		fields["error_code"] = code
	}
	tflog.Debug(c.keys.Masked(ctx), "API call failed", fields)
}

// mustAction is an action of the one table in apispec.
func mustAction(name string) apispec.Action {
	a, ok := apispec.Lookup(name)
	if !ok {
		panic("tcapi: no action " + name + " in apispec") // a programming error, caught by any test
	}
	return a
}
