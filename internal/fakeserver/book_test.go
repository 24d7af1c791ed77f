package fakeserver

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
)

// bookPage is a decoded DescribeCustomerUin answer, UINs kept as sent.
type bookPage struct {
	UINs      []string
	Total     string
	RequestID string
}

func getPage(t *testing.T, s *Server, body string) bookPage {
	t.Helper()
	_, raw := s.send(t, signed(apispec.CustomerUin, body))
	var env struct {
		Response struct {
			Data []struct {
				CustomerUin string
			}
			Total     *string
			RequestId string
			Error     *struct{ Code string }
		}
	}
	if err := json.Unmarshal(raw, &env); err != nil || env.Response.Error != nil || env.Response.Total == nil || env.Response.Data == nil {
		t.Fatalf("%s: answer %s (%v)", body, raw, err)
	}
	p := bookPage{Total: *env.Response.Total, RequestID: env.Response.RequestId, UINs: []string{}}
	for _, d := range env.Response.Data {
		p.UINs = append(p.UINs, d.CustomerUin)
	}
	return p
}

func pageBody(page, size int) string {
	return fmt.Sprintf(`{"Page": %d, "PageSize": %d}`, page, size)
}

func TestBookPagesAGeneratedBookNewestFirst(t *testing.T) {
	s := mustStart(t, Config{Book: &Book{Size: 250}, Limits: map[string]float64{apispec.CustomerUin: 1e6}})
	var all []string
	for page, want := range []int{100, 100, 50, 0} {
		p := getPage(t, s, pageBody(page+1, 100))
		if len(p.UINs) != want || p.Total != "250" || p.RequestID != fmt.Sprintf("book-customers-page-%d", page+1) {
			t.Errorf("page %d: %d UINs, Total %q, request %q; want %d, 250", page+1, len(p.UINs), p.Total, p.RequestID, want)
		}
		all = append(all, p.UINs...)
	}
	if len(all) != 250 || all[0] != "300000000250" || all[249] != "300000000001" {
		t.Fatalf("book order: %d UINs from %v to %v; want 300000000250 down to 300000000001", len(all), all[:1], all[len(all)-1:])
	}
	for i := 1; i < len(all); i++ {
		if all[i] >= all[i-1] {
			t.Fatalf("not strictly descending at %d: %s then %s", i, all[i-1], all[i])
		}
	}
	// Other page sizes cut the same order.
	if p := getPage(t, s, pageBody(3, 7)); strings.Join(p.UINs, ",") != strings.Join(all[14:21], ",") {
		t.Errorf("page 3 of 7: %v, want %v", p.UINs, all[14:21])
	}
	// A page far past the end is empty, not an overflow.
	if p := getPage(t, s, fmt.Sprintf(`{"Page": %d, "PageSize": 100}`, int64(1)<<62)); len(p.UINs) != 0 {
		t.Errorf("page 2^62: %v", p.UINs)
	}
}

func TestBookExplicitUINsTotalsAndEmptyBook(t *testing.T) {
	s := mustStart(t, Config{Book: &Book{
		UINs:   []string{"12", "1.5", "", "12", " 7"},
		Totals: map[int]string{2: "9", 3: "not a number"},
	}})
	if p := getPage(t, s, pageBody(1, 2)); strings.Join(p.UINs, "|") != "12|1.5" || p.Total != "5" {
		t.Errorf("page 1: %q, Total %q", p.UINs, p.Total)
	}
	if p := getPage(t, s, pageBody(2, 2)); strings.Join(p.UINs, "|") != "|12" || p.Total != "9" {
		t.Errorf("page 2: %q, Total %q", p.UINs, p.Total)
	}
	if p := getPage(t, s, pageBody(3, 2)); strings.Join(p.UINs, "|") != " 7" || p.Total != "not a number" {
		t.Errorf("page 3: %q, Total %q", p.UINs, p.Total)
	}

	empty := mustStart(t, Config{Book: &Book{}})
	if p := getPage(t, empty, pageBody(1, 100)); len(p.UINs) != 0 || p.Total != "0" {
		t.Errorf("empty book: %q, Total %q", p.UINs, p.Total)
	}
}

func TestBookPageFaultsFollowThePageNotTheOrder(t *testing.T) {
	s := mustStart(t, Config{Book: &Book{Size: 30, PageFaults: map[int]Fault{
		3: {Kind: FaultErrorCode, Code: "InternalError", Times: 2},
		2: {Kind: FaultBody, Body: `{"Response": {"Data": [], "RequestId": "x"}}`},
	}}})
	for _, want := range []struct {
		page int
		code string
	}{{3, "InternalError"}, {1, ""}, {3, "InternalError"}, {3, ""}} {
		_, raw := s.send(t, signed(apispec.CustomerUin, pageBody(want.page, 10)))
		if code, _, _ := envelopeCode(t, raw); code != want.code {
			t.Errorf("page %d: code %q, want %q: %s", want.page, code, want.code, raw)
		}
	}
	if _, raw := s.send(t, signed(apispec.CustomerUin, pageBody(2, 10))); string(raw) != `{"Response": {"Data": [], "RequestId": "x"}}` {
		t.Errorf("page 2 answered %s, want the fault's body", raw)
	}
	if p := getPage(t, s, pageBody(2, 10)); len(p.UINs) != 10 {
		t.Errorf("page 2 after its fault: %q", p.UINs)
	}
}

func TestBookBills(t *testing.T) {
	s := mustStart(t, Config{Book: &Book{
		UINs:    []string{"100000000001", "100000000002", "1.5", "0012"},
		Amounts: map[string]string{"100000000001/2026-04": "98765432109876.54321", "100000000002/2026-01": "0.1"},
	}, Limits: map[string]float64{apispec.CustomerBillSummary: 1e6}})
	tests := []struct {
		name, body, want, code string
	}{
		{"explicit amount, every digit", `{"CustomerUin": 100000000001, "Month": "2026-04"}`,
			`{"Response":{"RequestId":"book-100000000001-2026-04","TotalCost":98765432109876.54321}}`, ""},
		{"explicit 0.1", `{"CustomerUin": 100000000002, "Month": "2026-01"}`,
			`{"Response":{"RequestId":"book-100000000002-2026-01","TotalCost":0.1}}`, ""},
		{"computed amount", `{"CustomerUin": 100000000001, "Month": "2026-01"}`,
			`{"Response":{"RequestId":"book-100000000001-2026-01","TotalCost":` + BookAmount(100000000001, "2026-01", "", "", "") + `}}`, ""},
		{"filters change the amount, not an explicit one", `{"CustomerUin": 100000000001, "Month": "2026-04", "PayMode": "prePay", "IsConfirmed": "1"}`,
			`{"Response":{"RequestId":"book-100000000001-2026-04-prePay-1","TotalCost":` + BookAmount(100000000001, "2026-04", "prePay", "", "1") + `}}`, ""},
		{"not a customer", `{"CustomerUin": 100000000003, "Month": "2026-01"}`, "", "UnauthorizedOperation.UinNoAuth"},
		{"a UIN of the book that is no integer is no customer", `{"CustomerUin": 12, "Month": "2026-01"}`, "", "UnauthorizedOperation.UinNoAuth"},
		{"month 13", `{"CustomerUin": 100000000001, "Month": "2026-13"}`, "", "InvalidParameterValue.InvalidMonth"},
		{"no month", `{"CustomerUin": 100000000001}`, "", CodeMissingParameter},
		{"no customer", `{"Month": "2026-01"}`, "", CodeMissingParameter},
		{"customer as a string", `{"CustomerUin": "100000000001", "Month": "2026-01"}`, "", CodeInvalidParameter},
		{"customer as 1.0", `{"CustomerUin": 100000000001.0, "Month": "2026-01"}`, "", CodeInvalidParameter},
		{"month as a number", `{"CustomerUin": 100000000001, "Month": 202601}`, "", CodeInvalidParameter},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, raw := s.send(t, signed(apispec.CustomerBillSummary, tt.body))
			if code, _, _ := envelopeCode(t, raw); code != tt.code {
				t.Fatalf("code %q, want %q: %s", code, tt.code, raw)
			}
			if tt.want != "" && string(raw) != tt.want {
				t.Errorf("answer\n%s\nwant\n%s", raw, tt.want)
			}
		})
	}
}

func TestBookRefusesBadPages(t *testing.T) {
	s := mustStart(t, Config{Book: &Book{Size: 3}, Limits: map[string]float64{apispec.CustomerUin: 1e6}})
	for body, want := range map[string]string{
		`{"Page": 0, "PageSize": 10}`:    "InvalidParameter.Page",
		`{"Page": -1, "PageSize": 10}`:   "InvalidParameter.Page",
		`{"Page": 1, "PageSize": 0}`:     CodeInvalidParameterVal,
		`{"Page": 1, "PageSize": 101}`:   CodeInvalidParameterVal,
		`{"PageSize": 10}`:               CodeMissingParameter,
		`{"Page": 1}`:                    CodeMissingParameter,
		`{"Page": "1", "PageSize": 10}`:  CodeInvalidParameter,
		`{"Page": 1.0, "PageSize": 10}`:  CodeInvalidParameter,
		`{"Page": 1, "PageSize": 1e2}`:   CodeInvalidParameter,
		`{"Page": null, "PageSize": 10}`: CodeMissingParameter,
	} {
		_, raw := s.send(t, signed(apispec.CustomerUin, body))
		if code, _, _ := envelopeCode(t, raw); code != want {
			t.Errorf("%s: code %q, want %q", body, code, want)
		}
	}
}

func TestBookIsPacedAndYieldsToCassettes(t *testing.T) {
	s := mustStart(t, Config{
		Book:   &Book{UINs: []string{"100000000001"}, Amounts: map[string]string{"100000000001/2026-03": "1"}},
		Limits: map[string]float64{apispec.CustomerUin: 0},
	}, "bill-amounts")
	_, raw := s.send(t, signed(apispec.CustomerUin, pageBody(1, 10)))
	if code, _, _ := envelopeCode(t, raw); code != CodeRequestLimitExceeded {
		t.Errorf("a book page past the rate limit answered %s", raw)
	}
	// bill-amounts answers 100000000001 for 2026-03 with 1234567.89.
	_, raw = s.send(t, signed(apispec.CustomerBillSummary, `{"CustomerUin": 100000000001, "Month": "2026-03"}`))
	if !strings.Contains(string(raw), `"TotalCost":1234567.89`) {
		t.Errorf("the cassette must win over the book: %s", raw)
	}
	// An unsigned request never reaches the book.
	_, raw = s.send(t, rawRequest{action: apispec.CustomerBillSummary, body: `{"CustomerUin": 100000000001, "Month": "2026-03"}`})
	if code, _, _ := envelopeCode(t, raw); !strings.HasPrefix(code, "AuthFailure") {
		t.Errorf("an unsigned request answered %s", raw)
	}
}

func TestBookLatencyComesAfterTheRateLimit(t *testing.T) {
	// An hour of latency: a refused request answered at all was answered
	// before it.
	s := mustStart(t, Config{Book: &Book{Size: 1, Latency: time.Hour}, Limits: map[string]float64{apispec.CustomerUin: 0}})
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	_, raw, err := s.trySend(ctx, signed(apispec.CustomerUin, pageBody(1, 10)))
	if err != nil {
		t.Fatalf("a refused request got no answer: %v; the rate limit decides before the latency", err)
	}
	if code, _, _ := envelopeCode(t, raw); code != CodeRequestLimitExceeded {
		t.Errorf("answered %s, want %s", raw, CodeRequestLimitExceeded)
	}
	s2 := mustStart(t, Config{Book: &Book{Size: 1, Latency: 300 * time.Millisecond}})
	start := time.Now()
	if p := getPage(t, s2, pageBody(1, 10)); len(p.UINs) != 1 || time.Since(start) < 300*time.Millisecond {
		t.Errorf("answered %v after %s, want after the latency", p.UINs, time.Since(start))
	}
}

func TestBookConfigErrors(t *testing.T) {
	for name, b := range map[string]*Book{
		"negative size":     {Size: -1},
		"amount not number": {UINs: []string{"1"}, Amounts: map[string]string{"1/2026-01": `"1"`}},
		"empty amount":      {UINs: []string{"1"}, Amounts: map[string]string{"1/2026-01": ""}},
		"negative latency":  {Latency: -time.Second},
	} {
		if _, err := Start(Config{Book: b}); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// bookAmountShape is an amount from 0 to 999999.99 without trailing zeros.
var bookAmountShape = regexp.MustCompile(`^(0|[1-9][0-9]{0,5})(\.[0-9]?[1-9])?$`)

func TestBookAmount(t *testing.T) {
	seen := map[string]bool{}
	for i := range 500 {
		a := BookAmount(BookUIN(i), "2026-0"+strconv.Itoa(1+i%9), "", "", "")
		if !bookAmountShape.MatchString(a) {
			t.Fatalf("BookAmount %q: want 0 to 999999.99 without trailing zeros", a)
		}
		seen[a] = true
	}
	if len(seen) < 490 {
		t.Errorf("only %d distinct amounts of 500", len(seen))
	}
	// Pinned, so a change of the formula (which tests and users' saved
	// expectations depend on) is a visible decision.
	if got := BookAmount(100000000001, "2026-01", "", "", ""); got != "400887.97" {
		t.Errorf("BookAmount(100000000001, 2026-01) = %s", got)
	}
	if BookAmount(1, "2026-01", "", "", "") == BookAmount(1, "2026-01", "prePay", "", "") {
		t.Error("BookAmount must depend on the filters")
	}
}
