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
	page, apiErr := req.integer("Page")
	if apiErr != nil {
		return errorReply(apiErr)
	}
	size, apiErr := req.integer("PageSize")
	if apiErr != nil {
		return errorReply(apiErr)
	}
	if page < 1 {
		return errorReply(newAPIError("InvalidParameter.Page", "Page must be 1 or more, got %d.", page))
	}
	if size < 1 || size > maxBookPageSize {
		return errorReply(newAPIError(CodeInvalidParameterVal, "PageSize must be from 1 to %d, got %d.", maxBookPageSize, size))
	}
	if f, ok := b.takePageFault(page); ok {
		if rep, final, gone := faultReply(r, body, f); gone {
			return reply{}
		} else if final {
			return rep
		}
	}

	type entry struct {
		CustomerUin string `json:"CustomerUin"`
	}
	data := []entry{}
	if n := int64(len(b.uins)); page-1 <= n/size { // else past the end, and (page-1)·size might overflow
		for i := (page - 1) * size; i < min(page*size, n); i++ {
			data = append(data, entry{CustomerUin: b.uins[i]})
		}
	}
	total, ok := b.totals[int(page)]
	if !ok {
		total = strconv.Itoa(len(b.uins))
	}
	return okReply(map[string]any{"Data": data, "Total": total, "RequestId": fmt.Sprintf("book-customers-page-%d", page)})
}

// takePageFault takes one use of the fault of a page.
func (b *book) takePageFault(page int64) (Fault, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	f, ok := b.pageFaults[int(page)]
	if !ok {
		return Fault{}, false
	}
	if f.Times--; f.Times == 0 {
		delete(b.pageFaults, int(page))
	} else {
		b.pageFaults[int(page)] = f
	}
	return f, true
}
