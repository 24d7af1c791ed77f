package datasources

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/decimal"
	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"
)

var (
	_ datasource.DataSourceWithConfigure        = (*customerCreditsDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*customerCreditsDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig   = (*customerCreditsDataSource)(nil)
)

// NewCustomerCreditsDataSource returns the tcintl_customer_credits data
// source.
func NewCustomerCreditsDataSource() datasource.DataSource {
	return &customerCreditsDataSource{}
}

type customerCreditsDataSource struct {
	apiDataSource
}

type customerCreditsModel struct {
	FilterType           types.String `tfsdk:"filter_type"`
	Filter               types.String `tfsdk:"filter"`
	Customers            types.List   `tfsdk:"customers"`
	Total                types.Int64  `tfsdk:"total"`
	TotalCredit          types.Number `tfsdk:"total_credit"`
	TotalRemainingCredit types.Number `tfsdk:"total_remaining_credit"`
}

// customerCreditType is one element of customers.
var customerCreditType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"customer_uin":     types.Int64Type,
	"name":             types.StringType,
	"type":             types.StringType,
	"arrears":          types.StringType,
	"association_time": types.StringType,
	"recent_expiry":    types.StringType,
	"credit":           types.NumberType,
	"remaining_credit": types.NumberType,
	"identify_type":    types.Int64Type,
	"remark":           types.StringType,
	"force":            types.Int64Type,
}}

func (d *customerCreditsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_customer_credits"
}

func (d *customerCreditsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	text := func(description string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: description, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every customer of the distributor or reseller account the provider's keys belong to, with its credit and what is left " +
			"of it, from `QueryCustomersCredit`: every page, " + strconv.Itoa(tcapi.PageSize) + " customers a page. " + paceNote(apispec.CustomersCredit) +
			" The API also sends each customer's mobile number and email; they are personal data no guardrail needs, so the provider never " +
			"puts them in state (`filter_type = \"Email\"` still searches by email).",
		Attributes: map[string]schema.Attribute{
			"filter_type": schema.StringAttribute{
				MarkdownDescription: "What `filter` searches: `ClientUin` (a customer UIN), `Name`, `Remark` or `Email`. Needs `filter`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf("ClientUin", "Name", "Remark", "Email")},
			},
			"filter": schema.StringAttribute{
				MarkdownDescription: "The text to search for in `filter_type`, as the API matches it. Needs `filter_type`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"customers": schema.ListNestedAttribute{
				MarkdownDescription: "The customers, each once, sorted by `customer_uin`.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"customer_uin":     schema.Int64Attribute{MarkdownDescription: "UIN of the customer.", Computed: true},
					"name":             text("Name of the customer; null when empty."),
					"type":             text("Type of the customer, as the API names it; null when empty."),
					"arrears":          text("The API's overdue payment flag; null when empty."),
					"association_time": text("When the customer was bound to the partner, as" + timeNote + " Null when empty."),
					"recent_expiry":    text("The customer's expiration time, as" + timeNote + " Null when empty."),
					"credit":           schema.NumberAttribute{MarkdownDescription: "Credit allocated to the customer, in USD, exactly the decimal the API answered.", Computed: true},
					"remaining_credit": schema.NumberAttribute{MarkdownDescription: "Credit the customer has left, in USD, exactly the decimal the API answered.", Computed: true},
					"identify_type":    schema.Int64Attribute{MarkdownDescription: "Identity verification: `0` not verified, `1` individual, `2` enterprise.", Computed: true},
					"remark":           text("The partner's remark on the customer; null when empty."),
					"force":            schema.Int64Attribute{MarkdownDescription: "The API's forced status.", Computed: true},
				}},
			},
			"total": schema.Int64Attribute{
				MarkdownDescription: "The number of customers the API reports (its `Total`, on the last page read). It equals `length(customers)` " +
					"unless the list changed while it was read, which the read warns about.",
				Computed: true,
			},
			"total_credit":           schema.NumberAttribute{MarkdownDescription: "Exact decimal sum of every customer's `credit`.", Computed: true},
			"total_remaining_credit": schema.NumberAttribute{MarkdownDescription: "Exact decimal sum of every customer's `remaining_credit`.", Computed: true},
		},
	}
}

// ConfigValidators are what the framework can say about the arguments.
func (d *customerCreditsDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.RequiredTogether(path.MatchRoot("filter_type"), path.MatchRoot("filter"))}
}

// ValidateConfig says what the validators cannot: that a UIN to search for
// is one, written in plain decimal digits. The API matches the text as
// sent, so "012", "+12" or "1e3" would find nobody rather than customer 12
// or 1000.
func (d *customerCreditsDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var model customerCreditsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() || model.FilterType.ValueString() != "ClientUin" || model.Filter.IsNull() || model.Filter.IsUnknown() {
		return
	}
	text := model.Filter.ValueString()
	if uin, err := strconv.ParseInt(text, 10, 64); err != nil || uin < 1 || strconv.FormatInt(uin, 10) != text {
		resp.Diagnostics.AddAttributeError(path.Root("filter"), "Invalid filter",
			fmt.Sprintf("With filter_type ClientUin, filter must be %s, written in plain decimal digits, got %q.", uinRule, text))
	}
}

func (d *customerCreditsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model customerCreditsModel
	defer d.reportPacingFallback(&resp.Diagnostics)
	if !d.start(ctx, req, &model, apispec.CustomersCredit, &resp.Diagnostics) {
		return
	}
	list, err := d.client.CustomerCredits(ctx, tcapi.CreditFilter{Type: model.FilterType.ValueString(), Text: model.Filter.ValueString()})
	if err != nil {
		d.failed(apispec.CustomersCredit, err, &resp.Diagnostics)
		return
	}
	resp.Diagnostics.Append(model.setCredits(list)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}

// setCredits maps the customers to the model, with their exact sums and a
// warning when the list did not agree with itself.
func (m *customerCreditsModel) setCredits(list *tcapi.List[tcapi.CustomerCredit]) diag.Diagnostics {
	var diags diag.Diagnostics
	var credit, remaining decimal.Decimal
	customers := make([]attr.Value, len(list.Entries))
	for i, c := range list.Entries {
		credit, remaining = credit.Add(*c.Credit), remaining.Add(*c.RemainingCredit)
		obj, d := types.ObjectValue(customerCreditType.AttrTypes, map[string]attr.Value{
			"customer_uin":     types.Int64PointerValue(c.ClientUin),
			"name":             nonEmptyString(c.Name),
			"type":             nonEmptyString(c.Type),
			"arrears":          nonEmptyString(c.Arrears),
			"association_time": rfc3339(c.AssociationTime),
			"recent_expiry":    rfc3339(c.RecentExpiry),
			"credit":           amount(c.Credit),
			"remaining_credit": amount(c.RemainingCredit),
			"identify_type":    types.Int64PointerValue(c.IdentifyType),
			"remark":           nonEmptyString(c.Remark),
			"force":            types.Int64PointerValue(c.Force),
		})
		diags.Append(d...)
		customers[i] = obj
	}
	l, d := types.ListValue(customerCreditType, customers)
	diags.Append(d...)
	m.Customers = l
	m.Total = types.Int64Value(list.Total)
	m.TotalCredit = types.NumberValue(credit.Number())
	m.TotalRemainingCredit = types.NumberValue(remaining.Number())
	if !list.Consistent() {
		diags.AddWarning("The customer list changed while it was read",
			inconsistency(apispec.CustomersCredit, "customers", len(list.Entries), list.Total, list.Totals, list.Cut))
	}
	return diags
}
