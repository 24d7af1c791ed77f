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
	uin, apiErr := req.integer("CustomerUin")
	if apiErr != nil {
		return errorReply(apiErr)
	}
	if _, ok := req["Month"]; !ok {
		return errorReply(newAPIError(CodeMissingParameter, "The request is missing a required parameter `Month`."))
	}
	month, apiErr := req.text("Month")
	if apiErr != nil {
		return errorReply(apiErr)
	}
	var filters [3]string
	for i, name := range []string{"PayMode", "ActionType", "IsConfirmed"} {
		if filters[i], apiErr = req.text(name); apiErr != nil {
			return errorReply(apiErr)
		}
	}
	if !months.Pattern.MatchString(month) {
		return errorReply(newAPIError("InvalidParameterValue.InvalidMonth", "The month value is wrong: %s is not YYYY-MM.", clip(month, 40)))
	}
	if !b.customers[uin] {
		return errorReply(newAPIError("UnauthorizedOperation.UinNoAuth", "The current account has no permission to query the bill of customer %d.", uin))
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
