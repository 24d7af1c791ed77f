package datasources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
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

func (d *customerBillSummaryDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_customer_bill_summary"
}

func (d *customerBillSummaryDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attributes := filterAttributes(true, "")
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
				Validators:          []validator.String{monthValidator},
			},
			"pay_mode":     attributes["pay_mode"],
			"action_type":  attributes["action_type"],
			"is_confirmed": attributes["is_confirmed"],
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
	return newBillRequest(m.CustomerUin.ValueInt64(), m.Month.ValueString(),
		billFilterValues{PayMode: m.PayMode, ActionType: m.ActionType, IsConfirmed: m.IsConfirmed})
}

// setAnswer maps the API's answer to the model's computed attributes.
func (m *customerBillSummaryModel) setAnswer(p *tcapi.DescribeCustomerBillSummaryResponseParams) {
	m.TotalCost = types.NumberValue(p.TotalCost.BigFloat())
	m.RequestID = nonEmptyString(p.RequestId)
}
