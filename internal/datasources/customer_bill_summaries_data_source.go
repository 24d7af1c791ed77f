package datasources

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/decimal"
	"github.com/tcintl/terraform-provider-tcintl/internal/months"
	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"
)

var (
	_ datasource.DataSourceWithConfigure        = (*customerBillSummariesDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig   = (*customerBillSummariesDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*customerBillSummariesDataSource)(nil)
)

// maxBillPairs bounds the (customer, month) pairs of one block: 10,000
// lookups take nearly three hours at the live limit of 1 per second, and
// a plan should not.
const maxBillPairs = 10_000

// progressEvery is how often a long read reports progress in the log.
const progressEvery = 10 * time.Second

// NewCustomerBillSummariesDataSource returns the
// tcintl_customer_bill_summaries data source.
func NewCustomerBillSummariesDataSource() datasource.DataSource {
	return &customerBillSummariesDataSource{}
}

type customerBillSummariesDataSource struct {
	apiDataSource
}

type customerBillSummariesModel struct {
	CustomerUins     types.List   `tfsdk:"customer_uins"`
	Months           types.List   `tfsdk:"months"`
	FromMonth        types.String `tfsdk:"from_month"`
	ToMonth          types.String `tfsdk:"to_month"`
	PayMode          types.String `tfsdk:"pay_mode"`
	ActionType       types.String `tfsdk:"action_type"`
	IsConfirmed      types.String `tfsdk:"is_confirmed"`
	Bills            types.List   `tfsdk:"bills"`
	TotalCost        types.Number `tfsdk:"total_cost"`
	TotalsByCustomer types.Map    `tfsdk:"totals_by_customer"`
	TotalsByMonth    types.Map    `tfsdk:"totals_by_month"`
}

// billObjectType is one element of bills.
var billObjectType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"customer_uin": types.Int64Type,
	"month":        types.StringType,
	"total_cost":   types.NumberType,
	"request_id":   types.StringType,
}}

func (d *customerBillSummariesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_customer_bill_summaries"
}

func (d *customerBillSummariesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attributes := filterAttributes(" Applied to every lookup.")
	attributes["customer_uins"] = schema.ListAttribute{
		MarkdownDescription: "UINs of the customers, each " + uinRule + ". Duplicates are read once. " +
			"`data.tcintl_customers.<name>.customer_uins` is every customer of the account. An empty list (an account with no customers) reads nothing: " +
			"`bills` is empty and the sums are 0.",
		ElementType: types.NumberType,
		Required:    true,
		Validators:  []validator.List{listvalidator.NoNullValues(), listvalidator.ValueNumbersAre(uinValidator{})},
	}
	attributes["months"] = schema.ListAttribute{
		MarkdownDescription: "Months of the bills, each `YYYY-MM` (e.g. `2023-01`), 1 or more; duplicates are read once. " +
			"Give either `months` or `from_month` and `to_month`; `provider::tcintl::months(from, to)` lists a range.",
		ElementType: types.StringType,
		Optional:    true,
		Validators:  []validator.List{listvalidator.SizeAtLeast(1), listvalidator.NoNullValues(), listvalidator.ValueStringsAre(monthValidator)},
	}
	attributes["from_month"] = schema.StringAttribute{
		MarkdownDescription: "First month of an inclusive range of months, `YYYY-MM`; needs `to_month`, excludes `months`.",
		Optional:            true,
		Validators:          []validator.String{monthValidator},
	}
	attributes["to_month"] = schema.StringAttribute{
		MarkdownDescription: "Last month of the range, `YYYY-MM`, not before `from_month`.",
		Optional:            true,
		Validators:          []validator.String{monthValidator},
	}
	attributes["bills"] = schema.ListNestedAttribute{
		MarkdownDescription: "One bill per customer and month, sorted by `customer_uin`, then `month`.",
		Computed:            true,
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"customer_uin": schema.Int64Attribute{MarkdownDescription: "UIN of the customer.", Computed: true},
			"month":        schema.StringAttribute{MarkdownDescription: "Month of the bill, `YYYY-MM`.", Computed: true},
			"total_cost": schema.NumberAttribute{
				MarkdownDescription: "Total amount of the bill, exactly the decimal the API answered.",
				Computed:            true,
			},
			"request_id": requestIDAttribute("`total_cost`"),
		}},
	}
	attributes["total_cost"] = schema.NumberAttribute{
		MarkdownDescription: "Exact decimal sum of every bill's `total_cost` (unlike `sum()`, which adds binary floats).",
		Computed:            true,
	}
	attributes["totals_by_customer"] = schema.MapAttribute{
		MarkdownDescription: "Exact sum of each customer's bills, keyed by the UIN written as a decimal string (`\"100000000001\"`).",
		ElementType:         types.NumberType,
		Computed:            true,
	}
	attributes["totals_by_month"] = schema.MapAttribute{
		MarkdownDescription: "Exact sum of each month's bills, keyed by the month (`\"2026-03\"`).",
		ElementType:         types.NumberType,
		Computed:            true,
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Total bill amounts of many customers over many months, from one `DescribeCustomerBillSummary` per " +
			"customer and month, with their exact sums. Only distributors, second-level resellers and resellers can read them, " +
			"for customers they manage. " + paceNote(apispec.CustomerBillSummary) + " N different bills take about N − 1 intervals of it " +
			"(300 customers × 3 months ≈ 15 minutes at 1 per second), and a bill another block of the run reads too is read once. " +
			"At most " + strconv.Itoa(maxBillPairs) + " customer-month pairs per block.",
		Attributes: attributes,
	}
}

// ConfigValidators are what the framework can say about the arguments.
func (d *customerBillSummariesDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("months"), path.MatchRoot("from_month")),
		datasourcevalidator.RequiredTogether(path.MatchRoot("from_month"), path.MatchRoot("to_month")),
	}
}

// ValidateConfig says what the validators cannot: that the range runs
// forwards, and how many lookups the block makes. Terraform and OpenTofu
// validate again with the values known just before the read, so arguments
// that come from another data source (customer_uins from tcintl_customers)
// are checked before any bill is looked up too.
func (d *customerBillSummariesDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var model customerBillSummariesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if !resp.Diagnostics.HasError() {
		_, diags := model.lookups()
		resp.Diagnostics.Append(diags...)
	}
}

func (d *customerBillSummariesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model customerBillSummariesModel
	defer d.reportPacingFallback(&resp.Diagnostics)
	if !d.start(ctx, req, &model, apispec.CustomerBillSummary, &resp.Diagnostics) {
		return
	}
	lookups, diags := model.lookups()
	resp.Diagnostics.Append(diags...)
	if lookups == nil {
		resp.Diagnostics.AddError("Unknown or invalid arguments at the read",
			"The arguments were validated, yet the read got values it cannot look up. This is a bug in the provider or in Terraform; please report it.")
	}
	if resp.Diagnostics.HasError() {
		return
	}

	pairs := lookups.pairs()
	report := newProgress(ctx, len(pairs), d.client.Interval(apispec.CustomerBillSummary))
	answers, err := d.client.CustomerBillSummaries(ctx, len(pairs), func(i int) tcapi.BillRequest {
		return billRequest(pairs[i].customer, pairs[i].month, lookups.filters)
	}, report.done)
	if err != nil {
		d.pairFailed(err, pairs, &resp.Diagnostics)
		return
	}
	resp.Diagnostics.Append(model.setAnswers(pairs, answers)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}

// pairFailed reports a failed batch: the failed pair's customer and month,
// then what any failed bill lookup reports.
func (d *customerBillSummariesDataSource) pairFailed(err error, pairs []billPair, diags *diag.Diagnostics) {
	var batchErr *tcapi.BatchError
	if !errors.As(err, &batchErr) || batchErr.Index < 0 || batchErr.Index >= len(pairs) {
		d.failed(apispec.CustomerBillSummary, err, diags)
		return
	}
	p := pairs[batchErr.Index]
	summary, detail := errorDiagnostic(apispec.CustomerBillSummary, err, d.client.CredentialSource())
	diags.AddError(
		d.client.Redact(fmt.Sprintf("%s for customer_uin %d, month %s", summary, p.customer, p.month)),
		d.client.Redact(fmt.Sprintf("Customer UIN: %d\nMonth: %s\nNo further bill was looked up after this one failed.\n%s", p.customer, p.month, detail)))
}

// billLookups are the customers and months to look up, each once and
// sorted, and the filters.
type billLookups struct {
	customers []int64
	months    []string
	filters   billFilterValues
}

// billPair is one lookup.
type billPair struct {
	customer int64
	month    string
}

// pairs are every (customer, month), sorted by customer then month.
func (l *billLookups) pairs() []billPair {
	out := make([]billPair, 0, len(l.customers)*len(l.months))
	for _, c := range l.customers {
		for _, m := range l.months {
			out = append(out, billPair{customer: c, month: m})
		}
	}
	return out
}

// lookups expands the arguments into lookups, refusing a range that runs
// backwards and more than maxBillPairs distinct pairs. It is nil, without a
// diagnostic, while an argument is unknown or invalid: the validators report
// the invalid ones.
func (m *customerBillSummariesModel) lookups() (*billLookups, diag.Diagnostics) {
	var diags diag.Diagnostics
	l := &billLookups{filters: billFilterValues{PayMode: m.PayMode, ActionType: m.ActionType, IsConfirmed: m.IsConfirmed}}
	for _, v := range []types.String{m.PayMode, m.ActionType, m.IsConfirmed} {
		if v.IsUnknown() {
			return nil, nil
		}
	}
	if m.CustomerUins.IsUnknown() || m.CustomerUins.IsNull() {
		return nil, nil
	}
	for _, e := range m.CustomerUins.Elements() {
		n, ok := e.(types.Number)
		if !ok || n.IsUnknown() || n.IsNull() {
			return nil, nil
		}
		uin, ok := uinOf(n)
		if !ok {
			return nil, nil
		}
		l.customers = append(l.customers, uin)
	}
	l.customers = slices.Compact(slices.Sorted(slices.Values(l.customers)))

	var count int
	switch {
	case !m.Months.IsNull():
		if m.Months.IsUnknown() {
			return nil, nil
		}
		for _, e := range m.Months.Elements() {
			s, ok := e.(types.String)
			if !ok || s.IsUnknown() || s.IsNull() || !months.Pattern.MatchString(s.ValueString()) {
				return nil, nil
			}
			l.months = append(l.months, s.ValueString())
		}
		l.months = slices.Compact(slices.Sorted(slices.Values(l.months)))
		count = len(l.months)
	default:
		if m.FromMonth.IsUnknown() || m.ToMonth.IsUnknown() || m.FromMonth.IsNull() || m.ToMonth.IsNull() {
			return nil, nil
		}
		from, to := m.FromMonth.ValueString(), m.ToMonth.ValueString()
		n, err := months.Count(from, to)
		switch {
		case err != nil:
			return nil, nil
		case n < 1:
			diags.AddAttributeError(path.Root("from_month"), "Invalid month range",
				fmt.Sprintf("from_month %s is after to_month %s: the range is inclusive and runs forwards.", from, to))
			return nil, diags
		}
		count = n
	}
	if n := len(l.customers) * count; n > maxBillPairs {
		diags.AddAttributeError(path.Root("customer_uins"), "Too many bills for one block",
			fmt.Sprintf("customer_uins and the months make %d distinct (customer, month) pairs (%d customers × %d months); "+
				"a tcintl_customer_bill_summaries block reads at most %d. Split the customers or the months over several blocks.",
				n, len(l.customers), count, maxBillPairs))
		return nil, diags
	}
	if l.months == nil {
		l.months = months.Between(m.FromMonth.ValueString(), m.ToMonth.ValueString())
	}
	return l, diags
}

// setAnswers maps the answers, one per pair in the same order, to the
// computed attributes: the bills, and their exact sums in total, per
// customer and per month.
func (m *customerBillSummariesModel) setAnswers(pairs []billPair, answers []*tcapi.BillSummary) diag.Diagnostics {
	var diags diag.Diagnostics
	var total decimal.Decimal
	byCustomer, byMonth := sums{}, sums{}
	bills := make([]attr.Value, len(pairs))
	for i, p := range pairs {
		a := answers[i]
		if a == nil || a.TotalCost == nil {
			diags.AddError("Missing bill", fmt.Sprintf("No amount for customer %d, month %s. This is a bug in the provider; please report it.", p.customer, p.month))
			return diags
		}
		total = total.Add(*a.TotalCost)
		byCustomer.add(strconv.FormatInt(p.customer, 10), *a.TotalCost)
		byMonth.add(p.month, *a.TotalCost)
		bill, d := types.ObjectValue(billObjectType.AttrTypes, map[string]attr.Value{
			"customer_uin": types.Int64Value(p.customer),
			"month":        types.StringValue(p.month),
			"total_cost":   types.NumberValue(a.TotalCost.Number()),
			"request_id":   nonEmptyString(a.RequestId),
		})
		diags.Append(d...)
		bills[i] = bill
	}
	list, d := types.ListValue(billObjectType, bills)
	diags.Append(d...)
	m.Bills = list
	m.TotalCost = types.NumberValue(total.Number())
	m.TotalsByCustomer = byCustomer.value(&diags)
	m.TotalsByMonth = byMonth.value(&diags)
	return diags
}

// progress logs how far a long read is, at most every progressEvery and
// when it is done, in the provider's INFO log.
type progress struct {
	ctx   context.Context // the read's, for its logger: the batch calls done from its goroutines
	total int

	mu   sync.Mutex
	last time.Time
	now  func() time.Time
	log  func(ctx context.Context, msg string)
}

func newProgress(ctx context.Context, total int, pace time.Duration) *progress {
	p := &progress{ctx: ctx, total: total, now: time.Now, log: func(ctx context.Context, msg string) { tflog.Info(ctx, msg) }}
	p.start(pace)
	return p
}

// start says how long the read will take at the API's pace: the first
// lookup goes at once, each other one pace later.
func (p *progress) start(pace time.Duration) {
	p.last = p.now()
	msg := fmt.Sprintf("bill summaries: %d to look up", p.total)
	if pace > 0 && p.total > 1 {
		msg += fmt.Sprintf(", about %s at the API's pace", (time.Duration(p.total-1) * pace).Round(time.Second))
	}
	p.log(p.ctx, msg)
}

// done is called after each answer with the number answered so far.
func (p *progress) done(answered int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if answered < p.total && now.Sub(p.last) < progressEvery {
		return
	}
	p.last = now
	p.log(p.ctx, fmt.Sprintf("bill summaries: %d of %d done", answered, p.total))
}
