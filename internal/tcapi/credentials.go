package tcapi

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
)

// Credential is a key pair with an optional session token.
type Credential struct {
	SecretID  string
	SecretKey string
	Token     string
}

// signingCredential is the SDK's view of the keys that sign API calls. The SDK
// reads all three parts in one GetCredential call per request, so swapping
// the pointer on refresh never mixes an old key with a new token.
type signingCredential struct {
	current atomic.Pointer[Credential]
}

func newSigningCredential(c Credential) *signingCredential {
	s := &signingCredential{}
	s.current.Store(&c)
	return s
}

func (s *signingCredential) GetCredential() (string, string, string) {
	c := s.current.Load()
	return c.SecretID, c.SecretKey, c.Token
}

func (s *signingCredential) GetSecretId() string  { return s.current.Load().SecretID }
func (s *signingCredential) GetSecretKey() string { return s.current.Load().SecretKey }
func (s *signingCredential) GetToken() string     { return s.current.Load().Token }

// session is one set of temporary keys and when to replace it.
type session struct {
	cred      Credential
	expires   time.Time
	refreshAt time.Time
}

// maxRefreshMargin is how long before expiry temporary keys are replaced;
// keys that live less than twice as long are replaced halfway through.
const maxRefreshMargin = 5 * time.Minute

func newSession(cred Credential, obtained, expires time.Time) *session {
	margin := min(maxRefreshMargin, expires.Sub(obtained)/2)
	return &session{cred: cred, expires: expires, refreshAt: expires.Add(-max(margin, 0))}
}

// renewer keeps the temporary keys of one source fresh: an assumed role, a
// web identity, a CVM instance role.
type renewer struct {
	// logMessage is logged at each renewal, with logFields.
	logMessage string
	logFields  map[string]any
	// fetch obtains new keys; fail turns its error into a *CredentialError.
	fetch func(context.Context) (*session, error)
	fail  func(error) *CredentialError
	// signing receives each new set of keys.
	signing *signingCredential

	session atomic.Pointer[session]
	flights *flights
}

// credentialChain is every credential the client holds: fixed keys, or a
// source of temporary keys, optionally wrapped by an assumed role.
type credentialChain struct {
	static Credential
	// base renews the keys of a web identity or a CVM role; nil for fixed
	// keys. role renews the assumed role's keys; nil without assume_role.
	base, role *renewer

	mu sync.Mutex
	// held is every secret ever held, old ones too: an error message may
	// quote a key or a token long after it was replaced.
	held []string
}

func (ch *credentialChain) remember(secrets ...string) {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	for _, s := range secrets {
		if s != "" && !slices.Contains(ch.held, s) {
			ch.held = append(ch.held, s)
		}
	}
}

// wireCredentials builds the targets that sign API calls and STS AssumeRole
// calls from cfg's credential settings, and the renewals behind them.
func (c *Client) wireCredentials(cfg Config, newSDK func(common.CredentialIface, string) *common.Client) (api, sts *target) {
	ch := &credentialChain{static: cfg.Credential}
	ch.remember(cfg.Credential.SecretKey, cfg.Credential.Token)
	c.creds = ch
	stsRegion := cmp.Or(cfg.Region, stsDefaultRegion)

	baseKeys := newSigningCredential(cfg.Credential)
	switch {
	case cfg.WebIdentity != nil:
		// No credential at all: the SDK would add its token to the call.
		unsigned := &target{sdk: newSDK(nil, cmp.Or(cfg.WebIdentity.Region, stsRegion))}
		ch.base = c.webIdentityRenewer(*cfg.WebIdentity, unsigned, baseKeys)
	case cfg.CVMRole != nil:
		ch.base = c.cvmRoleRenewer(*cfg.CVMRole, cfg.Transport, baseKeys)
	}
	sts = &target{sdk: newSDK(baseKeys, stsRegion), refresh: c.refresher(ch.base)}
	if cfg.AssumeRole == nil {
		return &target{sdk: newSDK(baseKeys, cfg.Region), refresh: sts.refresh}, sts
	}
	roleKeys := newSigningCredential(Credential{})
	ch.role = c.assumeRoleRenewer(*cfg.AssumeRole, sts, roleKeys)
	return &target{sdk: newSDK(roleKeys, cfg.Region), refresh: c.refresher(ch.role)}, sts
}

func (c *Client) refresher(r *renewer) func(context.Context) error {
	if r == nil {
		return nil
	}
	return func(ctx context.Context) error { return c.renew(ctx, r) }
}

// renew makes sure r's keys are not about to expire. Concurrent callers
// share one fetch (one STS or metadata call). If it fails while the current
// keys are still valid, they are used and the failure only logged.
func (c *Client) renew(ctx context.Context, r *renewer) error {
	current := r.session.Load()
	if current != nil && c.clock.Now().Before(current.refreshAt) {
		return nil
	}
	_, err := r.flights.do(ctx, "renew", func(ctx context.Context) (any, error) {
		if s := r.session.Load(); s != nil && c.clock.Now().Before(s.refreshAt) {
			return nil, nil // renewed by a flight that ended just before this one began
		}
		s, err := r.fetch(ctx)
		if err != nil {
			return nil, err
		}
		c.creds.remember(s.cred.SecretKey, s.cred.Token)
		r.session.Store(s)
		r.signing.current.Store(&s.cred)
		fields := map[string]any{"expires": s.expires.UTC().Format(time.RFC3339)}
		for k, v := range r.logFields {
			fields[k] = v
		}
		tflog.Debug(c.masked(ctx), r.logMessage, fields)
		return nil, nil
	})
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return err
	}
	if current != nil && c.clock.Now().Before(current.expires) {
		tflog.Warn(c.masked(ctx), "Renewing temporary keys failed; the current keys are still valid", map[string]any{"error": err.Error()})
		return nil
	}
	// A failure of the keys beneath (the CVM role under an assumed role)
	// already names its own source.
	var beneath *CredentialError
	if errors.As(err, &beneath) {
		return beneath
	}
	return r.fail(err)
}

// secrets lists every secret the client holds or has held: what must never
// reach a log line or a diagnostic, whoever wrote it (the server included).
func (c *Client) secrets() []string {
	c.creds.mu.Lock()
	defer c.creds.mu.Unlock()
	return append([]string(nil), c.creds.held...)
}

// masked returns ctx with every secret the client knows masked in log
// entries, as a second line of defence: the client never logs them.
func (c *Client) masked(ctx context.Context) context.Context {
	secrets := c.secrets()
	ctx = tflog.MaskAllFieldValuesStrings(ctx, secrets...)
	return tflog.MaskMessageStrings(ctx, secrets...)
}
