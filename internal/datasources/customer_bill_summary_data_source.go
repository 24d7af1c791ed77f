package datasources

import (
	"context"

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
	CustomerUin types.Number `tfsdk:"customer_uin"`
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
	attributes := filterAttributes("")
	attributes["customer_uin"] = schema.NumberAttribute{
		MarkdownDescription: "UIN of the customer, " + uinRule + ".",
		Required:            true,
		Validators:          []validator.Number{uinValidator{}},
	}
	attributes["month"] = schema.StringAttribute{
		MarkdownDescription: "Month of the bill, `YYYY-MM` (e.g. `2023-01`).",
		Required:            true,
		Validators:          []validator.String{monthValidator},
	}
	attributes["total_cost"] = schema.NumberAttribute{
		MarkdownDescription: "Total amount of the bill, exactly the decimal the API answered (`98765432109876.54321` stays that; it never passes through a 64-bit float).",
		Computed:            true,
	}
	attributes["request_id"] = requestIDAttribute("`total_cost`")
	resp.Schema = schema.Schema{
		MarkdownDescription: "Total bill amount of one customer for one month, from `DescribeCustomerBillSummary`. " +
			"Only distributors, second-level resellers and resellers can read it, for customers they manage. " +
			paceNote(apispec.CustomerBillSummary) + " The provider paces its calls to that and sends identical lookups once per run.",
		Attributes: attributes,
	}
}

func (d *customerBillSummaryDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model customerBillSummaryModel
	defer d.reportPacingFallback(&resp.Diagnostics)
	if !d.start(ctx, req, &model, apispec.CustomerBillSummary, &resp.Diagnostics) {
		return
	}
	uin, _ := uinOf(model.CustomerUin) // validated at plan
	answer, err := d.client.CustomerBillSummary(ctx, model.request(uin))
	if err != nil {
		d.failed(apispec.CustomerBillSummary, err, &resp.Diagnostics)
		return
	}
	model.setAnswer(answer)
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}

// request is the API request for the model's arguments.
func (m *customerBillSummaryModel) request(uin int64) tcapi.BillRequest {
	return billRequest(uin, m.Month.ValueString(), billFilterValues{PayMode: m.PayMode, ActionType: m.ActionType, IsConfirmed: m.IsConfirmed})
}

// setAnswer maps the API's answer to the model's computed attributes.
func (m *customerBillSummaryModel) setAnswer(a *tcapi.BillSummary) {
	m.TotalCost = types.NumberValue(a.TotalCost.Number())
	m.RequestID = nonEmptyString(a.RequestId)
}
