package fakeserver

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The book's QueryCustomersCredit pages.

// CustomerCredit is one customer of a QueryCustomersCredit page: the fields
// of the SDK's QueryCustomersCreditData, in its order and with its JSON
// types. Credit and RemainingCredit are written as they are answered.
type CustomerCredit struct {
	ClientUin       int64       `json:"ClientUin"`
	Name            string      `json:"Name"`
	Type            string      `json:"Type"`
	Mobile          string      `json:"Mobile"`
	Email           string      `json:"Email"`
	Arrears         string      `json:"Arrears"`
	AssociationTime string      `json:"AssociationTime"`
	RecentExpiry    string      `json:"RecentExpiry"`
	Credit          json.Number `json:"Credit"`
	RemainingCredit json.Number `json:"RemainingCredit"`
	IdentifyType    int         `json:"IdentifyType"`
	Remark          string      `json:"Remark"`
	Force           int         `json:"Force"`
}

// bookEpoch is the AssociationTime of the book's first customers.
var bookEpoch = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

// bookRemarks are the remarks the book gives its customers.
var bookRemarks = []string{"", "key account", "trial", "客户备注"}

// BookCustomerCredit is what the book answers for a customer in
// QueryCustomersCredit, every field a function of the UIN alone:
//
//   - AssociationTime: 2020-01-01 00:00:00 plus (UIN mod 100000) hours, so
//     BookUIN(i) customers were bound one hour apart, in the order of i.
//   - RecentExpiry: "" for about one customer in five, else AssociationTime
//     plus 1 to 3 years.
//   - Credit: 0 to 999999.99 as BookAmount writes it. Arrears "1" for about
//     one in seven customers, who have RemainingCredit 0; the others have
//     Arrears "0" and RemainingCredit 0 % to 100 % of Credit, rounded down
//     to the cent (so about one in ten is under 10 %).
//   - IdentifyType 0, 1 or 2; Type "enterprise" for 2, else "personal".
//   - Name "Customer <uin>", or "客户 Ünïcødé <uin>" for about one in four;
//     Mobile "+00-<uin>"; Email "customer-<uin>@example.com"; Remark one of
//     "", "key account", "trial", "客户备注"; Force 0 or 1.
//
// The values of Type and Arrears are the fake's: the API does not document
// them.
func BookCustomerCredit(uin int64) CustomerCredit {
	pick := func(field string, n uint64) uint64 { return bookHash("credit/%d/%s", uin, field) % n }
	pickInt := func(field string, n int) int {
		return int(pick(field, uint64(n))) //nolint:gosec // n is small and positive
	}
	bound := bookEpoch.Add(time.Duration((uin%100_000+100_000)%100_000) * time.Hour)
	c := CustomerCredit{
		ClientUin:       uin,
		Name:            fmt.Sprintf("Customer %d", uin),
		Type:            "personal",
		Mobile:          fmt.Sprintf("+00-%d", uin),
		Email:           fmt.Sprintf("customer-%d@example.com", uin),
		Arrears:         "0",
		AssociationTime: bound.Format(time.DateTime),
		IdentifyType:    pickInt("identify", 3),
		Remark:          bookRemarks[pickInt("remark", len(bookRemarks))],
		Force:           pickInt("force", 2),
	}
	if pickInt("name", 4) == 0 {
		c.Name = fmt.Sprintf("客户 Ünïcødé %d", uin)
	}
	if c.IdentifyType == 2 {
		c.Type = "enterprise"
	}
	if pickInt("expiry", 5) != 0 {
		c.RecentExpiry = bound.AddDate(1+pickInt("years", 3), 0, 0).Format(time.DateTime)
	}
	credit := pick("credit", 100_000_000)
	remaining := credit * pick("remaining", 101) / 100
	if pickInt("arrears", 7) == 0 {
		c.Arrears, remaining = "1", 0
	}
	c.Credit, c.RemainingCredit = json.Number(formatCents(credit)), json.Number(formatCents(remaining))
	return c
}

// creditFilterTypes are what FilterType may name.
var creditFilterTypes = []string{"ClientUin", "Name", "Remark", "Email"}

// creditList is the book's customers' entries, ascending by AssociationTime
// then ClientUin.
func (b *book) creditList() []CustomerCredit {
	b.creditsOnce.Do(func() {
		for uin := range b.customers {
			b.credits = append(b.credits, BookCustomerCredit(uin))
		}
		slices.SortFunc(b.credits, func(x, y CustomerCredit) int {
			return cmp.Or(strings.Compare(x.AssociationTime, y.AssociationTime), cmp.Compare(x.ClientUin, y.ClientUin))
		})
	})
	return b.credits
}

// creditFilter is what a QueryCustomersCredit request keeps.
func creditFilter(req bookRequest) (func(CustomerCredit) bool, *apiError) {
	filterType, apiErr := req.text("FilterType")
	if apiErr != nil {
		return nil, apiErr
	}
	filter, apiErr := req.text("Filter")
	if apiErr != nil {
		return nil, apiErr
	}
	switch {
	case filterType == "" && filter != "":
		return nil, newAPIError(CodeInvalidParameterVal, "Filter needs a FilterType (one of %s).", strings.Join(creditFilterTypes, ", "))
	case filterType != "" && !slices.Contains(creditFilterTypes, filterType):
		return nil, newAPIError(CodeInvalidParameterVal, "FilterType must be one of %s, got %s.", strings.Join(creditFilterTypes, ", "), clip(filterType, 40))
	case filter == "":
		return func(CustomerCredit) bool { return true }, nil
	}
	switch filterType {
	case "ClientUin":
		uin, err := strconv.ParseInt(filter, 10, 64)
		if err != nil || strconv.FormatInt(uin, 10) != filter {
			return nil, newAPIError("InvalidParameterValue.InvalidUin", "The UIN %s is invalid.", clip(filter, 40))
		}
		return func(c CustomerCredit) bool { return c.ClientUin == uin }, nil
	case "Name":
		return func(c CustomerCredit) bool { return strings.Contains(c.Name, filter) }, nil
	case "Remark":
		return func(c CustomerCredit) bool { return strings.Contains(c.Remark, filter) }, nil
	default: // Email
		return func(c CustomerCredit) bool { return strings.Contains(c.Email, filter) }, nil
	}
}

func (b *book) creditPage(r *http.Request, body []byte) reply {
	req, apiErr := decodeBookRequest(body)
	if apiErr != nil {
		return errorReply(apiErr)
	}
	if apiErr := req.only("FilterType", "Filter", "Page", "PageSize", "Order"); apiErr != nil {
		return errorReply(apiErr)
	}
	p, apiErr := req.pageParams()
	if apiErr != nil {
		return errorReply(apiErr)
	}
	keep, apiErr := creditFilter(req)
	if apiErr != nil {
		return errorReply(apiErr)
	}
	order, apiErr := req.text("Order")
	if apiErr != nil {
		return errorReply(apiErr)
	}
	if order != "" && order != "asc" && order != "desc" {
		return errorReply(newAPIError(CodeInvalidParameterVal, "Order must be asc or desc, got %s.", clip(order, 40)))
	}
	if rep, final := b.pageFault(r, body, b.creditPageFaults, p.page); final {
		return rep
	}

	var kept []CustomerCredit
	for _, c := range b.creditList() {
		if keep(c) {
			kept = append(kept, c)
		}
	}
	if order != "asc" {
		kept = slices.Clone(kept)
		slices.Reverse(kept)
	}
	lo, hi := p.bounds(len(kept))
	data := append([]CustomerCredit{}, kept[lo:hi]...)
	var total any = len(kept)
	if t, ok := b.creditTotals[int(p.page)]; ok {
		total = t
	}
	return okReply(map[string]any{"Data": data, "Total": total, "RequestId": fmt.Sprintf("book-credits-page-%d", p.page)})
}
