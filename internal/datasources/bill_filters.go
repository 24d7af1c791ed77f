package datasources

import (
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tcintl/terraform-provider-tcintl/internal/months"
	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"
)

// What tcintl_customer_bill_summary and tcintl_customer_bill_summaries share:
// the month and filter arguments of DescribeCustomerBillSummary, and the
// request built from them.

// actionType is a documented transaction type and what it means.
type actionType struct {
	value   string
	meaning string
}

// actionTypes are the documented transaction types, in the API reference's
// order; the schemas and the docs are built from them.
var actionTypes = []actionType{
	{"prepay_purchase", "purchase"},
	{"prepay_renew", "renewal"},
	{"prepay_modify", "upgrade/downgrade"},
	{"prepay_return", "monthly subscription refund"},
	{"postpay_deduct", "pay-as-you-go"},
	{"postpay_deduct_h", "hourly settlement"},
	{"postpay_deduct_d", "daily settlement"},
	{"postpay_deduct_m", "monthly settlement"},
	{"offline_deduct", "offline project deduction"},
	{"online_deduct", "offline product deduction"},
	{"recon_deduct", "adjustment, deduction"},
	{"recon_increase", "adjustment, compensation"},
	{"ripay_purchase", "one-off RI fee"},
	{"postpay_deduct_s", "spot"},
	{"ri_hour_pay", "hourly RI fee"},
	{"prePurchase", "new monthly subscription"},
	{"preRenew", "renewal"},
	{"preUpgrade", "upgrade/downgrade"},
	{"preDowngrade", "upgrade/downgrade"},
	{"svp_hour_pay", "hourly savings plan fee"},
	{"recon_guarantee", "minimum spend deduction"},
	{"pre_purchase", "new monthly subscription"},
	{"pre_renew", "renewal"},
	{"pre_upgrade", "upgrade/downgrade"},
	{"pre_downgrade", "upgrade/downgrade"},
}

// monthValidator checks a month argument.
var monthValidator = stringvalidator.RegexMatches(months.Pattern, "must be "+months.Rule)

// billFilter is an optional filter argument.
type billFilter struct {
	name        string
	description string
	validator   validator.String
}

// billFilters are the filters, in the API's order.
func billFilters() []billFilter {
	values := make([]string, 0, len(actionTypes))
	documented := make([]string, 0, len(actionTypes))
	for _, at := range actionTypes {
		values = append(values, at.value)
		documented = append(documented, "`"+at.value+"` ("+at.meaning+")")
	}
	return []billFilter{
		{
			name:        "pay_mode",
			description: "Only count this billing mode: `prePay` (monthly subscription) or `postPay` (pay-as-you-go). Exact case.",
			validator:   stringvalidator.OneOf("prePay", "postPay"),
		},
		{
			name:        "action_type",
			description: "Only count this transaction type, one of " + strings.Join(documented, ", ") + ".",
			validator:   stringvalidator.OneOf(values...),
		},
		{
			name:        "is_confirmed",
			description: "Only count this payment status: `0` not applicable, `1` paid, `2` unpaid.",
			validator:   stringvalidator.OneOf("0", "1", "2"),
		},
	}
}

// filterAttributes are the filters as optional arguments, each described
// with applied appended.
func filterAttributes(applied string) map[string]schema.Attribute {
	out := make(map[string]schema.Attribute)
	for _, f := range billFilters() {
		out[f.name] = schema.StringAttribute{MarkdownDescription: f.description + applied, Optional: true, Validators: []validator.String{f.validator}}
	}
	return out
}

// billFilterValues are the filters as configured.
type billFilterValues struct {
	PayMode     types.String
	ActionType  types.String
	IsConfirmed types.String
}

// billRequest is the request for one bill. Both bill data sources build
// theirs here, so the same lookup is the same request, which the client
// sends once per run however many blocks ask for it.
func billRequest(customer int64, month string, f billFilterValues) tcapi.BillRequest {
	return tcapi.BillRequest{
		CustomerUin: customer,
		Month:       month,
		PayMode:     f.PayMode.ValueStringPointer(),
		ActionType:  f.ActionType.ValueStringPointer(),
		IsConfirmed: f.IsConfirmed.ValueStringPointer(),
	}
}
