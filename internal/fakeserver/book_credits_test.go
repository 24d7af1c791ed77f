package fakeserver

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
)

// creditPage is a decoded QueryCustomersCredit answer; Total kept as sent.
type creditPage struct {
	Data      []CustomerCredit
	Total     string
	RequestID string
}

// uins lists the page's ClientUins.
func (p creditPage) uins() []int64 {
	var out []int64
	for _, c := range p.Data {
		out = append(out, c.ClientUin)
	}
	return out
}

// getCreditPage asks for a page that must be answered, and holds the answer
// to the SDK model.
func getCreditPage(t *testing.T, s *Server, body string) creditPage {
	t.Helper()
	p, raw := getRawCreditPage(t, s, body)
	checkCustomersCreditAnswer(t, raw)
	return p
}

// getRawCreditPage asks for a page that must be answered, whatever its
// Total.
func getRawCreditPage(t *testing.T, s *Server, body string) (creditPage, []byte) {
	t.Helper()
	_, raw := s.send(t, signed(apispec.CustomersCredit, body))
	var env struct {
		Response struct {
			Data      []CustomerCredit
			Total     json.RawMessage
			RequestId string
			Error     *struct{ Code string }
		}
	}
	if err := json.Unmarshal(raw, &env); err != nil || env.Response.Error != nil || env.Response.Data == nil {
		t.Fatalf("%s: answer %s (%v)", body, raw, err)
	}
	return creditPage{Data: env.Response.Data, Total: string(env.Response.Total), RequestID: env.Response.RequestId}, raw
}

func creditBody(page, size int, extra string) string {
	return fmt.Sprintf(`{"Page": %d, "PageSize": %d%s}`, page, size, extra)
}

func unlimited(actions ...string) map[string]float64 {
	limits := map[string]float64{}
	for _, a := range actions {
		limits[a] = math.Inf(1)
	}
	return limits
}

func TestBookCreditPagesNewestFirst(t *testing.T) {
	s := mustStart(t, Config{Book: &Book{Size: 250}, Limits: unlimited(apispec.CustomersCredit)})
	var all []int64
	for page, want := range []int{100, 100, 50, 0} {
		p := getCreditPage(t, s, creditBody(page+1, 100, ""))
		if len(p.Data) != want || p.Total != "250" || p.RequestID != fmt.Sprintf("book-credits-page-%d", page+1) {
			t.Errorf("page %d: %d customers, Total %s, request %q; want %d, 250", page+1, len(p.Data), p.Total, p.RequestID, want)
		}
		for _, c := range p.Data {
			if c != BookCustomerCredit(c.ClientUin) {
				t.Errorf("page %d answers %+v, want BookCustomerCredit's %+v", page+1, c, BookCustomerCredit(c.ClientUin))
			}
		}
		all = append(all, p.uins()...)
	}
	// Newest first is the order DescribeCustomerUin answers them in.
	if len(all) != 250 || all[0] != BookUIN(249) || all[249] != BookUIN(0) {
		t.Fatalf("%d customers from %v to %v; want %d down to %d", len(all), all[:1], all[len(all)-1:], BookUIN(249), BookUIN(0))
	}
	for i := 1; i < len(all); i++ {
		if all[i] >= all[i-1] || BookCustomerCredit(all[i]).AssociationTime >= BookCustomerCredit(all[i-1]).AssociationTime {
			t.Fatalf("not newest first at %d: %d then %d", i, all[i-1], all[i])
		}
	}
	if p := getCreditPage(t, s, creditBody(1, 100, `, "Order": "desc"`)); !slices.Equal(p.uins(), all[:100]) {
		t.Errorf("Order desc differs from the default")
	}
	asc := slices.Clone(all)
	slices.Reverse(asc)
	if p := getCreditPage(t, s, creditBody(2, 7, `, "Order": "asc"`)); !slices.Equal(p.uins(), asc[7:14]) {
		t.Errorf("page 2 of 7 ascending: %v, want %v", p.uins(), asc[7:14])
	}
	if p := getCreditPage(t, s, fmt.Sprintf(`{"Page": %d, "PageSize": 100}`, int64(1)<<62)); len(p.Data) != 0 || p.Total != "250" {
		t.Errorf("page 2^62: %v, Total %s", p.uins(), p.Total)
	}
}

func TestBookCreditFilters(t *testing.T) {
	const size = 250
	s := mustStart(t, Config{Book: &Book{Size: size}, Limits: unlimited(apispec.CustomersCredit)})
	// count is the number of the book's customers whose field holds text.
	count := func(field func(CustomerCredit) string, text string) int {
		n := 0
		for i := range size {
			if strings.Contains(field(BookCustomerCredit(BookUIN(i))), text) {
				n++
			}
		}
		return n
	}
	unicodeNames := count(func(c CustomerCredit) string { return c.Name }, "Ünïcødé")
	keyAccounts := count(func(c CustomerCredit) string { return c.Remark }, "key account")
	if unicodeNames == 0 || unicodeNames == size || keyAccounts == 0 || keyAccounts == size {
		t.Fatalf("the book should mix names (%d Ünïcødé) and remarks (%d key account)", unicodeNames, keyAccounts)
	}
	tests := []struct {
		name, filter string
		want         int
		check        func(CustomerCredit) bool
	}{
		{"one UIN", `"FilterType": "ClientUin", "Filter": "300000000007"`, 1, func(c CustomerCredit) bool { return c.ClientUin == 300000000007 }},
		{"a UIN of no customer", `"FilterType": "ClientUin", "Filter": "42"`, 0, nil},
		{"unicode in names", `"FilterType": "Name", "Filter": "Ünïcødé"`, unicodeNames, func(c CustomerCredit) bool { return strings.Contains(c.Name, "Ünïcødé") }},
		{"names are case-sensitive", `"FilterType": "Name", "Filter": "customer"`, 0, nil},
		{"remarks", `"FilterType": "Remark", "Filter": "key account"`, keyAccounts, func(c CustomerCredit) bool { return c.Remark == "key account" }},
		{"part of an email", `"FilterType": "Email", "Filter": "-3000000001"`, 100, func(c CustomerCredit) bool { return c.ClientUin >= 300000000100 && c.ClientUin <= 300000000199 }},
		{"matches nothing", `"FilterType": "Email", "Filter": "@example.org"`, 0, nil},
		{"an empty filter keeps all", `"FilterType": "Name", "Filter": ""`, size, func(CustomerCredit) bool { return true }},
		{"no filter type nor filter", `"FilterType": "", "Filter": ""`, size, func(CustomerCredit) bool { return true }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []CustomerCredit
			for page := 1; ; page++ {
				p := getCreditPage(t, s, creditBody(page, 30, ", "+tt.filter))
				if p.Total != strconv.Itoa(tt.want) {
					t.Fatalf("page %d: Total %s, want %d", page, p.Total, tt.want)
				}
				if len(p.Data) == 0 {
					break
				}
				got = append(got, p.Data...)
			}
			if len(got) != tt.want {
				t.Fatalf("%d customers over the pages, want %d", len(got), tt.want)
			}
			for i, c := range got {
				if !tt.check(c) {
					t.Errorf("kept %+v", c)
				}
				if i > 0 && c.AssociationTime > got[i-1].AssociationTime {
					t.Errorf("not newest first at %d", i)
				}
			}
		})
	}
}

func TestBookCreditRefusesBadRequests(t *testing.T) {
	s := mustStart(t, Config{Book: &Book{Size: 3}, Limits: unlimited(apispec.CustomersCredit)})
	tests := []struct{ body, code string }{
		{`{"Page": 0, "PageSize": 10}`, "InvalidParameter.Page"},
		{`{"Page": -1, "PageSize": 10}`, "InvalidParameter.Page"},
		{`{"Page": 1, "PageSize": 0}`, CodeInvalidParameterVal},
		{`{"Page": 1, "PageSize": 101}`, CodeInvalidParameterVal},
		{`{"Page": 1, "PageSize": -100}`, CodeInvalidParameterVal},
		{`{"PageSize": 10}`, CodeMissingParameter},
		{`{"Page": 1}`, CodeMissingParameter},
		{`{}`, CodeMissingParameter},
		{`{"Page": "1", "PageSize": 10}`, CodeInvalidParameter},
		{`{"Page": 1.0, "PageSize": 10}`, CodeInvalidParameter},
		{`{"Page": 1, "PageSize": 1e2}`, CodeInvalidParameter},
		{`{"Page": 1, "PageSize": 10, "FilterType": "Mobile", "Filter": "+00"}`, CodeInvalidParameterVal},
		{`{"Page": 1, "PageSize": 10, "FilterType": "name", "Filter": "x"}`, CodeInvalidParameterVal},
		{`{"Page": 1, "PageSize": 10, "Filter": "x"}`, CodeInvalidParameterVal},
		{`{"Page": 1, "PageSize": 10, "FilterType": 1, "Filter": "x"}`, CodeInvalidParameter},
		{`{"Page": 1, "PageSize": 10, "FilterType": "ClientUin", "Filter": 300000000001}`, CodeInvalidParameter},
		{`{"Page": 1, "PageSize": 10, "FilterType": "ClientUin", "Filter": "abc"}`, "InvalidParameterValue.InvalidUin"},
		{`{"Page": 1, "PageSize": 10, "FilterType": "ClientUin", "Filter": "1.5"}`, "InvalidParameterValue.InvalidUin"},
		{`{"Page": 1, "PageSize": 10, "FilterType": "ClientUin", "Filter": " 300000000001"}`, "InvalidParameterValue.InvalidUin"},
		{`{"Page": 1, "PageSize": 10, "FilterType": "ClientUin", "Filter": "0300000000001"}`, "InvalidParameterValue.InvalidUin"},
		{`{"Page": 1, "PageSize": 10, "FilterType": "ClientUin", "Filter": "99999999999999999999"}`, "InvalidParameterValue.InvalidUin"},
		{`{"Page": 1, "PageSize": 10, "Order": "ASC"}`, CodeInvalidParameterVal},
		{`{"Page": 1, "PageSize": 10, "Order": "newest"}`, CodeInvalidParameterVal},
		{`{"Page": 1, "PageSize": 10, "Order": 1}`, CodeInvalidParameter},
		{`{"Page": 1, "PageSize": 10, "Month": "2026-01"}`, CodeUnknownParameter},
		{`{"Page": 1, "PageSize": 10, "order": "asc"}`, CodeUnknownParameter},
		{`[]`, CodeInvalidParameter},
	}
	for _, tt := range tests {
		_, raw := s.send(t, signed(apispec.CustomersCredit, tt.body))
		if code, _, _ := envelopeCode(t, raw); code != tt.code {
			t.Errorf("%s: code %q, want %q: %s", tt.body, code, tt.code, raw)
		}
	}
}

func TestBookCreditTotalsPageFaultsAndOddUINs(t *testing.T) {
	s := mustStart(t, Config{Book: &Book{
		UINs:             []string{"12", "1.5", "", "12", " 7", "300000000001", "300000000002"},
		CreditTotals:     map[int]string{2: `"7"`, 3: `null`},
		CreditPageFaults: map[int]Fault{2: {Kind: FaultErrorCode, Code: CodeInternalError, Times: 2}},
	}, Limits: unlimited(apispec.CustomersCredit, apispec.CustomerUin)})
	// Only the UINs that are decimal integers are customers, each once,
	// bound (UIN mod 100000) hours after the epoch.
	p := getCreditPage(t, s, creditBody(1, 100, `, "Order": "asc"`))
	if !slices.Equal(p.uins(), []int64{300000000001, 300000000002, 12}) || p.Total != "3" {
		t.Errorf("customers %v, Total %s; want 300000000001, 300000000002, 12", p.uins(), p.Total)
	}
	// Page 2's fault comes twice, whatever else is asked in between.
	for _, want := range []struct {
		page int
		code string
	}{{2, CodeInternalError}, {1, ""}, {2, CodeInternalError}, {2, ""}} {
		_, raw := s.send(t, signed(apispec.CustomersCredit, creditBody(want.page, 2, "")))
		if code, _, _ := envelopeCode(t, raw); code != want.code {
			t.Errorf("page %d: code %q, want %q: %s", want.page, code, want.code, raw)
		}
	}
	if p, _ := getRawCreditPage(t, s, creditBody(2, 2, "")); p.Total != `"7"` || len(p.Data) != 1 {
		t.Errorf("page 2: Total %s, %d customers; want the override \"7\" and 1", p.Total, len(p.Data))
	}
	if p, _ := getRawCreditPage(t, s, creditBody(3, 2, "")); p.Total != "null" || len(p.Data) != 0 {
		t.Errorf("page 3: Total %s, %d customers; want the override null and none", p.Total, len(p.Data))
	}
	// The credit pages' faults and totals are not DescribeCustomerUin's.
	if p := getPage(t, s, pageBody(2, 2)); p.Total != "7" || len(p.UINs) != 2 {
		t.Errorf("DescribeCustomerUin page 2: %q, Total %q", p.UINs, p.Total)
	}

	empty := mustStart(t, Config{Book: &Book{}})
	if p := getCreditPage(t, empty, creditBody(1, 100, "")); len(p.Data) != 0 || p.Total != "0" {
		t.Errorf("empty book: %v, Total %s", p.uins(), p.Total)
	}
}

func TestBookCreditYieldsToCassettesAndIsPaced(t *testing.T) {
	s := mustStart(t, Config{Book: &Book{Size: 3}, Limits: unlimited(apispec.CustomersCredit)}, "customer-credits")
	if p := getCreditPage(t, s, creditBody(1, 100, "")); p.Total != "5" || p.Data[0].ClientUin != 100000000005 {
		t.Errorf("the cassette must win over the book: %v, Total %s", p.uins(), p.Total)
	}
	if p := getCreditPage(t, s, creditBody(1, 50, "")); p.Total != "3" || p.RequestID != "book-credits-page-1" {
		t.Errorf("the book answers what the cassette does not: %v, Total %s", p.uins(), p.Total)
	}
	refused := mustStart(t, Config{Book: &Book{Size: 3}, Limits: map[string]float64{apispec.CustomersCredit: 0}})
	_, raw := refused.send(t, signed(apispec.CustomersCredit, creditBody(1, 50, "")))
	if code, _, _ := envelopeCode(t, raw); code != CodeRequestLimitExceeded {
		t.Errorf("a credit page past the rate limit answered %s", raw)
	}
}

func TestBookCreditConfigErrors(t *testing.T) {
	for name, b := range map[string]*Book{
		"total not JSON": {CreditTotals: map[int]string{1: "seven"}},
		"empty total":    {CreditTotals: map[int]string{1: ""}},
	} {
		if _, err := Start(Config{Book: b}); err == nil || !strings.Contains(err.Error(), "CreditTotals") {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

// TestBookCustomerCredit holds BookCustomerCredit to its documentation over
// many customers.
func TestBookCustomerCredit(t *testing.T) {
	const n = 2000
	var arrears, underTenth, noExpiry, unicodeNames, enterprises int
	previous := ""
	for i := range n {
		c := BookCustomerCredit(BookUIN(i))
		raw, err := json.Marshal(map[string]any{"Response": map[string]any{"Data": []CustomerCredit{c}, "Total": 1, "RequestId": "r"}})
		if err != nil {
			t.Fatal(err)
		}
		checkCustomersCreditAnswer(t, raw)
		if c != BookCustomerCredit(BookUIN(i)) {
			t.Fatalf("BookCustomerCredit(%d) is not deterministic", BookUIN(i))
		}
		if c.AssociationTime <= previous {
			t.Fatalf("customer %d was bound at %s, not after the one before (%s)", i, c.AssociationTime, previous)
		}
		previous = c.AssociationTime
		credit, remaining := cents(t, c.Credit), cents(t, c.RemainingCredit)
		if !bookAmountShape.MatchString(string(c.Credit)) || !bookAmountShape.MatchString(string(c.RemainingCredit)) || remaining > credit {
			t.Fatalf("%+v: want amounts 0 to 999999.99 as BookAmount writes them, RemainingCredit at most Credit", c)
		}
		switch c.Arrears {
		case "1":
			arrears++
			if remaining != 0 {
				t.Errorf("%+v: a customer in arrears has credit left", c)
			}
		case "0":
			if remaining*10 < credit {
				underTenth++
			}
		default:
			t.Errorf("%+v: Arrears is neither 0 nor 1", c)
		}
		if c.RecentExpiry == "" {
			noExpiry++
		} else {
			bound, _ := time.Parse(time.DateTime, c.AssociationTime)
			expiry, _ := time.Parse(time.DateTime, c.RecentExpiry)
			if years := expiry.Year() - bound.Year(); years < 1 || years > 3 || !bound.AddDate(years, 0, 0).Equal(expiry) {
				t.Errorf("%+v: RecentExpiry is not 1 to 3 years after AssociationTime", c)
			}
		}
		if strings.Contains(c.Name, "Ünïcødé") {
			unicodeNames++
		}
		if (c.Type == "enterprise") != (c.IdentifyType == 2) || (c.Type != "enterprise" && c.Type != "personal") {
			t.Errorf("%+v: Type does not follow IdentifyType", c)
		}
		if c.Type == "enterprise" {
			enterprises++
		}
		if c.Force != 0 && c.Force != 1 || c.IdentifyType < 0 || c.IdentifyType > 2 || !slices.Contains(bookRemarks, c.Remark) {
			t.Errorf("%+v: Force, IdentifyType or Remark out of range", c)
		}
	}
	// Each kind of customer is there, roughly as often as documented.
	for what, got := range map[string][2]int{
		"in arrears (1 in 7)":           {arrears, n / 7},
		"under 10 % (1 in 10 of rest)":  {underTenth, n * 6 / 7 / 10},
		"without RecentExpiry (1 in 5)": {noExpiry, n / 5},
		"with a unicode name (1 in 4)":  {unicodeNames, n / 4},
		"enterprises (1 in 3)":          {enterprises, n / 3},
	} {
		if got[0] < got[1]/2 || got[0] > got[1]*2 {
			t.Errorf("%d of %d customers %s, want about %d", got[0], n, what, got[1])
		}
	}
	// Pinned, so a change of the formulas (which tests and users' saved
	// expectations depend on) is a visible decision.
	if got, want := BookCustomerCredit(300000000001), pinnedCustomerCredit; got != want {
		t.Errorf("BookCustomerCredit(300000000001) = %#v", got)
	}
}

// cents reads an amount BookAmount writes.
func cents(t *testing.T, n json.Number) int64 {
	t.Helper()
	whole, frac, _ := strings.Cut(string(n), ".")
	w, err1 := strconv.ParseInt(whole, 10, 64)
	f, err2 := strconv.ParseInt((frac + "00")[:2], 10, 64)
	if err1 != nil || err2 != nil || len(frac) > 2 {
		t.Fatalf("amount %q", n)
	}
	return w*100 + f
}

var pinnedCustomerCredit = CustomerCredit{
	ClientUin: 300000000001, Name: "Customer 300000000001", Type: "personal", Mobile: "+00-300000000001",
	Email: "customer-300000000001@example.com", Arrears: "0", AssociationTime: "2020-01-01 01:00:00",
	RecentExpiry: "2021-01-01 01:00:00", Credit: "339663.71", RemainingCredit: "251351.14", IdentifyType: 0,
	Remark: "trial", Force: 1,
}
