package tcapi

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/credentials"
)

// The client makes the calls behind temporary keys too, on the same path as
// any other call.
var _ credentials.Exchanger = (*Client)(nil)

var (
	actAssumeRole                = mustAction(apispec.AssumeRole)
	actAssumeRoleWithWebIdentity = mustAction(apispec.AssumeRoleWithWebIdentity)
)

// metadataService names the CVM metadata service's calls in errors and logs.
const metadataService = "metadata service"

// stsAnswer is the answer of AssumeRole and of AssumeRoleWithWebIdentity,
// which have the same shape. Every credential field is required: half a key
// pair signs nothing.
type stsAnswer struct {
	meta
	Credentials *stsKeys `json:"Credentials,omitempty" tcapi:"required"`
	// ExpiredTime is when the keys expire, in Unix seconds.
	ExpiredTime *int64 `json:"ExpiredTime,omitempty" tcapi:"required"`
}

type stsKeys struct {
	Token        *string `json:"Token,omitempty" tcapi:"nonempty"`
	TmpSecretId  *string `json:"TmpSecretId,omitempty" tcapi:"nonempty"`  //nolint:revive // the API's names
	TmpSecretKey *string `json:"TmpSecretKey,omitempty" tcapi:"nonempty"` //nolint:revive // the API's names
}

// session makes an STS call: never shared between callers like a lookup,
// as every answer is a new key pair.
func (c *Client) session(ctx context.Context, a apispec.Action, region string, signer *credentials.Source, request any) (credentials.Session, error) {
	answer, err := send[stsAnswer](ctx, c, a, region, signer, request)
	if err != nil {
		return credentials.Session{}, err
	}
	k := answer.Credentials
	return credentials.Session{
		Keys:        credentials.Keys{SecretID: *k.TmpSecretId, SecretKey: *k.TmpSecretKey, Token: *k.Token},
		ExpiredTime: *answer.ExpiredTime,
	}, nil
}

// AssumeRole calls STS AssumeRole in region, signed with signer's keys.
func (c *Client) AssumeRole(ctx context.Context, signer *credentials.Source, region string, role credentials.AssumeRole) (credentials.Session, error) {
	request := struct {
		RoleArn         string `json:"RoleArn"`
		RoleSessionName string `json:"RoleSessionName"`
		DurationSeconds int64  `json:"DurationSeconds,omitempty"`
		Policy          string `json:"Policy,omitempty"`
		ExternalID      string `json:"ExternalId,omitempty"`
	}{
		RoleArn:         role.RoleArn,
		RoleSessionName: role.SessionName,
		DurationSeconds: int64(role.Duration / time.Second),
		// STS wants the policy document URL-encoded inside the JSON body.
		Policy:     url.QueryEscape(role.Policy),
		ExternalID: role.ExternalID,
	}
	return c.session(ctx, actAssumeRole, region, signer, request)
}

// AssumeRoleWithWebIdentity calls STS AssumeRoleWithWebIdentity in region,
// unsigned: the OIDC token in the body is the proof.
func (c *Client) AssumeRoleWithWebIdentity(ctx context.Context, region string, wi credentials.WebIdentity) (credentials.Session, error) {
	request := struct {
		ProviderID       string `json:"ProviderId"`
		WebIdentityToken string `json:"WebIdentityToken"`
		RoleArn          string `json:"RoleArn"`
		RoleSessionName  string `json:"RoleSessionName"`
		DurationSeconds  int64  `json:"DurationSeconds,omitempty"`
	}{wi.ProviderID, wi.Token, wi.RoleArn, wi.SessionName, int64(wi.Duration / time.Second)}
	return c.session(ctx, actAssumeRoleWithWebIdentity, region, nil, request)
}

// Metadata fetches url from the CVM metadata service, retried and bounded
// like any lookup, never through a proxy, never following a redirect (keys
// come from the metadata service itself or not at all).
func (c *Client) Metadata(ctx context.Context, url string) ([]byte, error) {
	var body []byte
	err := c.retrying(ctx, metadataService, nil, func(ctx context.Context, _ *credentials.Keys, sent func()) (string, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, http.NoBody)
		if err != nil {
			return "", &ClientError{Action: metadataService, Problem: err.Error()}
		}
		sent()
		resp, err := c.metadata.RoundTrip(req)
		if err != nil {
			return "", fmt.Errorf("%s: %w", metadataService, err)
		}
		body, err = readBody(resp, c.clock.Now())
		if err != nil {
			return "", fmt.Errorf("%s answered %s with %w", metadataService, req.URL.Path, err)
		}
		return "", nil
	})
	return body, err
}
