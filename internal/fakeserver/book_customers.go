package fakeserver

import (
	"fmt"
	"net/http"
	"strconv"
)

// The book's DescribeCustomerUin pages.

func (b *book) customerPage(r *http.Request, body []byte) reply {
	req, apiErr := decodeBookRequest(body)
	if apiErr != nil {
		return errorReply(apiErr)
	}
	p, apiErr := req.pageParams()
	if apiErr != nil {
		return errorReply(apiErr)
	}
	if rep, final := b.pageFault(r, body, b.pageFaults, p.page); final {
		return rep
	}

	type entry struct {
		CustomerUin string `json:"CustomerUin"`
	}
	data := []entry{}
	lo, hi := p.bounds(len(b.uins))
	for _, u := range b.uins[lo:hi] {
		data = append(data, entry{CustomerUin: u})
	}
	total, ok := b.totals[int(p.page)]
	if !ok {
		total = strconv.Itoa(len(b.uins))
	}
	return okReply(map[string]any{"Data": data, "Total": total, "RequestId": fmt.Sprintf("book-customers-page-%d", p.page)})
}
