package functions

import (
	"math"
	"math/big"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tcintl/terraform-provider-tcintl/internal/decimal"
)

// number is s as Terraform sends it: parsed at the precision of its numbers.
func number(t *testing.T, s string) types.Number {
	t.Helper()
	f, _, err := big.ParseFloat(s, 10, decimal.Precision, big.ToNearestEven)
	if err != nil {
		t.Fatal(err)
	}
	return types.NumberValue(f)
}

// numbers is a list argument of the numbers written in texts.
func numbers(t *testing.T, texts ...string) []attr.Value {
	t.Helper()
	out := make([]attr.Value, len(texts))
	for i, s := range texts {
		out[i] = number(t, s)
	}
	return out
}

// runDecimalSum calls decimal_sum on elements as the framework does.
func runDecimalSum(t *testing.T, elements []attr.Value) function.RunResponse {
	t.Helper()
	list, diags := types.ListValue(types.NumberType, elements)
	if diags.HasError() {
		t.Fatal(diags)
	}
	resp := function.RunResponse{Result: function.NewResultData(types.NumberUnknown())}
	NewDecimalSum().Run(t.Context(), function.RunRequest{Arguments: function.NewArgumentsData([]attr.Value{list})}, &resp)
	return resp
}

func TestDecimalSum(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		texts []string
		want  string
	}{
		{"the empty list is 0", nil, "0"},
		{"500 × 0.1 is 50", slices.Repeat([]string{"0.1"}, 500), "50"},
		{"the issue's amounts", []string{"98765432109876.54321", "0.1"}, "98765432109876.64321"},
		{"a thousand cents", slices.Repeat([]string{"0.01"}, 1000), "10"},
		{"a refund cancels a charge", []string{"7.5", "-7.5"}, "0"},
		{"a negative sum", []string{"1", "-1.25"}, "-0.25"},
		{"one number", []string{"1234567.89"}, "1234567.89"},
		{"written with exponents", []string{"1e2", "2.5e-3"}, "100.0025"},
		{"the widest numbers", []string{"1e39", "1e-40"}, "1" + strings.Repeat("0", 39) + "." + strings.Repeat("0", 39) + "1"},
		{"the largest numbers, many times", slices.Repeat([]string{strings.Repeat("9", decimal.MaxIntegerDigits) + "." + strings.Repeat("9", decimal.MaxFractionDigits)}, 100),
			// 100 × (10^40 - 10^-40)
			strings.Repeat("9", decimal.MaxIntegerDigits+2) + "." + strings.Repeat("9", decimal.MaxFractionDigits-2)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			resp := runDecimalSum(t, numbers(t, tt.texts...))
			if resp.Error != nil {
				t.Fatalf("error: %v", resp.Error)
			}
			got, ok := resp.Result.Value().(types.Number)
			if !ok || got.IsNull() || got.IsUnknown() {
				t.Fatalf("result %v, want a number", resp.Result.Value())
			}
			if text := got.ValueBigFloat().Text('f', -1); text != tt.want {
				t.Errorf("sum renders %s, want %s", text, tt.want)
			}
		})
	}
}

func TestDecimalSumRefusesBadElements(t *testing.T) {
	t.Parallel()
	const bounds = "; each number may have at most 40 digits before the point and 40 after it."
	infinite := types.NumberValue(big.NewFloat(math.Inf(1)))
	third := new(big.Float).SetPrec(decimal.Precision).Quo(big.NewFloat(1), big.NewFloat(3))
	tests := []struct {
		name     string
		elements func(t *testing.T) []attr.Value
		want     string
	}{
		{"the only element null", func(*testing.T) []attr.Value { return []attr.Value{types.NumberNull()} },
			"numbers[0] is null: every element must be a number."},
		{"a null in the middle", func(t *testing.T) []attr.Value {
			return append(numbers(t, "1", "2", "3"), types.NumberNull(), number(t, "5"))
		}, "numbers[3] is null: every element must be a number."},
		{"a null last", func(t *testing.T) []attr.Value { return append(numbers(t, "0.1", "0.2"), types.NumberNull()) },
			"numbers[2] is null: every element must be a number."},
		{"a null after an unknown", func(t *testing.T) []attr.Value {
			return []attr.Value{types.NumberUnknown(), types.NumberNull()}
		}, "numbers[1] is null: every element must be a number."},
		{"41 digits before the point", func(t *testing.T) []attr.Value { return numbers(t, "1", "1e40") },
			`numbers[1]: "1e+40" has more than 40 digits before the point` + bounds},
		{"41 negative digits", func(t *testing.T) []attr.Value { return numbers(t, "-1e40") },
			`numbers[0]: "-1e+40" has more than 40 digits before the point` + bounds},
		{"41 digits after the point", func(t *testing.T) []attr.Value { return numbers(t, "0", "0", "1e-41") },
			`numbers[2]: "1e-41" has more than 40 digits after the point` + bounds},
		{"a third, which no decimal writes", func(*testing.T) []attr.Value { return []attr.Value{types.NumberValue(third)} },
			`numbers[0]: "0.33333333333333333333333333333333333333"…(157 bytes) has more than 40 digits after the point` + bounds},
		{"far out of range", func(t *testing.T) []attr.Value { return numbers(t, "1e300") },
			`numbers[0]: "1e+300" is out of range` + bounds},
		{"infinite", func(t *testing.T) []attr.Value { return []attr.Value{number(t, "1"), infinite} },
			`numbers[1]: +Inf is not a finite number` + bounds},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			resp := runDecimalSum(t, tt.elements(t))
			wantArgumentError(t, resp.Error, 0, tt.want)
		})
	}
}

// An unknown element makes the sum unknown; the known ones are still
// checked (see TestDecimalSumRefusesBadElements).
func TestDecimalSumOfAnUnknownIsUnknown(t *testing.T) {
	t.Parallel()
	resp := runDecimalSum(t, append(numbers(t, "0.1"), types.NumberUnknown(), number(t, "0.2")))
	if resp.Error != nil {
		t.Fatalf("error: %v", resp.Error)
	}
	if got := resp.Result.Value(); !got.IsUnknown() {
		t.Errorf("result %s, want unknown", got)
	}
}

// wantArgumentError checks that err is exactly want, about the argument at
// position.
func wantArgumentError(t *testing.T, err *function.FuncError, position int64, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %q", want)
	}
	if err.FunctionArgument == nil || *err.FunctionArgument != position {
		t.Errorf("error about argument %v, want %d", err.FunctionArgument, position)
	}
	if err.Text != want {
		t.Errorf("error %q,\nwant    %q", err.Text, want)
	}
}
