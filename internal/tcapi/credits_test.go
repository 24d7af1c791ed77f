package tcapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
	"github.com/tcintl/terraform-provider-tcintl/internal/pacing"
)

const (
	partnerCreditAction = apispec.PartnerCredit
	creditsAction       = apispec.CustomersCredit
)

// amountText is an amount as the client holds it, "<nil>" when absent.
func amountText(d interface{ String() string }) string {
	if reflect.ValueOf(d).IsNil() {
		return "<nil>"
	}
	return d.String()
}

func TestPartnerCreditDecoding(t *testing.T) {
	tests := []struct {
		name      string
		body      string
		want      string // total allocated remaining customerTotal customerRemaining, when it decodes
		wantField string
		wantIn    string
	}{
		{name: "the reference's example: no customer amounts",
			body: `{"Response": {"RemainingCredit": 1000.1, "RequestId": "r", "TotalCredit": 1050.1, "AllocatedCredit": 50}}`,
			want: "1050.1 50 1000.1 <nil> <nil>"},
		{name: "every amount, exact beyond a float64",
			body: `{"Response": {"TotalCredit": 98765432109876.54321, "AllocatedCredit": 12345678901234.56789, "RemainingCredit": 86419753208641.97532,
				"CustomerTotalCredit": 12345678901234.56789, "CustomerRemainingCredit": 0.1, "RequestId": "r"}}`,
			want: "98765432109876.54321 12345678901234.56789 86419753208641.97532 12345678901234.56789 0.1"},
		{name: "8 decimals, an exponent and a negative",
			body: `{"Response": {"TotalCredit": 1050.10000000, "AllocatedCredit": 5E1, "RemainingCredit": -0.00000001, "RequestId": "r"}}`,
			want: "1050.1 50 -0.00000001 <nil> <nil>"},
		{name: "customer amounts null", body: `{"Response": {"TotalCredit": 1, "AllocatedCredit": 0, "RemainingCredit": 1,
			"CustomerTotalCredit": null, "CustomerRemainingCredit": null, "RequestId": "r"}}`, want: "1 0 1 <nil> <nil>"},
		{name: "no TotalCredit", body: `{"Response": {"AllocatedCredit": 50, "RemainingCredit": 1000.1, "RequestId": "r"}}`,
			wantField: "TotalCredit", wantIn: "missing or null"},
		{name: "AllocatedCredit null", body: `{"Response": {"TotalCredit": 1, "AllocatedCredit": null, "RemainingCredit": 1, "RequestId": "r"}}`,
			wantField: "AllocatedCredit", wantIn: "missing or null"},
		{name: "no RemainingCredit", body: `{"Response": {"TotalCredit": 1, "AllocatedCredit": 0, "RequestId": "r"}}`,
			wantField: "RemainingCredit", wantIn: "missing or null"},
		{name: "no RequestId", body: `{"Response": {"TotalCredit": 1, "AllocatedCredit": 0, "RemainingCredit": 1}}`,
			wantField: "RequestId", wantIn: "missing or null"},
		{name: "an amount in a string", body: `{"Response": {"TotalCredit": "1050.1", "AllocatedCredit": 0, "RemainingCredit": 1, "RequestId": "r"}}`,
			wantField: "TotalCredit", wantIn: `expected a number, got string "1050.1"`},
		{name: "an amount that is an object", body: `{"Response": {"TotalCredit": 1, "AllocatedCredit": {}, "RemainingCredit": 1, "RequestId": "r"}}`,
			wantField: "AllocatedCredit", wantIn: `expected a number, got "{}" is not a decimal number`},
		{name: "an optional amount in a string", body: `{"Response": {"TotalCredit": 1, "AllocatedCredit": 0, "RemainingCredit": 1, "CustomerTotalCredit": "7", "RequestId": "r"}}`,
			wantField: "CustomerTotalCredit", wantIn: `expected a number, got string "7"`},
		{name: "an amount of more than 40 decimals", body: `{"Response": {"TotalCredit": 1, "AllocatedCredit": 0, "RemainingCredit": 0.` + strings.Repeat("1", 41) + `, "RequestId": "r"}}`,
			wantField: "RemainingCredit", wantIn: "has more than 40 digits after the point"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := decode[PartnerCredit](partnerCreditAction, []byte(tt.body), noRedact)
			if tt.wantField != "" {
				var decErr *DecodeError
				if !errors.As(err, &decErr) || decErr.Field != tt.wantField || !strings.Contains(decErr.Problem, tt.wantIn) {
					t.Fatalf("got %v, want field %s with %q", err, tt.wantField, tt.wantIn)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := strings.Join([]string{amountText(p.TotalCredit), amountText(p.AllocatedCredit), amountText(p.RemainingCredit),
				amountText(p.CustomerTotalCredit), amountText(p.CustomerRemainingCredit)}, " ")
			if got != tt.want {
				t.Errorf("amounts %s, want %s", got, tt.want)
			}
		})
	}
}

func TestPartnerCreditCallsWithAnEmptyBody(t *testing.T) {
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "partner-credit-amounts")
	c := testClient(t, srv, pacing.RealClock{}, nil)
	p, err := c.PartnerCredit(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if p.RemainingCredit.String() != "86419753208641.97532" || *p.RequestId != "c3d1e2f4-5a6b-4c7d-8e9f-0a1b2c3d0001" {
		t.Errorf("decoded %s, %s", p.RemainingCredit, *p.RequestId)
	}
	if log := srv.Requests(); len(log) != 1 || string(log[0].Body) != "{}" {
		t.Errorf("want one request with body {}, got %v", log)
	}
}

// The mobile number and the email are never decoded, so no log, error or
// state can hold them: CustomerCredit has no field for them.
func TestCustomerCreditHasNoPersonalData(t *testing.T) {
	typ := reflect.TypeFor[CustomerCredit]()
	for i := range typ.NumField() {
		name := jsonName(typ.Field(i))
		if name == "Mobile" || name == "Email" || strings.Contains(strings.ToLower(typ.Field(i).Name), "mail") {
			t.Errorf("CustomerCredit decodes %s", name)
		}
	}
	var c CustomerCredit
	if err := json.Unmarshal([]byte(`{"ClientUin": 1, "Mobile": "+00-1", "Email": "a@example.com", "Credit": 1, "RemainingCredit": 1}`), &c); err != nil {
		t.Fatal(err)
	}
	if s := fmt.Sprintf("%+v", c); strings.Contains(s, "+00-1") || strings.Contains(s, "example.com") {
		t.Errorf("a decoded customer holds personal data: %s", s)
	}
}

// creditsClient is a client and a fake serving book, QueryCustomersCredit
// at limit on both sides (1e6: as good as unpaced).
func creditsClient(t *testing.T, book *fakeserver.Book, limit float64) (*Client, *fakeserver.Server) {
	t.Helper()
	return bookClient(t, book, map[string]float64{creditsAction: limit})
}

// creditRequests are the bodies of the QueryCustomersCredit requests, and
// the pages they asked for.
func creditRequests(t *testing.T, srv *fakeserver.Server) (bodies []string, pages []int) {
	t.Helper()
	for _, r := range srv.Requests() {
		if r.Action != creditsAction {
			continue
		}
		var body struct{ Page int }
		if err := json.Unmarshal(r.Body, &body); err != nil {
			t.Fatal(err)
		}
		bodies, pages = append(bodies, string(r.Body)), append(pages, body.Page)
	}
	return bodies, pages
}

func uinsOf(list *List[CustomerCredit]) []int64 {
	out := make([]int64, len(list.Entries))
	for i, c := range list.Entries {
		out[i] = *c.ClientUin
	}
	return out
}

// shiftedCreditPages are pages 2 and 3 of a book of n read after a customer
// was added at the head of the list (newest first, as the API answers):
// page 2 starts with page 1's last customer, and Total is n+1.
func shiftedCreditPages(t *testing.T, n int) map[int]fakeserver.Fault {
	t.Helper()
	page := func(from, to int) fakeserver.Fault {
		var data []fakeserver.CustomerCredit
		for i := from; i >= to; i-- {
			data = append(data, fakeserver.BookCustomerCredit(fakeserver.BookUIN(i)))
		}
		b, err := json.Marshal(map[string]any{"Response": map[string]any{"Data": data, "Total": n + 1, "RequestId": "shifted"}})
		if err != nil {
			t.Fatal(err)
		}
		return fakeserver.Fault{Kind: fakeserver.FaultBody, Body: string(b), Times: 10}
	}
	return map[int]fakeserver.Fault{2: page(n-100, n-199), 3: page(n-200, 0)}
}

func TestCustomerCreditsPages(t *testing.T) {
	tests := []struct {
		name       string
		book       fakeserver.Book
		wantUINs   []int64
		wantTotal  int64
		wantTotals []int64
		wantPages  []int // asked for, sorted
		consistent bool
		cut        bool
	}{
		{name: "empty book", book: fakeserver.Book{}, wantTotals: []int64{0}, wantPages: []int{1}, consistent: true},
		{name: "one customer", book: fakeserver.Book{Size: 1}, wantUINs: bookUINs(1), wantTotal: 1, wantTotals: []int64{1}, wantPages: []int{1}, consistent: true},
		{name: "exactly one full page: no second call", book: fakeserver.Book{Size: 100}, wantUINs: bookUINs(100), wantTotal: 100,
			wantTotals: []int64{100}, wantPages: []int{1}, consistent: true},
		{name: "one over a page", book: fakeserver.Book{Size: 101}, wantUINs: bookUINs(101), wantTotal: 101,
			wantTotals: []int64{101, 101}, wantPages: []int{1, 2}, consistent: true},
		{name: "230 customers: 3 calls", book: fakeserver.Book{Size: 230}, wantUINs: bookUINs(230), wantTotal: 230,
			wantTotals: []int64{230, 230, 230}, wantPages: []int{1, 2, 3}, consistent: true},
		{
			name: "a customer on two pages counts once",
			book: fakeserver.Book{Size: 230, CreditPageFaults: shiftedCreditPages(t, 230)},
			// Every customer of the book once; the new one was on page 1
			// before it was read again, so it is missing: Total says 231.
			wantUINs: bookUINs(230), wantTotal: 231, wantTotals: []int64{230, 231, 231}, wantPages: []int{1, 2, 3},
		},
		{
			name:     "Total changes between pages",
			book:     fakeserver.Book{Size: 230, CreditTotals: map[int]string{2: "240"}},
			wantUINs: bookUINs(230), wantTotal: 230, wantTotals: []int64{230, 240, 230}, wantPages: []int{1, 2, 3},
		},
		{
			name: "the list grew while read: the newer Total is followed",
			book: fakeserver.Book{Size: 300, CreditTotals: map[int]string{1: "150"}},
			// Page 1 says 150, so only page 2 is read with it; it is full
			// and says 300, so page 3 follows.
			wantUINs: bookUINs(300), wantTotal: 300, wantTotals: []int64{150, 300, 300}, wantPages: []int{1, 2, 3},
		},
		{
			name: "the list shrank while read: the short page ends it",
			book: fakeserver.Book{Size: 150, CreditTotals: map[int]string{1: "300"}},
			// Pages 2 and 3 are read together; page 2 is short.
			wantUINs: bookUINs(150), wantTotal: 150, wantTotals: []int64{300, 150}, wantPages: []int{1, 2, 3},
		},
		{
			name: "a page after the short one that fails does not fail the read",
			book: fakeserver.Book{Size: 150, CreditTotals: map[int]string{1: "300"}, CreditPageFaults: map[int]fakeserver.Fault{
				3: {Kind: fakeserver.FaultErrorCode, Code: "InvalidParameter.Page", Times: 10},
			}},
			wantUINs: bookUINs(150), wantTotal: 150, wantTotals: []int64{300, 150}, wantPages: []int{1, 2, 3},
		},
		{
			name: "Total reached before a short page",
			book: fakeserver.Book{Size: 250, CreditTotals: map[int]string{1: "200", 2: "200"}},
			// Newest first: the 200 newest of the book.
			wantUINs: bookUINs(250)[50:], wantTotal: 200, wantTotals: []int64{200, 200}, wantPages: []int{1, 2}, consistent: true,
		},
		{
			name: "a list that keeps growing stops one page past the first page's Total",
			book: fakeserver.Book{Size: 1000, CreditTotals: map[int]string{1: "300", 2: "1000", 3: "1000", 4: "1000"}},
			// ceil(300/100) + 1 pages, all full: the newest 400.
			wantUINs: bookUINs(1000)[600:], wantTotal: 1000, wantTotals: []int64{300, 1000, 1000, 1000}, wantPages: []int{1, 2, 3, 4}, cut: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, srv := creditsClient(t, &tt.book, 5)
			list, err := c.CustomerCredits(t.Context(), CreditFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if got := uinsOf(list); !slices.Equal(got, tt.wantUINs) {
				t.Errorf("UINs %v…(%d), want %v…(%d), sorted", head(got), len(got), head(tt.wantUINs), len(tt.wantUINs))
			}
			if list.Total != tt.wantTotal || !slices.Equal(list.Totals, tt.wantTotals) || list.Consistent() != tt.consistent || list.Cut != tt.cut {
				t.Errorf("Total %d, Totals %v, consistent %v, cut %v; want %d, %v, %v, %v", list.Total, list.Totals, list.Consistent(), list.Cut,
					tt.wantTotal, tt.wantTotals, tt.consistent, tt.cut)
			}
			bodies, pages := creditRequests(t, srv)
			slices.Sort(pages)
			if !slices.Equal(pages, tt.wantPages) {
				t.Errorf("pages asked for %v, want %v", pages, tt.wantPages)
			}
			for _, b := range bodies {
				if !strings.HasSuffix(b, `,"PageSize":100}`) || !strings.HasPrefix(b, `{"Page":`) {
					t.Errorf("request body %s, want Page and PageSize 100 and no filter", b)
				}
			}
			if n := srv.CountAnswered(creditsAction, fakeserver.CodeRequestLimitExceeded); n != 0 {
				t.Errorf("%d calls throttled at 5/s", n)
			}
			// Each customer's amounts are the book's, whatever page it came on.
			for _, e := range list.Entries {
				want := fakeserver.BookCustomerCredit(*e.ClientUin)
				if e.Credit.String() != want.Credit.String() || e.RemainingCredit.String() != want.RemainingCredit.String() || *e.Name != want.Name {
					t.Fatalf("customer %d: credit %s, remaining %s, name %q; the book says %s, %s, %q", *e.ClientUin, e.Credit, e.RemainingCredit, *e.Name,
						want.Credit, want.RemainingCredit, want.Name)
				}
			}
		})
	}
}

func TestCustomerCreditsFailures(t *testing.T) {
	tests := []struct {
		name      string
		book      fakeserver.Book
		check     func(error) bool
		wantCalls int // 0: not checked
	}{
		{
			name: "a Total beyond what one read takes, refused after page 1",
			book: fakeserver.Book{Size: 5, CreditTotals: map[int]string{1: fmt.Sprint(MaxListed + 1)}},
			check: func(err error) bool {
				var tooLong *ListTooLongError
				return errors.As(err, &tooLong) && tooLong.Action == creditsAction && tooLong.Total == MaxListed+1
			},
			wantCalls: 1,
		},
		{
			name: "a page before the short one that fails fails the read",
			book: fakeserver.Book{Size: 250, CreditTotals: map[int]string{1: "400"}, CreditPageFaults: map[int]fakeserver.Fault{
				2: {Kind: fakeserver.FaultErrorCode, Code: "InvalidParameter.Page", Times: 10},
			}},
			check: func(err error) bool { return ErrorCode(err) == "InvalidParameter.Page" },
		},
		{
			name: "the keys are not a partner's",
			book: fakeserver.Book{Size: 5, CreditPageFaults: map[int]fakeserver.Fault{1: {Kind: fakeserver.FaultErrorCode, Code: "UnauthorizedOperation.UinNoAuth", Times: 10}}},
			check: func(err error) bool {
				return ErrorCode(err) == "UnauthorizedOperation.UinNoAuth" && Attempts(err) == 1 && RequestID(err) != ""
			},
			wantCalls: 1,
		},
		{
			name:      "busy on page 2 is retried",
			book:      fakeserver.Book{Size: 150, CreditPageFaults: map[int]fakeserver.Fault{2: {Kind: fakeserver.FaultErrorCode, Code: "OperationDenied.ServiceBusy"}}},
			check:     func(err error) bool { return err == nil },
			wantCalls: 3,
		},
		{
			name: "Total in a string",
			book: fakeserver.Book{Size: 5, CreditTotals: map[int]string{1: `"5"`}},
			check: func(err error) bool {
				var decErr *DecodeError
				return errors.As(err, &decErr) && decErr.Field == "Total" && strings.Contains(decErr.Problem, "expected an integer within int64, got string") &&
					decErr.RequestID == "book-credits-page-1"
			},
		},
		{
			name: "Total null",
			book: fakeserver.Book{Size: 5, CreditTotals: map[int]string{1: "null"}},
			check: func(err error) bool {
				var decErr *DecodeError
				return errors.As(err, &decErr) && decErr.Field == "Total" && decErr.Problem == "missing or null"
			},
		},
		{
			name: "Total negative on page 2",
			book: fakeserver.Book{Size: 150, CreditTotals: map[int]string{2: "-1"}},
			check: func(err error) bool {
				var decErr *DecodeError
				return errors.As(err, &decErr) && decErr.Field == "Total" && decErr.Problem == "page 2: -1 is not a number of customers" &&
					decErr.RequestID == "book-credits-page-2"
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, srv := creditsClient(t, &tt.book, 5)
			list, err := c.CustomerCredits(t.Context(), CreditFilter{})
			if !tt.check(err) || (err != nil) != (list == nil) {
				t.Fatalf("got %v, %v", list, err)
			}
			if n := srv.Count(creditsAction); tt.wantCalls > 0 && n != tt.wantCalls {
				t.Errorf("%d calls, want %d", n, tt.wantCalls)
			}
		})
	}
}

// creditAnswer is a page whose Data are the given customers.
func creditAnswer(data ...string) string {
	return `{"Response": {"Data": [` + strings.Join(data, ", ") + `], "Total": ` + fmt.Sprint(len(data)) + `, "RequestId": "r-page"}}`
}

// Each customer must have its UIN and both amounts, and every value must
// be of its type: named by field, with the page and the value.
func TestCustomerCreditsRefuseBadCustomers(t *testing.T) {
	const good = `{"ClientUin": 7, "Credit": 1, "RemainingCredit": 1}`
	tests := []struct {
		name      string
		body      string
		wantField string
		wantIn    string
	}{
		{"a null customer", creditAnswer(good, `null`), "Data[1]", "page 1: null"},
		{"no ClientUin", creditAnswer(`{"Credit": 1, "RemainingCredit": 1}`), "Data[0].ClientUin", "page 1: missing or null"},
		{"ClientUin null", creditAnswer(good, good, `{"ClientUin": null, "Credit": 1, "RemainingCredit": 1}`), "Data[2].ClientUin", "page 1: missing or null"},
		{"ClientUin 0", creditAnswer(`{"ClientUin": 0, "Credit": 1, "RemainingCredit": 1}`), "Data[0].ClientUin", "page 1: customer UIN 0 is not a positive integer (1 to 9223372036854775807)"},
		{"ClientUin negative", creditAnswer(`{"ClientUin": -5, "Credit": 1, "RemainingCredit": 1}`), "Data[0].ClientUin", "customer UIN -5 is not a positive integer"},
		{"ClientUin a fraction", creditAnswer(`{"ClientUin": 1.5, "Credit": 1, "RemainingCredit": 1}`), "Data.ClientUin", "expected an integer within int64, got number 1.5"},
		{"ClientUin a string", creditAnswer(`{"ClientUin": "7", "Credit": 1, "RemainingCredit": 1}`), "Data.ClientUin", "expected an integer within int64, got string"},
		{"ClientUin beyond int64", creditAnswer(`{"ClientUin": 9223372036854775808, "Credit": 1, "RemainingCredit": 1}`), "Data.ClientUin", "got number 9223372036854775808"},
		{"no Credit", creditAnswer(`{"ClientUin": 7, "RemainingCredit": 1}`), "Data[0].Credit", "page 1: missing or null"},
		{"Credit null", creditAnswer(`{"ClientUin": 7, "Credit": null, "RemainingCredit": 1}`), "Data[0].Credit", "page 1: missing or null"},
		{"no RemainingCredit", creditAnswer(`{"ClientUin": 7, "Credit": 1}`), "Data[0].RemainingCredit", "page 1: missing or null"},
		{"Credit a string", creditAnswer(`{"ClientUin": 7, "Credit": "1.00000000", "RemainingCredit": 1}`), "Data.Credit", `expected a number, got string "1.00000000"`},
		{"RemainingCredit a boolean", creditAnswer(`{"ClientUin": 7, "Credit": 1, "RemainingCredit": false}`), "Data.RemainingCredit", `expected a number, got "false" is not a decimal number`},
		{"IdentifyType a string", creditAnswer(`{"ClientUin": 7, "Credit": 1, "RemainingCredit": 1, "IdentifyType": "2"}`), "Data.IdentifyType", "expected an integer within int64, got string"},
		{"Name a number", creditAnswer(`{"ClientUin": 7, "Credit": 1, "RemainingCredit": 1, "Name": 7}`), "Data.Name", "expected a string, got number"},
		{"a bad time", creditAnswer(`{"ClientUin": 7, "Credit": 1, "RemainingCredit": 1, "AssociationTime": "2026-1-1 00:00:00"}`),
			"Data.AssociationTime", `expected a time in the form YYYY-MM-DD hh:mm:ss, got string "2026-1-1 00:00:00"`},
		{"Data an object", `{"Response": {"Data": {}, "Total": 1, "RequestId": "r-page"}}`, "Data", "got object"},
		{"no Total", `{"Response": {"Data": [], "RequestId": "r-page"}}`, "Total", "missing or null"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := fakeserver.StartTest(t, fakeserver.Config{Limits: map[string]float64{creditsAction: 1e6}})
			srv.InjectFaults(creditsAction, fakeserver.Fault{Kind: fakeserver.FaultBody, Body: tt.body, Times: 10})
			c := testClient(t, srv, pacing.RealClock{}, func(cfg *Config) { cfg.RateLimits[creditsAction] = 1e6 })
			list, err := c.CustomerCredits(t.Context(), CreditFilter{})
			var decErr *DecodeError
			if !errors.As(err, &decErr) || decErr.Field != tt.wantField || !strings.Contains(decErr.Problem, tt.wantIn) || decErr.RequestID != "r-page" || list != nil {
				t.Fatalf("got %v, %v; want field %s with %q and the page's request ID", list, err, tt.wantField, tt.wantIn)
			}
			if n := srv.Count(creditsAction); n != 1 {
				t.Errorf("%d calls: an answer that cannot be read is not retried", n)
			}
		})
	}
}

// A page with more customers than asked for is refused.
func TestCustomerCreditsPageLongerThanAsked(t *testing.T) {
	data := make([]string, PageSize+1)
	for i := range data {
		data[i] = fmt.Sprintf(`{"ClientUin": %d, "Credit": 1, "RemainingCredit": 1}`, i+1)
	}
	srv := fakeserver.StartTest(t, fakeserver.Config{Limits: map[string]float64{creditsAction: 1e6}})
	srv.InjectFaults(creditsAction, fakeserver.Fault{Kind: fakeserver.FaultBody, Body: creditAnswer(data...)})
	c := testClient(t, srv, pacing.RealClock{}, func(cfg *Config) { cfg.RateLimits[creditsAction] = 1e6 })
	_, err := c.CustomerCredits(t.Context(), CreditFilter{})
	var decErr *DecodeError
	if !errors.As(err, &decErr) || decErr.Field != "Data" || !strings.Contains(decErr.Problem, "page 1 has 101 entries, more than the 100 asked for") {
		t.Fatalf("got %v", err)
	}
}

func TestCustomerCreditsFilters(t *testing.T) {
	c, srv := creditsClient(t, &fakeserver.Book{Size: 30}, 5)
	uin := fakeserver.BookUIN(17)
	tests := []struct {
		filter   CreditFilter
		wantUINs []int64
		wantBody string
	}{
		{CreditFilter{Type: "ClientUin", Text: fmt.Sprint(uin)}, []int64{uin}, fmt.Sprintf(`{"Page":1,"PageSize":100,"FilterType":"ClientUin","Filter":"%d"}`, uin)},
		{CreditFilter{Type: "Email", Text: fmt.Sprintf("customer-%d@", uin)}, []int64{uin}, fmt.Sprintf(`{"Page":1,"PageSize":100,"FilterType":"Email","Filter":"customer-%d@"}`, uin)},
		{CreditFilter{Type: "Name", Text: "nobody"}, nil, `{"Page":1,"PageSize":100,"FilterType":"Name","Filter":"nobody"}`},
		{CreditFilter{}, bookUINs(30), `{"Page":1,"PageSize":100}`},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s %q", tt.filter.Type, tt.filter.Text), func(t *testing.T) {
			srv.ResetLog()
			list, err := c.CustomerCredits(t.Context(), tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			if got := uinsOf(list); !slices.Equal(got, tt.wantUINs) || list.Total != int64(len(tt.wantUINs)) {
				t.Errorf("UINs %v, Total %d; want %v", got, list.Total, tt.wantUINs)
			}
			if bodies, _ := creditRequests(t, srv); len(bodies) != 1 || bodies[0] != tt.wantBody {
				t.Errorf("bodies %q, want [%s]", bodies, tt.wantBody)
			}
		})
	}
}

// A read is shared by every caller of the run asking for the same filter,
// and only by them.
func TestCustomerCreditsShareIdenticalReads(t *testing.T) {
	c, srv := creditsClient(t, &fakeserver.Book{Size: 230}, 5)
	filters := []CreditFilter{{}, {}, {Type: "Remark", Text: "trial"}, {Type: "Remark", Text: "trial"}, {Type: "Name", Text: "trial"}, {}}
	var wg sync.WaitGroup
	lists := make([]*List[CustomerCredit], len(filters))
	errs := make([]error, len(filters))
	for i, f := range filters {
		wg.Go(func() { lists[i], errs[i] = c.CustomerCredits(t.Context(), f) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	// Again, after the reads: kept for the run.
	if _, err := c.CustomerCredits(t.Context(), CreditFilter{}); err != nil {
		t.Fatal(err)
	}
	bodies, _ := creditRequests(t, srv)
	count := map[string]int{}
	for _, b := range bodies {
		count[b]++
	}
	want := map[string]int{
		`{"Page":1,"PageSize":100}`: 1, `{"Page":2,"PageSize":100}`: 1, `{"Page":3,"PageSize":100}`: 1,
		`{"Page":1,"PageSize":100,"FilterType":"Remark","Filter":"trial"}`: 1,
		`{"Page":1,"PageSize":100,"FilterType":"Name","Filter":"trial"}`:   1,
	}
	if !reflect.DeepEqual(count, want) {
		t.Errorf("requests %v, want %v", count, want)
	}
	if lists[0] != lists[1] || lists[0] != lists[5] || lists[2] != lists[3] || lists[2] == lists[4] {
		t.Error("identical reads did not share one list, or different ones did")
	}
}
