package datasources

import (
	"encoding/json"
	"math/big"
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
			model: customerBillSummaryModel{CustomerUin: uinNumber(100000000001), Month: types.StringValue("2026-05")},
			want:  `{"CustomerUin":100000000001,"Month":"2026-05"}`,
		},
		{
			name: "every filter",
			model: customerBillSummaryModel{CustomerUin: uinNumber(1), Month: types.StringValue("2023-02"),
				PayMode: types.StringValue("postPay"), ActionType: types.StringValue("postpay_deduct_h"), IsConfirmed: types.StringValue("0")},
			want: `{"CustomerUin":1,"Month":"2023-02","PayMode":"postPay","ActionType":"postpay_deduct_h","IsConfirmed":"0"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			uin, _ := uinOf(tt.model.CustomerUin)
			got, err := json.Marshal(tt.model.request(uin))
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
		var p tcapi.BillSummary
		if err := json.Unmarshal([]byte(`{"TotalCost": `+amount+`, "RequestId": "r-9"}`), &p); err != nil {
			t.Fatal(err)
		}
		m := customerBillSummaryModel{CustomerUin: uinNumber(5), Month: types.StringValue("2026-01")}
		m.setAnswer(&p)
		if got := m.TotalCost.ValueBigFloat().Text('f', -1); got != amount || m.RequestID.ValueString() != "r-9" {
			t.Errorf("amount %s mapped to %s (request %s)", amount, got, m.RequestID)
		}
		if uin, _ := uinOf(m.CustomerUin); uin != 5 || m.Month.ValueString() != "2026-01" {
			t.Errorf("the arguments changed: %+v", m)
		}
	}
}

func uinNumber(n int64) types.Number { return types.NumberValue(new(big.Float).SetInt64(n)) }
