package datasources_test

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/tcintl/terraform-provider-tcintl/internal/acctest"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
)

const customersAction = "DescribeCustomerUin"

const customersBlock = `
data "tcintl_customers" "all" {}
`

// exactUINs checks a list of UINs, in order, digit for digit.
func exactUINs(uins ...int64) knownvalue.Check {
	checks := make([]knownvalue.Check, len(uins))
	for i, u := range uins {
		checks[i] = acctest.ExactNumber(strconv.FormatInt(u, 10))
	}
	return knownvalue.ListExact(checks)
}

// bookUINs are the UINs of a book made by Size, ascending.
func bookUINs(n int) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = fakeserver.BookUIN(i)
	}
	return out
}

// pagesRequested are the distinct pages the fake was asked for, sorted.
func pagesRequested(t *testing.T, srv *fakeserver.Server) []int {
	t.Helper()
	var pages []int
	for _, r := range srv.Requests() {
		if r.Action != customersAction {
			continue
		}
		var page int
		if _, err := fmt.Sscanf(string(r.Body), `{"Page":%d,"PageSize":100}`, &page); err != nil {
			t.Errorf("request body %s, want Page and PageSize 100", r.Body)
		}
		pages = append(pages, page)
	}
	slices.Sort(pages)
	return slices.Compact(pages)
}

func TestCustomers_pages(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		book      fakeserver.Book
		wantUINs  []int64
		wantTotal string
		wantPages []int
	}{
		{name: "empty book: an empty list, not null", book: fakeserver.Book{}, wantUINs: []int64{}, wantTotal: "0", wantPages: []int{1}},
		{name: "one short page", book: fakeserver.Book{Size: 37}, wantUINs: bookUINs(37), wantTotal: "37", wantPages: []int{1}},
		{name: "exactly one full page: page 2 is never asked for", book: fakeserver.Book{Size: 100}, wantUINs: bookUINs(100), wantTotal: "100", wantPages: []int{1}},
		{name: "several hundred, the last page short", book: fakeserver.Book{Size: 450}, wantUINs: bookUINs(450), wantTotal: "450", wantPages: []int{1, 2, 3, 4, 5}},
		{
			name: "unsorted, with duplicates across pages",
			book: fakeserver.Book{UINs: append(slices.Repeat([]string{"700000000009"}, 99), "100000000001", "9223372036854775807", "700000000009", "5")},
			// Total counts entries; the list has each UIN once.
			wantUINs: []int64{5, 100000000001, 700000000009, 9223372036854775807}, wantTotal: "103", wantPages: []int{1, 2},
		},
		{
			name: "Total changes between pages",
			book: fakeserver.Book{Size: 250, Totals: map[int]string{2: "260"}},
			// Page 3 is short and says 250 again; every customer is read once.
			wantUINs: bookUINs(250), wantTotal: "250", wantPages: []int{1, 2, 3},
		},
		{
			name:     "the book grows while read: the newer Total is followed",
			book:     fakeserver.Book{Size: 300, Totals: map[int]string{1: "150"}},
			wantUINs: bookUINs(300), wantTotal: "300", wantPages: []int{1, 2, 3},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fakeserver.StartTest(t, fakeserver.Config{Book: &tt.book})
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories(t),
				Steps: []resource.TestStep{{
					Config: acctest.ProviderBlock(srv) + customersBlock + `
output "count" {
  value = length(data.tcintl_customers.all.customer_uins)
}
`,
					ConfigStateChecks: []statecheck.StateCheck{
						acctest.ExpectAllAttributes("data.tcintl_customers.all", map[string]knownvalue.Check{
							"customer_uins": exactUINs(tt.wantUINs...),
							"total":         acctest.ExactNumber(tt.wantTotal),
						}),
						statecheck.ExpectKnownOutputValue("count", acctest.ExactNumber(strconv.Itoa(len(tt.wantUINs)))),
					},
				}},
			})
			if got := pagesRequested(t, srv); !slices.Equal(got, tt.wantPages) {
				t.Errorf("pages asked for: %v, want %v", got, tt.wantPages)
			}
		})
	}
}

func TestCustomers_errors(t *testing.T) {
	t.Parallel()
	badOnPage2 := func(uin string) fakeserver.Book {
		return fakeserver.Book{UINs: append(slices.Repeat([]string{"1"}, 100), "2", "3", uin)}
	}
	tests := []struct {
		name string
		book fakeserver.Book
		want *regexp.Regexp
	}{
		{
			name: "the keys are not a reseller's",
			book: fakeserver.Book{Size: 5, PageFaults: map[int]fakeserver.Fault{1: {Kind: fakeserver.FaultErrorCode, Code: "UnauthorizedOperation.UinNoAuth",
				Message: "The current account is not a partner account."}}},
			want: acctest.ErrorMatching("DescribeCustomerUin failed", "Error code: UnauthorizedOperation.UinNoAuth",
				"Message: The current account is not a partner account.", "Request ID:",
				"Only distributors, second-level resellers and resellers have customers and credit to read", "are not a partner account's"),
		},
		{
			name: "no Total",
			book: fakeserver.Book{Size: 5, PageFaults: map[int]fakeserver.Fault{1: {Kind: fakeserver.FaultBody, Body: `{"Response": {"Data": [], "RequestId": "r-no-total"}}`}}},
			want: acctest.ErrorMatching("DescribeCustomerUin returned an answer the provider cannot read", "Problem: field Total: missing or null", "Request ID: r-no-total"),
		},
		{
			name: "Total not a number on page 2",
			book: fakeserver.Book{Size: 150, Totals: map[int]string{2: "150.0"}},
			want: acctest.ErrorMatching("cannot read", `field Total: page 2: "150.0" is not a number of customers`, "Request ID: book-customers-page-2"),
		},
		{
			name: "busy through every retry",
			book: fakeserver.Book{Size: 5, PageFaults: map[int]fakeserver.Fault{1: {Kind: fakeserver.FaultErrorCode, Code: "OperationDenied.ServiceBusy", Times: 10}}},
			want: acctest.ErrorMatching("DescribeCustomerUin failed", "Error code: OperationDenied.ServiceBusy", "Attempts: 2", "stayed busy"),
		},
	}
	// Every class of UIN that is not a positive integer the API could send.
	for _, uin := range []string{"", "0", "-1", "1.5", "１２", "9999999999999999999999", " 12", "012", "+12", "1e3"} {
		tests = append(tests, struct {
			name string
			book fakeserver.Book
			want *regexp.Regexp
		}{
			name: "UIN " + strconv.Quote(uin),
			book: badOnPage2(uin),
			want: acctest.ErrorMatching("DescribeCustomerUin returned an answer the provider cannot read",
				"Problem: field Data[2].CustomerUin: page 2: customer UIN "+strconv.Quote(uin)+" is not a positive integer (1 to 9223372036854775807)",
				"Request ID: book-customers-page-2"),
		})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fakeserver.StartTest(t, fakeserver.Config{Book: &tt.book})
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories(t),
				Steps: []resource.TestStep{{
					Config:      acctest.ProviderBlock(srv, "max_retries = 1") + customersBlock,
					ExpectError: tt.want,
				}},
			})
		})
	}
}
