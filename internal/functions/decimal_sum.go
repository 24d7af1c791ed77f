package functions

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tcintl/terraform-provider-tcintl/internal/decimal"
)

var _ function.Function = decimalSum{}

// NewDecimalSum returns the decimal_sum function.
func NewDecimalSum() function.Function {
	return decimalSum{}
}

type decimalSum struct{}

func (decimalSum) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "decimal_sum"
}

func (decimalSum) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "The exact decimal sum of a list of numbers",
		MarkdownDescription: "Adds a list of numbers as the decimals they are written as, so that amounts add up to the cent: " +
			"500 × `0.1` is `50`, where the built-in `sum()` adds binary fractions and gives `49.99999…976`. " +
			"The sum of an empty list is `0`. " +
			fmt.Sprintf("Each number may have at most %d digits before the point and %d after it, as bill amounts do; ", decimal.MaxIntegerDigits, decimal.MaxFractionDigits) +
			"the sum of any list of them is then exact. A number beyond those bounds (`1e41`, or `1/3`, which has no finite decimal) " +
			"and a null element are errors naming the element's index." + requirements,
		Parameters: []function.Parameter{
			function.ListParameter{
				Name:        "numbers",
				ElementType: types.NumberType,
				MarkdownDescription: fmt.Sprintf("The numbers to add, e.g. bills' `total_cost`: "+
					"none null, each with at most %d digits before the point and %d after it.", decimal.MaxIntegerDigits, decimal.MaxFractionDigits),
			},
		},
		Return: function.NumberReturn{},
	}
}

func (decimalSum) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var numbers []types.Number
	resp.Error = req.Arguments.Get(ctx, &numbers)
	if resp.Error != nil {
		return
	}
	amounts := make([]decimal.Decimal, 0, len(numbers))
	unknown := false
	for i, n := range numbers {
		switch {
		case n.IsUnknown():
			// Terraform and OpenTofu hold back a list with an unknown
			// element (AllowUnknownValues is off) and never send one; for
			// any other caller the sum is unknown, once every known
			// element has been checked.
			unknown = true
			continue
		case n.IsNull():
			resp.Error = function.NewArgumentFuncError(0, fmt.Sprintf("numbers[%d] is null: every element must be a number.", i))
			return
		}
		d, err := decimal.FromNumber(n.ValueBigFloat())
		if err != nil {
			resp.Error = function.NewArgumentFuncError(0, fmt.Sprintf("numbers[%d]: %v; each number may have at most %d digits before the point and %d after it.",
				i, err, decimal.MaxIntegerDigits, decimal.MaxFractionDigits))
			return
		}
		amounts = append(amounts, d)
	}
	if unknown {
		resp.Error = resp.Result.Set(ctx, types.NumberUnknown())
		return
	}
	resp.Error = resp.Result.Set(ctx, types.NumberValue(decimal.Sum(amounts...).Number()))
}
