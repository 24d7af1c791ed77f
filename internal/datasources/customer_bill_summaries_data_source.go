package datasources

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/big"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"
)

var (
	_ datasource.DataSourceWithConfigure      = (*customerBillSummariesDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*customerBillSummariesDataSource)(nil)
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
	"customer_uin": types.NumberType,
	"month":        types.StringType,
	"total_cost":   types.NumberType,
	"request_id":   types.StringType,
}}

func (d *customerBillSummariesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_customer_bill_summaries"
}

func (d *customerBillSummariesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attributes := filterAttributes(false, " Applied to every lookup.")
	attributes["customer_uins"] = schema.ListAttribute{
		MarkdownDescription: "UINs of the customers, 1 or more, each a whole number from 1 to 9223372036854775807. " +
			"Duplicates are read once. `data.tcintl_customers.<name>.customer_uins` is every customer of the account.",
		ElementType: types.NumberType,
		Required:    true,
	}
	attributes["months"] = schema.ListAttribute{
		MarkdownDescription: "Months of the bills, each `YYYY-MM` (e.g. `2023-01`), 1 or more; duplicates are read once. " +
			"Give either `months` or `from_month` and `to_month`.",
		ElementType: types.StringType,
		Optional:    true,
	}
	attributes["from_month"] = schema.StringAttribute{
		MarkdownDescription: "First month of an inclusive range of months, `YYYY-MM`; needs `to_month`, excludes `months`.",
		Optional:            true,
	}
	attributes["to_month"] = schema.StringAttribute{
		MarkdownDescription: "Last month of the range, `YYYY-MM`, not before `from_month`.",
		Optional:            true,
	}
	attributes["bills"] = schema.ListNestedAttribute{
		MarkdownDescription: "One bill per customer and month, sorted by `customer_uin`, then `month`.",
		Computed:            true,
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"customer_uin": schema.NumberAttribute{MarkdownDescription: "UIN of the customer.", Computed: true},
			"month":        schema.StringAttribute{MarkdownDescription: "Month of the bill, `YYYY-MM`.", Computed: true},
			"total_cost": schema.NumberAttribute{
				MarkdownDescription: "Total amount of the bill, exactly the decimal the API answered.",
				Computed:            true,
			},
			"request_id": schema.StringAttribute{
				MarkdownDescription: "ID of the API request that produced `total_cost`; quote it to Tencent Cloud support.",
				Computed:            true,
			},
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
			"for customers they manage. The API allows 1 request per second: N different bills take about N − 1 seconds " +
			"(300 customers × 3 months ≈ 15 minutes), and a bill another block of the run reads too is read once. " +
			"At most 10,000 customer-month pairs per block.",
		Attributes: attributes,
	}
}

// ValidateConfig refuses bad arguments before any call, naming the
// attribute. Values not known yet (customer_uins from tcintl_customers,
// say) are checked again by Read before its first call.
func (d *customerBillSummariesDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var model customerBillSummariesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	_, diags := model.lookups(ctx, false)
	resp.Diagnostics.Append(diags...)
}

func (d *customerBillSummariesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !d.configured(apispec.CustomerBillSummary, &resp.Diagnostics) {
		return
	}
	var model customerBillSummariesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	lookups, diags := model.lookups(ctx, true)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	pairs := lookups.pairs()
	report := newProgress(ctx, len(pairs), d.client.Pace(apispec.CustomerBillSummary))
	answers, err := d.client.DescribeCustomerBillSummaries(ctx, len(pairs), func(i int) *tcapi.DescribeCustomerBillSummaryRequest {
		return newBillRequest(pairs[i].customer, pairs[i].month, lookups.filters)
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

// billLookups are validated arguments: every customer and every month,
// each once and sorted, and the filters.
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

// lookups checks the arguments and, when all are known and valid, expands
// them. With requireKnown unset (ValidateConfig) an unknown value is left
// for later; with it set (Read, where Terraform has resolved every value)
// one is an error, because a lookup cannot be made from it.
func (m *customerBillSummariesModel) lookups(ctx context.Context, requireKnown bool) (*billLookups, diag.Diagnostics) {
	var diags diag.Diagnostics
	unknown := func(p path.Path) {
		if requireKnown {
			diags.AddAttributeError(p, "Unknown value for "+p.String(),
				"The value of "+p.String()+" is not known, so no bill can be looked up for it. This is a bug in the provider or in Terraform; please report it.")
		}
	}
	l := &billLookups{filters: billFilterValues{PayMode: m.PayMode, ActionType: m.ActionType, IsConfirmed: m.IsConfirmed}}

	// Filters.
	values := map[string]types.String{"pay_mode": m.PayMode, "action_type": m.ActionType, "is_confirmed": m.IsConfirmed}
	for _, f := range billFilters() {
		v := values[f.name]
		if v.IsUnknown() {
			unknown(path.Root(f.name))
			continue
		}
		diags.Append(runStringValidator(ctx, f.validator, path.Root(f.name), v)...)
	}

	// Customers.
	customersKnown := false
	switch p := path.Root("customer_uins"); {
	case m.CustomerUins.IsUnknown():
		unknown(p)
	case m.CustomerUins.IsNull():
		diags.AddAttributeError(p, "Missing customer_uins", "customer_uins must list 1 or more customer UINs.")
	default:
		customersKnown = true
		elems := m.CustomerUins.Elements()
		if len(elems) == 0 {
			diags.AddAttributeError(p, "Invalid customer_uins", "customer_uins must list 1 or more customer UINs, got an empty list.")
		}
		for i, e := range elems {
			uin, ok, d := customerUIN(p.AtListIndex(i), fmt.Sprintf("customer_uins[%d]", i), e)
			diags.Append(d...)
			switch {
			case ok:
				l.customers = append(l.customers, uin)
			case !d.HasError():
				customersKnown = false
				unknown(p.AtListIndex(i))
			}
		}
	}

	// Months: a list or a range, not both.
	monthsKnown := false
	var rangeCount int64
	hasList := !m.Months.IsNull()
	hasRange := !m.FromMonth.IsNull() || !m.ToMonth.IsNull()
	switch {
	case hasList && hasRange:
		diags.AddAttributeError(path.Root("months"), "Conflicting months arguments",
			"Give either months (a list of YYYY-MM) or from_month and to_month (an inclusive range), not both.")
	case !hasList && !hasRange:
		diags.AddAttributeError(path.Root("months"), "Missing months",
			"Give either months (a list of YYYY-MM) or from_month and to_month (an inclusive range).")
	case hasList:
		monthsKnown, l.months = m.monthList(ctx, &diags, unknown)
	default:
		monthsKnown, rangeCount = m.monthRange(ctx, &diags, unknown)
	}

	// The number of lookups, before expanding a range into a slice.
	if customersKnown && monthsKnown {
		customers := len(slices.Compact(slices.Sorted(slices.Values(l.customers))))
		months := int64(len(l.months))
		if hasRange {
			months = rangeCount
		}
		if n := int64(customers) * months; n > maxBillPairs {
			diags.AddAttributeError(path.Root("customer_uins"), "Too many bills for one block",
				fmt.Sprintf("customer_uins and the months make %d (customer, month) pairs (%d customers × %d months); "+
					"a tcintl_customer_bill_summaries block reads at most %d. Split the customers or the months over several blocks.",
					n, customers, months, maxBillPairs))
		}
	}
	if diags.HasError() || !customersKnown || !monthsKnown {
		return nil, diags
	}
	if hasRange {
		l.months = monthsBetween(m.FromMonth.ValueString(), m.ToMonth.ValueString())
	}
	l.customers = slices.Compact(slices.Sorted(slices.Values(l.customers)))
	l.months = slices.Compact(slices.Sorted(slices.Values(l.months)))
	return l, diags
}

// monthList checks months; known reports whether every month is known.
func (m *customerBillSummariesModel) monthList(ctx context.Context, diags *diag.Diagnostics, unknown func(path.Path)) (known bool, months []string) {
	p := path.Root("months")
	if m.Months.IsUnknown() {
		unknown(p)
		return false, nil
	}
	elems := m.Months.Elements()
	if len(elems) == 0 {
		diags.AddAttributeError(p, "Invalid months", "months must list 1 or more months, got an empty list.")
	}
	known = true
	for i, e := range elems {
		ep := p.AtListIndex(i)
		s, ok := e.(types.String)
		switch {
		case !ok:
			diags.AddAttributeError(ep, "Invalid months", fmt.Sprintf("months[%d] is not a string.", i))
		case s.IsUnknown():
			known = false
			unknown(ep)
		case s.IsNull():
			diags.AddAttributeError(ep, "Invalid months", fmt.Sprintf("months[%d] is null: every element must be a month, YYYY-MM.", i))
		default:
			d := runStringValidator(ctx, monthValidator, ep, s)
			diags.Append(d...)
			months = append(months, s.ValueString())
		}
	}
	return known, months
}

// monthRange checks from_month and to_month; count is the number of months
// from one to the other.
func (m *customerBillSummariesModel) monthRange(ctx context.Context, diags *diag.Diagnostics, unknown func(path.Path)) (known bool, count int64) {
	known = true
	for _, a := range []struct {
		name, other string
		v           types.String
	}{{"from_month", "to_month", m.FromMonth}, {"to_month", "from_month", m.ToMonth}} {
		p := path.Root(a.name)
		switch {
		case a.v.IsUnknown():
			known = false
			unknown(p)
		case a.v.IsNull():
			known = false
			diags.AddAttributeError(p, "Missing "+a.name, a.name+" is required with "+a.other+": the range of months needs both ends.")
		default:
			d := runStringValidator(ctx, monthValidator, p, a.v)
			diags.Append(d...)
			known = known && !d.HasError()
		}
	}
	if !known {
		return false, 0
	}
	from, to := monthIndex(m.FromMonth.ValueString()), monthIndex(m.ToMonth.ValueString())
	if from > to {
		diags.AddAttributeError(path.Root("from_month"), "Invalid month range",
			fmt.Sprintf("from_month %s is after to_month %s: the range is inclusive and runs forwards.", m.FromMonth.ValueString(), m.ToMonth.ValueString()))
		return false, 0
	}
	return true, to - from + 1
}

// monthIndex counts months from year 0; the month must match MonthPattern.
func monthIndex(month string) int64 {
	year, _ := strconv.ParseInt(month[:4], 10, 64)
	mon, _ := strconv.ParseInt(month[5:], 10, 64)
	return year*12 + mon - 1
}

// monthsBetween lists the months from from to to, inclusive.
func monthsBetween(from, to string) []string {
	var out []string
	for i := monthIndex(from); i <= monthIndex(to); i++ {
		out = append(out, fmt.Sprintf("%04d-%02d", i/12, i%12+1))
	}
	return out
}

// customerUIN checks one element of customer_uins. ok is false for an
// invalid value (diags says why) and for an unknown one (diags is empty).
func customerUIN(p path.Path, name string, v attr.Value) (uin int64, ok bool, diags diag.Diagnostics) {
	n, isNumber := v.(types.Number)
	switch {
	case !isNumber:
		diags.AddAttributeError(p, "Invalid customer_uins", name+" is not a number.")
		return 0, false, diags
	case n.IsUnknown():
		return 0, false, nil
	case n.IsNull():
		diags.AddAttributeError(p, "Invalid customer_uins", name+" is null: every element must be a customer UIN.")
		return 0, false, diags
	}
	f := n.ValueBigFloat()
	if f.IsInt() && f.Sign() > 0 {
		if i, acc := f.Int64(); acc == big.Exact {
			return i, true, nil
		}
	}
	diags.AddAttributeError(p, "Invalid customer_uins",
		fmt.Sprintf("%s must be a customer UIN, a whole number from 1 to %d, got %s.", name, int64(math.MaxInt64), numberText(f)))
	return 0, false, diags
}

// numberText writes a configured number the way it was likely written.
func numberText(f *big.Float) string {
	if f.IsInf() {
		return f.String()
	}
	if exp := f.MantExp(nil); exp > 200 || exp < -200 {
		return f.Text('g', 20)
	}
	return f.Text('f', -1)
}

// runStringValidator runs v on one value, as the framework would for an
// attribute that has it.
func runStringValidator(ctx context.Context, v validator.String, p path.Path, value types.String) diag.Diagnostics {
	if value.IsNull() || value.IsUnknown() {
		return nil
	}
	var resp validator.StringResponse
	v.ValidateString(ctx, validator.StringRequest{Path: p, PathExpression: p.Expression(), ConfigValue: value}, &resp)
	return resp.Diagnostics
}

// setAnswers maps the answers, one per pair in the same order, to the
// computed attributes: the bills, and their exact sums in total, per
// customer and per month.
func (m *customerBillSummariesModel) setAnswers(pairs []billPair, answers []*tcapi.DescribeCustomerBillSummaryResponseParams) diag.Diagnostics {
	var diags diag.Diagnostics
	var total tcapi.DecimalSum
	byCustomer := make(map[string]*tcapi.DecimalSum)
	byMonth := make(map[string]*tcapi.DecimalSum)
	add := func(sums map[string]*tcapi.DecimalSum, key string, d tcapi.Decimal) {
		s := sums[key]
		if s == nil {
			s = new(tcapi.DecimalSum)
			sums[key] = s
		}
		s.Add(d)
	}
	bills := make([]attr.Value, len(pairs))
	for i, p := range pairs {
		a := answers[i]
		if a == nil || a.TotalCost == nil {
			diags.AddError("Missing bill", fmt.Sprintf("No amount for customer %d, month %s. This is a bug in the provider; please report it.", p.customer, p.month))
			return diags
		}
		customer := strconv.FormatInt(p.customer, 10)
		total.Add(*a.TotalCost)
		add(byCustomer, customer, *a.TotalCost)
		add(byMonth, p.month, *a.TotalCost)
		bill, d := types.ObjectValue(billObjectType.AttrTypes, map[string]attr.Value{
			"customer_uin": types.NumberValue(new(big.Float).SetInt64(p.customer)),
			"month":        types.StringValue(p.month),
			"total_cost":   types.NumberValue(a.TotalCost.BigFloat()),
			"request_id":   nonEmptyString(a.RequestId),
		})
		diags.Append(d...)
		bills[i] = bill
	}
	list, d := types.ListValue(billObjectType, bills)
	diags.Append(d...)
	m.Bills = list
	m.TotalCost = types.NumberValue(total.BigFloat())
	m.TotalsByCustomer = sumsMap(byCustomer, &diags)
	m.TotalsByMonth = sumsMap(byMonth, &diags)
	return diags
}

func sumsMap(sums map[string]*tcapi.DecimalSum, diags *diag.Diagnostics) types.Map {
	elems := make(map[string]attr.Value, len(sums))
	for k, s := range sums {
		elems[k] = types.NumberValue(s.BigFloat())
	}
	out, d := types.MapValue(types.NumberType, elems)
	diags.Append(d...)
	return out
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
