package tcapi

import (
	"cmp"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
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
	// Credential signs the calls, or the AssumeRole call when AssumeRole is
	// set, unless WebIdentity or CVMRole (at most one) supplies renewed keys
	// instead.
	Credential  Credential
	WebIdentity *WebIdentity
	CVMRole     *CVMRole
	AssumeRole  *AssumeRole
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
	creds      *credentialChain
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
		credSource: cfg.CredentialSource,
		endpoints:  endpoints,
		calls:      newFlights(true),
		maxRetries: cfg.MaxRetries,
		timeout:    cmp.Or(cfg.RequestTimeout, DefaultRequestTimeout),
		backoff:    backoffPolicy{Base: defaultBackoffBase, Max: defaultBackoffMax},
		clock:      clk,
	}
	limits := make(map[string]float64)
	for _, a := range apispec.RateLimited() {
		limits[a.Name] = cmp.Or(cfg.RateLimits[a.Name], a.RateLimit)
	}
	c.limiters = newLimiters(limits, clk, sharedSlots(cfg.PaceDir, cfg.Credential.SecretID, endpoints))

	transport := &answerGate{next: baseTransport(cfg.Transport), userAgent: cfg.UserAgent}
	newSDK := func(cred common.CredentialIface, region string) *common.Client {
		return common.NewCommonClient(cred, region, sdkProfile()).WithHttpTransport(transport)
	}

	c.api, c.sts = c.wireCredentials(cfg, newSDK)
	return c
}

// CredentialSource says where the client's keys came from.
func (c *Client) CredentialSource() string {
	return c.credSource
}

// sharedSlots opens the files that pace the rate-limited actions across
// processes. Any that cannot be used is left out: that action is then paced
// within this process only.
func sharedSlots(dir, secretID string, endpoints map[string]*url.URL) map[string]slotStore {
	if dir == "" {
		return nil
	}
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
// retrying, the retry budget is spent or ctx is done.
func (c *Client) retrying(ctx context.Context, t *target, a apispec.Action, request tchttp.Request, newAnswer func() answer) (answer, error) {
	ep := c.endpoints[a.Service]
	request.SetScheme(ep.Scheme)
	request.SetDomain(ep.Host)
	request.SetPath("/")

	for attempt := 1; ; attempt++ {
		written, err := c.limiters.wait(ctx, a.Name)
		if err != nil {
			return nil, fmt.Errorf("%s: waiting for the rate limiter: %w", a.Name, err)
		}
		resp := newAnswer()
		started := c.clock.Now()
		err = c.attempt(ctx, t, a, request, resp, written)
		c.logAttempt(ctx, a, attempt, started, resp, err)
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
		if err := c.clock.Sleep(ctx, c.backoff.delay(attempt)); err != nil {
			return nil, fmt.Errorf("%s: waiting to retry: %w", a.Name, err)
		}
	}
}

// attempt sends request once; written is called when it is on the wire.
func (c *Client) attempt(ctx context.Context, t *target, a apispec.Action, request tchttp.Request, resp answer, written func()) error {
	if t.refresh != nil {
		if err := t.refresh(ctx); err != nil {
			return err
		}
	}
	actx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	request.SetContext(httptrace.WithClientTrace(actx, &httptrace.ClientTrace{
		WroteRequest: func(httptrace.WroteRequestInfo) { written() },
	}))
	err := t.sdk.Send(request, resp)
	if err == nil {
		return nil
	}
	if ctx.Err() == nil && errors.Is(actx.Err(), context.DeadlineExceeded) {
		return &TimeoutError{Timeout: c.timeout}
	}
	return fromSDK(a, err)
}

// fromSDK maps what the SDK returns onto this package's typed errors.
func fromSDK(a apispec.Action, err error) error {
	var sdkErr *tcerr.TencentCloudSDKError
	if !errors.As(err, &sdkErr) {
		return err // already typed: DecodeError from ParseErrorFromHTTPResponse
	}
	switch {
	case sdkErr.Code == "ClientError.NetworkError":
		if cause := errors.Unwrap(sdkErr); cause != nil {
			return fmt.Errorf("%s: %w", a.Name, cause)
		}
		return fmt.Errorf("%s: network error", a.Name)
	case sdkErr.Code == "ClientError.ParseJsonError", sdkErr.Code == "ClientError.HttpStatusCodeError":
		// The SDK's message quotes the body; report the shape problem only.
		return &DecodeError{Action: a.Name, Problem: "not an API 3.0 answer envelope"}
	case strings.HasPrefix(sdkErr.Code, "ClientError."):
		return fmt.Errorf("%s: %s", a.Name, sdkErr.Code)
	}
	return &APIError{Action: a.Name, Code: sdkErr.Code, Message: sdkErr.Message, RequestID: sdkErr.RequestId}
}

// Retryable reports whether err is a transient failure: throttling, a busy
// or failing backend, a gateway error, a broken connection or a timeout.
// Certificate and name-resolution failures are not: retrying cannot fix them.
func Retryable(err error) bool {
	var (
		apiErr    *APIError
		statusErr *HTTPStatusError
		malformed *MalformedAnswerError
		timeout   *TimeoutError
		credErr   *CredentialError
		decErr    *DecodeError
		dnsErr    *net.DNSError
		certErr   *tls.CertificateVerificationError
	)
	switch {
	case errors.As(err, &credErr), errors.As(err, &decErr), errors.Is(err, context.Canceled):
		return false
	case errors.As(err, &apiErr):
		return HasCodePrefix(apiErr.Code, "RequestLimitExceeded") ||
			HasCodePrefix(apiErr.Code, "InternalError") ||
			apiErr.Code == "OperationDenied.ServiceBusy"
	case errors.As(err, &statusErr):
		return statusErr.StatusCode >= 500 || statusErr.StatusCode == http.StatusTooManyRequests
	case errors.As(err, &malformed), errors.As(err, &timeout):
		return true
	case errors.As(err, &certErr):
		return false
	case errors.As(err, &dnsErr):
		return !dnsErr.IsNotFound
	}
	// What is left are transport failures (refused or reset connections,
	// an answer cut short), which *url.Error reports as a net.Error.
	var netErr net.Error
	return errors.As(err, &netErr)
}

func (c *Client) logAttempt(ctx context.Context, a apispec.Action, attempt int, started time.Time, resp answer, err error) {
	fields := map[string]any{
		"action":      a.Name,
		"attempt":     attempt,
		"duration_ms": c.clock.Now().Sub(started).Milliseconds(),
	}
	if err != nil {
		fields["error"] = err.Error()
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
