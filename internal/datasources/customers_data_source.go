package datasources

import (
	"context"
	"fmt"
	"math/big"
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
	CustomerUins types.List   `tfsdk:"customer_uins"`
	Total        types.Number `tfsdk:"total"`
}

func (d *customersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_customers"
}

func (d *customersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every customer of the distributor or reseller account the provider's keys belong to, from " +
			"`DescribeCustomerUin`. It reads every page of the list, " + strconv.Itoa(tcapi.CustomerPageSize) + " customers a page, " +
			"paced at the API's 20 requests per second: 300 customers take 3 calls, 5,000 take 50 (about 2.5 seconds).",
		Attributes: map[string]schema.Attribute{
			"customer_uins": schema.ListAttribute{
				MarkdownDescription: "UIN of every customer, each once, sorted ascending so that plans are stable. " +
					"An empty list when the account has no customers.",
				ElementType: types.NumberType,
				Computed:    true,
			},
			"total": schema.NumberAttribute{
				MarkdownDescription: "The number of customers the API reports (its `Total`, on the last page read). " +
					"It equals `length(customer_uins)` unless the list changed while it was read, which the read warns about.",
				Computed: true,
			},
		},
	}
}

func (d *customersDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !d.configured(apispec.CustomerUin, &resp.Diagnostics) {
		return
	}
	book, err := d.client.CustomerBook(ctx)
	if err != nil {
		d.failed(apispec.CustomerUin, err, &resp.Diagnostics)
		return
	}
	var model customersModel
	resp.Diagnostics.Append(model.setBook(book)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}

// setBook maps the customer book to the model, with a warning when the
// book did not agree with itself.
func (m *customersModel) setBook(book *tcapi.CustomerBook) diag.Diagnostics {
	var diags diag.Diagnostics
	uins := make([]attr.Value, len(book.UINs))
	for i, u := range book.UINs {
		uins[i] = types.NumberValue(new(big.Float).SetInt64(u))
	}
	list, d := types.ListValue(types.NumberType, uins)
	diags.Append(d...)
	m.CustomerUins = list
	m.Total = types.NumberValue(new(big.Float).SetInt64(book.Total))
	if !book.Consistent() {
		diags.AddWarning("The customer list changed while it was read", inconsistency(book))
	}
	return diags
}

// inconsistency says how the book disagreed with itself.
func inconsistency(book *tcapi.CustomerBook) string {
	var b strings.Builder
	changed := false
	for _, t := range book.Totals {
		changed = changed || t != book.Total
	}
	if changed {
		totals := make([]string, len(book.Totals))
		for i, t := range book.Totals {
			totals[i] = fmt.Sprintf("page %d: %d", i+1, t)
		}
		fmt.Fprintf(&b, "DescribeCustomerUin's Total changed between pages (%s). ", strings.Join(totals, ", "))
	}
	fmt.Fprintf(&b, "customer_uins has %d customers and total is %d. ", len(book.UINs), book.Total)
	b.WriteString("Customers added or removed during the read may be missing from customer_uins: plan again for a consistent list.")
	return b.String()
}
