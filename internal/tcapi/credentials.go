package tcapi

import (
	"context"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Credential is a key pair with an optional session token.
type Credential struct {
	SecretID  string
	SecretKey string
	Token     string
}

// AssumeRole has the client sign its calls with temporary keys of a CAM role,
// obtained from STS with the base keys and refreshed before they expire.
type AssumeRole struct {
	RoleArn     string
	SessionName string
	Duration    time.Duration
	// Policy is a CAM policy document (JSON) narrowing the role's rights.
	Policy     string
	ExternalID string
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

// roleSession is one set of temporary keys and when to replace it.
type roleSession struct {
	cred      Credential
	expires   time.Time
	refreshAt time.Time
}

// maxRefreshMargin is how long before expiry temporary keys are replaced;
// keys that live less than twice as long are replaced halfway through.
const maxRefreshMargin = 5 * time.Minute

// roleCredentials keeps the assumed role's keys fresh.
type roleCredentials struct {
	role      AssumeRole
	session   atomic.Pointer[roleSession]
	refreshes *flights
	signing   *signingCredential
}

// refresh makes sure the signing keys are not about to expire. Concurrent
// callers share one AssumeRole call. If STS fails while the current keys are
// still valid, they are used and the failure only logged.
func (c *Client) refreshRole(ctx context.Context) error {
	rc := c.role
	now := c.clock.Now()
	current := rc.session.Load()
	if current != nil && now.Before(current.refreshAt) {
		return nil
	}
	_, err := rc.refreshes.do(ctx, "AssumeRole", func(ctx context.Context) (any, error) {
		if s := rc.session.Load(); s != nil && c.clock.Now().Before(s.refreshAt) {
			return nil, nil // refreshed by a flight that ended just before this one began
		}
		s, err := c.newRoleSession(ctx)
		if err != nil {
			return nil, err
		}
		rc.session.Store(s)
		rc.signing.current.Store(&s.cred)
		tflog.Debug(c.masked(ctx), "Assumed role", map[string]any{
			"role_arn": rc.role.RoleArn, "expires": s.expires.UTC().Format(time.RFC3339),
		})
		return nil, nil
	})
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return err
	}
	if current != nil && c.clock.Now().Before(current.expires) {
		tflog.Warn(c.masked(ctx), "Refreshing the assumed role failed; the current keys are still valid", map[string]any{"error": err.Error()})
		return nil
	}
	return &CredentialError{RoleArn: rc.role.RoleArn, Err: err}
}

func (c *Client) newRoleSession(ctx context.Context) (*roleSession, error) {
	role := c.role.role
	req := NewAssumeRoleRequest()
	req.RoleArn = &role.RoleArn
	req.RoleSessionName = &role.SessionName
	if role.Duration > 0 {
		seconds := uint64(role.Duration / time.Second)
		req.DurationSeconds = &seconds
	}
	if role.Policy != "" {
		// STS wants the policy document URL-encoded inside the JSON body.
		policy := url.QueryEscape(role.Policy)
		req.Policy = &policy
	}
	if role.ExternalID != "" {
		req.ExternalId = &role.ExternalID
	}
	obtained := c.clock.Now()
	resp, err := c.assumeRole(ctx, req)
	if err != nil {
		return nil, err
	}
	p := resp.Response
	expires := time.Unix(*p.ExpiredTime, 0)
	margin := min(maxRefreshMargin, expires.Sub(obtained)/2)
	return &roleSession{
		cred:      Credential{SecretID: *p.Credentials.TmpSecretId, SecretKey: *p.Credentials.TmpSecretKey, Token: *p.Credentials.Token},
		expires:   expires,
		refreshAt: expires.Add(-max(margin, 0)),
	}, nil
}

// secrets lists every secret the client holds or has held: what must never
// reach a log line or a diagnostic, whoever wrote it (the server included).
func (c *Client) secrets() []string {
	secrets := make([]string, 0, 5)
	add := func(cred Credential) {
		for _, s := range []string{cred.SecretKey, cred.Token} {
			if s != "" {
				secrets = append(secrets, s)
			}
		}
	}
	add(c.base)
	if c.role != nil {
		if s := c.role.session.Load(); s != nil {
			add(s.cred)
		}
	}
	return secrets
}

// masked returns ctx with every secret the client knows masked in log
// entries, as a second line of defence: the client never logs them.
func (c *Client) masked(ctx context.Context) context.Context {
	secrets := c.secrets()
	ctx = tflog.MaskAllFieldValuesStrings(ctx, secrets...)
	return tflog.MaskMessageStrings(ctx, secrets...)
}
