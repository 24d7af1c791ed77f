package datasources_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tcintl/terraform-provider-tcintl/internal/acctest"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
)

// billsBlock is a tcintl_customer_bill_summaries block named name.
func billsBlock(name string, args ...string) string {
	return fmt.Sprintf("\ndata \"tcintl_customer_bill_summaries\" %q {\n%s}\n", name, lines(args))
}

// billCheck is one element of bills.
func billCheck(customer, month, cost, requestID string) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"customer_uin": acctest.ExactNumber(customer),
		"month":        knownvalue.StringExact(month),
		"total_cost":   acctest.ExactNumber(cost),
		"request_id":   knownvalue.StringExact(requestID),
	})
}

// exactNumbers checks a map of numbers digit for digit.
func exactNumbers(m map[string]string) knownvalue.Check {
	checks := make(map[string]knownvalue.Check, len(m))
	for k, v := range m {
		checks[k] = acctest.ExactNumber(v)
	}
	return knownvalue.MapExact(checks)
}

func monthsExact(ss ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(ss))
	for i, s := range ss {
		checks[i] = knownvalue.StringExact(s)
	}
	return knownvalue.ListExact(checks)
}

// twoCustomers is a book whose amounts are written out, so that the sums
// below are checked against figures worked out by hand.
func twoCustomers() *fakeserver.Book {
	return &fakeserver.Book{
		UINs: []string{"100000000002", "100000000001"},
		Amounts: map[string]string{
			"100000000001/2026-01": "98765432109876.54321",
			"100000000001/2026-02": "0.1",
			"100000000002/2026-01": "0.2",
			"100000000002/2026-02": "-7.5",
			"100000000001/2025-12": "1234567.89",
			"100000000001/2025-11": "0",
		},
	}
}

func TestCustomerBillSummaries_everyAttributeExact(t *testing.T) {
	t.Parallel()
	srv := fakeserver.StartTest(t, fakeserver.Config{Book: twoCustomers()})
	// Duplicates and order in the arguments do not matter; the arguments
	// stay as written.
	config := acctest.ProviderBlock(srv) + billsBlock("book",
		`  customer_uins = [100000000002, 100000000001, 100000000002]`,
		`  months        = ["2026-02", "2026-01", "2026-02"]`)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories(t),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.ExpectAllAttributes("data.tcintl_customer_bill_summaries.book", map[string]knownvalue.Check{
					"customer_uins": exactUINs(100000000002, 100000000001, 100000000002),
					"months":        monthsExact("2026-02", "2026-01", "2026-02"),
					"from_month":    knownvalue.Null(),
					"to_month":      knownvalue.Null(),
					"pay_mode":      knownvalue.Null(),
					"action_type":   knownvalue.Null(),
					"is_confirmed":  knownvalue.Null(),
					"bills": knownvalue.ListExact([]knownvalue.Check{
						billCheck("100000000001", "2026-01", "98765432109876.54321", "book-100000000001-2026-01"),
						billCheck("100000000001", "2026-02", "0.1", "book-100000000001-2026-02"),
						billCheck("100000000002", "2026-01", "0.2", "book-100000000002-2026-01"),
						billCheck("100000000002", "2026-02", "-7.5", "book-100000000002-2026-02"),
					}),
					// 98765432109876.54321 + 0.1 + 0.2 - 7.5
					"total_cost": acctest.ExactNumber("98765432109869.34321"),
					"totals_by_customer": exactNumbers(map[string]string{
						"100000000001": "98765432109876.64321",
						"100000000002": "-7.3",
					}),
					"totals_by_month": exactNumbers(map[string]string{
						"2026-01": "98765432109876.74321",
						"2026-02": "-7.4",
					}),
				}),
			},
		}},
	})
	// Each pair was asked for with the singular data source's body, and
	// nothing else was.
	for _, r := range srv.Requests() {
		if !regexp.MustCompile(`^\{"CustomerUin":10000000000[12],"Month":"2026-0[12]"\}$`).Match(r.Body) {
			t.Errorf("unexpected request %s %s", r.Action, r.Body)
		}
	}
}

func TestCustomerBillSummaries_monthRangeAndFilters(t *testing.T) {
	t.Parallel()
	srv := fakeserver.StartTest(t, fakeserver.Config{Book: twoCustomers()})
	filtered := func(month string) string {
		return fakeserver.BookAmount(100000000001, month, "prePay", "prepay_renew", "1")
	}
	config := acctest.ProviderBlock(srv) +
		billsBlock("range", `  customer_uins = [100000000001]`, `  from_month = "2025-11"`, `  to_month = "2026-02"`) +
		billsBlock("one_month", `  customer_uins = [100000000001]`, `  from_month = "2026-02"`, `  to_month = "2026-02"`) +
		billsBlock("filtered", `  customer_uins = [100000000001]`, `  months = ["2026-01"]`,
			`  pay_mode = "prePay"`, `  action_type = "prepay_renew"`, `  is_confirmed = "1"`)
	rangeOf := func(from, to string, bills []knownvalue.Check, total string, byMonth map[string]string) map[string]knownvalue.Check {
		return map[string]knownvalue.Check{
			"customer_uins": exactUINs(100000000001), "months": knownvalue.Null(),
			"from_month": knownvalue.StringExact(from), "to_month": knownvalue.StringExact(to),
			"pay_mode": knownvalue.Null(), "action_type": knownvalue.Null(), "is_confirmed": knownvalue.Null(),
			"bills": knownvalue.ListExact(bills), "total_cost": acctest.ExactNumber(total),
			"totals_by_customer": exactNumbers(map[string]string{"100000000001": total}),
			"totals_by_month":    exactNumbers(byMonth),
		}
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories(t),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				// Across the turn of the year, both ends included.
				acctest.ExpectAllAttributes("data.tcintl_customer_bill_summaries.range", rangeOf("2025-11", "2026-02", []knownvalue.Check{
					billCheck("100000000001", "2025-11", "0", "book-100000000001-2025-11"),
					billCheck("100000000001", "2025-12", "1234567.89", "book-100000000001-2025-12"),
					billCheck("100000000001", "2026-01", "98765432109876.54321", "book-100000000001-2026-01"),
					billCheck("100000000001", "2026-02", "0.1", "book-100000000001-2026-02"),
				}, "98765433344444.53321", map[string]string{
					"2025-11": "0", "2025-12": "1234567.89", "2026-01": "98765432109876.54321", "2026-02": "0.1",
				})),
				acctest.ExpectAllAttributes("data.tcintl_customer_bill_summaries.one_month", rangeOf("2026-02", "2026-02", []knownvalue.Check{
					billCheck("100000000001", "2026-02", "0.1", "book-100000000001-2026-02"),
				}, "0.1", map[string]string{"2026-02": "0.1"})),
				acctest.ExpectAllAttributes("data.tcintl_customer_bill_summaries.filtered", map[string]knownvalue.Check{
					"customer_uins": exactUINs(100000000001), "months": monthsExact("2026-01"),
					"from_month": knownvalue.Null(), "to_month": knownvalue.Null(),
					"pay_mode": knownvalue.StringExact("prePay"), "action_type": knownvalue.StringExact("prepay_renew"), "is_confirmed": knownvalue.StringExact("1"),
					"bills": knownvalue.ListExact([]knownvalue.Check{
						billCheck("100000000001", "2026-01", filtered("2026-01"), "book-100000000001-2026-01-prePay-prepay_renew-1"),
					}),
					"total_cost":         acctest.ExactNumber(filtered("2026-01")),
					"totals_by_customer": exactNumbers(map[string]string{"100000000001": filtered("2026-01")}),
					"totals_by_month":    exactNumbers(map[string]string{"2026-01": filtered("2026-01")}),
				}),
			},
		}},
	})
	if !slices.ContainsFunc(srv.Requests(), func(r fakeserver.Request) bool {
		return string(r.Body) == `{"CustomerUin":100000000001,"Month":"2026-01","PayMode":"prePay","ActionType":"prepay_renew","IsConfirmed":"1"}`
	}) {
		t.Error("the filters were not sent as the singular data source sends them")
	}
}

func TestCustomerBillSummaries_wholeBookFromCustomers(t *testing.T) {
	t.Parallel()
	// customer_uins comes from tcintl_customers: unknown when the
	// configuration is validated, checked by the read.
	srv := fakeserver.StartTest(t, fakeserver.Config{Book: &fakeserver.Book{Size: 3}})
	config := acctest.ProviderBlock(srv) + customersBlock + billsBlock("book",
		`  customer_uins = data.tcintl_customers.all.customer_uins`, `  months = ["2026-03"]`)
	var bills []knownvalue.Check
	total, byCustomer := []string{}, map[string]string{}
	for i := range 3 {
		uin := fakeserver.BookUIN(i)
		amount := fakeserver.BookAmount(uin, "2026-03", "", "", "")
		bills = append(bills, billCheck(fmt.Sprint(uin), "2026-03", amount, fmt.Sprintf("book-%d-2026-03", uin)))
		total = append(total, amount)
		byCustomer[fmt.Sprint(uin)] = amount
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories(t),
		Steps: []resource.TestStep{{
			Config: config + `
output "total" {
  value = data.tcintl_customer_bill_summaries.book.total_cost
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.ExpectAllAttributes("data.tcintl_customer_bill_summaries.book", map[string]knownvalue.Check{
					"customer_uins": exactUINs(bookUINs(3)...), "months": monthsExact("2026-03"),
					"from_month": knownvalue.Null(), "to_month": knownvalue.Null(),
					"pay_mode": knownvalue.Null(), "action_type": knownvalue.Null(), "is_confirmed": knownvalue.Null(),
					"bills":              knownvalue.ListExact(bills),
					"total_cost":         acctest.ExactNumber(bookSum(t, total...)),
					"totals_by_customer": exactNumbers(byCustomer),
					"totals_by_month":    exactNumbers(map[string]string{"2026-03": bookSum(t, total...)}),
				}),
			},
		}},
	})
}

// bookSum adds amounts of at most two decimals as whole cents, independently
// of the provider's own exact sum.
func bookSum(t *testing.T, amounts ...string) string {
	t.Helper()
	var cents int64
	for _, a := range amounts {
		whole, frac, _ := strings.Cut(a, ".")
		var w, f int64
		if _, err := fmt.Sscan(whole, &w); err != nil {
			t.Fatal(err)
		}
		frac = (frac + "00")[:2]
		if _, err := fmt.Sscan(strings.TrimLeft(frac, "0")+"0", &f); err != nil {
			t.Fatal(err)
		}
		cents += w*100 + f/10
	}
	s := fmt.Sprintf("%d.%02d", cents/100, cents%100)
	return strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
}

func TestCustomerBillSummaries_sharesLookupsWithTheSingular(t *testing.T) {
	t.Parallel()
	// Terraform runs several commands per step, each with a fresh provider
	// process; so count the calls of the plural block alone, then with a
	// singular block for a pair it reads and a second identical plural
	// block: sharing means the counts are equal.
	callsFor := func(t *testing.T, extra string) (int, []fakeserver.Request) {
		srv := fakeserver.StartTest(t, fakeserver.Config{Book: twoCustomers()})
		config := acctest.ProviderBlock(srv) +
			billsBlock("book", `  customer_uins = [100000000001, 100000000002]`, `  months = ["2026-01"]`) + extra
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: acctest.ProviderFactories(t),
			Steps:                    []resource.TestStep{{Config: config}},
		})
		// Answered lookups: a throttled attempt retried is the same lookup.
		return srv.CountAnswered(billAction, ""), srv.Requests()
	}
	alone, _ := callsFor(t, "")
	shared, log := callsFor(t, billBlock("one", 100000000002, "2026-01")+
		billsBlock("again", `  customer_uins = [100000000002, 100000000001]`, `  from_month = "2026-01"`, `  to_month = "2026-01"`))
	if alone == 0 || shared != alone {
		t.Errorf("the plural block alone made %d calls; with an identical singular and plural lookup %d; want the same, non-zero:\n%s",
			alone, shared, describe(log))
	}
}

func TestCustomerBillSummaries_firstFailureStopsTheRead(t *testing.T) {
	t.Parallel()
	// Customers 300000000001 to 300000000008, of which 300000000002 is not
	// in the book: the second lookup fails. At 1 per second the batch has
	// 3 lookups in flight, so before that failure (sent by the fourth slot
	// at the latest) only customers 1 to 4 can have been asked for, and
	// after it nobody.
	book := &fakeserver.Book{UINs: []string{"300000000001", "300000000003", "300000000004", "300000000005", "300000000006", "300000000007", "300000000008"}}
	srv := fakeserver.StartTest(t, fakeserver.Config{Book: book})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories(t),
		Steps: []resource.TestStep{{
			Config: acctest.ProviderBlock(srv) + billsBlock("book",
				`  customer_uins = [300000000008, 300000000007, 300000000006, 300000000005, 300000000004, 300000000003, 300000000002, 300000000001]`,
				`  months = ["2026-01"]`),
			ExpectError: acctest.ErrorMatching("DescribeCustomerBillSummary failed for customer_uin 300000000002, month 2026-01",
				"Customer UIN: 300000000002", "Month: 2026-01", "No further bill was looked up after this one failed.",
				"Error code: UnauthorizedOperation.UinNoAuth",
				"Message: The current account has no permission to query the bill of customer 300000000002.",
				"Request ID:", "Only distributors, second-level resellers and resellers can read a customer's bill"),
		}},
	})
	log := srv.Requests()
	failed := `{"CustomerUin":300000000002,"Month":"2026-01"}`
	if len(log) == 0 || string(log[len(log)-1].Body) != failed {
		t.Fatalf("want the failed lookup last, nothing after it: %s", describe(log))
	}
	for _, r := range log {
		if !regexp.MustCompile(`^\{"CustomerUin":30000000000[1-4],"Month":"2026-01"\}$`).Match(r.Body) {
			t.Errorf("a lookup that could only start after the failure was made: %s", r.Body)
		}
	}
}

func TestCustomerBillSummaries_badInputFailsAtPlanWithoutACall(t *testing.T) {
	t.Parallel()
	uins := func(list string) string { return "  customer_uins = " + list }
	months := `  months = ["2026-01"]`
	many := make([]string, 101)
	for i := range many {
		many[i] = fmt.Sprint(100000000001 + i)
	}
	manyUINs := uins("[" + strings.Join(many, ", ") + ", 100000000001]")
	tests := []struct {
		name string
		args []string
		want *regexp.Regexp
	}{
		{"customer 0", []string{uins("[1, 0]"), months}, acctest.ErrorMatching("customer_uins[1] must be a customer UIN, a whole number from 1 to 9223372036854775807, got 0")},
		{"customer -1", []string{uins("[-1]"), months}, acctest.ErrorMatching("customer_uins[0] must be a customer UIN", "got -1")},
		{"customer 1.5", []string{uins("[1.5]"), months}, acctest.ErrorMatching("customer_uins[0] must be a customer UIN", "got 1.5")},
		{"customer beyond int64", []string{uins("[9223372036854775808]"), months}, acctest.ErrorMatching("customer_uins[0] must be a customer UIN", "got 9223372036854775808")},
		{"customer 1e300", []string{uins("[1e300]"), months}, acctest.ErrorMatching("customer_uins[0] must be a customer UIN", "got 1e+300")},
		{"customer null", []string{uins("[1, null]"), months}, acctest.ErrorMatching("Null List Value", "customer_uins = [1, null]", "contains a null value")},
		{"customer as a word", []string{uins(`["acme"]`), months}, acctest.ErrorMatching(`customer_uins`, `a number is required`)},
		{"no customers argument", []string{months}, acctest.ErrorMatching(`The argument "customer_uins" is required`)},
		{"no months", []string{uins("[1]"), "  months = []"}, acctest.ErrorMatching("Attribute months list must contain at least 1 elements, got: 0")},
		{"month 13", []string{uins("[1]"), `  months = ["2026-01", "2026-13"]`}, acctest.ErrorMatching("months[1]", "YYYY-MM with the month from 01 to 12", "got: 2026-13")},
		{"month without dash", []string{uins("[1]"), `  months = ["202601"]`}, acctest.ErrorMatching("months[0]", "YYYY-MM", "got: 202601")},
		{"month null", []string{uins("[1]"), `  months = [null]`}, acctest.ErrorMatching("Null List Value", "months = [null]", "contains a null value")},
		{"neither months nor a range", []string{uins("[1]")}, acctest.ErrorMatching("Exactly one of these attributes must be configured: [months,from_month]")},
		{"both months and a range", []string{uins("[1]"), months, `  from_month = "2026-01"`, `  to_month = "2026-02"`}, acctest.ErrorMatching("Invalid Attribute Combination", "Exactly one of these attributes must be configured: [months,from_month]")},
		{"from_month alone", []string{uins("[1]"), `  from_month = "2026-01"`}, acctest.ErrorMatching(`from_month = "2026-01"`, "These attributes must be configured together: [from_month,to_month]")},
		{"to_month alone", []string{uins("[1]"), `  to_month = "2026-01"`}, acctest.ErrorMatching(`to_month = "2026-01"`, "These attributes must be configured together: [from_month,to_month]")},
		{"range backwards", []string{uins("[1]"), `  from_month = "2026-03"`, `  to_month = "2026-01"`}, acctest.ErrorMatching("Invalid month range", "from_month 2026-03 is after to_month 2026-01")},
		{"range end not a month", []string{uins("[1]"), `  from_month = "2026-01"`, `  to_month = "2026-1"`}, acctest.ErrorMatching("to_month", "YYYY-MM", "got: 2026-1")},
		{"pay_mode in the wrong case", []string{uins("[1]"), months, `  pay_mode = "PrePay"`}, acctest.ErrorMatching("pay_mode", `"prePay"`, `"postPay"`, `got: "PrePay"`)},
		{"unknown action_type", []string{uins("[1]"), months, `  action_type = "refund_all"`}, acctest.ErrorMatching("action_type", `"prepay_purchase"`, `got: "refund_all"`)},
		{"is_confirmed 3", []string{uins("[1]"), months, `  is_confirmed = "3"`}, acctest.ErrorMatching("is_confirmed", `got: "3"`)},
		{
			"10,100 pairs (duplicates count once)", []string{manyUINs, `  from_month = "2018-01"`, `  to_month = "2026-04"`},
			acctest.ErrorMatching("Too many bills for one block", "make 10100 distinct (customer, month) pairs (101 customers × 100 months)", "at most 10000"),
		},
		{
			"every month there is", []string{uins("[1]"), `  from_month = "0000-01"`, `  to_month = "9999-12"`},
			acctest.ErrorMatching("Too many bills for one block", "make 120000 distinct (customer, month) pairs (1 customers × 120000 months)"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fakeserver.StartTest(t, fakeserver.Config{Book: twoCustomers()})
			acctest.ExpectErrorWithoutCalls(t, srv, acctest.ProviderFactories(t), acctest.ProviderBlock(srv)+billsBlock("this", tt.args...), tt.want)
		})
	}
}

// Arguments known only once tcintl_customers is read are checked before
// any bill is looked up: terraform and tofu validate the block again with
// the values known, just before the read, so the read needs no second pass.
func TestCustomerBillSummaries_lateArgumentsCheckedBeforeAnyLookup(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		book   fakeserver.Book
		args   []string
		want   *regexp.Regexp
		called int // pages of customers read
	}{
		{
			name: "too many pairs", book: fakeserver.Book{Size: 101},
			args:   []string{`  customer_uins = data.tcintl_customers.all.customer_uins`, `  from_month = "2018-01"`, `  to_month = "2026-04"`},
			want:   acctest.ErrorMatching("Too many bills for one block", "10100 distinct (customer, month) pairs (101 customers × 100 months)"),
			called: 2,
		},
		{
			name: "a computed UIN that is none", book: fakeserver.Book{Size: 2},
			args:   []string{`  customer_uins = [for u in data.tcintl_customers.all.customer_uins : u - 300000000001]`, `  months = ["2026-01"]`},
			want:   acctest.ErrorMatching("customer_uins[0] must be a customer UIN", "got 0"),
			called: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fakeserver.StartTest(t, fakeserver.Config{Book: &tt.book})
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories(t),
				Steps: []resource.TestStep{{
					Config:      acctest.ProviderBlock(srv) + customersBlock + billsBlock("this", tt.args...),
					PlanOnly:    true,
					ExpectError: tt.want,
				}},
			})
			if n := srv.Count(billAction); n != 0 {
				t.Errorf("%d bill lookups, want none: %s", n, describe(srv.Requests()))
			}
			if n := srv.Count(customersAction); n != tt.called {
				t.Errorf("%d pages of customers read, want %d", n, tt.called)
			}
		})
	}
}

// A hundred bills of 0.1 add up to exactly 10, read at a raised limit of
// 50 per second (rate_limits on the provider, the same limit at the fake).
func TestCustomerBillSummaries_hundredTenthsAtARaisedLimit(t *testing.T) {
	t.Parallel()
	book := &fakeserver.Book{Size: 100, Amounts: map[string]string{}}
	bills := make([]knownvalue.Check, 100)
	byCustomer := map[string]string{}
	for i := range 100 {
		uin := fmt.Sprint(fakeserver.BookUIN(i))
		book.Amounts[uin+"/2026-01"] = "0.1"
		bills[i] = billCheck(uin, "2026-01", "0.1", "book-"+uin+"-2026-01")
		byCustomer[uin] = "0.1"
	}
	srv := fakeserver.StartTest(t, fakeserver.Config{Book: book, Limits: map[string]float64{billAction: 50}})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories(t),
		Steps: []resource.TestStep{{
			Config: acctest.ProviderBlock(srv, `rate_limits = { DescribeCustomerBillSummary = 50 }`) + customersBlock + billsBlock("book",
				`  customer_uins = data.tcintl_customers.all.customer_uins`, `  months = ["2026-01"]`),
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.ExpectAllAttributes("data.tcintl_customer_bill_summaries.book", map[string]knownvalue.Check{
					"customer_uins": exactUINs(bookUINs(100)...), "months": monthsExact("2026-01"),
					"from_month": knownvalue.Null(), "to_month": knownvalue.Null(),
					"pay_mode": knownvalue.Null(), "action_type": knownvalue.Null(), "is_confirmed": knownvalue.Null(),
					"bills":              knownvalue.ListExact(bills),
					"total_cost":         acctest.ExactNumber("10"),
					"totals_by_customer": exactNumbers(byCustomer),
					"totals_by_month":    exactNumbers(map[string]string{"2026-01": "10"}),
				}),
			},
		}},
	})
	if n := srv.CountAnswered(billAction, fakeserver.CodeRequestLimitExceeded); n != 0 {
		t.Errorf("%d lookups throttled at the raised limit", n)
	}
	if n := srv.Count(billAction); n%100 != 0 {
		t.Errorf("%d lookups: each terraform command should read the 100 bills once", n)
	}
}

// An account with no customers breaks no chain: customer_uins empty, from
// tcintl_customers or written so, reads nothing and answers empty bills
// and sums of 0.
func TestCustomerBillSummaries_noCustomersReadsNothing(t *testing.T) {
	t.Parallel()
	for name, uins := range map[string]string{
		"from an empty book": "data.tcintl_customers.all.customer_uins",
		"written empty":      "[]",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := fakeserver.StartTest(t, fakeserver.Config{Book: &fakeserver.Book{}})
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories(t),
				Steps: []resource.TestStep{{
					Config: acctest.ProviderBlock(srv) + customersBlock + billsBlock("none", "  customer_uins = "+uins, `  from_month = "2026-01"`, `  to_month = "2026-03"`),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("data.tcintl_customer_bill_summaries.none", tfjsonpath.New("bills"), knownvalue.ListExact(nil)),
						statecheck.ExpectKnownValue("data.tcintl_customer_bill_summaries.none", tfjsonpath.New("total_cost"), acctest.ExactNumber("0")),
						statecheck.ExpectKnownValue("data.tcintl_customer_bill_summaries.none", tfjsonpath.New("totals_by_customer"), knownvalue.MapExact(map[string]knownvalue.Check{})),
						statecheck.ExpectKnownValue("data.tcintl_customer_bill_summaries.none", tfjsonpath.New("totals_by_month"), knownvalue.MapExact(map[string]knownvalue.Check{})),
					},
				}},
			})
			if n := srv.Count(billAction); n != 0 {
				t.Errorf("%d bill lookups for no customers", n)
			}
		})
	}
}
