package tcapi

import (
	"cmp"
	"crypto/tls"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/credentials"
	"github.com/tcintl/terraform-provider-tcintl/internal/flight"
	"github.com/tcintl/terraform-provider-tcintl/internal/pacing"
)

// DefaultDomain is the international site's API domain; a service's host is
// <service>.<domain>.
const DefaultDomain = "intl.tencentcloudapi.com"

const (
	// DefaultMaxRetries is how many times a retryable failure is retried
	// unless configured otherwise.
	DefaultMaxRetries = 5
	// DefaultRequestTimeout bounds one attempt, from sending to the last byte.
	DefaultRequestTimeout = 30 * time.Second
)

// Config is everything a Client is built from, resolved and validated by
// the provider.
type Config struct {
	// Credentials are where the keys that sign the calls come from.
	Credentials credentials.Resolved
	// Region is sent as X-TC-Region only when set.
	Region string
	// Domain is where a service's host is <service>.<Domain>; DefaultDomain
	// when empty.
	Domain string
	// Endpoints overrides the base URL of a service (csip,
	// intlpartnersmgt, sts): scheme, host and port.
	Endpoints map[string]*url.URL
	// MaxRetries is how often a retryable failure is retried; 0 never.
	MaxRetries int
	// RequestTimeout bounds one attempt; DefaultRequestTimeout when 0.
	RequestTimeout time.Duration
	// RateLimits overrides the documented requests per second of actions.
	RateLimits map[string]float64
	// Pacing are the stores, tried in order, where calls with the same keys
	// share the API's rate limits; with none, each process paces its own.
	Pacing []pacing.Store
	// UserAgent is sent with every call.
	UserAgent string
	// Transport is the base transport; it defaults to a clone of
	// http.DefaultTransport, which honours HTTPS_PROXY and NO_PROXY.
	Transport http.RoundTripper
}

// Client calls the API. It is safe for concurrent use; build one per
// configured provider and share it.
type Client struct {
	keys       *credentials.Source
	region     string
	endpoints  map[string]*url.URL
	pacer      *pacing.Pacer
	lookups    *flight.Group
	maxRetries int
	timeout    time.Duration
	backoff    backoffPolicy
	clock      pacing.Clock
	userAgent  string
	// metadata carries the calls to the CVM metadata service, which
	// answers only the instance itself: never through a proxy.
	api, metadata http.RoundTripper
	// fallback is why a pacing store failed, until a data source has told
	// the user.
	fallback atomic.Pointer[string]
}

// New builds a client. It makes no call: keys are checked by the first one.
func New(cfg Config) *Client {
	return newClient(cfg, pacing.RealClock{})
}

func newClient(cfg Config, clock pacing.Clock) *Client {
	domain := cmp.Or(cfg.Domain, DefaultDomain)
	c := &Client{
		region:     cfg.Region,
		endpoints:  make(map[string]*url.URL),
		lookups:    flight.New(),
		maxRetries: cfg.MaxRetries,
		timeout:    cmp.Or(cfg.RequestTimeout, DefaultRequestTimeout),
		backoff:    defaultBackoff,
		clock:      clock,
		userAgent:  cfg.UserAgent,
		api:        transport(cfg.Transport, true),
		metadata:   transport(cfg.Transport, false),
	}
	for _, service := range apispec.Services() {
		c.endpoints[service] = cmp.Or(cfg.Endpoints[service], &url.URL{Scheme: "https", Host: service + "." + domain})
	}
	c.keys = credentials.New(cfg.Credentials, c, clock.Now)
	// Calls share a pace when they go to the same endpoint with the same
	// keys, whichever way those keys were configured.
	actions := make(map[string]pacing.Action)
	for _, a := range apispec.RateLimited() {
		actions[a.Name] = pacing.Action{
			Limit: cmp.Or(cfg.RateLimits[a.Name], a.RateLimit),
			Key:   strings.Join([]string{a.Name, c.endpoints[a.Service].String(), c.keys.Identity()}, "\n"),
		}
	}
	c.pacer = pacing.New(actions, clock, func(err error) {
		msg := err.Error()
		c.fallback.Store(&msg)
	}, cfg.Pacing...)
	return c
}

// transport clones http.DefaultTransport: certificate verification always
// on, proxies from the environment unless proxied is false.
func transport(rt http.RoundTripper, proxied bool) http.RoundTripper {
	if rt != nil {
		return rt
	}
	t := http.DefaultTransport.(*http.Transport).Clone() //nolint:forcetypeassert // the standard library's own type
	t.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	if !proxied {
		t.Proxy = nil
	}
	return t
}

// LookupDeadline bounds one lookup's attempts and the waits between them:
// one request timeout plus the backoff of every retry (45.5 s by default),
// so a silent server holds a plan under a minute while quick failures
// still get every retry.
func LookupDeadline(requestTimeout time.Duration, maxRetries int) time.Duration {
	return requestTimeout + defaultBackoff.budget(maxRetries)
}

// TurnBudget bounds a lookup's waits for its turns, once first in line:
// the longest wait for a turn, once per attempt. A lookup that other runs
// keep from its turn that long fails instead of waiting on.
func TurnBudget(maxRetries int, longestWait time.Duration) time.Duration {
	return time.Duration(maxRetries+1) * longestWait
}

// Interval is the time the client keeps between two calls of action (its
// documented limit, or the configured one, with pacing's headroom), 0 when
// it does not pace the action.
func (c *Client) Interval(action string) time.Duration {
	return c.pacer.Interval(action)
}

// minRedacted is the shortest secret Redact masks: real keys and tokens are
// far longer, and masking a few letters would garble the text around them.
const minRedacted = 8

// Redact masks every secret the client holds or has held in s: for text the
// server wrote, which may quote what it was sent, and for diagnostics.
func (c *Client) Redact(s string) string {
	secrets := c.keys.Secrets()
	slices.SortFunc(secrets, func(a, b string) int { return len(b) - len(a) }) // a secret inside another goes with it
	for _, secret := range secrets {
		if len(secret) >= minRedacted {
			s = strings.ReplaceAll(s, secret, "***")
		}
	}
	return s
}

// CredentialSource says where the client's keys come from.
func (c *Client) CredentialSource() string {
	return c.keys.Description()
}

// PacingFallback returns, once, why a store shared with other processes or
// machines failed, so that the plan's next read warns that pacing went on
// without it; "" when none did, or the warning was given.
func (c *Client) PacingFallback() string {
	if msg := c.fallback.Swap(nil); msg != nil {
		return *msg
	}
	return ""
}

// inFlight is how many calls of action a batch keeps in flight: to send at
// every slot of the pace, one call waits for the next slot while those
// before it await their answers, for up to inFlightWindow (the live API
// answers well within it). An action paced at r requests/s gets
// ceil(r × window) + 1: 3 at 1/s, 41 at 20/s.
func (c *Client) inFlight(action string) int {
	const (
		inFlightWindow  = 2 * time.Second
		minInFlight     = 2
		maxInFlight     = 256
		unpacedInFlight = 32
	)
	interval := c.pacer.Interval(action)
	if interval <= 0 {
		return unpacedInFlight
	}
	return min(max(int((inFlightWindow+interval-1)/interval)+1, minInFlight), maxInFlight)
}
