package tcapi

import (
	"context"

	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
)

// DescribeCustomerBillSummaryRequest asks for the total bill of one customer
// for one month. Nil optional fields are left out of the request body.
type DescribeCustomerBillSummaryRequest struct {
	*tchttp.BaseRequest

	CustomerUin *int64  `json:"CustomerUin,omitnil,omitempty" name:"CustomerUin"`
	Month       *string `json:"Month,omitnil,omitempty" name:"Month"`
	PayMode     *string `json:"PayMode,omitnil,omitempty" name:"PayMode"`
	ActionType  *string `json:"ActionType,omitnil,omitempty" name:"ActionType"`
	IsConfirmed *string `json:"IsConfirmed,omitnil,omitempty" name:"IsConfirmed"`
}

// NewDescribeCustomerBillSummaryRequest returns a request ready to fill.
func NewDescribeCustomerBillSummaryRequest() *DescribeCustomerBillSummaryRequest {
	r := &DescribeCustomerBillSummaryRequest{BaseRequest: &tchttp.BaseRequest{}}
	r.Init().WithApiInfo(actCustomerBillSummary.Service, actCustomerBillSummary.Version, actCustomerBillSummary.Name)
	return r
}

// DescribeCustomerBillSummaryResponseParams is the total of the bill.
type DescribeCustomerBillSummaryResponseParams struct {
	// TotalCost keeps the exact decimal of the answer.
	TotalCost *Decimal `json:"TotalCost,omitempty" tcapi:"required"`
	RequestId *string  `json:"RequestId,omitempty" tcapi:"required"`
}

// DescribeCustomerBillSummaryResponse is the answer of
// DescribeCustomerBillSummary.
type DescribeCustomerBillSummaryResponse struct {
	*tchttp.BaseResponse
	// Decoded by ParseErrorFromHTTPResponse, not by the SDK's decoder.
	Response *DescribeCustomerBillSummaryResponseParams `json:"-"`
}

// ParseErrorFromHTTPResponse decodes the answer strictly (see
// DescribeSkillScanPayInfoResponse). An answer without TotalCost is an
// error: a missing amount must not read as a null a policy check skips over.
func (r *DescribeCustomerBillSummaryResponse) ParseErrorFromHTTPResponse(body []byte) error {
	r.Response = new(DescribeCustomerBillSummaryResponseParams)
	return decodeAnswer(actCustomerBillSummary.Name, body, r.Response)
}

// DescribeCustomerBillSummary returns the total bill amount of one customer
// for one month. Only distributors and resellers may call it, for customers
// they manage.
func (c *Client) DescribeCustomerBillSummary(ctx context.Context, request *DescribeCustomerBillSummaryRequest) (*DescribeCustomerBillSummaryResponse, error) {
	if request == nil {
		request = NewDescribeCustomerBillSummaryRequest()
	}
	return call[DescribeCustomerBillSummaryResponse](ctx, c, c.api, actCustomerBillSummary, request)
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func (r *DescribeCustomerBillSummaryResponse) requestID() string {
	if r.Response == nil {
		return ""
	}
	return deref(r.Response.RequestId)
}
