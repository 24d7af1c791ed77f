package datasources

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"
)

var _ datasource.DataSourceWithConfigure = (*customerBillSummaryDataSource)(nil)

// NewCustomerBillSummaryDataSource returns the tcintl_customer_bill_summary
// data source.
func NewCustomerBillSummaryDataSource() datasource.DataSource {
	return &customerBillSummaryDataSource{}
}

type customerBillSummaryDataSource struct {
	apiDataSource
}

type customerBillSummaryModel struct {
	CustomerUin types.Int64  `tfsdk:"customer_uin"`
	Month       types.String `tfsdk:"month"`
	PayMode     types.String `tfsdk:"pay_mode"`
	ActionType  types.String `tfsdk:"action_type"`
	IsConfirmed types.String `tfsdk:"is_confirmed"`
	TotalCost   types.Number `tfsdk:"total_cost"`
	RequestID   types.String `tfsdk:"request_id"`
}

// actionType is a documented transaction type and what it means.
type actionType struct {
	value   string
	meaning string
}

// actionTypes are the documented transaction types, in the API reference's
// order; the schema and the docs are built from them.
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

func (d *customerBillSummaryDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_customer_bill_summary"
}

func (d *customerBillSummaryDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	values := make([]string, 0, len(actionTypes))
	documented := make([]string, 0, len(actionTypes))
	for _, at := range actionTypes {
		values = append(values, at.value)
		documented = append(documented, "`"+at.value+"` ("+at.meaning+")")
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Total bill amount of one customer for one month, from `DescribeCustomerBillSummary`. " +
			"Only distributors, second-level resellers and resellers can read it, for customers they manage. " +
			"The API allows 1 request per second: the provider paces its calls to that and sends identical lookups once per run.",
		Attributes: map[string]schema.Attribute{
			"customer_uin": schema.Int64Attribute{
				MarkdownDescription: "UIN of the customer, a positive integer.",
				Required:            true,
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"month": schema.StringAttribute{
				MarkdownDescription: "Month of the bill, `YYYY-MM` (e.g. `2023-01`).",
				Required:            true,
				Validators: []validator.String{
					stringvalidator.RegexMatches(apispec.MonthPattern, "must be a month in the form YYYY-MM with the month from 01 to 12, e.g. 2023-01"),
				},
			},
			"pay_mode": schema.StringAttribute{
				MarkdownDescription: "Only count this billing mode: `prePay` (monthly subscription) or `postPay` (pay-as-you-go). Exact case.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf("prePay", "postPay")},
			},
			"action_type": schema.StringAttribute{
				MarkdownDescription: "Only count this transaction type, one of " + strings.Join(documented, ", ") + ".",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(values...)},
			},
			"is_confirmed": schema.StringAttribute{
				MarkdownDescription: "Only count this payment status: `0` not applicable, `1` paid, `2` unpaid.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf("0", "1", "2")},
			},
			"total_cost": schema.NumberAttribute{
				MarkdownDescription: "Total amount of the bill, exactly the decimal the API answered (`98765432109876.54321` stays that; it never passes through a 64-bit float).",
				Computed:            true,
			},
			"request_id": schema.StringAttribute{
				MarkdownDescription: "ID of the API request that produced `total_cost`; quote it to Tencent Cloud support.",
				Computed:            true,
			},
		},
	}
}

func (d *customerBillSummaryDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !d.configured(apispec.CustomerBillSummary, &resp.Diagnostics) {
		return
	}
	var model customerBillSummaryModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	answer, err := d.client.DescribeCustomerBillSummary(ctx, model.request())
	if err != nil {
		d.failed(apispec.CustomerBillSummary, err, &resp.Diagnostics)
		return
	}
	model.setAnswer(answer.Response)
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}

// request is the API request for the model's arguments.
func (m *customerBillSummaryModel) request() *tcapi.DescribeCustomerBillSummaryRequest {
	r := tcapi.NewDescribeCustomerBillSummaryRequest()
	r.CustomerUin = m.CustomerUin.ValueInt64Pointer()
	r.Month = m.Month.ValueStringPointer()
	r.PayMode = m.PayMode.ValueStringPointer()
	r.ActionType = m.ActionType.ValueStringPointer()
	r.IsConfirmed = m.IsConfirmed.ValueStringPointer()
	return r
}

// setAnswer maps the API's answer to the model's computed attributes.
func (m *customerBillSummaryModel) setAnswer(p *tcapi.DescribeCustomerBillSummaryResponseParams) {
	m.TotalCost = types.NumberValue(p.TotalCost.BigFloat())
	m.RequestID = nonEmptyString(p.RequestId)
}
