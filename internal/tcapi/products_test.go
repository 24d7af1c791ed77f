package tcapi

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
	"github.com/tcintl/terraform-provider-tcintl/internal/pacing"
)

const productsAction = apispec.BillSummaryByProduct

// productsClient is a client and a fake without rate limits for the bill by
// product, answering the bill-by-product scenario.
func productsClient(t *testing.T, faults ...fakeserver.Fault) (*Client, *fakeserver.Server) {
	t.Helper()
	srv := fakeserver.StartTest(t, fakeserver.Config{Limits: map[string]float64{productsAction: 1e6}}, "bill-by-product")
	srv.InjectFaults(productsAction, faults...)
	return testClient(t, srv, pacing.RealClock{}, func(cfg *Config) { cfg.RateLimits[productsAction] = 1e6 }), srv
}

// products writes a bill's products as "code name original voucher total;
// ...", "<nil>" for what is absent.
func products(bill *ProductBill) string {
	text := func(s *string) string {
		if s == nil {
			return "<nil>"
		}
		return *s
	}
	var out []string
	for _, p := range bill.SummaryOverview {
		out = append(out, strings.Join([]string{text(p.BusinessCode), text(p.BusinessCodeName),
			amountText(p.OriginalCost), amountText(p.VoucherPayAmount), amountText(p.TotalCost)}, " "))
	}
	return strings.Join(out, "; ")
}

// The scenario's months as decoded: in the answer's order, the 8-decimal
// strings exact and without trailing zeros.
func TestBillByProductDecodes(t *testing.T) {
	c, srv := productsClient(t)
	tests := []struct {
		month, want, requestID string
	}{
		{"2026-01", "p_cvm Cloud Virtual Machine 1234.5678 100 1134.5678; p_cbs Cloud Block Storage 12.34 0 12.34; " +
			"p_cos Cloud Object Storage 0.00000001 0 0.00000001; p_cdn Content Delivery Network 50 50 0", "e5f3a4b6-7c8d-4e9f-a0b1-2c3d4e5f0001"},
		{"2026-02", "", "e5f3a4b6-7c8d-4e9f-a0b1-2c3d4e5f0002"}, // SummaryOverview null
		{"2026-03", "p_cdb TencentDB for MySQL 98765432109876.54321 0 98765432109876.54321; p_clb Cloud Load Balancer 0.1 0 0.1", "e5f3a4b6-7c8d-4e9f-a0b1-2c3d4e5f0003"},
		{"2026-04", "", "e5f3a4b6-7c8d-4e9f-a0b1-2c3d4e5f0004"}, // SummaryOverview []
	}
	for _, tt := range tests {
		t.Run(tt.month, func(t *testing.T) {
			bill, err := c.BillByProduct(t.Context(), 100000000001, tt.month)
			if err != nil {
				t.Fatal(err)
			}
			if got := products(bill); got != tt.want || *bill.RequestId != tt.requestID {
				t.Errorf("got %q (%s), want %q (%s)", got, *bill.RequestId, tt.want, tt.requestID)
			}
		})
	}
	// The API's names, BillMonth first as the SDK sends it, and the UIN a
	// JSON integer.
	for _, r := range srv.Requests() {
		if !strings.HasPrefix(string(r.Body), `{"BillMonth":"2026-0`) || !strings.HasSuffix(string(r.Body), `","CustomerUin":100000000001}`) {
			t.Errorf("request body %s", r.Body)
		}
	}
}

func TestBillByProductErrors(t *testing.T) {
	c, _ := productsClient(t)
	for _, tt := range []struct {
		customer  int64
		month     string
		code      string
		requestID string
	}{
		{100000000002, "2026-01", "UnauthorizedOperation.UinNoAuth", "e5f3a4b6-7c8d-4e9f-a0b1-2c3d4e5f0005"},
		{100000000001, "2030-01", "InvalidParameterValue.InvalidMonth", "e5f3a4b6-7c8d-4e9f-a0b1-2c3d4e5f0006"},
	} {
		_, err := c.BillByProduct(t.Context(), tt.customer, tt.month)
		if ErrorCode(err) != tt.code || RequestID(err) != tt.requestID || Attempts(err) != 1 {
			t.Errorf("%d %s: got %v, want %s (%s), not retried", tt.customer, tt.month, err, tt.code, tt.requestID)
		}
	}
}

// productAnswer is an answer of the given SummaryOverview items.
func productAnswer(items ...string) string {
	return `{"Response": {"SummaryOverview": [` + strings.Join(items, ", ") + `], "RequestId": "r-products"}}`
}

// A product without its code or its total, a null product, and amounts
// that are not decimals in strings are errors naming the field (and the
// value).
func TestBillByProductRefusesBadProducts(t *testing.T) {
	const cvm = `{"BusinessCode": "p_cvm", "BusinessCodeName": "CVM", "OriginalCost": "1.00000000", "VoucherPayAmount": "0.00000000", "TotalCost": "1.00000000"}`
	tests := []struct {
		name      string
		body      string
		wantField string
		wantIn    string
	}{
		{"no BusinessCode", productAnswer(cvm, `{"TotalCost": "1.00000000"}`), "SummaryOverview[1].BusinessCode", "missing, null or empty"},
		{"BusinessCode null", productAnswer(`{"BusinessCode": null, "TotalCost": "1.00000000"}`), "SummaryOverview[0].BusinessCode", "missing, null or empty"},
		{"BusinessCode empty", productAnswer(cvm, cvm, `{"BusinessCode": "", "TotalCost": "1.00000000"}`), "SummaryOverview[2].BusinessCode", "missing, null or empty"},
		{"no TotalCost", productAnswer(`{"BusinessCode": "p_cbs", "OriginalCost": "1.00000000"}`), "SummaryOverview[0].TotalCost", "missing, null or empty"},
		{"TotalCost null", productAnswer(cvm, `{"BusinessCode": "p_cbs", "TotalCost": null}`), "SummaryOverview[1].TotalCost", "missing, null or empty"},
		{"a null product", productAnswer(`null`, cvm), "SummaryOverview[0]", "missing, null or empty"},
		{"TotalCost a number", productAnswer(`{"BusinessCode": "p_cbs", "TotalCost": 1.5}`), "SummaryOverview.TotalCost", "expected a decimal number in a string, got not a string"},
		{"TotalCost with a comma", productAnswer(`{"BusinessCode": "p_cbs", "TotalCost": "1,50000000"}`), "SummaryOverview.TotalCost", `got "1,50000000" is not a decimal number`},
		{"TotalCost empty", productAnswer(`{"BusinessCode": "p_cbs", "TotalCost": ""}`), "SummaryOverview.TotalCost", `got "" is not a decimal number`},
		{"TotalCost with spaces", productAnswer(`{"BusinessCode": "p_cbs", "TotalCost": " 1.50000000"}`), "SummaryOverview.TotalCost", `got " 1.50000000" is not a decimal number`},
		{"OriginalCost NaN", productAnswer(`{"BusinessCode": "p_cbs", "OriginalCost": "NaN", "TotalCost": "1"}`), "SummaryOverview.OriginalCost", `got "NaN" is not a decimal number`},
		{"VoucherPayAmount beyond 40 digits", productAnswer(`{"BusinessCode": "p_cbs", "VoucherPayAmount": "1e41", "TotalCost": "1"}`),
			"SummaryOverview.VoucherPayAmount", `"1e41" has more than 40 digits before the point`},
		{"BusinessCode a number", productAnswer(`{"BusinessCode": 7, "TotalCost": "1"}`), "SummaryOverview.BusinessCode", "expected a string, got number"},
		{"SummaryOverview an object", `{"Response": {"SummaryOverview": {"BusinessCode": "p_cvm"}, "RequestId": "r-products"}}`, "SummaryOverview", "got object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, srv := productsClient(t, fakeserver.Fault{Kind: fakeserver.FaultBody, Body: tt.body, Times: 10})
			bill, err := c.BillByProduct(t.Context(), 100000000001, "2026-01")
			var decErr *DecodeError
			if !errors.As(err, &decErr) || decErr.Field != tt.wantField || !strings.Contains(decErr.Problem, tt.wantIn) || decErr.RequestID != "r-products" || bill != nil {
				t.Fatalf("got %v, %v; want field %s with %q and the request ID", bill, err, tt.wantField, tt.wantIn)
			}
			if n := srv.Count(productsAction); n != 1 {
				t.Errorf("%d calls: an answer that cannot be read is not retried", n)
			}
		})
	}
}

// The optional amounts and the name may be absent: nil, not 0.
func TestBillByProductOptionalFields(t *testing.T) {
	c, _ := productsClient(t, fakeserver.Fault{Kind: fakeserver.FaultBody, Body: productAnswer(`{"BusinessCode": "p_cvm", "TotalCost": "-0.50000000", "Extra": 1}`)})
	bill, err := c.BillByProduct(t.Context(), 100000000001, "2026-01")
	if err != nil {
		t.Fatal(err)
	}
	if got := products(bill); got != "p_cvm <nil> <nil> <nil> -0.5" {
		t.Errorf("got %q", got)
	}
}

// Every month of a book's customer is the book's, digit for digit.
func TestBillByProductFromTheBook(t *testing.T) {
	c, _ := bookClient(t, &fakeserver.Book{Size: 3}, map[string]float64{productsAction: 1e6})
	uin := fakeserver.BookUIN(2)
	for m := 1; m <= 12; m++ {
		month := fmt.Sprintf("2025-%02d", m)
		bill, err := c.BillByProduct(t.Context(), uin, month)
		if err != nil {
			t.Fatal(err)
		}
		want := fakeserver.BookProducts(uin, month)
		if len(bill.SummaryOverview) != len(want) {
			t.Fatalf("%s: %d products, the book has %d", month, len(bill.SummaryOverview), len(want))
		}
		for i, p := range bill.SummaryOverview {
			w := want[i]
			for _, pair := range [][2]string{{p.OriginalCost.String(), w.OriginalCost}, {p.VoucherPayAmount.String(), w.VoucherPayAmount}, {p.TotalCost.String(), w.TotalCost}} {
				// The book writes 8 decimals; the client keeps the value, not the zeros.
				if trimmed := strings.TrimSuffix(strings.TrimRight(pair[1], "0"), "."); pair[0] != trimmed {
					t.Errorf("%s %s: %s, the book says %s", month, *p.BusinessCode, pair[0], pair[1])
				}
			}
		}
	}
}

// Identical lookups of the run share one call, at once or later; other
// months or customers do not; a failure is not kept.
func TestBillByProductSharesIdenticalLookups(t *testing.T) {
	c, srv := productsClient(t, fakeserver.Fault{Kind: fakeserver.FaultErrorCode, Code: "UnauthorizedOperation.UinNoAuth"})
	// The first lookup fails; the next one of the same asks again.
	if _, err := c.BillByProduct(t.Context(), 100000000001, "2026-01"); ErrorCode(err) != "UnauthorizedOperation.UinNoAuth" {
		t.Fatalf("got %v, want the injected failure", err)
	}
	var wg sync.WaitGroup
	bills := make([]*ProductBill, 8)
	errs := make([]error, 8)
	for i := range bills {
		month := []string{"2026-01", "2026-03"}[i%2]
		wg.Go(func() { bills[i], errs[i] = c.BillByProduct(t.Context(), 100000000001, month) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	if _, err := c.BillByProduct(t.Context(), 100000000001, "2026-03"); err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, r := range srv.Requests() {
		count[string(r.Body)]++
	}
	if count[`{"BillMonth":"2026-01","CustomerUin":100000000001}`] != 2 || count[`{"BillMonth":"2026-03","CustomerUin":100000000001}`] != 1 || len(count) != 2 {
		t.Errorf("requests %v: want 2026-01 twice (a failure, then one shared call) and 2026-03 once", count)
	}
	for i := 2; i < len(bills); i++ {
		if bills[i] != bills[i%2] {
			t.Errorf("lookup %d did not share lookup %d's answer", i, i%2)
		}
	}
}
