package datasources

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"
)

// credits decodes customers as the API writes them.
func credits(t *testing.T, entries ...string) []tcapi.CustomerCredit {
	t.Helper()
	var out []tcapi.CustomerCredit
	if err := json.Unmarshal([]byte("["+strings.Join(entries, ",")+"]"), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// The warnings are what the CLI tests cannot see: terraform shows them, the
// test framework does not.
func TestCustomerCreditsSetCredits(t *testing.T) {
	tenth := `{"ClientUin": 1, "Credit": 0.1, "RemainingCredit": 0.1}`
	fifth := `{"ClientUin": 2, "Credit": 0.2, "RemainingCredit": 0, "Name": "", "AssociationTime": "0000-00-00 00:00:00", "RecentExpiry": ""}`
	tests := []struct {
		name                      string
		list                      tcapi.List[tcapi.CustomerCredit]
		wantCustomers             int
		wantCredit, wantRemaining string
		warning                   string // "" for none
	}{
		{name: "no customers: an empty list and sums of 0", list: tcapi.List[tcapi.CustomerCredit]{Totals: []int64{0}}, wantCredit: "0", wantRemaining: "0"},
		{
			name: "0.1 + 0.2 is 0.3, exactly", list: tcapi.List[tcapi.CustomerCredit]{Entries: credits(t, tenth, fifth), Total: 2, Totals: []int64{2}},
			wantCustomers: 2, wantCredit: "0.3", wantRemaining: "0.1",
		},
		{
			name: "Total changed between pages", list: tcapi.List[tcapi.CustomerCredit]{Entries: credits(t, tenth, fifth), Total: 2, Totals: []int64{2, 3, 2}},
			wantCustomers: 2, wantCredit: "0.3", wantRemaining: "0.1",
			warning: "QueryCustomersCredit's Total changed between pages (page 1: 2, page 2: 3, page 3: 2). customers has 2 entries and total is 2.",
		},
		{
			name: "a customer on two pages: one fewer than Total", list: tcapi.List[tcapi.CustomerCredit]{Entries: credits(t, tenth), Total: 2, Totals: []int64{2}},
			wantCustomers: 1, wantCredit: "0.1", wantRemaining: "0.1",
			warning: "customers has 1 entries and total is 2. Entries added or removed during the read may be missing: plan again for a consistent list.",
		},
		{
			name: "the list grew past its first page's Total", list: tcapi.List[tcapi.CustomerCredit]{Entries: credits(t, tenth, fifth), Total: 2, Totals: []int64{2}, Cut: true},
			wantCustomers: 2, wantCredit: "0.3", wantRemaining: "0.1",
			warning: "The list grew past what its first page promised; the read stopped one page after that.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m customerCreditsModel
			diags := m.setCredits(&tt.list)
			if diags.HasError() {
				t.Fatal(diags)
			}
			if m.Customers.IsNull() || len(m.Customers.Elements()) != tt.wantCustomers {
				t.Errorf("customers %v, want %d", m.Customers, tt.wantCustomers)
			}
			if got := m.TotalCredit.String(); got != tt.wantCredit {
				t.Errorf("total_credit %s, want %s", got, tt.wantCredit)
			}
			if got := m.TotalRemainingCredit.String(); got != tt.wantRemaining {
				t.Errorf("total_remaining_credit %s, want %s", got, tt.wantRemaining)
			}
			if m.Total != types.Int64Value(tt.list.Total) {
				t.Errorf("total %s, want %d", m.Total, tt.list.Total)
			}
			switch {
			case tt.warning == "" && len(diags) != 0:
				t.Errorf("unexpected %v", diags)
			case tt.warning != "" && (len(diags) != 1 || diags[0].Summary() != "The customer list changed while it was read" || !strings.Contains(diags[0].Detail(), tt.warning)):
				t.Errorf("diags %v, want a warning with %q", fmt.Sprint(diags), tt.warning)
			}
		})
	}
}
