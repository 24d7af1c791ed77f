package fakeserver

import (
	"crypto/subtle"
	"net/http"
	"strings"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
)

// CodeWebIdentityTokenError is STS refusing an OIDC token.
const CodeWebIdentityTokenError = "InvalidParameter.WebIdentityTokenError"

// unsignedAuthorization is what the SDK sends instead of a signature for
// the actions that take none.
const unsignedAuthorization = "SKIP"

// WebIdentityExchange is one AssumeRoleWithWebIdentity call that got as far
// as its parameters: tests read the tokens to see that a rotated token
// file was read again.
type WebIdentityExchange struct {
	Time            time.Time
	ProviderID      string
	Token           string
	RoleArn         string
	RoleSessionName string
	// IssuedSecretID is the temporary key issued, "" when refused.
	IssuedSecretID string
}

// WebIdentityExchanges returns the exchanges so far, oldest first.
func (s *Server) WebIdentityExchanges() []WebIdentityExchange {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]WebIdentityExchange(nil), s.exchanges...)
}

// checkUnsigned admits a request with "Authorization: SKIP" only for an
// action that takes no signature, and only without a session token, which
// an unsigned call has no business carrying.
func checkUnsigned(r *http.Request, spec apispec.Action) *apiError {
	if !spec.Unsigned {
		return newAPIError(CodeSignatureFailure, "The action %s must be signed with %s; Authorization: SKIP is only for unsigned actions.", spec.Name, tc3Algorithm)
	}
	if r.Header.Get("X-TC-Token") != "" {
		return newAPIError(CodeInvalidParameter, "An unsigned request must not carry X-TC-Token.")
	}
	return nil
}

// assumeRoleWithWebIdentity checks what the fake can check of an OIDC token
// (present, shaped like a JWT: it verifies no signature) and of the role,
// then issues keys.
func (s *Server) assumeRoleWithWebIdentity(body []byte) ([]byte, *apiError) {
	params, apiErr := stsParams(body, "ProviderId", "WebIdentityToken", "RoleArn", "RoleSessionName", "DurationSeconds")
	if apiErr != nil {
		return nil, apiErr
	}
	provider, apiErr := requiredString(params, "ProviderId")
	if apiErr != nil {
		return nil, apiErr
	}
	token, apiErr := requiredString(params, "WebIdentityToken")
	if apiErr != nil {
		return nil, apiErr
	}
	ex := WebIdentityExchange{Time: s.now(), ProviderID: provider, Token: token}
	ex.RoleArn, _ = params["RoleArn"].(string)
	ex.RoleSessionName, _ = params["RoleSessionName"].(string)
	defer func() {
		s.mu.Lock()
		s.exchanges = append(s.exchanges, ex)
		s.mu.Unlock()
	}()

	roleArn, session, apiErr := roleAndSession(params)
	if apiErr != nil {
		return nil, apiErr
	}
	if !jwtShaped(token) {
		return nil, newAPIError(CodeWebIdentityTokenError, "The WebIdentityToken is not a JWT (three base64url parts separated by dots).")
	}
	if s.refusedToken(token) {
		return nil, newAPIError(CodeWebIdentityTokenError, "The WebIdentityToken was refused by the identity provider %s.", clip(provider, 64))
	}
	lifetime, apiErr := s.lifetime(params)
	if apiErr != nil {
		return nil, apiErr
	}
	cred := s.issue(apispec.AssumeRoleWithWebIdentity, roleArn, session, lifetime)
	ex.IssuedSecretID = cred.SecretID
	return encodeSTSAnswer(cred)
}

// jwtShaped reports three non-empty dot-separated base64url parts.
func jwtShaped(token string) bool {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return false
	}
	for _, p := range parts {
		if p == "" || strings.Trim(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=") != "" {
			return false
		}
	}
	return true
}

// RefuseWebIdentityToken makes the fake STS refuse token from now on, as
// the identity provider would a revoked or expired one.
func (s *Server) RefuseWebIdentityToken(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refusedTokens = append(s.refusedTokens, token)
}

func (s *Server) refusedToken(token string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.refusedTokens {
		if subtle.ConstantTimeCompare([]byte(t), []byte(token)) == 1 {
			return true
		}
	}
	return false
}
