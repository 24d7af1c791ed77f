package datasources_test

import (
	"encoding/json"
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
	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
)

const creditsAction = apispec.CustomersCredit

// creditsBlock is a tcintl_customer_credits block named name.
func creditsBlock(name string, args ...string) string {
	return fmt.Sprintf("\ndata \"tcintl_customer_credits\" %q {\n%s}\n", name, lines(args))
}

// creditsState is the state of a tcintl_customer_credits block.
func creditsState(filterType, filter string, customers []knownvalue.Check, total, credit, remaining string) map[string]knownvalue.Check {
	text := func(s string) knownvalue.Check {
		if s == "" {
			return knownvalue.Null()
		}
		return knownvalue.StringExact(s)
	}
	return map[string]knownvalue.Check{
		"filter_type":            text(filterType),
		"filter":                 text(filter),
		"customers":              knownvalue.ListExact(customers),
		"total":                  acctest.ExactNumber(total),
		"total_credit":           acctest.ExactNumber(credit),
		"total_remaining_credit": acctest.ExactNumber(remaining),
	}
}

// customerCredit is one element of customers; "" is null for the strings.
type customerCredit struct {
	uin, name, typ, arrears, bound, expiry, credit, remaining, identify, remark, force string
}

func (c customerCredit) check() knownvalue.Check {
	text := func(s string) knownvalue.Check {
		if s == "" {
			return knownvalue.Null()
		}
		return knownvalue.StringExact(s)
	}
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"customer_uin":     acctest.ExactNumber(c.uin),
		"name":             text(c.name),
		"type":             text(c.typ),
		"arrears":          text(c.arrears),
		"association_time": text(c.bound),
		"recent_expiry":    text(c.expiry),
		"credit":           acctest.ExactNumber(c.credit),
		"remaining_credit": acctest.ExactNumber(c.remaining),
		"identify_type":    acctest.ExactNumber(c.identify),
		"remark":           text(c.remark),
		"force":            acctest.ExactNumber(c.force),
	})
}

// The customer-credits scenario's five customers, written out by hand from
// the cassette: times in RFC 3339 at +08:00, empty text null.
var (
	credit1 = customerCredit{"100000000001", "Example Customer One", "enterprise", "0", "2023-02-01T00:00:00+08:00", "2026-12-31T23:59:59+08:00", "1234567.89", "600000.5", "2", "key account", "0"}
	credit2 = customerCredit{"100000000002", "Unverified Example", "personal", "0", "2024-01-02T03:04:05+08:00", "2027-01-02T03:04:05+08:00", "0", "0", "0", "", "0"}
	credit3 = customerCredit{"100000000003", "Arrears Example", "personal", "1", "2025-06-30T23:59:59+08:00", "2025-12-31T23:59:59+08:00", "500.5", "0", "1", "", "1"}
	credit4 = customerCredit{"100000000004", "Under Ten Percent Ltd", "enterprise", "0", "2025-11-15T14:05:09+08:00", "2026-11-15T14:05:09+08:00", "1000", "99.99", "2", "watch credit", "0"}
	credit5 = customerCredit{"100000000005", "测试客户-Ünïcødé-🚀", "enterprise", "0", "2026-03-01T09:30:00+08:00", "", "98765432109876.54321", "98765432109876.54321", "2", "新客户 (new)", "0"}
)

func checks(cs ...customerCredit) []knownvalue.Check {
	out := make([]knownvalue.Check, len(cs))
	for i, c := range cs {
		out[i] = c.check()
	}
	return out
}

// bookCredit is what the state says of a customer of the book.
func bookCredit(uin int64) customerCredit {
	c := fakeserver.BookCustomerCredit(uin)
	at := func(s string) string {
		if s == "" {
			return ""
		}
		return strings.Replace(s, " ", "T", 1) + "+08:00"
	}
	return customerCredit{fmt.Sprint(c.ClientUin), c.Name, c.Type, c.Arrears, at(c.AssociationTime), at(c.RecentExpiry),
		c.Credit.String(), c.RemainingCredit.String(), fmt.Sprint(c.IdentifyType), c.Remark, fmt.Sprint(c.Force)}
}

// bookCredits is the state of the whole book of n customers, sorted by UIN,
// with its sums worked out in cents.
func bookCredits(t *testing.T, n int, total string) map[string]knownvalue.Check {
	t.Helper()
	var cs []customerCredit
	var credits, remaining []string
	for i := range n {
		c := bookCredit(fakeserver.BookUIN(i))
		cs, credits, remaining = append(cs, c), append(credits, c.credit), append(remaining, c.remaining)
	}
	return creditsState("", "", checks(cs...), total, bookSum(t, credits...), bookSum(t, remaining...))
}

// creditPages are the pages of QueryCustomersCredit the fake was asked for,
// in the order asked.
func creditPages(t *testing.T, srv *fakeserver.Server) []int {
	t.Helper()
	var pages []int
	for _, r := range srv.Requests() {
		if r.Action != creditsAction {
			continue
		}
		var body struct{ Page, PageSize int }
		if err := json.Unmarshal(r.Body, &body); err != nil || body.PageSize != 100 {
			t.Errorf("request body %s, want a Page and PageSize 100", r.Body)
		}
		pages = append(pages, body.Page)
	}
	return pages
}

func TestCustomerCredits_everyAttributeExact(t *testing.T) {
	t.Parallel()
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "customer-credits")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories(t),
		Steps: []resource.TestStep{{
			Config: acctest.ProviderBlock(srv) + creditsBlock("all"),
			ConfigStateChecks: []statecheck.StateCheck{
				// Answered newest first; sorted by UIN. 1234567.89 + 0 + 500.5 +
				// 1000 + 98765432109876.54321, and 600000.5 + 0 + 0 + 99.99 +
				// 98765432109876.54321.
				acctest.ExpectAllAttributes("data.tcintl_customer_credits.all", creditsState("", "",
					checks(credit1, credit2, credit3, credit4, credit5), "5", "98765433345944.93321", "98765432709977.03321")),
			},
		}},
	})
	// One page of 5 is the whole list: no second page, no filter sent.
	for _, r := range srv.Requests() {
		if r.Action != creditsAction || string(r.Body) != `{"Page":1,"PageSize":100}` {
			t.Errorf("unexpected request %s %s", r.Action, r.Body)
		}
	}
}

func TestCustomerCredits_filters(t *testing.T) {
	t.Parallel()
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "customer-credits")
	config := acctest.ProviderBlock(srv) +
		creditsBlock("by_name", `  filter_type = "Name"`, `  filter = "Ünïcødé"`) +
		creditsBlock("by_uin", `  filter_type = "ClientUin"`, `  filter = "100000000003"`) +
		creditsBlock("by_remark", `  filter_type = "Remark"`, `  filter = "key account"`) +
		creditsBlock("by_email", `  filter_type = "Email"`, `  filter = "@example.com"`) +
		creditsBlock("nobody", `  filter_type = "Email"`, `  filter = "nobody@example.org"`)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories(t),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.ExpectAllAttributes("data.tcintl_customer_credits.by_name", creditsState("Name", "Ünïcødé",
					checks(credit5), "1", "98765432109876.54321", "98765432109876.54321")),
				acctest.ExpectAllAttributes("data.tcintl_customer_credits.by_uin", creditsState("ClientUin", "100000000003",
					checks(credit3), "1", "500.5", "0")),
				acctest.ExpectAllAttributes("data.tcintl_customer_credits.by_remark", creditsState("Remark", "key account",
					checks(credit1), "1", "1234567.89", "600000.5")),
				// Searching by email works although no email is kept.
				acctest.ExpectAllAttributes("data.tcintl_customer_credits.by_email", creditsState("Email", "@example.com",
					checks(credit1, credit2, credit3, credit4, credit5), "5", "98765433345944.93321", "98765432709977.03321")),
				// Data null and Total 0: an empty list and sums of 0.
				acctest.ExpectAllAttributes("data.tcintl_customer_credits.nobody", creditsState("Email", "nobody@example.org",
					checks(), "0", "0", "0")),
			},
		}},
	})
	want := map[string]bool{
		`{"Page":1,"PageSize":100,"FilterType":"Name","Filter":"Ünïcødé"}`:             false,
		`{"Page":1,"PageSize":100,"FilterType":"ClientUin","Filter":"100000000003"}`:   false,
		`{"Page":1,"PageSize":100,"FilterType":"Remark","Filter":"key account"}`:       false,
		`{"Page":1,"PageSize":100,"FilterType":"Email","Filter":"@example.com"}`:       false,
		`{"Page":1,"PageSize":100,"FilterType":"Email","Filter":"nobody@example.org"}`: false,
	}
	for _, r := range srv.Requests() {
		if _, ok := want[string(r.Body)]; !ok {
			t.Errorf("unexpected request body %s", r.Body)
		}
		want[string(r.Body)] = true
	}
	for body, seen := range want {
		if !seen {
			t.Errorf("no request with body %s", body)
		}
	}
}

// shiftedPages are pages 2 and 3 of a book of n customers read just after
// a customer was added at the head of the list (newest first): each page
// starts with the last customer of the page before, and Total is n+1.
func shiftedPages(t *testing.T, n int) map[int]fakeserver.Fault {
	t.Helper()
	page := func(number, from, to int) fakeserver.Fault { // book indexes from down to to, inclusive
		var data []fakeserver.CustomerCredit
		for i := from; i >= to; i-- {
			data = append(data, fakeserver.BookCustomerCredit(fakeserver.BookUIN(i)))
		}
		body, err := json.Marshal(map[string]any{"Response": map[string]any{"Data": data, "Total": n + 1, "RequestId": fmt.Sprintf("shifted-page-%d", number)}})
		if err != nil {
			t.Fatal(err)
		}
		return fakeserver.Fault{Kind: fakeserver.FaultBody, Body: string(body), Times: 100}
	}
	// Page 1 held indexes n-1 to n-100; after the shift page 2 holds n-100
	// (again) to n-199, page 3 the rest.
	return map[int]fakeserver.Fault{2: page(2, n-100, n-199), 3: page(3, n-200, 0)}
}

func TestCustomerCredits_pages(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		book      fakeserver.Book
		size      int // customers in state: the book's first size
		wantTotal string
		wantPages []int // distinct pages asked for, sorted
	}{
		{name: "empty book: an empty list and sums of 0", book: fakeserver.Book{}, wantTotal: "0", wantPages: []int{1}},
		{name: "exactly one full page: page 2 is never asked for", book: fakeserver.Book{Size: 100}, size: 100, wantTotal: "100", wantPages: []int{1}},
		{name: "230 customers in 3 pages", book: fakeserver.Book{Size: 230}, size: 230, wantTotal: "230", wantPages: []int{1, 2, 3}},
		{
			// A customer added while the pages are read pushes page 1's last
			// customer onto page 2: it is listed once.
			name: "a customer on two pages counts once",
			book: fakeserver.Book{Size: 230, CreditPageFaults: shiftedPages(t, 230)}, size: 230, wantTotal: "231", wantPages: []int{1, 2, 3},
		},
		{
			name: "Total changes between pages",
			book: fakeserver.Book{Size: 230, CreditTotals: map[int]string{2: "240"}}, size: 230, wantTotal: "230", wantPages: []int{1, 2, 3},
		},
		{
			// Page 1 says 300, so pages 2 and 3 are read together; page 2
			// is short and ends the list, and page 3's refusal is moot.
			name: "a failing page after the short one does not fail the read",
			book: fakeserver.Book{Size: 150, CreditTotals: map[int]string{1: "300"}, CreditPageFaults: map[int]fakeserver.Fault{
				3: {Kind: fakeserver.FaultErrorCode, Code: "InvalidParameter.Page", Times: 100},
			}},
			size: 150, wantTotal: "150", wantPages: []int{1, 2, 3},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fakeserver.StartTest(t, fakeserver.Config{Book: &tt.book})
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories(t),
				Steps: []resource.TestStep{{
					Config: acctest.ProviderBlock(srv) + creditsBlock("all"),
					ConfigStateChecks: []statecheck.StateCheck{
						acctest.ExpectAllAttributes("data.tcintl_customer_credits.all", bookCredits(t, tt.size, tt.wantTotal)),
					},
				}},
			})
			pages := creditPages(t, srv)
			slices.Sort(pages)
			if got := slices.Compact(pages); !slices.Equal(got, tt.wantPages) {
				t.Errorf("pages asked for: %v, want %v", got, tt.wantPages)
			}
		})
	}
}

// Each terraform command of a step reads the list once: 230 customers
// cost 3 calls a read, never a page twice.
func TestCustomerCredits_threeCallsForThreePages(t *testing.T) {
	t.Parallel()
	srv := fakeserver.StartTest(t, fakeserver.Config{Book: &fakeserver.Book{Size: 230}})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories(t),
		Steps:                    []resource.TestStep{{Config: acctest.ProviderBlock(srv) + creditsBlock("all")}},
	})
	pages := creditPages(t, srv)
	if len(pages) == 0 || len(pages)%3 != 0 {
		t.Fatalf("%d calls (pages %v): want 3 per read", len(pages), pages)
	}
	for i := 0; i < len(pages); i += 3 {
		read := slices.Sorted(slices.Values(pages[i : i+3]))
		if !slices.Equal(read, []int{1, 2, 3}) {
			t.Errorf("read %d asked for pages %v, want 1, 2 and 3", i/3+1, pages[i:i+3])
		}
	}
	if n := srv.CountAnswered(creditsAction, fakeserver.CodeRequestLimitExceeded); n != 0 {
		t.Errorf("%d calls throttled", n)
	}
}

func TestCustomerCredits_errors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		book   fakeserver.Book
		faults []fakeserver.Fault
		want   *regexp.Regexp
		calls  int // 0: not checked
	}{
		{
			name: "the keys are not a partner's",
			book: fakeserver.Book{Size: 5, CreditPageFaults: map[int]fakeserver.Fault{1: {Kind: fakeserver.FaultErrorCode, Code: "UnauthorizedOperation.UinNoAuth",
				Message: "The current account is not a partner account.", Times: 100}}},
			want: acctest.ErrorMatching("QueryCustomersCredit failed", "Error code: UnauthorizedOperation.UinNoAuth",
				"Message: The current account is not a partner account.", "Request ID:",
				"Only distributors, second-level resellers and resellers have customers and credit to read", "are not a partner account's"),
		},
		{
			name:   "the API refuses the UIN",
			book:   fakeserver.Book{Size: 5},
			faults: []fakeserver.Fault{{Kind: fakeserver.FaultErrorCode, Code: "InvalidParameterValue.InvalidUin", Message: "The UIN 5 is invalid.", Times: 100}},
			want: acctest.ErrorMatching("QueryCustomersCredit failed", "Error code: InvalidParameterValue.InvalidUin", "Message: The UIN 5 is invalid.",
				"Request ID:", "check filter (with filter_type ClientUin it is a customer's UIN)"),
		},
		{
			name:   "the operation failed",
			book:   fakeserver.Book{Size: 5},
			faults: []fakeserver.Fault{{Kind: fakeserver.FaultErrorCode, Code: "FailedOperation", Message: "Query failed.", Times: 100}},
			want:   acctest.ErrorMatching("QueryCustomersCredit failed", "Error code: FailedOperation", "Message: Query failed.", "Request ID:", "quoting the request ID"),
		},
		{
			name: "busy on page 2 through every retry",
			book: fakeserver.Book{Size: 150, CreditPageFaults: map[int]fakeserver.Fault{2: {Kind: fakeserver.FaultErrorCode, Code: "OperationDenied.ServiceBusy", Times: 100}}},
			want: acctest.ErrorMatching("QueryCustomersCredit failed", "Error code: OperationDenied.ServiceBusy", "Request ID:", "Attempts: 2", "stayed busy"),
		},
		{
			name:  "a Total beyond what one read takes",
			book:  fakeserver.Book{Size: 5, CreditTotals: map[int]string{1: "100001"}},
			want:  acctest.ErrorMatching("QueryCustomersCredit failed", "the first page says there are 100001 entries, more than the 100000 one read takes", "narrow the read"),
			calls: 1,
		},
		{
			name: "no Total",
			book: fakeserver.Book{Size: 5, CreditTotals: map[int]string{1: "null"}},
			want: acctest.ErrorMatching("QueryCustomersCredit returned an answer the provider cannot read", "Problem: field Total: missing or null", "Request ID: book-credits-page-1"),
		},
		{
			name: "Total in a string on page 2",
			book: fakeserver.Book{Size: 150, CreditTotals: map[int]string{2: `"150"`}},
			want: acctest.ErrorMatching("cannot read", `field Total: expected an integer within int64, got string`, "Request ID: book-credits-page-2"),
		},
		{
			name: "Total negative",
			book: fakeserver.Book{Size: 5, CreditTotals: map[int]string{1: "-1"}},
			want: acctest.ErrorMatching("cannot read", "field Total: page 1: -1 is not a number of customers", "Request ID: book-credits-page-1"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fakeserver.StartTest(t, fakeserver.Config{Book: &tt.book})
			srv.InjectFaults(creditsAction, tt.faults...)
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories(t),
				Steps:                    []resource.TestStep{{Config: acctest.ProviderBlock(srv, "max_retries = 1") + creditsBlock("all"), ExpectError: tt.want}},
			})
			if n := srv.Count(creditsAction); tt.calls > 0 && n != tt.calls {
				t.Errorf("%d calls, want %d", n, tt.calls)
			}
		})
	}
}

// creditsAnswer is a page of one customer, the given JSON members replacing
// those of a complete entry.
func creditsAnswer(members string) string {
	return `{"Response": {"Total": 1, "RequestId": "r-bad-customer", "Data": [{"ClientUin": 100000000001, "Name": "n", "Type": "personal",
		"Mobile": "+00-0", "Email": "x@example.com", "Arrears": "0", "AssociationTime": "2023-02-01 00:00:00", "RecentExpiry": "",
		"Credit": 10, "RemainingCredit": 5, "IdentifyType": 0, "Remark": "", "Force": 0, ` + members + `}]}}`
}

// A customer without its UIN or an amount, or with a value that is not of
// its type, is an error naming the field and the value.
func TestCustomerCredits_badAnswersAreNamed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want string
	}{
		{"no ClientUin", `{"Response": {"Total": 1, "RequestId": "r-bad-customer", "Data": [{"Credit": 10, "RemainingCredit": 5}]}}`,
			"field Data[0].ClientUin: page 1: missing or null"},
		{"ClientUin null", creditsAnswer(`"ClientUin": null`), "field Data[0].ClientUin: page 1: missing or null"},
		{"ClientUin 0", creditsAnswer(`"ClientUin": 0`), "field Data[0].ClientUin: page 1: customer UIN 0 is not a positive integer (1 to 9223372036854775807)"},
		{"ClientUin -1", creditsAnswer(`"ClientUin": -1`), "field Data[0].ClientUin: page 1: customer UIN -1 is not a positive integer"},
		{"ClientUin 1.5", creditsAnswer(`"ClientUin": 1.5`), "field Data.ClientUin: expected an integer within int64, got number 1.5"},
		{"ClientUin in a string", creditsAnswer(`"ClientUin": "100000000001"`), "field Data.ClientUin: expected an integer within int64, got string"},
		{"ClientUin beyond int64", creditsAnswer(`"ClientUin": 9223372036854775808`), "field Data.ClientUin: expected an integer within int64, got number 9223372036854775808"},
		{"no Credit", `{"Response": {"Total": 1, "RequestId": "r-bad-customer", "Data": [{"ClientUin": 7, "RemainingCredit": 5}]}}`,
			"field Data[0].Credit: page 1: missing or null"},
		{"Credit null", creditsAnswer(`"Credit": null`), "field Data[0].Credit: page 1: missing or null"},
		{"RemainingCredit null", creditsAnswer(`"RemainingCredit": null`), "field Data[0].RemainingCredit: page 1: missing or null"},
		{"Credit in a string", creditsAnswer(`"Credit": "10.5"`), `field Data.Credit: expected a number, got string "10.5"`},
		{"RemainingCredit not a decimal", creditsAnswer(`"RemainingCredit": 1e45`), `field Data.RemainingCredit: expected a number, got "1e45" has more than 40 digits before the point`},
		{"a bad time", creditsAnswer(`"RecentExpiry": "31/12/2026"`), `field Data.RecentExpiry: expected a time in the form YYYY-MM-DD hh:mm:ss, got string "31/12/2026"`},
		{"a null customer", `{"Response": {"Total": 1, "RequestId": "r-bad-customer", "Data": [null]}}`, "field Data[0]: page 1: null"},
		{"Data an object", `{"Response": {"Total": 1, "RequestId": "r-bad-customer", "Data": {}}}`, "field Data: expected"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fakeserver.StartTest(t, fakeserver.Config{})
			srv.InjectFaults(creditsAction, bodyFault(tt.body))
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories(t),
				Steps: []resource.TestStep{{
					Config:      faultyProvider.Block(srv) + creditsBlock("all"),
					ExpectError: acctest.ErrorMatching("QueryCustomersCredit returned an answer the provider cannot read", "Problem: "+tt.want, "Request ID: r-bad-customer"),
				}},
			})
		})
	}
}

func TestCustomerCredits_badInputFailsAtPlanWithoutACall(t *testing.T) {
	t.Parallel()
	type input struct {
		name string
		args []string
		want *regexp.Regexp
	}
	tests := []input{
		{"filter without filter_type", []string{`  filter = "acme"`},
			acctest.ErrorMatching("Invalid Attribute Combination", "These attributes must be configured together: [filter_type,filter]")},
		{"filter_type without filter", []string{`  filter_type = "Name"`},
			acctest.ErrorMatching("Invalid Attribute Combination", "These attributes must be configured together: [filter_type,filter]")},
		{"filter_type with a null filter", []string{`  filter_type = "Name"`, `  filter = null`},
			acctest.ErrorMatching("These attributes must be configured together: [filter_type,filter]")},
		{"an empty filter", []string{`  filter_type = "Name"`, `  filter = ""`}, acctest.ErrorMatching("filter", "string length must be at least 1, got: 0")},
	}
	// Outside the four, and in the wrong case.
	for _, filterType := range []string{"Mobile", "Phone", "", "clientuin", "CLIENTUIN", "email", "Name ", "Uin"} {
		tests = append(tests, input{"filter_type " + fmt.Sprintf("%q", filterType), []string{fmt.Sprintf(`  filter_type = %q`, filterType), `  filter = "1"`},
			acctest.ErrorMatching("filter_type", `value must be one of: ["ClientUin" "Name" "Remark" "Email"]`, fmt.Sprintf("got: %q", filterType))})
	}
	// filter_type ClientUin with a filter that is no UIN.
	for _, filter := range []string{"not-a-uin", "0", "-1", "1.5", "9223372036854775808", "1e3", "012", "+12", " 12", "12 ", "0x10", "１２", "1_000"} {
		tests = append(tests, input{"ClientUin " + fmt.Sprintf("%q", filter), []string{`  filter_type = "ClientUin"`, fmt.Sprintf(`  filter = %q`, filter)},
			acctest.ErrorMatching("Invalid filter", "With filter_type ClientUin, filter must be a customer UIN, a whole number from 1 to 9223372036854775807,",
				fmt.Sprintf("got %q.", filter))})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fakeserver.StartTest(t, fakeserver.Config{}, "customer-credits")
			acctest.ExpectErrorWithoutCalls(t, srv, acctest.ProviderFactories(t), acctest.ProviderBlock(srv)+creditsBlock("this", tt.args...), tt.want)
		})
	}
}

// The largest UIN is a filter like any other: it passes the plan and is
// sent as written.
func TestCustomerCredits_largestUINFilter(t *testing.T) {
	t.Parallel()
	srv := fakeserver.StartTest(t, fakeserver.Config{Book: &fakeserver.Book{UINs: []string{"9223372036854775807", "1"}}})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories(t),
		Steps: []resource.TestStep{{
			Config: acctest.ProviderBlock(srv) + creditsBlock("max", `  filter_type = "ClientUin"`, `  filter = "9223372036854775807"`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.tcintl_customer_credits.max", tfjsonpath.New("customers").AtSliceIndex(0).AtMapKey("customer_uin"), acctest.ExactNumber("9223372036854775807")),
				statecheck.ExpectKnownValue("data.tcintl_customer_credits.max", tfjsonpath.New("total"), acctest.ExactNumber("1")),
			},
		}},
	})
	for _, r := range srv.Requests() {
		if string(r.Body) != `{"Page":1,"PageSize":100,"FilterType":"ClientUin","Filter":"9223372036854775807"}` {
			t.Errorf("unexpected request %s", r.Body)
		}
	}
}
