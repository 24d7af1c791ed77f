package tcapi

import (
	"context"
	"fmt"

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

// STSCredentials are the temporary keys of an assumed role.
type STSCredentials struct {
	Token        *string `json:"Token,omitempty" tcapi:"nonempty"`
	TmpSecretId  *string `json:"TmpSecretId,omitempty" tcapi:"nonempty"`
	TmpSecretKey *string `json:"TmpSecretKey,omitempty" tcapi:"nonempty"`
}

// AssumeRoleResponseParams is the answer of AssumeRole.
type AssumeRoleResponseParams struct {
	Credentials *STSCredentials `json:"Credentials,omitempty" tcapi:"required"`
	// ExpiredTime is when the keys expire, in Unix seconds.
	ExpiredTime *int64  `json:"ExpiredTime,omitempty" tcapi:"required"`
	Expiration  *string `json:"Expiration,omitempty"`
	RequestId   *string `json:"RequestId,omitempty" tcapi:"required"`
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

// assumeRole calls STS signed with the base keys. It is not shared between
// callers like the data source actions: every answer is a new key pair.
func (c *Client) assumeRole(ctx context.Context, request *AssumeRoleRequest) (*AssumeRoleResponse, error) {
	resp, err := c.retrying(ctx, c.sts, actAssumeRole, request, func() answer { return new(AssumeRoleResponse) })
	if err != nil {
		return nil, err
	}
	answer, ok := resp.(*AssumeRoleResponse)
	if !ok {
		return nil, fmt.Errorf("%s: answered %T", actAssumeRole.Name, resp)
	}
	return answer, nil
}

func (r *AssumeRoleResponse) requestID() string {
	if r.Response == nil {
		return ""
	}
	return deref(r.Response.RequestId)
}
