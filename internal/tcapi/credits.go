package tcapi

import (
	"context"
	"fmt"
	"math"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/decimal"
)

var (
	actPartnerCredit   = mustAction(apispec.PartnerCredit)
	actCustomersCredit = mustAction(apispec.CustomersCredit)
)

// PartnerCredit is the partner's own credit, in USD, each amount exactly as
// the API answered it. The two customer amounts are nil when the answer
// leaves them out, as the reference example does.
type PartnerCredit struct {
	meta
	TotalCredit             *decimal.Decimal `json:"TotalCredit,omitempty" tcapi:"required"`
	AllocatedCredit         *decimal.Decimal `json:"AllocatedCredit,omitempty" tcapi:"required"`
	RemainingCredit         *decimal.Decimal `json:"RemainingCredit,omitempty" tcapi:"required"`
	CustomerTotalCredit     *decimal.Decimal `json:"CustomerTotalCredit,omitempty"`
	CustomerRemainingCredit *decimal.Decimal `json:"CustomerRemainingCredit,omitempty"`
}

// PartnerCredit returns the partner's own credit (QueryPartnerCredit).
func (c *Client) PartnerCredit(ctx context.Context) (*PartnerCredit, error) {
	return lookup[PartnerCredit](ctx, c, actPartnerCredit, struct{}{})
}

// CustomerCredit is one customer with its credit. The API also sends the
// customer's mobile number and email: personal data no guardrail needs, so
// they are never decoded, and so never reach a log or the state.
type CustomerCredit struct {
	ClientUin       *int64           `json:"ClientUin,omitempty"` //nolint:revive // the API's names
	Name            *string          `json:"Name,omitempty"`
	Type            *string          `json:"Type,omitempty"`
	Arrears         *string          `json:"Arrears,omitempty"`
	AssociationTime *Time            `json:"AssociationTime,omitempty"`
	RecentExpiry    *Time            `json:"RecentExpiry,omitempty"`
	Credit          *decimal.Decimal `json:"Credit,omitempty"`
	RemainingCredit *decimal.Decimal `json:"RemainingCredit,omitempty"`
	IdentifyType    *int64           `json:"IdentifyType,omitempty"`
	Remark          *string          `json:"Remark,omitempty"`
	Force           *int64           `json:"Force,omitempty"`
}

// customersCreditPage is one page of QueryCustomersCredit; Data may be null.
type customersCreditPage struct {
	meta
	Data  []*CustomerCredit `json:"Data,omitempty"`
	Total *int64            `json:"Total,omitempty" tcapi:"required"`
}

// CreditFilter narrows QueryCustomersCredit to the customers whose Type
// (ClientUin, Name, Remark or Email) matches Text; the zero value keeps
// every customer.
type CreditFilter struct {
	Type string `json:"FilterType,omitempty"`
	Text string `json:"Filter,omitempty"`
}

// CustomerCredits reads every customer with its credit, every page of
// QueryCustomersCredit (see readList), sorted by UIN. The read is shared by
// every caller of the run asking for the same filter, like a lookup.
func (c *Client) CustomerCredits(ctx context.Context, filter CreditFilter) (*List[CustomerCredit], error) {
	key := fmt.Sprintf("%s list\n%s\n%s", actCustomersCredit.Name, filter.Type, filter.Text)
	return shared(ctx, c, key, func(ctx context.Context) (*List[CustomerCredit], error) {
		return readList(ctx, c, actCustomersCredit.Name, func(ctx context.Context, n int64) (*page[CustomerCredit], error) {
			return c.creditPage(ctx, filter, n)
		}, func(cc CustomerCredit) int64 { return *cc.ClientUin })
	})
}

// creditPage reads page n. Each customer must have its UIN and both
// amounts: a credit missing must not read as a null a guardrail skips.
func (c *Client) creditPage(ctx context.Context, filter CreditFilter, n int64) (*page[CustomerCredit], error) {
	request := struct {
		pageRequest
		CreditFilter
	}{pageRequest{Page: n, PageSize: PageSize}, filter}
	p, err := send[customersCreditPage](ctx, c, actCustomersCredit, c.region, c.keys, request)
	if err != nil {
		return nil, err
	}
	out := &page[CustomerCredit]{total: *p.Total, entries: make([]CustomerCredit, 0, min(len(p.Data), PageSize))}
	for i, d := range p.Data {
		bad := func(field, problem string) error {
			return &DecodeError{Action: actCustomersCredit.Name, RequestID: requestIDOf(p), Field: fmt.Sprintf("Data[%d]%s", i, field), Problem: fmt.Sprintf("page %d: %s", n, problem)}
		}
		switch {
		case d == nil:
			return nil, bad("", "null")
		case d.ClientUin == nil:
			return nil, bad(".ClientUin", "missing or null")
		case *d.ClientUin < 1:
			return nil, bad(".ClientUin", fmt.Sprintf("customer UIN %d is not a positive integer (1 to %d)", *d.ClientUin, int64(math.MaxInt64)))
		case d.Credit == nil:
			return nil, bad(".Credit", "missing or null")
		case d.RemainingCredit == nil:
			return nil, bad(".RemainingCredit", "missing or null")
		}
		out.entries = append(out.entries, *d)
	}
	if *p.Total < 0 {
		return nil, &DecodeError{Action: actCustomersCredit.Name, RequestID: requestIDOf(p), Field: "Total", Problem: fmt.Sprintf("page %d: %d is not a number of customers", n, *p.Total)}
	}
	return out, nil
}
