package datasources

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"
)

func numbers(vs ...string) types.List {
	elems := make([]attr.Value, len(vs))
	for i, v := range vs {
		switch v {
		case "null":
			elems[i] = types.NumberNull()
		case "unknown":
			elems[i] = types.NumberUnknown()
		default:
			f, _, err := big.ParseFloat(v, 10, 512, big.ToNearestEven)
			if err != nil {
				panic(err)
			}
			elems[i] = types.NumberValue(f)
		}
	}
	return types.ListValueMust(types.NumberType, elems)
}

func stringList(vs ...string) types.List {
	elems := make([]attr.Value, len(vs))
	for i, v := range vs {
		elems[i] = types.StringValue(v)
	}
	return types.ListValueMust(types.StringType, elems)
}

// argsModel is a model with customers and either a month list or a range.
func argsModel(customers types.List, months types.List, from, to types.String) *customerBillSummariesModel {
	return &customerBillSummariesModel{
		CustomerUins: customers, Months: months, FromMonth: from, ToMonth: to,
		PayMode: types.StringNull(), ActionType: types.StringNull(), IsConfirmed: types.StringNull(),
	}
}

func noRange() (types.String, types.String) { return types.StringNull(), types.StringNull() }

func TestBillLookupsExpand(t *testing.T) {
	from, to := noRange()
	tests := []struct {
		name      string
		model     *customerBillSummariesModel
		wantPairs string
	}{
		{
			name:      "duplicates read once, sorted by customer then month",
			model:     argsModel(numbers("30", "10", "30", "20"), stringList("2026-02", "2025-12", "2026-02"), from, to),
			wantPairs: "10/2025-12 10/2026-02 20/2025-12 20/2026-02 30/2025-12 30/2026-02",
		},
		{
			name:      "a range across the turn of the year, both ends included",
			model:     argsModel(numbers("7"), types.ListNull(types.StringType), types.StringValue("2025-11"), types.StringValue("2026-02")),
			wantPairs: "7/2025-11 7/2025-12 7/2026-01 7/2026-02",
		},
		{
			name:      "a range of one month",
			model:     argsModel(numbers("9223372036854775807"), types.ListNull(types.StringType), types.StringValue("0000-01"), types.StringValue("0000-01")),
			wantPairs: "9223372036854775807/0000-01",
		},
		{
			name:      "1.0 is the customer 1",
			model:     argsModel(numbers("1.0", "1"), stringList("2026-01"), from, to),
			wantPairs: "1/2026-01",
		},
		{
			name:      "no customers: nothing to look up",
			model:     argsModel(numbers(), stringList("2026-01"), from, to),
			wantPairs: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, diags := tt.model.lookups()
			if diags.HasError() || l == nil {
				t.Fatalf("diags %v", diags)
			}
			var got []string
			for _, p := range l.pairs() {
				got = append(got, fmt.Sprintf("%d/%s", p.customer, p.month))
			}
			if strings.Join(got, " ") != tt.wantPairs {
				t.Errorf("pairs %v, want %s", got, tt.wantPairs)
			}
		})
	}
}

func TestBillLookupsLimit(t *testing.T) {
	customers := func(n int) types.List {
		vs := make([]string, n)
		for i := range vs {
			vs[i] = fmt.Sprint(i + 1)
		}
		return numbers(vs...)
	}
	// 100 months: 2018-01 to 2026-04.
	from, to := types.StringValue("2018-01"), types.StringValue("2026-04")
	l, diags := argsModel(customers(100), types.ListNull(types.StringType), from, to).lookups()
	if diags.HasError() || len(l.pairs()) != 10_000 {
		t.Fatalf("10,000 pairs refused: %v", diags)
	}
	_, diags = argsModel(customers(101), types.ListNull(types.StringType), from, to).lookups()
	if !diags.HasError() || !strings.Contains(fmt.Sprint(diags), "make 10100 distinct (customer, month) pairs (101 customers × 100 months)") {
		t.Errorf("10,100 pairs: %v", diags)
	}
	one, oneTo := noRange()
	_, diags = argsModel(customers(10_001), stringList("2026-01"), one, oneTo).lookups()
	if !diags.HasError() || !strings.Contains(fmt.Sprint(diags), "make 10001 distinct (customer, month) pairs") {
		t.Errorf("10,001 customers: %v", diags)
	}
	// Duplicates count once: one customer and 11,000 copies of one month
	// are one lookup, as are 11,000 copies of one customer.
	sameMonth := make([]string, 11_000)
	sameCustomer := make([]string, 11_000)
	for i := range sameMonth {
		sameMonth[i], sameCustomer[i] = "2024-01", "7"
	}
	for name, m := range map[string]*customerBillSummariesModel{
		"one month 11,000 times":    argsModel(numbers("1"), stringList(sameMonth...), one, oneTo),
		"one customer 11,000 times": argsModel(numbers(sameCustomer...), stringList("2024-01", "2024-02"), one, oneTo),
	} {
		if l, diags := m.lookups(); diags.HasError() || l == nil || len(l.pairs()) > 2 {
			t.Errorf("%s: %v", name, diags)
		}
	}
}

func TestBillLookupsWaitForUnknownValues(t *testing.T) {
	from, to := noRange()
	for name, m := range map[string]*customerBillSummariesModel{
		"customers unknown":  argsModel(types.ListUnknown(types.NumberType), stringList("2026-01"), from, to),
		"a customer unknown": argsModel(numbers("1", "unknown"), stringList("2026-01"), from, to),
		"months unknown":     argsModel(numbers("1"), types.ListUnknown(types.StringType), from, to),
		"from_month unknown": argsModel(numbers("1"), types.ListNull(types.StringType), types.StringUnknown(), types.StringValue("2026-01")),
		"a filter unknown": func() *customerBillSummariesModel {
			m := argsModel(numbers("1"), stringList("2026-01"), from, to)
			m.PayMode = types.StringUnknown()
			return m
		}(),
	} {
		// Validation leaves an unknown value for later, and expands nothing.
		if l, diags := m.lookups(); l != nil || diags.HasError() {
			t.Errorf("%s: %v, %v", name, l, diags)
		}
	}
}

func TestUINValidator(t *testing.T) {
	good := map[string]int64{"1": 1, "100000000001": 100000000001, "9223372036854775807": 9223372036854775807, "1e3": 1000, "1.0": 1}
	for in, want := range good {
		if uin, ok := uinOf(numbers(in).Elements()[0].(types.Number)); !ok || uin != want { //nolint:forcetypeassert // a list of numbers
			t.Errorf("%s: %d, %v", in, uin, ok)
		}
	}
	bad := map[string]string{
		"0":                    "got 0",
		"-1":                   "got -1",
		"1.5":                  "got 1.5",
		"9223372036854775808":  "got 9223372036854775808",
		"1e300":                "got 1e+300",
		"-0.000000000000001":   "got -0.000000000000001",
		"100000000001.0000001": "got 100000000001.0000001",
	}
	for in, want := range bad {
		var resp validator.NumberResponse
		p := path.Root("customer_uins").AtListIndex(0)
		uinValidator{}.ValidateNumber(t.Context(), validator.NumberRequest{Path: p, ConfigValue: numbers(in).Elements()[0].(types.Number)}, &resp) //nolint:forcetypeassert // a list of numbers
		if text := fmt.Sprint(resp.Diagnostics); !resp.Diagnostics.HasError() || !strings.Contains(text, "customer_uins[0] must be a customer UIN, a whole number from 1 to 9223372036854775807, "+want) {
			t.Errorf("%s: %v; want an error with %q", in, resp.Diagnostics, want)
		}
	}
	for _, v := range []types.Number{types.NumberUnknown(), types.NumberNull()} {
		var resp validator.NumberResponse
		uinValidator{}.ValidateNumber(t.Context(), validator.NumberRequest{Path: path.Root("customer_uin"), ConfigValue: v}, &resp)
		if resp.Diagnostics.HasError() {
			t.Errorf("%v: %v; unknown and null are left to others", v, resp.Diagnostics)
		}
	}
}

func answer(t *testing.T, amount string, requestID *string) *tcapi.BillSummary {
	t.Helper()
	var p tcapi.BillSummary
	body := `{"TotalCost": ` + amount + `}`
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatal(err)
	}
	p.RequestId = requestID
	return &p
}

func TestBillSummariesSetAnswers(t *testing.T) {
	pairs := []billPair{{1, "2026-01"}, {1, "2026-02"}, {2, "2026-01"}, {2, "2026-02"}}
	answers := []*tcapi.BillSummary{
		answer(t, "98765432109876.54321", ptr("r-1")),
		answer(t, "0.1", ptr("r-2")),
		answer(t, "0.2", nil),
		answer(t, "-7.5", ptr("")),
	}
	var m customerBillSummariesModel
	if diags := m.setAnswers(pairs, answers); diags.HasError() {
		t.Fatal(diags)
	}
	var got []string
	for _, b := range m.Bills.Elements() {
		attrs := b.(types.Object).Attributes() //nolint:forcetypeassert // the list's element type
		num := func(name string) string {
			return attrs[name].(types.Number).ValueBigFloat().Text('f', -1) //nolint:forcetypeassert // the object's attribute type
		}
		got = append(got, fmt.Sprintf("%s %s %s %s", attrs["customer_uin"], attrs["month"], num("total_cost"), attrs["request_id"]))
	}
	want := []string{`1 "2026-01" 98765432109876.54321 "r-1"`, `1 "2026-02" 0.1 "r-2"`, `2 "2026-01" 0.2 <null>`, `2 "2026-02" -7.5 <null>`}
	if !slices.Equal(got, want) {
		t.Errorf("bills\n%q\nwant\n%q", got, want)
	}
	if s := m.TotalCost.ValueBigFloat().Text('f', -1); s != "98765432109869.34321" {
		t.Errorf("total_cost %s", s)
	}
	sums := func(mp types.Map) map[string]string {
		out := map[string]string{}
		for k, v := range mp.Elements() {
			out[k] = v.(types.Number).ValueBigFloat().Text('f', -1) //nolint:forcetypeassert // the map's element type
		}
		return out
	}
	if got := sums(m.TotalsByCustomer); fmt.Sprint(got) != "map[1:98765432109876.64321 2:-7.3]" {
		t.Errorf("totals_by_customer %v", got)
	}
	if got := sums(m.TotalsByMonth); fmt.Sprint(got) != "map[2026-01:98765432109876.74321 2026-02:-7.4]" {
		t.Errorf("totals_by_month %v", got)
	}

	// A hundred bills of 0.1 make 10, not what adding floats makes.
	var hundred []billPair
	var tenths []*tcapi.BillSummary
	for i := range 100 {
		hundred = append(hundred, billPair{int64(i + 1), "2026-01"})
		tenths = append(tenths, answer(t, "0.1", nil))
	}
	var m2 customerBillSummariesModel
	if diags := m2.setAnswers(hundred, tenths); diags.HasError() {
		t.Fatal(diags)
	}
	if s := m2.TotalCost.ValueBigFloat().Text('f', -1); s != "10" {
		t.Errorf("100 × 0.1 = %s", s)
	}

	// A missing answer is a diagnostic, never a panic.
	var m3 customerBillSummariesModel
	if diags := m3.setAnswers(pairs[:1], []*tcapi.BillSummary{nil}); !diags.HasError() {
		t.Error("a missing answer was mapped")
	}
}

func TestProgress(t *testing.T) {
	now := time.Unix(1767225600, 0)
	var logged []string
	p := &progress{ctx: t.Context(), total: 900, now: func() time.Time { return now },
		log: func(_ context.Context, msg string) { logged = append(logged, msg) }}
	p.start(1020 * time.Millisecond)
	for done := 1; done <= 900; done++ {
		now = now.Add(1020 * time.Millisecond)
		p.done(done)
	}
	if len(logged) < 3 || logged[0] != "bill summaries: 900 to look up, about 15m17s at the API's pace" ||
		logged[1] != "bill summaries: 10 of 900 done" || logged[len(logged)-1] != "bill summaries: 900 of 900 done" {
		t.Errorf("logged %q", logged)
	}
	// One line per 10 s, and the last one.
	if n := len(logged); n != 1+89+1 {
		t.Errorf("%d lines", n)
	}
}
