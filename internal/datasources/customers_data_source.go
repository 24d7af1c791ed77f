package datasources

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"
)

var _ datasource.DataSourceWithConfigure = (*customersDataSource)(nil)

// NewCustomersDataSource returns the tcintl_customers data source.
func NewCustomersDataSource() datasource.DataSource {
	return &customersDataSource{}
}

type customersDataSource struct {
	apiDataSource
}

type customersModel struct {
	CustomerUins types.List  `tfsdk:"customer_uins"`
	Total        types.Int64 `tfsdk:"total"`
}

func (d *customersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_customers"
}

func (d *customersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every customer of the distributor or reseller account the provider's keys belong to, from " +
			"`DescribeCustomerUin`. It reads every page of the list, " + strconv.Itoa(tcapi.PageSize) + " customers a page, " +
			"paced at the API's limit (" + paceNote(apispec.CustomerUin) + " 300 customers take 3 calls, 5,000 take 50). " +
			"A read takes at most " + strconv.Itoa(tcapi.MaxListed) + " customers: a first page that says there are more is an error.",
		Attributes: map[string]schema.Attribute{
			"customer_uins": schema.ListAttribute{
				MarkdownDescription: "UIN of every customer, each once, sorted ascending so that plans are stable. " +
					"An empty list when the account has no customers.",
				ElementType: types.Int64Type,
				Computed:    true,
			},
			"total": schema.Int64Attribute{
				MarkdownDescription: "The number of customers the API reports (its `Total`, on the last page read). " +
					"It equals `length(customer_uins)` unless the list changed while it was read, which the read warns about.",
				Computed: true,
			},
		},
	}
}

func (d *customersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model customersModel
	defer d.reportPacingFallback(&resp.Diagnostics)
	if !d.start(ctx, req, &model, apispec.CustomerUin, &resp.Diagnostics) {
		return
	}
	book, err := d.client.CustomerBook(ctx)
	if err != nil {
		d.failed(apispec.CustomerUin, err, &resp.Diagnostics)
		return
	}
	resp.Diagnostics.Append(model.setBook(book)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}

// setBook maps the customer book to the model, with a warning when the
// book did not agree with itself.
func (m *customersModel) setBook(book *tcapi.List[int64]) diag.Diagnostics {
	var diags diag.Diagnostics
	uins := make([]attr.Value, len(book.Entries))
	for i, u := range book.Entries {
		uins[i] = types.Int64Value(u)
	}
	list, d := types.ListValue(types.Int64Type, uins)
	diags.Append(d...)
	m.CustomerUins = list
	m.Total = types.Int64Value(book.Total)
	if !book.Consistent() {
		diags.AddWarning("The customer list changed while it was read", inconsistency(apispec.CustomerUin, "customer_uins", len(book.Entries), book.Total, book.Totals, book.Cut))
	}
	return diags
}

// inconsistency says how a list read disagreed with itself: action's Total
// per page, and how many entries attribute got.
func inconsistency(action, attribute string, got int, total int64, totals []int64, cut bool) string {
	var b strings.Builder
	changed := false
	for _, t := range totals {
		changed = changed || t != total
	}
	if changed {
		list := make([]string, len(totals))
		for i, t := range totals {
			list[i] = fmt.Sprintf("page %d: %d", i+1, t)
		}
		fmt.Fprintf(&b, "%s's Total changed between pages (%s). ", action, strings.Join(list, ", "))
	}
	if cut {
		fmt.Fprintf(&b, "The list grew past what its first page promised; the read stopped one page after that. ")
	}
	fmt.Fprintf(&b, "%s has %d entries and total is %d. ", attribute, got, total)
	b.WriteString("Entries added or removed during the read may be missing: plan again for a consistent list.")
	return b.String()
}
