package tcapi

import (
	"context"
	"fmt"
	"sync/atomic"
)

// BatchError is the first failure of a batch: the lookup at Index failed
// with Err, and no lookup started after it.
type BatchError struct {
	Index int
	Err   error
}

func (e *BatchError) Error() string {
	return fmt.Sprintf("lookup %d of the batch: %v", e.Index, e.Err)
}

func (e *BatchError) Unwrap() error { return e.Err }

// DescribeCustomerBillSummaries looks up n bills, request(i) being the
// i-th. Each is one DescribeCustomerBillSummary through the client like
// any other (paced at the action's limit, shared with identical lookups
// of the same run, retried), with enough in flight to keep the paced queue
// full; request is called only when lookup i starts, so a batch holds no
// more requests than it has in flight. done, when not nil, is called after
// each answer with the number answered so far, from several goroutines.
//
// The answers come back in request order. The first failure ends the
// batch with a *BatchError naming its index.
func (c *Client) DescribeCustomerBillSummaries(ctx context.Context, n int, request func(i int) *DescribeCustomerBillSummaryRequest, done func(answered int)) ([]*DescribeCustomerBillSummaryResponseParams, error) {
	out := make([]*DescribeCustomerBillSummaryResponseParams, n)
	var answered atomic.Int64
	failed, err := c.fanOut(ctx, actCustomerBillSummary.Name, n, func(ctx context.Context, i int) error {
		resp, err := c.DescribeCustomerBillSummary(ctx, request(i))
		if err != nil {
			return err
		}
		out[i] = resp.Response
		if done != nil {
			done(int(answered.Add(1)))
		}
		return nil
	})
	if err != nil {
		return nil, &BatchError{Index: failed, Err: err}
	}
	return out, nil
}
