package tcapi

import (
	"context"
	"fmt"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/decimal"
)

var actBillSummaryByProduct = mustAction(apispec.BillSummaryByProduct)

// ProductBill is one customer's bill for one month, by product. A null
// SummaryOverview is no product at all.
type ProductBill struct {
	meta
	SummaryOverview []*ProductCost `json:"SummaryOverview,omitempty"`
}

// ProductCost is what one product cost; the API writes the amounts as
// strings with 8 decimals, kept exact.
type ProductCost struct {
	BusinessCode     *string         `json:"BusinessCode,omitempty"`
	BusinessCodeName *string         `json:"BusinessCodeName,omitempty"`
	OriginalCost     *decimal.Quoted `json:"OriginalCost,omitempty"`
	VoucherPayAmount *decimal.Quoted `json:"VoucherPayAmount,omitempty"`
	TotalCost        *decimal.Quoted `json:"TotalCost,omitempty"`
}

// BillByProduct returns one customer's bill for one month by product
// (DescribeBillSummaryByProduct). Identical lookups of the run share one
// call. A product without its code or its total is an error: a guardrail
// on a product's spend must not pass by reading nothing.
func (c *Client) BillByProduct(ctx context.Context, customer int64, month string) (*ProductBill, error) {
	request := struct {
		BillMonth   string `json:"BillMonth"`
		CustomerUin int64  `json:"CustomerUin"`
	}{month, customer}
	bill, err := lookup[ProductBill](ctx, c, actBillSummaryByProduct, request)
	if err != nil {
		return nil, err
	}
	for i, p := range bill.SummaryOverview {
		field := fmt.Sprintf("SummaryOverview[%d]", i)
		switch {
		case p == nil:
		case p.BusinessCode == nil || *p.BusinessCode == "":
			field += ".BusinessCode"
		case p.TotalCost == nil:
			field += ".TotalCost"
		default:
			continue
		}
		return nil, &DecodeError{Action: actBillSummaryByProduct.Name, RequestID: requestIDOf(bill), Field: field, Problem: "missing, null or empty"}
	}
	return bill, nil
}
