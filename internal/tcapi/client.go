package tcapi

import (
	"cmp"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tcerr "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	sdkjson "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/json"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
)

const (
	// DefaultMaxRetries is how many times the provider retries a retryable
	// failure unless configured otherwise.
	DefaultMaxRetries = 5
	// DefaultRequestTimeout bounds one attempt, from sending to the last byte.
	DefaultRequestTimeout = 30 * time.Second
	// stsDefaultRegion is what the SDK's own AssumeRole provider sends: STS
	// wants a region even though the data source actions do not.
	stsDefaultRegion = "ap-guangzhou"
)

// Config is everything a Client is built from. The provider resolves and
// validates it once; the client trusts it.
type Config struct {
	// Credential signs the calls, or the AssumeRole call when AssumeRole is set.
	Credential Credential
	AssumeRole *AssumeRole
	// CredentialSource says where the keys came from, for hints: never the
	// keys themselves.
	CredentialSource string
	// Region is sent as X-TC-Region only when set.
	Region string
	// Domain is where a service's host is <service>.<Domain>; DefaultDomain
	// when empty.
	Domain string
	// Endpoints overrides the base URL of a service (csip, intlpartnersmgt,
	// sts), as ParseEndpoint returns it.
	Endpoints map[string]*url.URL
	// MaxRetries is how often a retryable failure is retried; 0 never.
	MaxRetries int
	// RequestTimeout bounds one attempt; DefaultRequestTimeout when 0.
	RequestTimeout time.Duration
	// RateLimits overrides the documented requests per second of actions.
	RateLimits map[string]float64
	// PaceDir is where the provider processes of this user meet to pace
	// calls with the same key to the same endpoint together; with "" each
	// process paces its own calls only.
	PaceDir   string
	UserAgent string
	// Transport is the base transport; it defaults to a clone of
	// http.DefaultTransport, which honours HTTPS_PROXY and NO_PROXY.
	Transport http.RoundTripper
}

// Client calls the API. It is safe for concurrent use; build one per
// configured provider and share it.
type Client struct {
	api        *target
	sts        *target
	base       Credential
	role       *roleCredentials
	credSource string

	endpoints  map[string]*url.URL
	limiters   *limiters
	calls      *flights
	maxRetries int
	timeout    time.Duration
	backoff    backoffPolicy
	clock      clock
}

// target is one signing identity.
type target struct {
	sdk *common.Client
	// refresh renews temporary keys before a call; nil for fixed keys.
	refresh func(context.Context) error
}

// New builds a client. It makes no call: keys are checked by the first one.
func New(cfg Config) *Client {
	return newClient(cfg, realClock{})
}

func newClient(cfg Config, clk clock) *Client {
	domain := cmp.Or(cfg.Domain, DefaultDomain)
	endpoints := make(map[string]*url.URL)
	for _, service := range apispec.Services() {
		endpoints[service] = cmp.Or(cfg.Endpoints[service], &url.URL{Scheme: "https", Host: service + "." + domain})
	}
	c := &Client{
		base:       cfg.Credential,
		credSource: cfg.CredentialSource,
		endpoints:  endpoints,
		calls:      newFlights(true),
		maxRetries: cfg.MaxRetries,
		timeout:    cmp.Or(cfg.RequestTimeout, DefaultRequestTimeout),
		backoff:    defaultBackoff,
		clock:      clk,
	}
	limits := make(map[string]float64)
	for _, a := range apispec.RateLimited() {
		limits[a.Name] = cmp.Or(cfg.RateLimits[a.Name], a.RateLimit)
	}
	c.limiters = newLimiters(limits, clk, sharedSlots(cfg.PaceDir, cfg.Credential.SecretID, endpoints, clk.Now()))

	transport := &answerGate{next: baseTransport(cfg.Transport), userAgent: cfg.UserAgent, redact: c.Redact}
	newSDK := func(cred common.CredentialIface, region string) *common.Client {
		return common.NewCommonClient(cred, region, sdkProfile()).WithHttpTransport(transport)
	}

	signing := newSigningCredential(cfg.Credential)
	c.sts = &target{sdk: newSDK(common.NewTokenCredential(cfg.Credential.SecretID, cfg.Credential.SecretKey, cfg.Credential.Token), cmp.Or(cfg.Region, stsDefaultRegion))}
	c.api = &target{sdk: newSDK(signing, cfg.Region)}
	if cfg.AssumeRole != nil {
		c.role = &roleCredentials{role: *cfg.AssumeRole, refreshes: newFlights(false), signing: signing}
		c.api.refresh = c.refreshRole
	}
	return c
}

// LookupDeadline bounds one lookup, all its attempts and the waits between
// them: one whole request timeout plus the backoff of every retry (45.5 s
// with the defaults), so a server that answers slowly or not at all holds a
// plan for well under a minute per lookup, while quick failures still get
// every retry.
func LookupDeadline(requestTimeout time.Duration, maxRetries int) time.Duration {
	return lookupDeadline(requestTimeout, maxRetries, defaultBackoff)
}

func lookupDeadline(requestTimeout time.Duration, maxRetries int, b backoffPolicy) time.Duration {
	return requestTimeout + b.budget(maxRetries)
}

// LookupDeadline is the client's deadline for one lookup.
func (c *Client) LookupDeadline() time.Duration {
	return lookupDeadline(c.timeout, c.maxRetries, c.backoff)
}

// minRedacted is the shortest secret Redact masks: real keys and tokens are
// far longer, and masking a few letters would garble the text around them.
const minRedacted = 8

// Redact masks every secret the client holds or has held in s: for text the
// server wrote, which may quote what it was sent, and for diagnostics.
func (c *Client) Redact(s string) string {
	secrets := c.secrets()
	slices.SortFunc(secrets, func(a, b string) int { return len(b) - len(a) }) // a secret inside another goes with it
	for _, secret := range secrets {
		if len(secret) >= minRedacted {
			s = strings.ReplaceAll(s, secret, "***")
		}
	}
	return s
}

// CredentialSource says where the client's keys came from.
func (c *Client) CredentialSource() string {
	return c.credSource
}

// sharedSlots opens the files that pace the rate-limited actions across
// processes. Any that cannot be used is left out: that action is then paced
// within this process only.
func sharedSlots(dir, secretID string, endpoints map[string]*url.URL, now time.Time) map[string]slotStore {
	if dir == "" {
		return nil
	}
	removeStalePacing(dir, now)
	slots := make(map[string]slotStore)
	for _, a := range apispec.RateLimited() {
		if f, err := newFileStore(dir, a.Name, endpoints[a.Service].String(), secretID); err == nil {
			slots[a.Name] = f
		}
	}
	return slots
}

// sdkProfile switches off what the client does itself: the SDK's retries
// sleep without watching a context, and its region breaker would reroute
// calls to another domain.
func sdkProfile() *profile.ClientProfile {
	p := profile.NewClientProfile()
	p.Language = "en-US"
	p.DisableRegionBreaker = true
	p.NetworkFailureMaxRetries = 0
	p.RateLimitExceededMaxRetries = 0
	p.HttpProfile.ReqMethod = http.MethodPost
	// Each attempt has its own context deadline instead (see attempt).
	p.HttpProfile.ReqTimeout = 0
	return p
}

// baseTransport clones http.DefaultTransport: proxies from the environment,
// certificate verification always on.
func baseTransport(rt http.RoundTripper) http.RoundTripper {
	if rt != nil {
		return rt
	}
	t := http.DefaultTransport.(*http.Transport).Clone() //nolint:forcetypeassert // the standard library's own type
	t.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	return t
}

// answer is a typed response the SDK fills through ParseErrorFromHTTPResponse.
type answer = tchttp.Response

// call sends request once per process for identical parameters and returns
// the shared, read-only answer.
func call[R any, PR interface {
	*R
	answer
}](ctx context.Context, c *Client, t *target, a apispec.Action, request tchttp.Request) (*R, error) {
	body, err := sdkjson.Marshal(request)
	if err != nil {
		return nil, fmt.Errorf("%s: encoding the request: %w", a.Name, err)
	}
	v, err := c.calls.do(ctx, a.Name+"\n"+a.Version+"\n"+string(body), func(ctx context.Context) (any, error) {
		return c.retrying(ctx, t, a, request, func() answer { return PR(new(R)) })
	})
	if err != nil {
		return nil, err
	}
	answer, ok := v.(PR)
	if !ok {
		return nil, fmt.Errorf("%s: a shared call answered %T", a.Name, v)
	}
	return (*R)(answer), nil
}

// retrying makes attempts until one succeeds, a failure is not worth
// retrying, the retry budget or the lookup's deadline is spent, or ctx is
// done. The deadline counts the attempts and the waits between them, not
// the waits for a pacing slot: a long queue of lookups at a low rate limit
// is not a reason to give up.
func (c *Client) retrying(ctx context.Context, t *target, a apispec.Action, request tchttp.Request, newAnswer func() answer) (answer, error) {
	ep := c.endpoints[a.Service]
	request.SetScheme(ep.Scheme)
	request.SetDomain(ep.Host)
	request.SetPath("/")

	deadline := c.LookupDeadline()
	var spent time.Duration
	for attempt := 1; ; attempt++ {
		turn, err := c.limiters.wait(ctx, a.Name)
		if err != nil {
			return nil, fmt.Errorf("%s: waiting for the rate limiter: %w", a.Name, err)
		}
		resp := newAnswer()
		started := c.clock.Now()
		err = c.attempt(ctx, t, a, request, resp, turn.wrote, min(c.timeout, deadline-spent))
		spent += c.clock.Now().Sub(started)
		c.logAttempt(ctx, a, attempt, started, resp, err)
		var apiErr *APIError
		reclaim := false
		if err == nil || errors.As(err, &apiErr) { // the API decided: the pacing learns from it
			reclaim = turn.answered(err != nil && HasCodePrefix(apiErr.Code, "RequestLimitExceeded"))
		}
		if err == nil {
			return resp, nil
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%s: %w", a.Name, ctx.Err())
		}
		if !Retryable(err) {
			return nil, err
		}
		if attempt > c.maxRetries {
			if attempt == 1 {
				return nil, err
			}
			return nil, &RetryError{Action: a.Name, Attempts: attempt, Err: err}
		}
		wait := c.backoff.delay(attempt)
		var statusErr *HTTPStatusError
		switch {
		case reclaim:
			wait = 0 // the pacing has re-timed this call to the token it is owed
		case errors.As(err, &statusErr):
			wait = max(wait, statusErr.RetryAfter)
		}
		if spent+wait >= deadline {
			return nil, &RetryError{Action: a.Name, Attempts: attempt, Deadline: deadline, Err: err}
		}
		if err := c.clock.Sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("%s: waiting to retry: %w", a.Name, err)
		}
		spent += wait
	}
}

// attempt sends request once, within timeout; written is called when it is
// on the wire.
func (c *Client) attempt(ctx context.Context, t *target, a apispec.Action, request tchttp.Request, resp answer, written func(), timeout time.Duration) error {
	if t.refresh != nil {
		if err := t.refresh(ctx); err != nil {
			return err
		}
	}
	actx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	request.SetContext(httptrace.WithClientTrace(actx, &httptrace.ClientTrace{
		WroteRequest: func(httptrace.WroteRequestInfo) { written() },
	}))
	err := t.sdk.Send(request, resp)
	if err == nil {
		return nil
	}
	if ctx.Err() == nil && errors.Is(actx.Err(), context.DeadlineExceeded) {
		return &TimeoutError{Timeout: timeout}
	}
	return fromSDK(a, err)
}

// fromSDK maps what the SDK returns onto this package's typed errors. The
// answer gate's and the decoders' own errors come back wrapped by the SDK
// and net/http; they are unwrapped, so every caller sees the typed error.
func fromSDK(a apispec.Action, err error) error {
	var (
		apiErr    *APIError
		decErr    *DecodeError
		statusErr *HTTPStatusError
		malformed *MalformedAnswerError
		clientErr *ClientError
	)
	switch {
	case errors.As(err, &apiErr):
		return apiErr
	case errors.As(err, &decErr):
		return decErr
	case errors.As(err, &statusErr):
		return statusErr
	case errors.As(err, &malformed):
		return malformed
	case errors.As(err, &clientErr):
		return clientErr
	}
	var sdkErr *tcerr.TencentCloudSDKError
	if !errors.As(err, &sdkErr) {
		return fmt.Errorf("%s: %w", a.Name, err)
	}
	switch {
	case sdkErr.Code == "ClientError.NetworkError":
		if cause := errors.Unwrap(sdkErr); cause != nil {
			return fmt.Errorf("%s: %w", a.Name, cause)
		}
		return fmt.Errorf("%s: network error", a.Name)
	case strings.HasPrefix(sdkErr.Code, "ClientError."):
		// The SDK's messages quote bodies; report the code only.
		return &ClientError{Action: a.Name, Problem: sdkErr.Code}
	}
	// The gate turns every error envelope into an APIError, so this is the
	// SDK reporting one in a shape the gate let through.
	return &APIError{Action: a.Name, Code: sdkErr.Code, Message: "(from the SDK)", RequestID: sdkErr.RequestId}
}

// Retryable reports whether another attempt could succeed: throttling, a
// busy or failing backend, a gateway error, an answer cut short, a
// connection refused, reset or timed out. Nothing else is retried: not a
// certificate or a name that does not resolve, not a request this side
// cannot send, not an answer that will never be one.
func Retryable(err error) bool {
	var (
		apiErr    *APIError
		statusErr *HTTPStatusError
		malformed *MalformedAnswerError
		timeout   *TimeoutError
		credErr   *CredentialError
		dnsErr    *net.DNSError
		certErr   *tls.CertificateVerificationError
	)
	switch {
	case errors.Is(err, context.Canceled), errors.As(err, &credErr): // a credential source spent its own retries
		return false
	case errors.As(err, &apiErr):
		return HasCodePrefix(apiErr.Code, "RequestLimitExceeded") ||
			HasCodePrefix(apiErr.Code, "InternalError") ||
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

func (c *Client) logAttempt(ctx context.Context, a apispec.Action, attempt int, started time.Time, resp answer, err error) {
	fields := map[string]any{
		"action":      a.Name,
		"attempt":     attempt,
		"duration_ms": c.clock.Now().Sub(started).Milliseconds(),
	}
	if err != nil {
		fields["error"] = c.Redact(err.Error())
		if code := ErrorCode(err); code != "" {
			fields["error_code"] = code
		}
		if id := RequestID(err); id != "" {
			fields["request_id"] = id
		}
		tflog.Debug(c.masked(ctx), "API call failed", fields)
		return
	}
	if r, ok := resp.(interface{ requestID() string }); ok {
		fields["request_id"] = r.requestID()
	}
	tflog.Debug(c.masked(ctx), "API call succeeded", fields)
}
