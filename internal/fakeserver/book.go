package fakeserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
)

// Book is a constructed reseller's book of customers, for scenarios larger
// than cassettes are worth writing by hand: the server pages through its
// customers for DescribeCustomerUin and answers DescribeCustomerBillSummary
// for any customer of it and any month. It is deterministic: the same Book
// answers the same request the same way, in every run.
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
	h := fnv.New64a()
	_, _ = fmt.Fprintf(h, "%d/%s/%s/%s/%s", uin, month, payMode, actionType, isConfirmed)
	cents := h.Sum64() % 100_000_000
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

	mu         sync.Mutex
	pageFaults map[int]Fault
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
		pageFaults: make(map[int]Fault, len(b.PageFaults)),
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
	for page, f := range b.PageFaults {
		if f.Times < 1 {
			f.Times = 1
		}
		bk.pageFaults[page] = f
	}
	return bk, nil
}

// answer answers action from the book; ok is false for an action the book
// does not answer (or no book at all).
func (b *book) answer(r *http.Request, action string, body []byte) (rep reply, ok bool) {
	if b == nil || (action != apispec.CustomerUin && action != apispec.CustomerBillSummary) {
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
	switch action {
	case apispec.CustomerUin:
		return b.customerPage(r, body), true
	case apispec.CustomerBillSummary:
		return b.bill(body), true
	}
	return reply{}, false
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
