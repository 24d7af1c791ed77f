package credentials

import (
	"cmp"
	"context"
	"errors"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Exchanger makes the network calls that give temporary keys. The API
// client implements it, so these calls share its transport, retries,
// deadline and masking of secrets.
type Exchanger interface {
	// AssumeRole calls STS AssumeRole in region, signed with signer's keys.
	AssumeRole(ctx context.Context, signer *Source, region string, role AssumeRole) (Session, error)
	// AssumeRoleWithWebIdentity calls STS AssumeRoleWithWebIdentity in
	// region, unsigned, with wi.Token.
	AssumeRoleWithWebIdentity(ctx context.Context, region string, wi WebIdentity) (Session, error)
	// Metadata fetches url from the CVM metadata service and returns the
	// body of its 200 answer.
	Metadata(ctx context.Context, url string) ([]byte, error)
}

// Source yields the keys that sign calls, renewing temporary ones before
// they expire. It is safe for concurrent use.
type Source struct {
	resolved Resolved
	held     *held
	now      func() time.Time

	fixed Keys
	// renew fetches new keys; nil for fixed keys. fail wraps its error.
	renew func(context.Context) (Session, error)
	fail  func(error) *CredentialError
	// logged says what a renewal did, with its fields.
	logged string
	fields map[string]any

	session atomic.Pointer[session]
	// renewing is held by the caller that renews, so concurrent callers
	// share one fetch.
	renewing chan struct{}
}

// session is a set of temporary keys and when to replace it.
type session struct {
	keys      Keys
	expires   time.Time
	refreshAt time.Time
}

// maxRefreshMargin is how long before expiry temporary keys are replaced;
// keys that live less than twice as long are replaced halfway through.
const maxRefreshMargin = 5 * time.Minute

// held is every secret a Source and those beneath it hold or have held:
// an error message may quote a key or a token long after it was replaced.
type held struct {
	mu      sync.Mutex
	secrets []string
}

func (h *held) add(secrets ...string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, s := range secrets {
		if s != "" && !slices.Contains(h.secrets, s) {
			h.secrets = append(h.secrets, s)
		}
	}
}

// New builds the Source of r's keys. It makes no call: temporary keys are
// fetched when first asked for. now is the clock renewals are timed by.
func New(r Resolved, x Exchanger, now func() time.Time) *Source {
	r.STSRegion = cmp.Or(r.STSRegion, DefaultSTSRegion)
	h := &held{}
	h.add(r.Keys.SecretKey, r.Keys.Token)
	base := &Source{resolved: r, held: h, now: now, fixed: r.Keys, renewing: make(chan struct{}, 1)}
	switch {
	case r.WebIdentity != nil:
		wi := *r.WebIdentity
		region := cmp.Or(wi.Region, r.STSRegion)
		h.add(wi.Token)
		base.renew = func(ctx context.Context) (Session, error) {
			if wi.TokenFile != "" {
				token, err := readTokenFile(wi.TokenFile)
				if err != nil {
					return Session{}, &TokenFileError{Err: err}
				}
				h.add(token)
				wi.Token = token
			}
			return x.AssumeRoleWithWebIdentity(ctx, region, wi)
		}
		base.fail = func(err error) *CredentialError { return &CredentialError{WebIdentity: r.WebIdentity, Err: err} }
		base.logged, base.fields = "Assumed role with web identity", map[string]any{"role_arn": wi.RoleArn, "provider_id": wi.ProviderID, "token_file": wi.TokenFile}
	case r.CVMRole != nil:
		role := *r.CVMRole
		base.renew = func(ctx context.Context) (Session, error) {
			body, err := x.Metadata(ctx, role.KeysURL())
			if err != nil {
				return Session{}, err
			}
			return metadataSession(body)
		}
		base.fail = func(err error) *CredentialError { return &CredentialError{CVMRole: r.CVMRole, Err: err} }
		base.logged, base.fields = "Obtained the keys of the CVM instance role", map[string]any{"role_name": role.RoleName, "metadata_url": role.MetadataURL.String()}
	}
	if r.AssumeRole == nil {
		return base
	}
	role := *r.AssumeRole
	return &Source{
		resolved: r, held: h, now: now, renewing: make(chan struct{}, 1),
		renew: func(ctx context.Context) (Session, error) {
			return x.AssumeRole(ctx, base, r.STSRegion, role)
		},
		fail:   func(err error) *CredentialError { return &CredentialError{AssumeRole: r.AssumeRole, Err: err} },
		logged: "Assumed role", fields: map[string]any{"role_arn": role.RoleArn},
	}
}

// Keys returns the keys to sign a call with now, renewing temporary keys
// that are due. Concurrent callers share one renewal. A renewal that fails
// while the current keys are still valid is logged, and they are used.
func (s *Source) Keys(ctx context.Context) (Keys, error) {
	if s.resolved.Missing != "" {
		return Keys{}, &MissingError{Detail: s.resolved.Missing}
	}
	if s.renew == nil {
		return s.fixed, nil
	}
	current := s.session.Load()
	if current != nil && s.now().Before(current.refreshAt) {
		return current.keys, nil
	}
	select {
	case s.renewing <- struct{}{}:
	case <-ctx.Done():
		return Keys{}, ctx.Err()
	}
	defer func() { <-s.renewing }()
	if fresh := s.session.Load(); fresh != nil && s.now().Before(fresh.refreshAt) {
		return fresh.keys, nil // renewed by the caller before this one
	}
	err := s.fetch(ctx)
	if err == nil {
		return s.session.Load().keys, nil
	}
	if ctx.Err() != nil {
		return Keys{}, err
	}
	if current != nil && s.now().Before(current.expires) {
		tflog.Warn(s.Masked(ctx), "Renewing temporary keys failed; the current keys are still valid", map[string]any{"error": err.Error()})
		return current.keys, nil
	}
	// A failure of the keys beneath (the CVM role under an assumed role)
	// already names its own source.
	var beneath *CredentialError
	if errors.As(err, &beneath) {
		return Keys{}, beneath
	}
	return Keys{}, s.fail(err)
}

func (s *Source) fetch(ctx context.Context) error {
	obtained := s.now()
	answer, err := s.renew(ctx)
	if err != nil {
		return err
	}
	s.held.add(answer.Keys.SecretKey, answer.Keys.Token)
	expires, err := answer.expiry(s.now())
	if err != nil {
		return err
	}
	margin := min(maxRefreshMargin, expires.Sub(obtained)/2)
	s.session.Store(&session{keys: answer.Keys, expires: expires, refreshAt: expires.Add(-max(margin, 0))})
	fields := map[string]any{"expires": expires.UTC().Format(time.RFC3339)}
	maps.Copy(fields, s.fields)
	tflog.Debug(s.Masked(ctx), s.logged, fields)
	return nil
}

// Secrets lists every secret the source holds or has held: what must never
// reach a log line or a diagnostic, whoever wrote it (a server included).
func (s *Source) Secrets() []string {
	s.held.mu.Lock()
	defer s.held.mu.Unlock()
	return slices.Clone(s.held.secrets)
}

// Masked returns ctx with every secret the source knows masked in log
// entries, as a second line of defence: nothing logs them on purpose.
func (s *Source) Masked(ctx context.Context) context.Context {
	secrets := s.Secrets()
	ctx = tflog.MaskAllFieldValuesStrings(ctx, secrets...)
	return tflog.MaskMessageStrings(ctx, secrets...)
}

// Description says where the keys come from, for hints.
func (s *Source) Description() string { return s.resolved.Description }

// Identity is the keys' stable identity (see Resolved.Identity).
func (s *Source) Identity() string { return s.resolved.Identity() }
