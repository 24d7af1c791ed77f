package functions

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tcintl/terraform-provider-tcintl/internal/months"
)

var _ function.Function = monthsFunction{}

// maxMonths bounds the list: a hundred years of months is more than any
// bill history, so a longer range is a typo (2206 for 2026), not a plan.
const maxMonths = 1200

// NewMonths returns the months function.
func NewMonths() function.Function {
	return monthsFunction{}
}

type monthsFunction struct{}

func (monthsFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "months"
}

func (monthsFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	month := func(name, what string) function.StringParameter {
		return function.StringParameter{
			Name:                name,
			MarkdownDescription: what + ", `YYYY-MM` with the month from `01` to `12`.",
		}
	}
	resp.Definition = function.Definition{
		Summary: "Every month from one to another, inclusive, as YYYY-MM",
		MarkdownDescription: "Lists every month from `from` to `to`, both included, in order, written `YYYY-MM` as the bill data sources take them: " +
			"for `for_each` over `tcintl_customer_bill_summary`, or for the `months` of `tcintl_customer_bill_summaries`. " +
			"`provider::tcintl::months(\"2025-11\", \"2026-02\")` is `[\"2025-11\", \"2025-12\", \"2026-01\", \"2026-02\"]`. " +
			fmt.Sprintf("`from` after `to`, a month not written `YYYY-MM`, and a range of more than %d months (a hundred years) are errors naming the argument.", maxMonths) + requirements,
		Parameters: []function.Parameter{
			month("from", "First month of the range"),
			month("to", "Last month of the range, not before `from`"),
		},
		Return: function.ListReturn{ElementType: types.StringType},
	}
}

func (monthsFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var from, to string
	resp.Error = req.Arguments.Get(ctx, &from, &to)
	if resp.Error != nil {
		return
	}
	// Each month on its own first, so that the error names its argument.
	for i, m := range []string{from, to} {
		if _, err := months.Count(m, m); err != nil {
			resp.Error = function.NewArgumentFuncError(int64(i), err.Error()+".")
			return
		}
	}
	n, _ := months.Count(from, to) // both are months, checked above
	switch {
	case n < 1:
		resp.Error = function.NewArgumentFuncError(0, fmt.Sprintf("from %q is after to %q: the range is inclusive and runs forwards.", from, to))
	case n > maxMonths:
		resp.Error = function.NewArgumentFuncError(1, fmt.Sprintf("from %q to %q is %d months; a range may hold at most %d.", from, to, n, maxMonths))
	default:
		resp.Error = resp.Result.Set(ctx, months.Between(from, to))
	}
}
