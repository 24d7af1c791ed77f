package fakeserver

import (
	"encoding/json"
	"fmt"

	"github.com/tcintl/terraform-provider-tcintl/internal/months"
)

// The book's DescribeCustomerBillSummary answers.

func (b *book) bill(body []byte) reply {
	req, apiErr := decodeBookRequest(body)
	if apiErr != nil {
		return errorReply(apiErr)
	}
	uin, month, apiErr := req.customerMonth("Month")
	if apiErr != nil {
		return errorReply(apiErr)
	}
	var filters [3]string
	for i, name := range []string{"PayMode", "ActionType", "IsConfirmed"} {
		if filters[i], apiErr = req.text(name); apiErr != nil {
			return errorReply(apiErr)
		}
	}
	if apiErr := b.checkCustomerMonth(uin, month); apiErr != nil {
		return errorReply(apiErr)
	}

	requestID := fmt.Sprintf("book-%d-%s", uin, month)
	for _, f := range filters {
		if f != "" {
			requestID += "-" + f
		}
	}
	amount, ok := b.amounts[fmt.Sprintf("%d/%s", uin, month)]
	if !ok || filters != [3]string{} {
		amount = BookAmount(uin, month, filters[0], filters[1], filters[2])
	}
	// The amount goes out as the literal it is, never through a float.
	return okReply(map[string]any{"TotalCost": json.RawMessage(amount), "RequestId": requestID})
}

// customerMonth reads the CustomerUin and the month (named param) of a bill
// request, both required.
func (req bookRequest) customerMonth(param string) (uin int64, month string, apiErr *apiError) {
	if uin, apiErr = req.integer("CustomerUin"); apiErr != nil {
		return 0, "", apiErr
	}
	if _, ok := req[param]; !ok {
		return 0, "", newAPIError(CodeMissingParameter, "The request is missing a required parameter `%s`.", param)
	}
	month, apiErr = req.text(param)
	return uin, month, apiErr
}

// checkCustomerMonth answers a bill request for a month that is not YYYY-MM,
// or for someone who is not a customer of the book, as live.
func (b *book) checkCustomerMonth(uin int64, month string) *apiError {
	if !months.Pattern.MatchString(month) {
		return newAPIError("InvalidParameterValue.InvalidMonth", "The month value is wrong: %s is not YYYY-MM.", clip(month, 40))
	}
	if !b.customers[uin] {
		return newAPIError("UnauthorizedOperation.UinNoAuth", "The current account has no permission to query the bill of customer %d.", uin)
	}
	return nil
}
