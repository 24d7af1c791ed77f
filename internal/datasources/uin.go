package datasources

import (
	"context"
	"fmt"
	"math"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tcintl/terraform-provider-tcintl/internal/decimal"
)

// uinRule says what a customer UIN is.
var uinRule = fmt.Sprintf("a customer UIN, a whole number from 1 to %d", int64(math.MaxInt64))

// uinValidator checks a customer UIN argument. UIN arguments are Numbers
// with this validator, not Int64s: the framework answers an Int64 argument
// of 1.5 or 9223372036854775808 with a conversion error it calls a bug in
// the provider, where this names the attribute and the value.
type uinValidator struct{}

var _ validator.Number = uinValidator{}

func (uinValidator) Description(context.Context) string         { return "must be " + uinRule }
func (uinValidator) MarkdownDescription(context.Context) string { return "must be " + uinRule }

func (uinValidator) ValidateNumber(_ context.Context, req validator.NumberRequest, resp *validator.NumberResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, ok := uinOf(req.ConfigValue); !ok {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(),
			fmt.Sprintf("%s must be %s, got %s.", req.Path, uinRule, numberText(req.ConfigValue.ValueBigFloat())))
	}
}

// uinOf is the UIN a known number stands for.
func uinOf(n types.Number) (int64, bool) {
	f := n.ValueBigFloat()
	if f == nil || !f.IsInt() || f.Sign() <= 0 {
		return 0, false
	}
	i, acc := f.Int64()
	return i, acc == big.Exact
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

// sums adds decimals per key, for the totals_by_* maps.
type sums map[string]decimal.Decimal

func (s sums) add(key string, d decimal.Decimal) { s[key] = s[key].Add(d) }

// value is the map as a Terraform map of Numbers.
func (s sums) value(diags *diag.Diagnostics) types.Map {
	elems := make(map[string]attr.Value, len(s))
	for k, d := range s {
		elems[k] = types.NumberValue(d.Number())
	}
	out, d := types.MapValue(types.NumberType, elems)
	diags.Append(d...)
	return out
}
