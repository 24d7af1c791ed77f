package tcapi

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
)

// DescribeCustomerUinRequest asks for one page of the caller's customers.
type DescribeCustomerUinRequest struct {
	*tchttp.BaseRequest

	Page     *int64 `json:"Page,omitnil,omitempty" name:"Page"`
	PageSize *int64 `json:"PageSize,omitnil,omitempty" name:"PageSize"`
}

// NewDescribeCustomerUinRequest returns a request ready to fill.
func NewDescribeCustomerUinRequest() *DescribeCustomerUinRequest {
	r := &DescribeCustomerUinRequest{BaseRequest: &tchttp.BaseRequest{}}
	r.Init().WithApiInfo(actCustomerUin.Service, actCustomerUin.Version, actCustomerUin.Name)
	return r
}

// DescribeCustomerUinData is one customer of a page. The API sends the UIN
// as a JSON string, unlike DescribeCustomerBillSummary, which takes it as
// an integer.
type DescribeCustomerUinData struct {
	CustomerUin *string `json:"CustomerUin,omitempty"`
}

// DescribeCustomerUinResponseParams is one page of customers. Data may be
// null (the SDK model says so) and is then an empty page. Total is
// mandatory: paging stops on it, and a read without it could not tell a
// short book from a cut one.
type DescribeCustomerUinResponseParams struct {
	Data []*DescribeCustomerUinData `json:"Data,omitempty"`
	// Total is the number of customers, a decimal integer in a JSON string.
	Total     *string `json:"Total,omitempty" tcapi:"required"`
	RequestId *string `json:"RequestId,omitempty" tcapi:"required"`
}

// DescribeCustomerUinResponse is the answer of DescribeCustomerUin.
type DescribeCustomerUinResponse struct {
	*tchttp.BaseResponse
	// Decoded by ParseErrorFromHTTPResponse, not by the SDK's decoder.
	Response *DescribeCustomerUinResponseParams `json:"-"`
}

// ParseErrorFromHTTPResponse decodes the answer strictly (see
// DescribeSkillScanPayInfoResponse). The UINs and Total stay strings here;
// CustomerBook converts them, knowing the page they came on.
func (r *DescribeCustomerUinResponse) ParseErrorFromHTTPResponse(body []byte) error {
	r.Response = new(DescribeCustomerUinResponseParams)
	return decodeAnswer(actCustomerUin.Name, body, r.Response)
}

// DescribeCustomerUin returns one page of the UINs of the caller's
// customers. Only distributors, second-level resellers and resellers may
// call it.
func (c *Client) DescribeCustomerUin(ctx context.Context, request *DescribeCustomerUinRequest) (*DescribeCustomerUinResponse, error) {
	if request == nil {
		request = NewDescribeCustomerUinRequest()
	}
	return call[DescribeCustomerUinResponse](ctx, c, c.api, actCustomerUin, request)
}

func (r *DescribeCustomerUinResponse) requestID() string {
	if r.Response == nil {
		return ""
	}
	return deref(r.Response.RequestId)
}

// CustomerPageSize is how many customers CustomerBook asks for per page.
// The API documents no maximum for DescribeCustomerUin; the service's
// sibling list actions accept 1 to 100, so 100 is the largest size known
// to be accepted, and the largest page is the fewest paced calls: 300
// customers take 3 calls, 5,000 take 50 (2.5 s at 20 requests/s).
const CustomerPageSize = 100

// CustomerBook is every customer of the caller.
type CustomerBook struct {
	// UINs are unique and sorted ascending.
	UINs []int64
	// Total is the API's Total on the last page read.
	Total int64
	// Pages is how many pages were read.
	Pages int
	// Totals is the Total of each page read, in page order: they differ
	// when the book changed while it was read.
	Totals []int64
}

// Consistent reports whether the book read agrees with itself: one Total
// on every page, and as many UINs as it says.
func (b *CustomerBook) Consistent() bool {
	for _, t := range b.Totals {
		if t != b.Total {
			return false
		}
	}
	return int64(len(b.UINs)) == b.Total
}

// CustomerBook reads every page of DescribeCustomerUin.
//
// Pages are taken in order until a short or empty page, or until Total
// customers are read (the Total of the latest page, so a book that grew
// while it was read is read to its new end). A page that adds no new
// customer also ends the read, so an API that ignored Page could not keep
// it going.
//
// Page 1 is read alone; the pages its Total says follow are then read in
// windows, each as many pages as the action's pace keeps in flight, the
// stop rule applied to each window in page order. A window reads ahead of
// the stop rule, so a Total far too large costs at most one window of
// calls (about two seconds' worth) before the short page ends the read.
func (c *Client) CustomerBook(ctx context.Context) (*CustomerBook, error) {
	first, err := c.customerPage(ctx, 1)
	if err != nil {
		return nil, err
	}
	r := bookReader{seen: make(map[int64]struct{}), uins: []int64{}}
	if r.take(first) {
		return r.book(), nil
	}
	for next := int64(2); ; {
		// Not done means the last page was full and fewer than its Total
		// were read, so at least one page is left.
		left := (r.totals[len(r.totals)-1] - r.read + CustomerPageSize - 1) / CustomerPageSize
		window := int(min(max(left, 1), int64(c.inFlight(actCustomerUin.Name))))
		pages := make([]*customerPage, window)
		if _, err := c.fanOut(ctx, actCustomerUin.Name, window, func(ctx context.Context, i int) error {
			p, err := c.customerPage(ctx, next+int64(i))
			pages[i] = p
			return err
		}); err != nil {
			return nil, err
		}
		for _, p := range pages {
			if r.take(p) {
				return r.book(), nil
			}
		}
		next += int64(window)
	}
}

// customerPage is one page, its UINs converted.
type customerPage struct {
	number int64
	uins   []int64
	total  int64
}

// customerPage reads page number and converts its UINs and Total exactly:
// a value that is not a positive (for Total non-negative) decimal integer
// within int64 is a DecodeError that names it and the page.
func (c *Client) customerPage(ctx context.Context, number int64) (*customerPage, error) {
	req := NewDescribeCustomerUinRequest()
	size := int64(CustomerPageSize)
	req.Page, req.PageSize = &number, &size
	resp, err := c.DescribeCustomerUin(ctx, req)
	if err != nil {
		return nil, err
	}
	params := resp.Response
	bad := func(field, problem string) error {
		return &DecodeError{Action: actCustomerUin.Name, RequestID: deref(params.RequestId), Field: field,
			Problem: fmt.Sprintf("page %d: %s", number, problem)}
	}
	total, ok := parseDecimalInt(*params.Total)
	if !ok {
		return nil, bad("Total", fmt.Sprintf("%s is not a number of customers (a whole number from 0 to %d in a string)", quoteClipped(*params.Total), int64(math.MaxInt64)))
	}
	p := &customerPage{number: number, total: total, uins: make([]int64, 0, len(params.Data))}
	for i, d := range params.Data {
		field := fmt.Sprintf("Data[%d].CustomerUin", i)
		if d == nil || d.CustomerUin == nil {
			return nil, bad(field, "missing or null")
		}
		uin, ok := parseDecimalInt(*d.CustomerUin)
		if !ok || uin < 1 {
			return nil, bad(field, fmt.Sprintf("customer UIN %s is not a positive integer (1 to %d)", quoteClipped(*d.CustomerUin), int64(math.MaxInt64)))
		}
		p.uins = append(p.uins, uin)
	}
	return p, nil
}

// parseDecimalInt accepts only the canonical decimal text of a non-negative
// int64: ASCII digits, no sign, space, leading zero or other digit system
// (strconv.ParseInt would take "+12"; a UIN written otherwise than the API
// always writes it is a changed contract, not something to guess around).
func parseDecimalInt(s string) (int64, bool) {
	if s == "" || len(s) > 19 || (s[0] == '0' && len(s) > 1) {
		return 0, false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// quoteClipped quotes a value of the answer for an error, clipped so an
// absurd answer cannot make an absurd diagnostic.
func quoteClipped(s string) string {
	const limit = 40
	if len(s) <= limit {
		return strconv.Quote(s)
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strconv.Quote(s[:cut]) + fmt.Sprintf("…(%d bytes)", len(s))
}

// bookReader gathers pages in order and decides when the book is read.
type bookReader struct {
	seen   map[int64]struct{}
	uins   []int64
	read   int64 // entries read, duplicates included
	totals []int64
}

// take adds page p and reports whether the read is over.
func (r *bookReader) take(p *customerPage) bool {
	r.totals = append(r.totals, p.total)
	r.read += int64(len(p.uins))
	fresh := 0
	for _, u := range p.uins {
		if _, dup := r.seen[u]; !dup {
			r.seen[u] = struct{}{}
			r.uins = append(r.uins, u)
			fresh++
		}
	}
	return len(p.uins) < CustomerPageSize || r.read >= p.total || fresh == 0
}

func (r *bookReader) book() *CustomerBook {
	slices.Sort(r.uins)
	return &CustomerBook{UINs: r.uins, Total: r.totals[len(r.totals)-1], Pages: len(r.totals), Totals: r.totals}
}
