package fakeserver

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
)

func productsBody(uin int64, month string) string {
	return fmt.Sprintf(`{"CustomerUin": %d, "BillMonth": %q}`, uin, month)
}

// monthWithoutProducts finds a month in which a customer used nothing.
func monthWithoutProducts(t *testing.T, uin int64) string {
	t.Helper()
	for y := 2020; y < 2040; y++ {
		for m := 1; m <= 12; m++ {
			if month := fmt.Sprintf("%d-%02d", y, m); len(BookProducts(uin, month)) == 0 {
				return month
			}
		}
	}
	t.Fatalf("customer %d used something every month", uin)
	return ""
}

func TestBookProducts(t *testing.T) {
	s := mustStart(t, Config{Book: &Book{Size: 3}, Limits: unlimited(apispec.BillSummaryByProduct)})
	customer := BookUIN(1)
	idle := monthWithoutProducts(t, customer)
	tests := []struct {
		name, body, want, code string
	}{
		{"pinned", productsBody(BookUIN(0), "2026-01"), pinnedProducts, ""},
		{"a month without spend is null", productsBody(customer, idle),
			`{"Response":{"RequestId":"book-products-300000000002-` + idle + `","SummaryOverview":null}}`, ""},
		{"not a customer", productsBody(BookUIN(3), "2026-01"), "", "UnauthorizedOperation.UinNoAuth"},
		{"UIN 0", productsBody(0, "2026-01"), "", "UnauthorizedOperation.UinNoAuth"},
		{"month 13", productsBody(customer, "2026-13"), "", "InvalidParameterValue.InvalidMonth"},
		{"month 00", productsBody(customer, "2026-00"), "", "InvalidParameterValue.InvalidMonth"},
		{"one-digit month", productsBody(customer, "2026-1"), "", "InvalidParameterValue.InvalidMonth"},
		{"a date", productsBody(customer, "2026-01-01"), "", "InvalidParameterValue.InvalidMonth"},
		{"empty month", productsBody(customer, ""), "", "InvalidParameterValue.InvalidMonth"},
		{"null month", `{"CustomerUin": 300000000002, "BillMonth": null}`, "", "InvalidParameterValue.InvalidMonth"},
		{"a bad month of a non-customer", productsBody(BookUIN(3), "2026-13"), "", "InvalidParameterValue.InvalidMonth"},
		{"Month, not BillMonth", `{"CustomerUin": 300000000002, "Month": "2026-01"}`, "", CodeUnknownParameter},
		{"no month", `{"CustomerUin": 300000000002}`, "", CodeMissingParameter},
		{"no customer", `{"BillMonth": "2026-01"}`, "", CodeMissingParameter},
		{"month as a number", `{"CustomerUin": 300000000002, "BillMonth": 202601}`, "", CodeInvalidParameter},
		{"customer as a string", `{"CustomerUin": "300000000002", "BillMonth": "2026-01"}`, "", CodeInvalidParameter},
		{"customer as 1.0", `{"CustomerUin": 300000000002.0, "BillMonth": "2026-01"}`, "", CodeInvalidParameter},
		{"not an object", `"2026-01"`, "", CodeInvalidParameter},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, raw := s.send(t, signed(apispec.BillSummaryByProduct, tt.body))
			if code, _, _ := envelopeCode(t, raw); code != tt.code {
				t.Fatalf("code %q, want %q: %s", code, tt.code, raw)
			}
			if tt.want != "" && string(raw) != tt.want {
				t.Errorf("answer\n%s\nwant\n%s", raw, tt.want)
			}
			if tt.code == "" {
				checkByProductAnswer(t, raw)
			}
		})
	}
}

// TestBookProductsAnswersBookProducts: every customer and month gets what
// BookProducts says, in its order, amounts as written.
func TestBookProductsAnswersBookProducts(t *testing.T) {
	s := mustStart(t, Config{Book: &Book{Size: 5}, Limits: unlimited(apispec.BillSummaryByProduct)})
	for i := range 5 {
		for _, month := range []string{"2025-12", "2026-01", "2026-02"} {
			_, raw := s.send(t, signed(apispec.BillSummaryByProduct, productsBody(BookUIN(i), month)))
			checkByProductAnswer(t, raw)
			var env struct {
				Response struct {
					SummaryOverview []ProductSummary
					RequestId       string
				}
			}
			if err := json.Unmarshal(raw, &env); err != nil {
				t.Fatal(err)
			}
			if want := BookProducts(BookUIN(i), month); !slices.Equal(env.Response.SummaryOverview, want) {
				t.Errorf("%d %s: %+v, want %+v", BookUIN(i), month, env.Response.SummaryOverview, want)
			}
			if want := fmt.Sprintf("book-products-%d-%s", BookUIN(i), month); env.Response.RequestId != want {
				t.Errorf("RequestId %q, want %q", env.Response.RequestId, want)
			}
		}
	}
}

// TestBookProductsFollowsItsDocumentation over many customers and months.
func TestBookProductsFollowsItsDocumentation(t *testing.T) {
	counts := map[int]int{}
	var unsorted, withVouchers, items int
	for i := range 300 {
		for _, month := range []string{"2026-01", "2026-02", "2026-03"} {
			products := BookProducts(BookUIN(i), month)
			if !slices.EqualFunc(products, BookProducts(BookUIN(i), month), func(a, b ProductSummary) bool { return a == b }) {
				t.Fatal("BookProducts is not deterministic")
			}
			counts[len(products)]++
			codes := map[string]bool{}
			for _, p := range products {
				items++
				if codes[p.BusinessCode] || !slices.ContainsFunc(bookProducts, func(b struct{ code, name string }) bool {
					return b.code == p.BusinessCode && b.name == p.BusinessCodeName
				}) {
					t.Fatalf("%+v: a product twice, or not of the list", p)
				}
				codes[p.BusinessCode] = true
				original, voucher, total := units8(t, p.OriginalCost), units8(t, p.VoucherPayAmount), units8(t, p.TotalCost)
				if original >= 10_000_000_000_000 || voucher > original || total != original-voucher {
					t.Errorf("%+v: want OriginalCost below 100000, VoucherPayAmount at most it, TotalCost the difference", p)
				}
				if voucher > 0 {
					withVouchers++
				}
			}
			if !slices.IsSortedFunc(products, func(a, b ProductSummary) int { return strings.Compare(a.BusinessCode, b.BusinessCode) }) {
				unsorted++
			}
		}
	}
	if counts[0] == 0 || counts[len(bookProducts)] == 0 || counts[0] > 900/9*2 {
		t.Errorf("products per bill %v: want 0 (about 1 in 9) to %d", counts, len(bookProducts))
	}
	if unsorted < 900/2 {
		t.Errorf("only %d of 900 bills list products out of code order", unsorted)
	}
	if withVouchers < items/8 || withVouchers > items/2 {
		t.Errorf("%d of %d products paid partly with vouchers, want about 1 in 4", withVouchers, items)
	}
}

// units8 reads an amount with exactly 8 decimals in units of 1e-8.
func units8(t *testing.T, s string) uint64 {
	t.Helper()
	whole, frac, ok := strings.Cut(s, ".")
	w, err1 := strconv.ParseUint(whole, 10, 64)
	f, err2 := strconv.ParseUint(frac, 10, 64)
	if !ok || len(frac) != 8 || err1 != nil || err2 != nil {
		t.Fatalf("amount %q has not 8 decimals", s)
	}
	return w*100_000_000 + f
}

// pinnedProducts is the answer for BookUIN(0) in 2026-01, pinned so a change
// of the formulas is a visible decision.
const pinnedProducts = `{"Response":{"RequestId":"book-products-300000000001-2026-01","SummaryOverview":[` +
	`{"BusinessCode":"p_cvm","BusinessCodeName":"Cloud Virtual Machine","OriginalCost":"90550.82728995","VoucherPayAmount":"0.00000000","TotalCost":"90550.82728995"},` +
	`{"BusinessCode":"p_cbs","BusinessCodeName":"Cloud Block Storage","OriginalCost":"1693.60282921","VoucherPayAmount":"0.00000000","TotalCost":"1693.60282921"},` +
	`{"BusinessCode":"p_cdn","BusinessCodeName":"Content Delivery Network","OriginalCost":"93557.09549588","VoucherPayAmount":"29002.69960372","TotalCost":"64554.39589216"},` +
	`{"BusinessCode":"p_cdb","BusinessCodeName":"TencentDB for MySQL","OriginalCost":"61615.70011056","VoucherPayAmount":"40666.36207296","TotalCost":"20949.33803760"},` +
	`{"BusinessCode":"p_clb","BusinessCodeName":"Cloud Load Balancer","OriginalCost":"98687.33462328","VoucherPayAmount":"56251.78073526","TotalCost":"42435.55388802"},` +
	`{"BusinessCode":"p_cos","BusinessCodeName":"Cloud Object Storage","OriginalCost":"38644.31017388","VoucherPayAmount":"0.00000000","TotalCost":"38644.31017388"},` +
	`{"BusinessCode":"p_scf","BusinessCodeName":"Serverless Cloud Function","OriginalCost":"18550.60537215","VoucherPayAmount":"0.00000000","TotalCost":"18550.60537215"},` +
	`{"BusinessCode":"p_tke","BusinessCodeName":"Tencent Kubernetes Engine","OriginalCost":"86561.37485047","VoucherPayAmount":"0.00000000","TotalCost":"86561.37485047"}]}}`
