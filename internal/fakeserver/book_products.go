package fakeserver

import (
	"cmp"
	"fmt"
	"slices"
)

// The book's DescribeBillSummaryByProduct answers.

// ProductSummary is one item of a DescribeBillSummaryByProduct answer's
// SummaryOverview: the SDK's BusinessSummaryOverviewItem, amounts as
// strings with 8 decimals.
type ProductSummary struct {
	BusinessCode     string `json:"BusinessCode"`
	BusinessCodeName string `json:"BusinessCodeName"`
	OriginalCost     string `json:"OriginalCost"`
	VoucherPayAmount string `json:"VoucherPayAmount"`
	TotalCost        string `json:"TotalCost"`
}

// bookProducts are the products the book's customers use.
var bookProducts = []struct{ code, name string }{
	{"p_cvm", "Cloud Virtual Machine"},
	{"p_cbs", "Cloud Block Storage"},
	{"p_cos", "Cloud Object Storage"},
	{"p_cdn", "Content Delivery Network"},
	{"p_cdb", "TencentDB for MySQL"},
	{"p_clb", "Cloud Load Balancer"},
	{"p_tke", "Tencent Kubernetes Engine"},
	{"p_scf", "Serverless Cloud Function"},
}

// BookProducts is the SummaryOverview the book answers for a customer and
// month: 0 to 8 products of a fixed list (p_cvm, p_cbs, p_cos, p_cdn,
// p_cdb, p_clb, p_tke, p_scf, each with its product name), in an order of
// their own that is neither by code nor by amount. OriginalCost is from 0
// to 99999.99999999; about one product in four has VoucherPayAmount 0 % to
// 100 % of it, rounded down to 1e-8, the others 0; TotalCost is
// OriginalCost minus VoucherPayAmount. Every amount has exactly 8 decimals,
// as the API writes them. Empty (answered null) for about one customer and
// month in nine.
func BookProducts(uin int64, month string) []ProductSummary {
	pick := func(what string, n uint64) uint64 { return bookHash("products/%d/%s/%s", uin, month, what) % n }
	order := make([]int, len(bookProducts))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(x, y int) int {
		return cmp.Compare(pick("order/"+bookProducts[x].code, 1<<62), pick("order/"+bookProducts[y].code, 1<<62))
	})
	var out []ProductSummary
	for _, i := range order[:pick("count", uint64(len(bookProducts))+1)] {
		code := bookProducts[i].code
		original := pick("original/"+code, 10_000_000_000_000) // 1e-8 units
		var voucher uint64
		if pick("vouchers/"+code, 4) == 0 {
			voucher = original * pick("voucher/"+code, 101) / 100
		}
		out = append(out, ProductSummary{
			BusinessCode:     code,
			BusinessCodeName: bookProducts[i].name,
			OriginalCost:     formatUnits8(original),
			VoucherPayAmount: formatUnits8(voucher),
			TotalCost:        formatUnits8(original - voucher),
		})
	}
	return out
}

// formatUnits8 writes an amount in units of 1e-8 with exactly 8 decimals.
func formatUnits8(units uint64) string {
	return fmt.Sprintf("%d.%08d", units/100_000_000, units%100_000_000)
}

func (b *book) products(body []byte) reply {
	req, apiErr := decodeBookRequest(body)
	if apiErr != nil {
		return errorReply(apiErr)
	}
	if apiErr := req.only("CustomerUin", "BillMonth"); apiErr != nil {
		return errorReply(apiErr)
	}
	uin, month, apiErr := req.customerMonth("BillMonth")
	if apiErr != nil {
		return errorReply(apiErr)
	}
	if apiErr := b.checkCustomerMonth(uin, month); apiErr != nil {
		return errorReply(apiErr)
	}
	var overview any // null when there is no product
	if p := BookProducts(uin, month); len(p) > 0 {
		overview = p
	}
	return okReply(map[string]any{"SummaryOverview": overview, "RequestId": fmt.Sprintf("book-products-%d-%s", uin, month)})
}
