package tcapi

import (
	"context"

	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
)

// DescribeSkillScanPayInfoRequest has no parameters besides the common ones.
type DescribeSkillScanPayInfoRequest struct {
	*tchttp.BaseRequest
}

// NewDescribeSkillScanPayInfoRequest returns a request ready to send.
func NewDescribeSkillScanPayInfoRequest() *DescribeSkillScanPayInfoRequest {
	r := &DescribeSkillScanPayInfoRequest{BaseRequest: &tchttp.BaseRequest{}}
	r.Init().WithApiInfo(actSkillScanPayInfo.Service, actSkillScanPayInfo.Version, actSkillScanPayInfo.Name)
	return r
}

// DescribeSkillScanPayInfoResponseParams is the billing state of the Skill
// security detection service. The API answers every field, zero values when
// the account has no order; the numbers and the two times it always fills
// are required, and the text fields may be empty (nil when null or absent).
type DescribeSkillScanPayInfoResponseParams struct {
	AppID       *int64  `json:"AppID,omitempty" tcapi:"required"`
	OrderStatus *int64  `json:"OrderStatus,omitempty" tcapi:"required"`
	TotalQuota  *int64  `json:"TotalQuota,omitempty" tcapi:"required"`
	UsedCount   *int64  `json:"UsedCount,omitempty" tcapi:"required"`
	PayMode     *int64  `json:"PayMode,omitempty" tcapi:"required"`
	AutoRenew   *int64  `json:"AutoRenew,omitempty" tcapi:"required"`
	ResourceId  *string `json:"ResourceId,omitempty"`
	TimeSpan    *int64  `json:"TimeSpan,omitempty" tcapi:"required"`
	TimeUnit    *string `json:"TimeUnit,omitempty"`
	BeginTime   *Time   `json:"BeginTime,omitempty"`
	EndTime     *Time   `json:"EndTime,omitempty"`
	BetaEndTime *Time   `json:"BetaEndTime,omitempty" tcapi:"required"`
	TimeNow     *Time   `json:"TimeNow,omitempty" tcapi:"required"`
	Uin         *string `json:"Uin,omitempty"`
	NickName    *string `json:"NickName,omitempty"`
	RequestId   *string `json:"RequestId,omitempty" tcapi:"required"`
}

// DescribeSkillScanPayInfoResponse is the answer of DescribeSkillScanPayInfo.
type DescribeSkillScanPayInfoResponse struct {
	*tchttp.BaseResponse
	// Decoded by ParseErrorFromHTTPResponse, not by the SDK's decoder.
	Response *DescribeSkillScanPayInfoResponseParams `json:"-"`
}

// ParseErrorFromHTTPResponse is the SDK's hook into the raw answer; it is
// the one place where a typed error reaches the caller unwrapped, so the
// strict decoding happens here.
func (r *DescribeSkillScanPayInfoResponse) ParseErrorFromHTTPResponse(body []byte) error {
	r.Response = new(DescribeSkillScanPayInfoResponseParams)
	return decodeAnswer(actSkillScanPayInfo.Name, body, r.Response)
}

// DescribeSkillScanPayInfo returns the billing state of the Skill security
// detection service of the calling account.
func (c *Client) DescribeSkillScanPayInfo(ctx context.Context, request *DescribeSkillScanPayInfoRequest) (*DescribeSkillScanPayInfoResponse, error) {
	if request == nil {
		request = NewDescribeSkillScanPayInfoRequest()
	}
	return call[DescribeSkillScanPayInfoResponse](ctx, c, c.api, actSkillScanPayInfo, request)
}

func (r *DescribeSkillScanPayInfoResponse) requestID() string {
	if r.Response == nil {
		return ""
	}
	return deref(r.Response.RequestId)
}
