package fakeserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
)

// Book is a constructed reseller's book of customers, for scenarios larger
// than cassettes are worth writing by hand: the server pages through its
// customers for DescribeCustomerUin and QueryCustomersCredit, and answers
// DescribeCustomerBillSummary and DescribeBillSummaryByProduct for any
// customer of it and any month. It is deterministic: the same Book answers
// the same request the same way, in every run.
//
// The book answers requests no cassette answers (cassettes loaded with it
// win), after authentication and the rate limit, so it is paced like the
// live API. What it answers:
//
//   - DescribeCustomerUin: Page from 1 and PageSize from 1 to 100 (the
//     range of the service's sibling list actions; the live maximum is not
//     documented). Page N holds entries (N-1)·PageSize to N·PageSize-1 of
//     the book's UINs in book order, each {"CustomerUin": "<uin>"}; a page
//     past the end is empty (Data []). Total is the number of UINs as a
//     string, unless Totals overrides it for that page. RequestId is
//     "book-customers-page-<N>". A Page below 1 is InvalidParameter.Page,
//     a PageSize out of range InvalidParameterValue.
//   - DescribeCustomerBillSummary: CustomerUin must be a customer of the
//     book (one of its UINs that is a decimal integer), else
//     UnauthorizedOperation.UinNoAuth as live; Month must be YYYY-MM, else
//     InvalidParameterValue.InvalidMonth. TotalCost is Amounts["<uin>/<month>"]
//     for a lookup without filters when set, else BookAmount. RequestId is
//     "book-<uin>-<month>", followed by "-<value>" for each filter sent
//     (PayMode, ActionType, IsConfirmed, in that order).
//   - QueryCustomersCredit: the book's customers (its UINs that are decimal
//     integers, each once), each as BookCustomerCredit describes it, sorted
//     by AssociationTime then ClientUin, descending unless Order is "asc"
//     (Order "desc" or absent: descending; anything else
//     InvalidParameterValue). FilterType ClientUin keeps the customer whose
//     UIN is Filter (a Filter that is no decimal integer is
//     InvalidParameterValue.InvalidUin); Name, Remark and Email keep those
//     whose field contains Filter (case-sensitive); an empty or absent
//     Filter keeps all; another FilterType, or a Filter without one, is
//     InvalidParameterValue. Page and PageSize cut pages as for
//     DescribeCustomerUin, with the same errors; both are required here
//     although the API documents them optional, because its defaults are
//     not documented. Total is the number of customers the filter keeps, a
//     JSON integer, unless CreditTotals overrides it for that page.
//     RequestId is "book-credits-page-<N>". A parameter the API does not
//     document is UnknownParameter.
//   - DescribeBillSummaryByProduct: CustomerUin and BillMonth, checked as
//     DescribeCustomerBillSummary checks CustomerUin and Month (a parameter
//     the API does not document, such as Month, is UnknownParameter);
//     SummaryOverview is BookProducts, null when that is empty. RequestId
//     is "book-products-<uin>-<month>".
type Book struct {
	// Size, when UINs is empty, makes a book of Size customers: BookUIN(0)
	// to BookUIN(Size-1), answered in descending order, so a client that
	// needs them sorted has to sort them.
	Size int
	// UINs are the customers exactly as DescribeCustomerUin answers them,
	// in order: strings, so that a test can answer "1.5", "" or a
	// duplicate.
	UINs []string
	// Totals overrides the Total answered on a page (page number → the
	// string to answer), such as a book that grows while it is read.
	Totals map[int]string
	// Amounts overrides the amount of a lookup without filters, keyed
	// "<uin>/<month>"; the value is a JSON number written as it is to be
	// answered (exact: "98765432109876.54321").
	Amounts map[string]string
	// PageFaults answers DescribeCustomerUin for a page with a fault instead
	// (Fault.Times requests of that page, 1 when 0), whatever order the
	// pages are asked in.
	PageFaults map[int]Fault
	// CreditTotals overrides the Total answered on a QueryCustomersCredit
	// page (page number → a JSON value written as it is to be answered:
	// "7", "\"7\"", "null"...).
	CreditTotals map[int]string
	// CreditPageFaults answers QueryCustomersCredit for a page with a fault
	// instead, as PageFaults does for DescribeCustomerUin.
	CreditPageFaults map[int]Fault
	// Latency delays every answer of the book, after the rate limit has
	// counted the request: a slow API, unlike a FaultDelay, which holds a
	// request before the rate limit sees it.
	Latency time.Duration
}

// BookUIN is the UIN of the i-th customer of a book made by Size.
func BookUIN(i int) int64 {
	return 300000000001 + int64(i)
}

// BookAmount is the amount the book answers for a customer and month with
// the given filters ("" for a filter not sent): a deterministic amount
// from 0 to 999999.99, with at most two decimals written without trailing
// zeros, as the API writes floats.
func BookAmount(uin int64, month, payMode, actionType, isConfirmed string) string {
	return formatCents(bookHash("%d/%s/%s/%s/%s", uin, month, payMode, actionType, isConfirmed) % 100_000_000)
}

// bookHash is the book's source of deterministic variety: the FNV-1a hash
// of the formatted text.
func bookHash(format string, args ...any) uint64 {
	h := fnv.New64a()
	_, _ = fmt.Fprintf(h, format, args...)
	return h.Sum64()
}

// formatCents writes an amount in cents the way the API writes a float:
// at most two decimals, without trailing zeros.
func formatCents(cents uint64) string {
	s := strconv.FormatUint(cents/100, 10)
	if frac := strings.TrimRight(fmt.Sprintf("%02d", cents%100), "0"); frac != "" {
		s += "." + frac
	}
	return s
}

// maxBookPageSize is the largest PageSize the book accepts.
const maxBookPageSize = 100

// book is a Book prepared for serving.
type book struct {
	latency   time.Duration
	uins      []string
	customers map[int64]bool
	totals    map[int]string
	amounts   map[string]string
	// creditTotals are Book.CreditTotals, checked.
	creditTotals map[int]json.RawMessage

	// credits are the customers' credit entries in ascending order, made
	// on first use: a big book that is never asked for them costs nothing.
	creditsOnce sync.Once
	credits     []CustomerCredit

	mu               sync.Mutex
	pageFaults       map[int]Fault
	creditPageFaults map[int]Fault
}

func newBook(b *Book) (*book, error) {
	if b == nil {
		return nil, nil
	}
	if b.Size < 0 {
		return nil, fmt.Errorf("fakeserver: Book.Size is %d", b.Size)
	}
	if b.Latency < 0 {
		return nil, fmt.Errorf("fakeserver: Book.Latency is %s", b.Latency)
	}
	bk := &book{
		latency:    b.Latency,
		uins:       append([]string(nil), b.UINs...),
		customers:  make(map[int64]bool),
		totals:     make(map[int]string, len(b.Totals)),
		amounts:    make(map[string]string, len(b.Amounts)),
		pageFaults: pageFaults(b.PageFaults),

		creditTotals:     make(map[int]json.RawMessage, len(b.CreditTotals)),
		creditPageFaults: pageFaults(b.CreditPageFaults),
	}
	if len(bk.uins) == 0 {
		for i := b.Size - 1; i >= 0; i-- {
			bk.uins = append(bk.uins, strconv.FormatInt(BookUIN(i), 10))
		}
	}
	for _, u := range bk.uins {
		if n, err := strconv.ParseInt(u, 10, 64); err == nil && strconv.FormatInt(n, 10) == u {
			bk.customers[n] = true
		}
	}
	for page, total := range b.Totals {
		bk.totals[page] = total
	}
	for key, amount := range b.Amounts {
		if !json.Valid([]byte(amount)) || !strings.ContainsAny(amount[:1], "-0123456789") {
			return nil, fmt.Errorf("fakeserver: Book.Amounts[%q] = %q is not a JSON number", key, amount)
		}
		bk.amounts[key] = amount
	}
	for page, total := range b.CreditTotals {
		if !json.Valid([]byte(total)) {
			return nil, fmt.Errorf("fakeserver: Book.CreditTotals[%d] = %q is not JSON", page, total)
		}
		bk.creditTotals[page] = json.RawMessage(total)
	}
	return bk, nil
}

// pageFaults copies faults by page, each for at least one request.
func pageFaults(faults map[int]Fault) map[int]Fault {
	out := make(map[int]Fault, len(faults))
	for page, f := range faults {
		f.Times = max(f.Times, 1)
		out[page] = f
	}
	return out
}

// answer answers action from the book; ok is false for an action the book
// does not answer (or no book at all).
func (b *book) answer(r *http.Request, action string, body []byte) (rep reply, ok bool) {
	if b == nil {
		return reply{}, false
	}
	var answer func() reply
	switch action {
	case apispec.CustomerUin:
		answer = func() reply { return b.customerPage(r, body) }
	case apispec.CustomerBillSummary:
		answer = func() reply { return b.bill(body) }
	case apispec.CustomersCredit:
		answer = func() reply { return b.creditPage(r, body) }
	case apispec.BillSummaryByProduct:
		answer = func() reply { return b.products(body) }
	default:
		return reply{}, false
	}
	if b.latency > 0 {
		t := time.NewTimer(b.latency)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return reply{}, true // the client left; nobody is there to answer
		}
	}
	return answer(), true
}

// bookRequest is what the book reads from a request body; numbers stay
// json.Number so 1.0 and 1e0 are told from 1.
type bookRequest map[string]any

func decodeBookRequest(body []byte) (bookRequest, *apiError) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var req bookRequest
	if err := dec.Decode(&req); err != nil || req == nil {
		return nil, newAPIError(CodeInvalidParameter, "The request body is not a JSON object.")
	}
	return req, nil
}

// integer reads an integer parameter: missing, or not a JSON integer.
func (req bookRequest) integer(name string) (int64, *apiError) {
	v, ok := req[name]
	if !ok || v == nil {
		return 0, newAPIError(CodeMissingParameter, "The request is missing a required parameter `%s`.", name)
	}
	n, isNumber := v.(json.Number)
	i, err := strconv.ParseInt(string(n), 10, 64)
	if !isNumber || err != nil {
		return 0, newAPIError(CodeInvalidParameter, "The parameter `%s` must be an integer.", name)
	}
	return i, nil
}

// only refuses a parameter the action does not document.
func (req bookRequest) only(names ...string) *apiError {
	for _, name := range slices.Sorted(maps.Keys(req)) {
		if !slices.Contains(names, name) {
			return newAPIError(CodeUnknownParameter, "The parameter `%s` is not recognized.", clip(name, 64))
		}
	}
	return nil
}

// text reads an optional string parameter.
func (req bookRequest) text(name string) (string, *apiError) {
	v, ok := req[name]
	if !ok || v == nil {
		return "", nil
	}
	s, isString := v.(string)
	if !isString {
		return "", newAPIError(CodeInvalidParameter, "The parameter `%s` must be a string.", name)
	}
	return s, nil
}

// okReply is a successful answer {"Response": fields}.
func okReply(fields map[string]any) reply {
	b, err := json.Marshal(map[string]any{"Response": fields})
	if err != nil {
		return errorReply(newAPIError(CodeInternalError, "The fake server failed to encode an answer: %v", err))
	}
	return reply{status: http.StatusOK, contentType: jsonContentType, body: b, matched: true}
}

// pageRequest is the page a list request asks for.
type pageRequest struct{ page, size int64 }

// pageParams reads and checks Page (from 1) and PageSize (1 to
// maxBookPageSize), both required.
func (req bookRequest) pageParams() (pageRequest, *apiError) {
	page, apiErr := req.integer("Page")
	if apiErr != nil {
		return pageRequest{}, apiErr
	}
	size, apiErr := req.integer("PageSize")
	if apiErr != nil {
		return pageRequest{}, apiErr
	}
	if page < 1 {
		return pageRequest{}, newAPIError("InvalidParameter.Page", "Page must be 1 or more, got %d.", page)
	}
	if size < 1 || size > maxBookPageSize {
		return pageRequest{}, newAPIError(CodeInvalidParameterVal, "PageSize must be from 1 to %d, got %d.", maxBookPageSize, size)
	}
	return pageRequest{page, size}, nil
}

// bounds are the indexes [lo, hi) of the page's entries in a list of n;
// lo == hi past the end.
func (p pageRequest) bounds(n int) (lo, hi int) {
	if p.page-1 > int64(n)/p.size { // past the end, and (page-1)·size might overflow
		return n, n
	}
	return int((p.page - 1) * p.size), int(min(p.page*p.size, int64(n)))
}

// takePageFault takes one use of the fault of a page, from faults (one of
// the book's maps of them).
func (b *book) takePageFault(faults map[int]Fault, page int64) (Fault, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	f, ok := faults[int(page)]
	if !ok {
		return Fault{}, false
	}
	if f.Times--; f.Times == 0 {
		delete(faults, int(page))
	} else {
		faults[int(page)] = f
	}
	return f, true
}

// pageFault answers a page with its fault, if it has one: final is false
// when there is none, or a FaultDelay after which the page is answered.
func (b *book) pageFault(r *http.Request, body []byte, faults map[int]Fault, page int64) (rep reply, final bool) {
	f, ok := b.takePageFault(faults, page)
	if !ok {
		return reply{}, false
	}
	rep, final, gone := faultReply(r, body, f)
	if gone {
		return reply{}, true
	}
	return rep, final
}
