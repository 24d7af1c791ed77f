package tcapi

import (
	"context"
	"sync/atomic"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/decimal"
	"github.com/tcintl/terraform-provider-tcintl/internal/flight"
)

var actCustomerBillSummary = mustAction(apispec.CustomerBillSummary)

// BillRequest asks for the total bill of one customer for one month. Nil
// filters are left out of the request.
type BillRequest struct {
	CustomerUin int64   `json:"CustomerUin"`
	Month       string  `json:"Month"`
	PayMode     *string `json:"PayMode,omitempty"`
	ActionType  *string `json:"ActionType,omitempty"`
	IsConfirmed *string `json:"IsConfirmed,omitempty"`
}

// BillSummary is the total of a bill, exactly the decimal the API answered.
// An answer without TotalCost is an error: a missing amount must not read
// as a null a policy check skips over.
type BillSummary struct {
	meta
	TotalCost *decimal.Decimal `json:"TotalCost,omitempty" tcapi:"required"`
}

// CustomerBillSummary returns the total bill of one customer for one month
// (DescribeCustomerBillSummary). Only distributors and resellers may call
// it, for customers they manage.
func (c *Client) CustomerBillSummary(ctx context.Context, r BillRequest) (*BillSummary, error) {
	return lookup[BillSummary](ctx, c, actCustomerBillSummary, r)
}

// CustomerBillSummaries looks up n bills, request(i) being the i-th. Each is
// a CustomerBillSummary like any other (paced, shared with identical lookups
// of the run, retried), with enough in flight to keep the paced queue full;
// request is called only when lookup i starts, so a batch holds no more
// requests than it has in flight. done, when not nil, is called after each
// answer with the number answered so far, from several goroutines.
//
// The answers come back in request order. The first failure ends the batch
// with a *BatchError naming its index: the lookups still in flight are
// cancelled, and none starts after it.
func (c *Client) CustomerBillSummaries(ctx context.Context, n int, request func(i int) BillRequest, done func(answered int)) ([]*BillSummary, error) {
	out := make([]*BillSummary, n)
	var answered atomic.Int64
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	errs := flight.FanOut(ctx, n, c.inFlight(actCustomerBillSummary.Name), func(ctx context.Context, i int) error {
		answer, err := c.CustomerBillSummary(ctx, request(i))
		if err != nil {
			cancel(&BatchError{Index: i, Err: err}) // the first cause stays
			return err
		}
		out[i] = answer
		if done != nil {
			done(int(answered.Add(1)))
		}
		return nil
	})
	for _, err := range errs {
		if err != nil {
			return nil, context.Cause(ctx)
		}
	}
	return out, nil
}
