package datasources

import (
	"cmp"
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/decimal"
	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"
)

var _ datasource.DataSourceWithConfigure = (*customerBillByProductDataSource)(nil)

// NewCustomerBillByProductDataSource returns the
// tcintl_customer_bill_by_product data source.
func NewCustomerBillByProductDataSource() datasource.DataSource {
	return &customerBillByProductDataSource{}
}

type customerBillByProductDataSource struct {
	apiDataSource
}

type customerBillByProductModel struct {
	CustomerUin      types.Number `tfsdk:"customer_uin"`
	Month            types.String `tfsdk:"month"`
	Products         types.List   `tfsdk:"products"`
	TotalsByProduct  types.Map    `tfsdk:"totals_by_product"`
	TotalCost        types.Number `tfsdk:"total_cost"`
	OriginalCost     types.Number `tfsdk:"original_cost"`
	VoucherPayAmount types.Number `tfsdk:"voucher_pay_amount"`
	RequestID        types.String `tfsdk:"request_id"`
}

// productType is one element of products.
var productType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"code":               types.StringType,
	"name":               types.StringType,
	"original_cost":      types.NumberType,
	"voucher_pay_amount": types.NumberType,
	"total_cost":         types.NumberType,
}}

func (d *customerBillByProductDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_customer_bill_by_product"
}

func (d *customerBillByProductDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	exact := func(description string) schema.NumberAttribute {
		return schema.NumberAttribute{MarkdownDescription: description + " Exactly the decimal the API answered.", Computed: true}
	}
	sum := func(of string) schema.NumberAttribute {
		return schema.NumberAttribute{
			MarkdownDescription: "Exact decimal sum of every product's `" + of + "`; 0 with no product, null when a product lacks it.",
			Computed:            true,
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "One customer's bill for one month, by product, from `DescribeBillSummaryByProduct`. Only distributors, second-level " +
			"resellers and resellers can read it, for customers they manage. " + paceNote(apispec.BillSummaryByProduct) +
			" The provider paces its calls to that and sends identical lookups once per run.",
		Attributes: map[string]schema.Attribute{
			"customer_uin": schema.NumberAttribute{
				MarkdownDescription: "UIN of the customer, " + uinRule + ".",
				Required:            true,
				Validators:          []validator.Number{uinValidator{}},
			},
			"month": schema.StringAttribute{
				MarkdownDescription: "Month of the bill, `YYYY-MM` (e.g. `2023-01`); the API calls it `BillMonth`.",
				Required:            true,
				Validators:          []validator.String{monthValidator},
			},
			"products": schema.ListNestedAttribute{
				MarkdownDescription: "What each product cost, sorted by `code`; empty when the customer spent nothing that month.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"code":               schema.StringAttribute{MarkdownDescription: "Product code (`BusinessCode`), e.g. `p_cvm`.", Computed: true},
					"name":               schema.StringAttribute{MarkdownDescription: "Product name (`BusinessCodeName`); null when empty.", Computed: true},
					"original_cost":      exact("List price; null when the API leaves it out."),
					"voucher_pay_amount": exact("Paid with vouchers; null when the API leaves it out."),
					"total_cost":         exact("What the product cost."),
				}},
			},
			"totals_by_product": schema.MapAttribute{
				MarkdownDescription: "Each product's `total_cost`, keyed by `code` (summed, exactly, should a code come twice).",
				ElementType:         types.NumberType,
				Computed:            true,
			},
			"total_cost":         sum("total_cost"),
			"original_cost":      sum("original_cost"),
			"voucher_pay_amount": sum("voucher_pay_amount"),
			"request_id":         requestIDAttribute("`products`"),
		},
	}
}

func (d *customerBillByProductDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model customerBillByProductModel
	defer d.reportPacingFallback(&resp.Diagnostics)
	if !d.start(ctx, req, &model, apispec.BillSummaryByProduct, &resp.Diagnostics) {
		return
	}
	uin, _ := uinOf(model.CustomerUin) // validated at plan
	bill, err := d.client.BillByProduct(ctx, uin, model.Month.ValueString())
	if err != nil {
		d.failed(apispec.BillSummaryByProduct, err, &resp.Diagnostics)
		return
	}
	resp.Diagnostics.Append(model.setBill(bill)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}

// setBill maps the answer to the model: the products sorted by code, and
// the exact sums.
func (m *customerBillByProductModel) setBill(bill *tcapi.ProductBill) diag.Diagnostics {
	var diags diag.Diagnostics
	costs := slices.DeleteFunc(slices.Clone(bill.SummaryOverview), func(p *tcapi.ProductCost) bool { return p == nil })
	slices.SortStableFunc(costs, func(a, b *tcapi.ProductCost) int { return cmp.Compare(*a.BusinessCode, *b.BusinessCode) })
	byProduct := sums{}
	total, original, voucher := &decimal.Decimal{}, &decimal.Decimal{}, &decimal.Decimal{}
	products := make([]attr.Value, len(costs))
	for i, p := range costs {
		byProduct.add(*p.BusinessCode, p.TotalCost.Decimal)
		total = add(total, p.TotalCost)
		original = add(original, p.OriginalCost)
		voucher = add(voucher, p.VoucherPayAmount)
		obj, d := types.ObjectValue(productType.AttrTypes, map[string]attr.Value{
			"code":               types.StringPointerValue(p.BusinessCode),
			"name":               nonEmptyString(p.BusinessCodeName),
			"original_cost":      quoted(p.OriginalCost),
			"voucher_pay_amount": quoted(p.VoucherPayAmount),
			"total_cost":         quoted(p.TotalCost),
		})
		diags.Append(d...)
		products[i] = obj
	}
	l, d := types.ListValue(productType, products)
	diags.Append(d...)
	m.Products = l
	m.TotalsByProduct = byProduct.value(&diags)
	m.TotalCost, m.OriginalCost, m.VoucherPayAmount = amount(total), amount(original), amount(voucher)
	m.RequestID = nonEmptyString(bill.RequestId)
	return diags
}

// add adds q to a running sum, which becomes nil (unknown) once an amount
// is missing: a sum that leaves a product out must not pass for the whole.
func add(sum *decimal.Decimal, q *decimal.Quoted) *decimal.Decimal {
	if sum == nil || q == nil {
		return nil
	}
	*sum = sum.Add(q.Decimal)
	return sum
}

// quoted is an amount the API wrote as a string, null when it is absent.
func quoted(q *decimal.Quoted) types.Number {
	if q == nil {
		return types.NumberNull()
	}
	return types.NumberValue(q.Number())
}
