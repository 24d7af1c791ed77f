package datasources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/decimal"
	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"
)

var _ datasource.DataSourceWithConfigure = (*partnerCreditDataSource)(nil)

// NewPartnerCreditDataSource returns the tcintl_partner_credit data source.
func NewPartnerCreditDataSource() datasource.DataSource {
	return &partnerCreditDataSource{}
}

type partnerCreditDataSource struct {
	apiDataSource
}

type partnerCreditModel struct {
	TotalCredit             types.Number `tfsdk:"total_credit"`
	AllocatedCredit         types.Number `tfsdk:"allocated_credit"`
	RemainingCredit         types.Number `tfsdk:"remaining_credit"`
	CustomerTotalCredit     types.Number `tfsdk:"customer_total_credit"`
	CustomerRemainingCredit types.Number `tfsdk:"customer_remaining_credit"`
	RequestID               types.String `tfsdk:"request_id"`
}

func (d *partnerCreditDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_partner_credit"
}

func (d *partnerCreditDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	amount := func(description string) schema.NumberAttribute {
		return schema.NumberAttribute{MarkdownDescription: description + " In USD, exactly the decimal the API answered.", Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The partner's own credit, from `QueryPartnerCredit`: what the distributor or reseller account the provider's keys belong to " +
			"may spend, has allocated to its customers and has left. " + paceNote(apispec.PartnerCredit),
		Attributes: map[string]schema.Attribute{
			"total_credit":              amount("Total credit of the partner."),
			"allocated_credit":          amount("Credit allocated to customers."),
			"remaining_credit":          amount("Credit not yet used."),
			"customer_total_credit":     amount("Quota allocated to the customers, in all; null when the API leaves it out."),
			"customer_remaining_credit": amount("Quota the customers have left, in all; null when the API leaves it out."),
			"request_id":                requestIDAttribute("these values"),
		},
	}
}

func (d *partnerCreditDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model partnerCreditModel
	defer d.reportPacingFallback(&resp.Diagnostics)
	if !d.start(ctx, req, &model, apispec.PartnerCredit, &resp.Diagnostics) {
		return
	}
	answer, err := d.client.PartnerCredit(ctx)
	if err != nil {
		d.failed(apispec.PartnerCredit, err, &resp.Diagnostics)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, partnerCreditFrom(answer))...)
}

// partnerCreditFrom maps the API's answer to the model.
func partnerCreditFrom(a *tcapi.PartnerCredit) *partnerCreditModel {
	return &partnerCreditModel{
		TotalCredit:             amount(a.TotalCredit),
		AllocatedCredit:         amount(a.AllocatedCredit),
		RemainingCredit:         amount(a.RemainingCredit),
		CustomerTotalCredit:     amount(a.CustomerTotalCredit),
		CustomerRemainingCredit: amount(a.CustomerRemainingCredit),
		RequestID:               nonEmptyString(a.RequestId),
	}
}

// amount is an amount of the answer as a Number, null when it is absent.
func amount(d *decimal.Decimal) types.Number {
	if d == nil {
		return types.NumberNull()
	}
	return types.NumberValue(d.Number())
}
