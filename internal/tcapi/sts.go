package tcapi

import (
	"context"
	"fmt"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"

	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
)

// AssumeRoleRequest asks STS for temporary keys of a CAM role.
type AssumeRoleRequest struct {
	*tchttp.BaseRequest

	RoleArn         *string `json:"RoleArn,omitnil,omitempty" name:"RoleArn"`
	RoleSessionName *string `json:"RoleSessionName,omitnil,omitempty" name:"RoleSessionName"`
	DurationSeconds *uint64 `json:"DurationSeconds,omitnil,omitempty" name:"DurationSeconds"`
	// Policy is URL-encoded, as STS requires.
	Policy     *string `json:"Policy,omitnil,omitempty" name:"Policy"`
	ExternalId *string `json:"ExternalId,omitnil,omitempty" name:"ExternalId"`
}

// NewAssumeRoleRequest returns a request ready to fill.
func NewAssumeRoleRequest() *AssumeRoleRequest {
	r := &AssumeRoleRequest{BaseRequest: &tchttp.BaseRequest{}}
	r.Init().WithApiInfo(actAssumeRole.Service, actAssumeRole.Version, actAssumeRole.Name)
	return r
}

// AssumeRoleWithWebIdentityRequest asks STS for temporary keys of a CAM
// role in exchange for an OIDC token. It is sent unsigned.
type AssumeRoleWithWebIdentityRequest struct {
	*tchttp.BaseRequest

	ProviderId       *string `json:"ProviderId,omitnil,omitempty" name:"ProviderId"`
	WebIdentityToken *string `json:"WebIdentityToken,omitnil,omitempty" name:"WebIdentityToken"`
	RoleArn          *string `json:"RoleArn,omitnil,omitempty" name:"RoleArn"`
	RoleSessionName  *string `json:"RoleSessionName,omitnil,omitempty" name:"RoleSessionName"`
	DurationSeconds  *int64  `json:"DurationSeconds,omitnil,omitempty" name:"DurationSeconds"`
}

// NewAssumeRoleWithWebIdentityRequest returns a request ready to fill.
func NewAssumeRoleWithWebIdentityRequest() *AssumeRoleWithWebIdentityRequest {
	a := actAssumeRoleWithWebIdentity
	r := &AssumeRoleWithWebIdentityRequest{BaseRequest: &tchttp.BaseRequest{}}
	r.Init().WithApiInfo(a.Service, a.Version, a.Name)
	// The SDK then sends "Authorization: SKIP" instead of a signature.
	r.SetSkipSign(a.Unsigned)
	return r
}

// STSCredentials are the temporary keys of an assumed role.
type STSCredentials struct {
	Token        *string `json:"Token,omitempty" tcapi:"nonempty"`
	TmpSecretId  *string `json:"TmpSecretId,omitempty" tcapi:"nonempty"`
	TmpSecretKey *string `json:"TmpSecretKey,omitempty" tcapi:"nonempty"`
}

// AssumeRoleResponseParams is the answer of AssumeRole, and of
// AssumeRoleWithWebIdentity, which has the same shape.
type AssumeRoleResponseParams struct {
	Credentials *STSCredentials `json:"Credentials,omitempty" tcapi:"required"`
	// ExpiredTime is when the keys expire, in Unix seconds.
	ExpiredTime *int64  `json:"ExpiredTime,omitempty" tcapi:"required"`
	Expiration  *string `json:"Expiration,omitempty"`
	RequestId   *string `json:"RequestId,omitempty" tcapi:"required"`
}

func (p *AssumeRoleResponseParams) session(obtained time.Time) *session {
	creds := p.Credentials
	cred := Credential{SecretID: *creds.TmpSecretId, SecretKey: *creds.TmpSecretKey, Token: *creds.Token}
	return newSession(cred, obtained, time.Unix(*p.ExpiredTime, 0))
}

// AssumeRoleResponse is the answer of AssumeRole.
type AssumeRoleResponse struct {
	*tchttp.BaseResponse
	// Decoded by ParseErrorFromHTTPResponse, not by the SDK's decoder.
	Response *AssumeRoleResponseParams `json:"-"`
}

// ParseErrorFromHTTPResponse decodes the answer strictly; every credential
// field is required, since half a key pair signs nothing.
func (r *AssumeRoleResponse) ParseErrorFromHTTPResponse(body []byte) error {
	r.Response = new(AssumeRoleResponseParams)
	return decodeAnswer(actAssumeRole.Name, body, r.Response)
}

func (r *AssumeRoleResponse) requestID() string {
	if r.Response == nil {
		return ""
	}
	return deref(r.Response.RequestId)
}

// AssumeRoleWithWebIdentityResponse is the answer of AssumeRoleWithWebIdentity.
type AssumeRoleWithWebIdentityResponse struct {
	*tchttp.BaseResponse
	Response *AssumeRoleResponseParams `json:"-"`
}

// ParseErrorFromHTTPResponse decodes the answer strictly, like AssumeRole's.
func (r *AssumeRoleWithWebIdentityResponse) ParseErrorFromHTTPResponse(body []byte) error {
	r.Response = new(AssumeRoleResponseParams)
	return decodeAnswer(actAssumeRoleWithWebIdentity.Name, body, r.Response)
}

func (r *AssumeRoleWithWebIdentityResponse) requestID() string {
	if r.Response == nil {
		return ""
	}
	return deref(r.Response.RequestId)
}

// assumeRole calls STS signed by sts. It is not shared between callers like
// the data source actions: every answer is a new key pair.
func (c *Client) assumeRole(ctx context.Context, sts *target, request *AssumeRoleRequest) (*AssumeRoleResponse, error) {
	return stsCall[AssumeRoleResponse](ctx, c, sts, actAssumeRole, request)
}

// assumeRoleWithWebIdentity calls STS through an unsigned target.
func (c *Client) assumeRoleWithWebIdentity(ctx context.Context, unsigned *target, request *AssumeRoleWithWebIdentityRequest) (*AssumeRoleWithWebIdentityResponse, error) {
	return stsCall[AssumeRoleWithWebIdentityResponse](ctx, c, unsigned, actAssumeRoleWithWebIdentity, request)
}

func stsCall[R any, PR interface {
	*R
	answer
}](ctx context.Context, c *Client, t *target, a apispec.Action, request tchttp.Request) (*R, error) {
	resp, err := c.retrying(ctx, t, a, request, func() answer { return PR(new(R)) })
	if err != nil {
		return nil, err
	}
	answer, ok := resp.(PR)
	if !ok {
		return nil, fmt.Errorf("%s: answered %T", a.Name, resp)
	}
	return (*R)(answer), nil
}
