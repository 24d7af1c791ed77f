package datasources

import (
	"encoding/json"
	"testing"

	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"
)

// What the client lets through but the CLI tests cannot send: a null
// product (the client refuses it; the mapping still must not crash on
// one), and an answer without a request ID.
func TestCustomerBillByProductSetBill(t *testing.T) {
	tests := []struct {
		name                      string
		answer                    string
		wantProducts              int
		wantTotals, wantTotal     string
		wantOriginal, wantRequest string
	}{
		{name: "no SummaryOverview: empty, not null", answer: `{}`, wantTotals: "{}", wantTotal: "0", wantOriginal: "0", wantRequest: "<null>"},
		{name: "a null product is left out", answer: `{"SummaryOverview": [null, {"BusinessCode": "p_cvm", "OriginalCost": "0.1", "TotalCost": "0.1"}, null], "RequestId": "r-1"}`,
			wantProducts: 1, wantTotals: `{"p_cvm":0.1}`, wantTotal: "0.1", wantOriginal: "0.1", wantRequest: `"r-1"`},
		{name: "an empty request ID is null", answer: `{"SummaryOverview": [], "RequestId": ""}`, wantTotals: "{}", wantTotal: "0", wantOriginal: "0", wantRequest: "<null>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var bill tcapi.ProductBill
			if err := json.Unmarshal([]byte(tt.answer), &bill); err != nil {
				t.Fatal(err)
			}
			var m customerBillByProductModel
			if diags := m.setBill(&bill); diags.HasError() {
				t.Fatal(diags)
			}
			if m.Products.IsNull() || len(m.Products.Elements()) != tt.wantProducts {
				t.Errorf("products %v, want %d", m.Products, tt.wantProducts)
			}
			if got := m.TotalsByProduct.String(); got != tt.wantTotals {
				t.Errorf("totals_by_product %s, want %s", got, tt.wantTotals)
			}
			if m.TotalCost.String() != tt.wantTotal || m.OriginalCost.String() != tt.wantOriginal || m.RequestID.String() != tt.wantRequest {
				t.Errorf("total_cost %s, original_cost %s, request_id %s; want %s, %s, %s", m.TotalCost, m.OriginalCost, m.RequestID, tt.wantTotal, tt.wantOriginal, tt.wantRequest)
			}
		})
	}
}
