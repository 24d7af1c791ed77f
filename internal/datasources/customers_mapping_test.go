package datasources

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"
)

func TestCustomersSetBook(t *testing.T) {
	tests := []struct {
		name      string
		book      tcapi.List[int64]
		wantUINs  string
		wantTotal string
		warning   string // "" for none
	}{
		{
			name:      "empty book: an empty list, not null",
			book:      tcapi.List[int64]{Entries: nil, Total: 0, Totals: []int64{0}},
			wantTotal: "0",
		},
		{
			name:     "every digit of the largest UIN",
			book:     tcapi.List[int64]{Entries: []int64{1, 100000000001, 9223372036854775807}, Total: 3, Totals: []int64{3}},
			wantUINs: "1 100000000001 9223372036854775807", wantTotal: "3",
		},
		{
			name:     "Total changed between pages",
			book:     tcapi.List[int64]{Entries: []int64{1, 2}, Total: 2, Totals: []int64{2, 3, 2}},
			wantUINs: "1 2", wantTotal: "2",
			warning: "DescribeCustomerUin's Total changed between pages (page 1: 2, page 2: 3, page 3: 2). customer_uins has 2 entries and total is 2.",
		},
		{
			name:     "the list grew past its first page's Total",
			book:     tcapi.List[int64]{Entries: []int64{1, 2}, Total: 2, Totals: []int64{2, 2}, Cut: true},
			wantUINs: "1 2", wantTotal: "2",
			warning: "The list grew past what its first page promised; the read stopped one page after that.",
		},
		{
			name:     "fewer customers than Total says",
			book:     tcapi.List[int64]{Entries: []int64{1, 2}, Total: 300, Totals: []int64{300}},
			wantUINs: "1 2", wantTotal: "300",
			warning: "customer_uins has 2 entries and total is 300. Entries added or removed during the read may be missing",
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
				uins = append(uins, e.String())
			}
			if got := strings.Join(uins, " "); got != tt.wantUINs {
				t.Errorf("customer_uins %s, want %s", got, tt.wantUINs)
			}
			if got := m.Total.String(); got != tt.wantTotal {
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
