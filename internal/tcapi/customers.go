package tcapi

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
)

var actCustomerUin = mustAction(apispec.CustomerUin)

// pageRequest asks for one page of a list action.
type pageRequest struct {
	Page     int64 `json:"Page"`
	PageSize int64 `json:"PageSize"`
}

// customerUinPage is one page of DescribeCustomerUin. Data may be null (the
// SDK model says so) and is then an empty page. The UIN is a JSON string
// here, unlike DescribeCustomerBillSummary, which takes it as an integer.
// Total, a decimal integer in a JSON string, is mandatory: paging stops on
// it, and a read without it could not tell a short book from a cut one.
type customerUinPage struct {
	meta
	Data []*struct {
		CustomerUin *string `json:"CustomerUin,omitempty"`
	} `json:"Data,omitempty"`
	Total *string `json:"Total,omitempty" tcapi:"required"`
}

// CustomerBook reads every customer UIN of the caller, every page of
// DescribeCustomerUin (see readList), sorted ascending. The read is shared
// by every caller of the run, like a lookup.
func (c *Client) CustomerBook(ctx context.Context) (*List[int64], error) {
	return shared(ctx, c, actCustomerUin.Name+" book", func(ctx context.Context) (*List[int64], error) {
		return readList(ctx, c, actCustomerUin.Name, c.customerPage, func(uin int64) int64 { return uin })
	})
}

// customerPage reads page n and converts its UINs and Total exactly: a
// value that is not a positive (for Total non-negative) decimal integer
// within int64 is a DecodeError that names it and the page.
func (c *Client) customerPage(ctx context.Context, n int64) (*page[int64], error) {
	p, err := send[customerUinPage](ctx, c, actCustomerUin, c.region, c.keys, pageRequest{Page: n, PageSize: PageSize})
	if err != nil {
		return nil, err
	}
	bad := func(field, problem string) error {
		return &DecodeError{Action: actCustomerUin.Name, RequestID: requestIDOf(p), Field: field, Problem: fmt.Sprintf("page %d: %s", n, problem)}
	}
	total, ok := parseDecimalInt(*p.Total)
	if !ok {
		return nil, bad("Total", fmt.Sprintf("%s is not a number of customers (a whole number from 0 to %d in a string)", quoteClipped(*p.Total), int64(math.MaxInt64)))
	}
	out := &page[int64]{total: total, entries: make([]int64, 0, min(len(p.Data), PageSize))}
	for i, d := range p.Data {
		field := fmt.Sprintf("Data[%d].CustomerUin", i)
		if d == nil || d.CustomerUin == nil {
			return nil, bad(field, "missing or null")
		}
		uin, ok := parseDecimalInt(*d.CustomerUin)
		if !ok || uin < 1 {
			return nil, bad(field, fmt.Sprintf("customer UIN %s is not a positive integer (1 to %d)", quoteClipped(*d.CustomerUin), int64(math.MaxInt64)))
		}
		out.entries = append(out.entries, uin)
	}
	return out, nil
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
	if clipped := clipText(s, 40); clipped != s {
		return strconv.Quote(strings.TrimSuffix(clipped, "…")) + fmt.Sprintf("…(%d bytes)", len(s))
	}
	return strconv.Quote(s)
}
