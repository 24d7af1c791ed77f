package datasources

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"
)

func TestCustomersSetBook(t *testing.T) {
	tests := []struct {
		name      string
		book      tcapi.CustomerBook
		wantUINs  string
		wantTotal string
		warning   string // "" for none
	}{
		{
			name:      "empty book: an empty list, not null",
			book:      tcapi.CustomerBook{UINs: []int64{}, Total: 0, Pages: 1, Totals: []int64{0}},
			wantTotal: "0",
		},
		{
			name:     "every digit of the largest UIN",
			book:     tcapi.CustomerBook{UINs: []int64{1, 100000000001, 9223372036854775807}, Total: 3, Pages: 1, Totals: []int64{3}},
			wantUINs: "1 100000000001 9223372036854775807", wantTotal: "3",
		},
		{
			name:     "Total changed between pages",
			book:     tcapi.CustomerBook{UINs: []int64{1, 2}, Total: 2, Pages: 3, Totals: []int64{2, 3, 2}},
			wantUINs: "1 2", wantTotal: "2",
			warning: "DescribeCustomerUin's Total changed between pages (page 1: 2, page 2: 3, page 3: 2). customer_uins has 2 customers and total is 2.",
		},
		{
			name:     "fewer customers than Total says",
			book:     tcapi.CustomerBook{UINs: []int64{1, 2}, Total: 300, Pages: 1, Totals: []int64{300}},
			wantUINs: "1 2", wantTotal: "300",
			warning: "customer_uins has 2 customers and total is 300. Customers added or removed during the read may be missing",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m customersModel
			diags := m.setBook(&tt.book)
			if diags.HasError() {
				t.Fatal(diags)
			}
			if m.CustomerUins.IsNull() || m.CustomerUins.IsUnknown() {
				t.Fatalf("customer_uins is %v", m.CustomerUins)
			}
			var uins []string
			for _, e := range m.CustomerUins.Elements() {
				uins = append(uins, e.(types.Number).ValueBigFloat().Text('f', -1)) //nolint:forcetypeassert // the list's element type
			}
			if got := strings.Join(uins, " "); got != tt.wantUINs {
				t.Errorf("customer_uins %s, want %s", got, tt.wantUINs)
			}
			if got := m.Total.ValueBigFloat().Text('f', -1); got != tt.wantTotal {
				t.Errorf("total %s, want %s", got, tt.wantTotal)
			}
			switch {
			case tt.warning == "" && len(diags) != 0:
				t.Errorf("unexpected %v", diags)
			case tt.warning != "" && (len(diags) != 1 || !strings.Contains(diags[0].Detail(), tt.warning)):
				t.Errorf("diags %v, want a warning with %q", fmt.Sprint(diags), tt.warning)
			}
		})
	}
}
