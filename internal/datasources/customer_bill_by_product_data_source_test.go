package datasources_test

import (
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/tcintl/terraform-provider-tcintl/internal/acctest"
	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
)

const productsAction = apispec.BillSummaryByProduct

// productsBlock is a tcintl_customer_bill_by_product block named name.
func productsBlock(name, customer, month string) string {
	return fmt.Sprintf("\ndata \"tcintl_customer_bill_by_product\" %q {\n  customer_uin = %s\n  month        = %s\n}\n", name, customer, month)
}

// product is one element of products; "" is null.
type product struct{ code, name, original, voucher, total string }

func (p product) check() knownvalue.Check {
	orNull := func(c knownvalue.Check, s string) knownvalue.Check {
		if s == "" {
			return knownvalue.Null()
		}
		return c
	}
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"code":               knownvalue.StringExact(p.code),
		"name":               orNull(knownvalue.StringExact(p.name), p.name),
		"original_cost":      orNull(acctest.ExactNumber(p.original), p.original),
		"voucher_pay_amount": orNull(acctest.ExactNumber(p.voucher), p.voucher),
		"total_cost":         acctest.ExactNumber(p.total),
	})
}

// productsState is the state of a block; sums "" are null.
func productsState(customer, month string, products []product, byProduct map[string]string, total, original, voucher, requestID string) map[string]knownvalue.Check {
	list := make([]knownvalue.Check, len(products))
	for i, p := range products {
		list[i] = p.check()
	}
	sum := func(s string) knownvalue.Check {
		if s == "" {
			return knownvalue.Null()
		}
		return acctest.ExactNumber(s)
	}
	return map[string]knownvalue.Check{
		"customer_uin":       acctest.ExactNumber(customer),
		"month":              knownvalue.StringExact(month),
		"products":           knownvalue.ListExact(list),
		"totals_by_product":  exactNumbers(byProduct),
		"total_cost":         sum(total),
		"original_cost":      sum(original),
		"voucher_pay_amount": sum(voucher),
		"request_id":         knownvalue.StringExact(requestID),
	}
}

func TestCustomerBillByProduct_everyAttributeExact(t *testing.T) {
	t.Parallel()
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "bill-by-product")
	config := acctest.ProviderBlock(srv)
	for _, m := range []string{"01", "02", "03", "04"} {
		config += productsBlock("m"+m, "100000000001", `"2026-`+m+`"`)
	}
	const addr = "data.tcintl_customer_bill_by_product."
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories(t),
		Steps: []resource.TestStep{{
			Config: config + `
output "cvm_share" {
  value = data.tcintl_customer_bill_by_product.m01.totals_by_product["p_cvm"] / data.tcintl_customer_bill_by_product.m01.total_cost
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				// Answered p_cvm, p_cbs, p_cos, p_cdn; sorted by code, the
				// 8-decimal strings as exact Numbers. 12.34 + 0 + 0.00000001
				// + 1134.5678; 12.34 + 50 + 0.00000001 + 1234.5678; 0 + 50 + 0 + 100.
				acctest.ExpectAllAttributes(addr+"m01", productsState("100000000001", "2026-01", []product{
					{"p_cbs", "Cloud Block Storage", "12.34", "0", "12.34"},
					{"p_cdn", "Content Delivery Network", "50", "50", "0"},
					{"p_cos", "Cloud Object Storage", "0.00000001", "0", "0.00000001"},
					{"p_cvm", "Cloud Virtual Machine", "1234.5678", "100", "1134.5678"},
				}, map[string]string{"p_cbs": "12.34", "p_cdn": "0", "p_cos": "0.00000001", "p_cvm": "1134.5678"},
					"1146.90780001", "1296.90780001", "150", "e5f3a4b6-7c8d-4e9f-a0b1-2c3d4e5f0001")),
				// SummaryOverview null: no product, sums of 0.
				acctest.ExpectAllAttributes(addr+"m02", productsState("100000000001", "2026-02", nil, map[string]string{},
					"0", "0", "0", "e5f3a4b6-7c8d-4e9f-a0b1-2c3d4e5f0002")),
				acctest.ExpectAllAttributes(addr+"m03", productsState("100000000001", "2026-03", []product{
					{"p_cdb", "TencentDB for MySQL", "98765432109876.54321", "0", "98765432109876.54321"},
					{"p_clb", "Cloud Load Balancer", "0.1", "0", "0.1"},
				}, map[string]string{"p_cdb": "98765432109876.54321", "p_clb": "0.1"},
					"98765432109876.64321", "98765432109876.64321", "0", "e5f3a4b6-7c8d-4e9f-a0b1-2c3d4e5f0003")),
				// SummaryOverview []: the same as null.
				acctest.ExpectAllAttributes(addr+"m04", productsState("100000000001", "2026-04", nil, map[string]string{},
					"0", "0", "0", "e5f3a4b6-7c8d-4e9f-a0b1-2c3d4e5f0004")),
				statecheck.ExpectKnownOutputValue("cvm_share", knownvalue.NumberFunc(func(v *big.Float) error {
					// 1134.5678 / 1146.90780001, computed by Terraform at 512 bits.
					if s := v.Text('f', 12); s != "0.989240634679" {
						return fmt.Errorf("p_cvm's share is %s", s)
					}
					return nil
				})),
			},
		}},
	})
	for _, r := range srv.Requests() {
		if !regexp.MustCompile(`^\{"BillMonth":"2026-0[1-4]","CustomerUin":100000000001\}$`).Match(r.Body) {
			t.Errorf("unexpected request %s %s", r.Action, r.Body)
		}
	}
}

// units8 adds amounts of at most 8 decimals in units of 1e-8, independently
// of the provider's exact sums, and writes the sum without trailing zeros.
func units8(t *testing.T, amounts ...string) string {
	t.Helper()
	sum := new(big.Int)
	for _, a := range amounts {
		whole, frac, _ := strings.Cut(a, ".")
		n, ok := new(big.Int).SetString(whole+(frac + "00000000")[:8], 10)
		if !ok || len(frac) > 8 {
			t.Fatalf("%q is not an amount of at most 8 decimals", a)
		}
		sum.Add(sum, n)
	}
	s := fmt.Sprintf("%09s", sum.String())
	s = strings.TrimRight(s[:len(s)-8]+"."+s[len(s)-8:], "0")
	return strings.TrimSuffix(s, ".")
}

// bookProducts is the state the book's answer for a customer and month
// makes, with its sums worked out in units of 1e-8.
func bookProducts(t *testing.T, uin int64, month string) map[string]knownvalue.Check {
	t.Helper()
	answered := fakeserver.BookProducts(uin, month)
	slices.SortFunc(answered, func(a, b fakeserver.ProductSummary) int { return strings.Compare(a.BusinessCode, b.BusinessCode) })
	var products []product
	var totals, originals, vouchers []string
	byProduct := map[string]string{}
	for _, p := range answered {
		total, original, voucher := units8(t, p.TotalCost), units8(t, p.OriginalCost), units8(t, p.VoucherPayAmount)
		products = append(products, product{p.BusinessCode, p.BusinessCodeName, original, voucher, total})
		totals, originals, vouchers = append(totals, total), append(originals, original), append(vouchers, voucher)
		byProduct[p.BusinessCode] = total
	}
	return productsState(fmt.Sprint(uin), month, products, byProduct, units8(t, totals...), units8(t, originals...), units8(t, vouchers...),
		fmt.Sprintf("book-products-%d-%s", uin, month))
}

// Half a year of one customer from the book, across the turn of the year:
// every month's products and sums, each month asked for once per read.
func TestCustomerBillByProduct_monthsFromTheBook(t *testing.T) {
	t.Parallel()
	uin := fakeserver.BookUIN(7)
	srv := fakeserver.StartTest(t, fakeserver.Config{Book: &fakeserver.Book{Size: 8}})
	var checks []statecheck.StateCheck
	config := acctest.ProviderBlock(srv)
	products := 0
	months := []string{"2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03"}
	for i, month := range months {
		products += len(fakeserver.BookProducts(uin, month))
		config += productsBlock(fmt.Sprintf("m%d", i), fmt.Sprint(uin), fmt.Sprintf("%q", month))
		checks = append(checks, acctest.ExpectAllAttributes(fmt.Sprintf("data.tcintl_customer_bill_by_product.m%d", i), bookProducts(t, uin, month)))
	}
	if products < 12 {
		t.Fatalf("the book's months have %d products in all; the test wants a variety", products)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories(t),
		Steps:                    []resource.TestStep{{Config: config, ConfigStateChecks: checks}},
	})
	// Answered lookups: a throttled attempt retried is the same lookup
	// (TestGuardrails_aPlanAloneIsNeverThrottled is about throttling).
	if n := srv.CountAnswered(productsAction, ""); n == 0 || n%len(months) != 0 {
		t.Errorf("%d lookups answered: each terraform command that reads should make %d", n, len(months))
	}
}

func TestCustomerBillByProduct_apiErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		customer string
		month    string
		faults   []fakeserver.Fault
		want     *regexp.Regexp
	}{
		{
			name: "customer not managed", customer: "100000000002", month: "2026-01",
			want: acctest.ErrorMatching("DescribeBillSummaryByProduct failed", "Error code: UnauthorizedOperation.UinNoAuth",
				"Message: The current account has no permission to query the bill of customer 100000000002.",
				"Request ID: e5f3a4b6-7c8d-4e9f-a0b1-2c3d4e5f0005", "Only distributors, second-level resellers and resellers can read a customer's bill",
				"Check customer_uin"),
		},
		{
			name: "invalid month", customer: "100000000001", month: "2030-01",
			want: acctest.ErrorMatching("DescribeBillSummaryByProduct failed", "Error code: InvalidParameterValue.InvalidMonth",
				"Message: The month value is wrong: no bill can be queried for BillMonth 2030-01.",
				"Request ID: e5f3a4b6-7c8d-4e9f-a0b1-2c3d4e5f0006", "Check month", "a month in the future has none"),
		},
		{
			name: "busy through every retry", customer: "100000000001", month: "2026-01",
			faults: []fakeserver.Fault{{Kind: fakeserver.FaultErrorCode, Code: "OperationDenied.ServiceBusy", Times: 1000}},
			want:   acctest.ErrorMatching("DescribeBillSummaryByProduct failed", "Error code: OperationDenied.ServiceBusy", "Request ID:", "Attempts: 2", "stayed busy"),
		},
		{
			name: "throttled through every retry", customer: "100000000001", month: "2026-01",
			faults: []fakeserver.Fault{{Kind: fakeserver.FaultErrorCode, Code: "RequestLimitExceeded", Times: 1000}},
			want: acctest.ErrorMatching("DescribeBillSummaryByProduct failed", "Error code: RequestLimitExceeded", "Attempts: 2",
				"(1 per second for DescribeBillSummaryByProduct)"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fakeserver.StartTest(t, fakeserver.Config{}, "bill-by-product")
			srv.InjectFaults(productsAction, tt.faults...)
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories(t),
				Steps: []resource.TestStep{{
					Config:      acctest.ProviderBlock(srv, "max_retries = 1") + productsBlock("this", tt.customer, fmt.Sprintf("%q", tt.month)),
					ExpectError: tt.want,
				}},
			})
		})
	}
}

func TestCustomerBillByProduct_busyOnceThenAnswered(t *testing.T) {
	t.Parallel()
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "bill-by-product")
	srv.InjectFaults(productsAction, fakeserver.Fault{Kind: fakeserver.FaultErrorCode, Code: "OperationDenied.ServiceBusy"})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories(t),
		Steps: []resource.TestStep{{
			Config: acctest.ProviderBlock(srv) + productsBlock("this", "100000000001", `"2026-04"`),
			ConfigStateChecks: []statecheck.StateCheck{acctest.ExpectAllAttributes("data.tcintl_customer_bill_by_product.this",
				productsState("100000000001", "2026-04", nil, map[string]string{}, "0", "0", "0", "e5f3a4b6-7c8d-4e9f-a0b1-2c3d4e5f0004"))},
		}},
	})
	log := srv.Requests()
	if len(log) < 2 || log[0].Code != "OperationDenied.ServiceBusy" || !log[1].Succeeded() {
		t.Errorf("want a busy answer retried into a success, got %s", describe(log))
	}
}

// productsAnswer is an answer of the given SummaryOverview items.
func productsAnswer(items ...string) string {
	return `{"Response": {"SummaryOverview": [` + strings.Join(items, ", ") + `], "RequestId": "r-products"}}`
}

// A product without its code or its total, or an amount that is no
// decimal, is an error naming the field (and the value): a budget on a
// product must not pass by reading nothing.
func TestCustomerBillByProduct_badAnswersAreNamed(t *testing.T) {
	t.Parallel()
	const cvm = `{"BusinessCode": "p_cvm", "BusinessCodeName": "CVM", "OriginalCost": "1.00000000", "VoucherPayAmount": "0.00000000", "TotalCost": "1.00000000"}`
	tests := []struct {
		name string
		body string
		want string
	}{
		{"no BusinessCode", productsAnswer(cvm, `{"TotalCost": "1.00000000"}`), "field SummaryOverview[1].BusinessCode: missing, null or empty"},
		{"BusinessCode null", productsAnswer(`{"BusinessCode": null, "TotalCost": "1.00000000"}`), "field SummaryOverview[0].BusinessCode: missing, null or empty"},
		{"BusinessCode empty", productsAnswer(`{"BusinessCode": "", "TotalCost": "1.00000000"}`), "field SummaryOverview[0].BusinessCode: missing, null or empty"},
		{"no TotalCost", productsAnswer(cvm, cvm, `{"BusinessCode": "p_cbs", "OriginalCost": "1.00000000"}`), "field SummaryOverview[2].TotalCost: missing, null or empty"},
		{"TotalCost null", productsAnswer(`{"BusinessCode": "p_cbs", "TotalCost": null}`), "field SummaryOverview[0].TotalCost: missing, null or empty"},
		{"a null product", productsAnswer(cvm, `null`), "field SummaryOverview[1]: missing, null or empty"},
		{"TotalCost not a decimal", productsAnswer(`{"BusinessCode": "p_cbs", "TotalCost": "12,34"}`),
			`field SummaryOverview.TotalCost: expected a decimal number in a string, got "12,34" is not a decimal number`},
		{"OriginalCost not a decimal", productsAnswer(`{"BusinessCode": "p_cbs", "OriginalCost": "N/A", "TotalCost": "1.00000000"}`),
			`field SummaryOverview.OriginalCost: expected a decimal number in a string, got "N/A" is not a decimal number`},
		{"VoucherPayAmount empty", productsAnswer(`{"BusinessCode": "p_cbs", "VoucherPayAmount": "", "TotalCost": "1.00000000"}`),
			`field SummaryOverview.VoucherPayAmount: expected a decimal number in a string, got "" is not a decimal number`},
		{"TotalCost a number, not a string", productsAnswer(`{"BusinessCode": "p_cbs", "TotalCost": 12.34}`),
			`field SummaryOverview.TotalCost: expected a decimal number in a string, got not a string`},
		{"TotalCost beyond 40 digits", productsAnswer(`{"BusinessCode": "p_cbs", "TotalCost": "1e45"}`),
			`field SummaryOverview.TotalCost: expected a decimal number in a string, got "1e45" has more than 40 digits before the point`},
		{"BusinessCode a number", productsAnswer(`{"BusinessCode": 7, "TotalCost": "1.00000000"}`), "field SummaryOverview.BusinessCode: expected a string, got number"},
		{"SummaryOverview an object", `{"Response": {"SummaryOverview": {}, "RequestId": "r-products"}}`, "field SummaryOverview: expected"},
		{"no request ID", `{"Response": {"SummaryOverview": []}}`, "field RequestId: missing or null"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fakeserver.StartTest(t, fakeserver.Config{})
			srv.InjectFaults(productsAction, bodyFault(tt.body))
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories(t),
				Steps: []resource.TestStep{{
					Config:      faultyProvider.Block(srv) + productsBlock("this", "100000000001", `"2026-01"`),
					ExpectError: acctest.ErrorMatching("DescribeBillSummaryByProduct returned an answer the provider cannot read", "Problem: "+tt.want),
				}},
			})
		})
	}
}

// Answers that are odd but complete: a product without its optional
// amounts makes those sums null (a sum that leaves a product out must not
// pass for the whole), and a code that comes twice is summed.
func TestCustomerBillByProduct_oddButValidAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want map[string]knownvalue.Check
	}{
		{
			name: "a product without OriginalCost and VoucherPayAmount",
			body: productsAnswer(`{"BusinessCode": "p_cvm", "BusinessCodeName": "", "TotalCost": "2.50000000"}`,
				`{"BusinessCode": "p_cbs", "BusinessCodeName": "Cloud Block Storage", "OriginalCost": "1.00000000", "VoucherPayAmount": "0.50000000", "TotalCost": "0.50000000"}`),
			want: productsState("100000000001", "2026-01", []product{
				{"p_cbs", "Cloud Block Storage", "1", "0.5", "0.5"},
				{"p_cvm", "", "", "", "2.5"},
			}, map[string]string{"p_cbs": "0.5", "p_cvm": "2.5"}, "3", "", "", "r-products"),
		},
		{
			name: "a code twice",
			body: productsAnswer(`{"BusinessCode": "p_cos", "BusinessCodeName": "COS", "OriginalCost": "0.10000000", "VoucherPayAmount": "0.00000000", "TotalCost": "0.10000000"}`,
				`{"BusinessCode": "p_cbs", "BusinessCodeName": "CBS", "OriginalCost": "7.00000000", "VoucherPayAmount": "0.00000000", "TotalCost": "7.00000000"}`,
				`{"BusinessCode": "p_cos", "BusinessCodeName": "COS", "OriginalCost": "0.20000000", "VoucherPayAmount": "0.00000000", "TotalCost": "0.20000000"}`),
			want: productsState("100000000001", "2026-01", []product{
				{"p_cbs", "CBS", "7", "0", "7"},
				{"p_cos", "COS", "0.1", "0", "0.1"},
				{"p_cos", "COS", "0.2", "0", "0.2"},
			}, map[string]string{"p_cbs": "7", "p_cos": "0.3"}, "7.3", "7.3", "0", "r-products"),
		},
		{
			name: "negative amounts and unknown fields",
			body: `{"Response": {"SummaryOverview": [{"BusinessCode": "p_cvm", "BusinessCodeName": "CVM", "OriginalCost": "-3.00000000",
				"VoucherPayAmount": "0.00000000", "TotalCost": "-3.00000000", "RealTotalCost": "9"}], "Currency": "USD", "RequestId": "r-products"}}`,
			want: productsState("100000000001", "2026-01", []product{{"p_cvm", "CVM", "-3", "0", "-3"}},
				map[string]string{"p_cvm": "-3"}, "-3", "-3", "0", "r-products"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fakeserver.StartTest(t, fakeserver.Config{})
			srv.InjectFaults(productsAction, bodyFault(tt.body))
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories(t),
				Steps: []resource.TestStep{{
					Config:            faultyProvider.Block(srv) + productsBlock("this", "100000000001", `"2026-01"`),
					ConfigStateChecks: []statecheck.StateCheck{acctest.ExpectAllAttributes("data.tcintl_customer_bill_by_product.this", tt.want)},
				}},
			})
		})
	}
}

func TestCustomerBillByProduct_badInputFailsAtPlanWithoutACall(t *testing.T) {
	t.Parallel()
	uin := func(value string) (string, *regexp.Regexp) {
		return productsBlock("this", value, `"2026-01"`), acctest.ErrorMatching("Invalid customer_uin",
			"customer_uin must be a customer UIN, a whole number from 1 to 9223372036854775807, got "+value)
	}
	month := func(value string) (string, *regexp.Regexp) {
		return productsBlock("this", "100000000001", fmt.Sprintf("%q", value)), acctest.ErrorMatching("month",
			"must be a month in the form YYYY-MM with the month from 01 to 12", "got: "+value)
	}
	type input struct {
		name  string
		block string
		want  *regexp.Regexp
	}
	var tests []input
	for _, v := range []string{"0", "-1", "1.5", "9223372036854775808", "-9223372036854775808", "0.000000001"} {
		block, want := uin(v)
		tests = append(tests, input{"customer " + v, block, want})
	}
	tests = append(tests,
		input{"customer 1e300", productsBlock("this", "1e300", `"2026-01"`), acctest.ErrorMatching("customer_uin must be a customer UIN", "got 1e+300")},
		input{"customer as a word", productsBlock("this", `"acme"`, `"2026-01"`), acctest.ErrorMatching("customer_uin", "a number is required")},
		input{"customer null", productsBlock("this", "null", `"2026-01"`),
			acctest.ErrorMatching("Missing Configuration for Required Attribute", "customer_uin = null", "value for the customer_uin attribute")},
		input{"month null", productsBlock("this", "1", "null"),
			acctest.ErrorMatching("Missing Configuration for Required Attribute", "month = null", "value for the month attribute")},
		input{"no arguments", "\ndata \"tcintl_customer_bill_by_product\" \"this\" {}\n", acctest.ErrorMatching(`"customer_uin" is required`)},
	)
	for _, v := range []string{"2026-00", "2026-13", "2026-1", "202601", "26-01", "2026-01-01", " 2026-01", "2026/01", "January 2026", ""} {
		block, want := month(v)
		tests = append(tests, input{"month " + fmt.Sprintf("%q", v), block, want})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fakeserver.StartTest(t, fakeserver.Config{}, "bill-by-product")
			acctest.ExpectErrorWithoutCalls(t, srv, acctest.ProviderFactories(t), acctest.ProviderBlock(srv)+tt.block, tt.want)
		})
	}
}

func TestCustomerBillByProduct_identicalLookupsShareOneCall(t *testing.T) {
	t.Parallel()
	// Terraform runs several commands per step, each with a fresh provider
	// process; so count the calls for one block, then for six blocks of
	// the same lookup, written in different ways: sharing means the counts
	// are equal.
	callsFor := func(t *testing.T, blocks ...string) int {
		srv := fakeserver.StartTest(t, fakeserver.Config{}, "bill-by-product")
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: acctest.ProviderFactories(t),
			Steps:                    []resource.TestStep{{Config: acctest.ProviderBlock(srv) + strings.Join(blocks, "")}},
		})
		return srv.Count(productsAction)
	}
	one := callsFor(t, productsBlock("b0", "100000000001", `"2026-03"`))
	six := callsFor(t, productsBlock("b0", "100000000001", `"2026-03"`), productsBlock("b1", "100000000001", `"2026-03"`),
		productsBlock("b2", "100000000001.0", `"2026-03"`), productsBlock("b3", "1.00000000001e11", `"2026-03"`),
		productsBlock("b4", "100000000001", `"2026-${"03"}"`), productsBlock("b5", "100000000000 + 1", `"2026-03"`))
	if one == 0 || six != one {
		t.Errorf("one block made %d calls, six identical lookups %d; want the same, non-zero", one, six)
	}
}
