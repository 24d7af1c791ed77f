package tcapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// WebIdentity has the client trade an OIDC token (from a CI pipeline or a
// TKE pod) for temporary keys of a CAM role, through an unsigned STS call,
// and renew them before they expire.
type WebIdentity struct {
	// ProviderID is the identity provider's name in CAM.
	ProviderID string
	// Token is the OIDC token itself; TokenFile names a file holding it,
	// read again at every renewal because pipelines and pods rotate it.
	// Exactly one is set.
	Token       string
	TokenFile   string
	RoleArn     string
	SessionName string
	Duration    time.Duration
	// Region is the STS region when it is not the provider's (TKE_REGION).
	Region string
	// ProviderIDFrom and TokenFileFrom name the settings that gave those
	// values (provider_id, TKE_PROVIDER_ID...), for hints.
	ProviderIDFrom string
	TokenFileFrom  string
}

// TokenFileError is an OIDC token file that cannot be used.
type TokenFileError struct {
	Err error
}

func (e *TokenFileError) Error() string { return "reading the OIDC token: " + e.Err.Error() }

func (e *TokenFileError) Unwrap() error { return e.Err }

// ReadWebIdentityTokenFile reads an OIDC token from a file holding either
// the token alone (what TKE and most pipelines write) or the JSON object
// {"web_identity_token": "..."} of the official provider's token files.
// The token is used as it is: whitespace around it is an error, not
// trimmed. Errors name the file and never quote it.
func ReadWebIdentityTokenFile(name string) (string, error) {
	data, err := ReadLocalFile(name)
	if err != nil {
		return "", err
	}
	token := string(data)
	if bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) {
		var doc struct {
			Token *string `json:"web_identity_token"`
		}
		if err := json.Unmarshal(data, &doc); err != nil || doc.Token == nil {
			return "", fmt.Errorf("%s starts like JSON but is not an object with a web_identity_token string", name)
		}
		token = *doc.Token
	}
	if token == "" {
		return "", fmt.Errorf("%s holds no token: it is empty", name)
	}
	if err := CheckSecretText(token); err != nil {
		return "", fmt.Errorf("the token in %s %w", name, err)
	}
	return token, nil
}

func (c *Client) webIdentityRenewer(wi WebIdentity, unsigned *target, signing *signingCredential) *renewer {
	c.creds.remember(wi.Token)
	fields := map[string]any{"role_arn": wi.RoleArn, "provider_id": wi.ProviderID}
	if wi.TokenFile != "" {
		fields["token_file"] = wi.TokenFile
	}
	return &renewer{
		logMessage: "Assumed role with web identity",
		logFields:  fields,
		fetch: func(ctx context.Context) (*session, error) {
			return c.newWebIdentitySession(ctx, wi, unsigned)
		},
		fail: func(err error) *CredentialError {
			return &CredentialError{Kind: KindWebIdentity, RoleArn: wi.RoleArn, Err: err, hint: webIdentityHint(err, wi)}
		},
		signing: signing,
		flights: newFlights(false),
	}
}

func (c *Client) newWebIdentitySession(ctx context.Context, wi WebIdentity, unsigned *target) (*session, error) {
	token := wi.Token
	if wi.TokenFile != "" {
		var err error
		if token, err = ReadWebIdentityTokenFile(wi.TokenFile); err != nil {
			return nil, &TokenFileError{Err: err}
		}
		c.creds.remember(token)
	}
	req := NewAssumeRoleWithWebIdentityRequest()
	req.ProviderId = &wi.ProviderID
	req.WebIdentityToken = &token
	req.RoleArn = &wi.RoleArn
	req.RoleSessionName = &wi.SessionName
	if wi.Duration > 0 {
		seconds := int64(wi.Duration / time.Second)
		req.DurationSeconds = &seconds
	}
	obtained := c.clock.Now()
	resp, err := c.assumeRoleWithWebIdentity(ctx, unsigned, req)
	if err != nil {
		return nil, err
	}
	return resp.Response.session(obtained), nil
}

func webIdentityHint(err error, wi WebIdentity) string {
	var fileErr *TokenFileError
	code := ErrorCode(err)
	switch {
	case errors.As(err, &fileErr):
		return fmt.Sprintf("Check %s: it must name a regular file holding only the OIDC token, kept current by your pipeline or by TKE.", wi.TokenFileFrom)
	case code == "InvalidParameter.WebIdentityTokenError":
		return fmt.Sprintf("The OIDC token was refused: check provider_id and the token's audience. provider_id (%q, from %s) must name the identity provider configured in CAM, "+
			"and the token must be issued for the audience (client ID) registered there, by that provider, and not be expired.", wi.ProviderID, wi.ProviderIDFrom)
	case code == "InternalError.GetRoleError", HasCodePrefix(code, "ResourceNotFound"):
		return "STS could not use the role: check role_arn, and that the role's trust policy lets the identity provider " + wi.ProviderID +
			" call sts:AssumeRoleWithWebIdentity on it."
	case HasCodePrefix(code, "InvalidParameter"):
		return "STS refused a parameter of the exchange: check role_arn, session_name (2 to 128 of letters, digits and +=,.@_-) and session_duration (at most 43200)."
	}
	return ""
}
