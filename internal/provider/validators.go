package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// stringCheck adapts a plain check to a schema validator, so that values the
// client would refuse at configure time are refused at plan time instead,
// with the attribute's path.
type stringCheck struct {
	description string
	check       func(string) error
}

var _ validator.String = stringCheck{}

func (v stringCheck) Description(context.Context) string         { return v.description }
func (v stringCheck) MarkdownDescription(context.Context) string { return v.description }

func (v stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := v.check(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(), err.Error()+".")
	}
}

// rateBetween accepts a rate from min to max: below min a call would wait
// longer than a lookup's deadline for its turn, beyond max pacing is moot.
// The message says the rate as a rate, which float64validator.Between's
// fixed-point "0.010000" does not.
type rateBetween struct {
	min, max float64
}

var _ validator.Float64 = rateBetween{}

func (v rateBetween) Description(context.Context) string {
	return fmt.Sprintf("from %g (one call every %g s) to %g requests per second", v.min, 1/v.min, v.max)
}

func (v rateBetween) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v rateBetween) ValidateFloat64(ctx context.Context, req validator.Float64Request, resp *validator.Float64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if r := req.ConfigValue.ValueFloat64(); !(r >= v.min && r <= v.max) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(), fmt.Sprintf("Must be %s, got %g.", v.Description(ctx), r))
	}
}
