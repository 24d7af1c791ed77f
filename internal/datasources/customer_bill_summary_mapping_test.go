package datasources

import (
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"
)

func TestCustomerBillSummaryRequest(t *testing.T) {
	tests := []struct {
		name  string
		model customerBillSummaryModel
		want  string
	}{
		{
			name:  "unset filters are left out",
			model: customerBillSummaryModel{CustomerUin: types.Int64Value(100000000001), Month: types.StringValue("2026-05")},
			want:  `{"CustomerUin":100000000001,"Month":"2026-05"}`,
		},
		{
			name: "every filter",
			model: customerBillSummaryModel{CustomerUin: types.Int64Value(1), Month: types.StringValue("2023-02"),
				PayMode: types.StringValue("postPay"), ActionType: types.StringValue("postpay_deduct_h"), IsConfirmed: types.StringValue("0")},
			want: `{"CustomerUin":1,"Month":"2023-02","PayMode":"postPay","ActionType":"postpay_deduct_h","IsConfirmed":"0"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := json.Marshal(tt.model.request())
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("request body %s, want %s", got, tt.want)
			}
		})
	}
}

func TestCustomerBillSummarySetAnswer(t *testing.T) {
	for _, amount := range []string{"0", "0.1", "98765432109876.54321", "123456789012345678901234567890.12", "-7.5"} {
		var p tcapi.DescribeCustomerBillSummaryResponseParams
		if err := json.Unmarshal([]byte(`{"TotalCost": `+amount+`, "RequestId": "r-9"}`), &p); err != nil {
			t.Fatal(err)
		}
		m := customerBillSummaryModel{CustomerUin: types.Int64Value(5), Month: types.StringValue("2026-01")}
		m.setAnswer(&p)
		if got := m.TotalCost.ValueBigFloat().Text('f', -1); got != amount || m.RequestID.ValueString() != "r-9" {
			t.Errorf("amount %s mapped to %s (request %s)", amount, got, m.RequestID)
		}
		if m.CustomerUin.ValueInt64() != 5 || m.Month.ValueString() != "2026-01" {
			t.Errorf("the arguments changed: %+v", m)
		}
	}
}
