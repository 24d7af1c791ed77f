package functions

import (
	"slices"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// runMonths calls months(from, to) as the framework does.
func runMonths(t *testing.T, from, to string) function.RunResponse {
	t.Helper()
	resp := function.RunResponse{Result: function.NewResultData(types.ListUnknown(types.StringType))}
	args := function.NewArgumentsData([]attr.Value{types.StringValue(from), types.StringValue(to)})
	NewMonths().Run(t.Context(), function.RunRequest{Arguments: args}, &resp)
	return resp
}

func TestMonths(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, from, to string
		want           []string
	}{
		{"one month", "2026-01", "2026-01", []string{"2026-01"}},
		{"across a year boundary", "2025-11", "2026-02", []string{"2025-11", "2025-12", "2026-01", "2026-02"}},
		{"a whole year", "2026-01", "2026-12", []string{"2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06",
			"2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"}},
		{"the first years", "0000-12", "0001-01", []string{"0000-12", "0001-01"}},
		{"the last month", "9999-12", "9999-12", []string{"9999-12"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := wantMonths(t, runMonths(t, tt.from, tt.to)); !slices.Equal(got, tt.want) {
				t.Errorf("months(%s, %s) = %v, want %v", tt.from, tt.to, got, tt.want)
			}
		})
	}
}

// The longest range allowed: 1,200 months, in order, each once.
func TestMonthsAtTheLimit(t *testing.T) {
	t.Parallel()
	got := wantMonths(t, runMonths(t, "2000-01", "2099-12"))
	if len(got) != maxMonths || got[0] != "2000-01" || got[len(got)-1] != "2099-12" {
		t.Fatalf("%d months from %s to %s, want %d from 2000-01 to 2099-12", len(got), got[0], got[len(got)-1], maxMonths)
	}
	if !slices.IsSorted(got) || len(slices.Compact(slices.Clone(got))) != len(got) {
		t.Error("the months are not in order, each once")
	}
}

func TestMonthsRefusesBadArguments(t *testing.T) {
	t.Parallel()
	type call struct {
		from, to string
		argument int64
		want     string
	}
	var tests []call
	// Every way a month can be misspelt, as either argument.
	for _, bad := range []string{"", "2026-00", "2026-13", "2026-1", "26-01", "2026/01", "2026-01-01", " 2026-01", "2026-01\n", "２０２６-01", "2026-1a"} {
		want := strconv.Quote(bad) + " is not a month in the form YYYY-MM with the month from 01 to 12, e.g. 2023-01."
		tests = append(tests, call{bad, "2026-01", 0, want}, call{"2026-01", bad, 1, want})
	}
	// Both bad: the first is named.
	tests = append(tests, call{"2026-13", "2026-00", 0, `"2026-13" is not a month in the form YYYY-MM with the month from 01 to 12, e.g. 2023-01.`})
	// Ranges that run backwards.
	for _, r := range [][2]string{{"2026-02", "2026-01"}, {"2027-01", "2026-12"}, {"9999-12", "0000-01"}} {
		tests = append(tests, call{r[0], r[1], 0, `from "` + r[0] + `" is after to "` + r[1] + `": the range is inclusive and runs forwards.`})
	}
	// Ranges of more than 1,200 months.
	tests = append(tests,
		call{"2000-01", "2100-01", 1, `from "2000-01" to "2100-01" is 1201 months; a range may hold at most 1200.`},
		call{"2026-01", "2206-01", 1, `from "2026-01" to "2206-01" is 2161 months; a range may hold at most 1200.`},
		call{"0000-01", "9999-12", 1, `from "0000-01" to "9999-12" is 120000 months; a range may hold at most 1200.`},
	)
	for _, tt := range tests {
		t.Run(tt.from+" to "+tt.to, func(t *testing.T) {
			t.Parallel()
			wantArgumentError(t, runMonths(t, tt.from, tt.to).Error, tt.argument, tt.want)
		})
	}
}

// wantMonths is the list resp holds, failing the test on an error.
func wantMonths(t *testing.T, resp function.RunResponse) []string {
	t.Helper()
	if resp.Error != nil {
		t.Fatalf("error: %v", resp.Error)
	}
	list, ok := resp.Result.Value().(types.List)
	if !ok || list.IsNull() || list.IsUnknown() {
		t.Fatalf("result %v, want a list", resp.Result.Value())
	}
	var out []string
	if diags := list.ElementsAs(t.Context(), &out, false); diags.HasError() {
		t.Fatal(diags)
	}
	return out
}
