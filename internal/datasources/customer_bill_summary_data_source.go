package datasources

import (
	"context"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"
)

var _ datasource.DataSourceWithConfigure = (*customerBillSummaryDataSource)(nil)

// NewCustomerBillSummaryDataSource returns the tcintl_customer_bill_summary
// data source.
func NewCustomerBillSummaryDataSource() datasource.DataSource {
	return &customerBillSummaryDataSource{}
}

type customerBillSummaryDataSource struct {
	client *tcapi.Client
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

// ActionTypes are the documented transaction types with what they mean, in
// the API reference's order; the schema and the docs are built from it.
func ActionTypes() [][2]string {
	return [][2]string{
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
}

// monthPattern is YYYY-MM with a month from 01 to 12.
var monthPattern = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[0-2])$`)

func (d *customerBillSummaryDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_customer_bill_summary"
}

func (d *customerBillSummaryDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	actionTypes := make([]string, 0, len(ActionTypes()))
	documented := make([]string, 0, len(ActionTypes()))
	for _, at := range ActionTypes() {
		actionTypes = append(actionTypes, at[0])
		documented = append(documented, "`"+at[0]+"` ("+at[1]+")")
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
					stringvalidator.RegexMatches(monthPattern, "must be a month in the form YYYY-MM with the month from 01 to 12, e.g. 2023-01"),
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
				Validators:          []validator.String{stringvalidator.OneOf(actionTypes...)},
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

func (d *customerBillSummaryDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *customerBillSummaryDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	const action = "DescribeCustomerBillSummary"
	if d.client == nil {
		resp.Diagnostics.Append(notConfigured(action))
		return
	}
	var state customerBillSummaryModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	request := tcapi.NewDescribeCustomerBillSummaryRequest()
	request.CustomerUin = state.CustomerUin.ValueInt64Pointer()
	request.Month = state.Month.ValueStringPointer()
	request.PayMode = state.PayMode.ValueStringPointer()
	request.ActionType = state.ActionType.ValueStringPointer()
	request.IsConfirmed = state.IsConfirmed.ValueStringPointer()

	answer, err := d.client.DescribeCustomerBillSummary(ctx, request)
	if err != nil {
		resp.Diagnostics.Append(errorDiagnostic(action, err))
		return
	}
	state.TotalCost = types.NumberValue(answer.Response.TotalCost.BigFloat())
	state.RequestID = nonEmptyString(answer.Response.RequestId)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
