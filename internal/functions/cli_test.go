package functions_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/tcintl/terraform-provider-tcintl/internal/acctest"
)

// functionsCLI skips the tests below provider functions' first versions
// (Terraform 1.8, OpenTofu 1.7). The tests serve the provider with no keys:
// the functions need none. Terraform calls them without configuring the
// provider, OpenTofu after configuring it, which must then succeed without
// keys.
var functionsCLI = []tfversion.TerraformVersionCheck{acctest.Needs(acctest.ProviderFunctions)}

func TestDecimalSumUnderTheCLI(t *testing.T) {
	t.Parallel()
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   functionsCLI,
		ProtoV6ProviderFactories: acctest.ProviderFactories(t),
		Steps: []resource.TestStep{{
			Config: `
locals {
  tenths = [for i in range(500) : 0.1]
}

output "tenths" {
  value = provider::tcintl::decimal_sum(local.tenths)
}

output "tenths_is_50" {
  value = provider::tcintl::decimal_sum(local.tenths) == 50
}

# The built-in sum() adds binary fractions: 49.999…976.
output "builtin_sum_is_50" {
  value = sum(local.tenths) == 50
}

output "empty" {
  value = provider::tcintl::decimal_sum([])
}

output "amounts" {
  value = provider::tcintl::decimal_sum([98765432109876.54321, 0.1, -0.00001])
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("tenths", acctest.ExactNumber("50")),
				statecheck.ExpectKnownOutputValue("tenths_is_50", knownvalue.Bool(true)),
				statecheck.ExpectKnownOutputValue("builtin_sum_is_50", knownvalue.Bool(false)),
				statecheck.ExpectKnownOutputValue("empty", acctest.ExactNumber("0")),
				statecheck.ExpectKnownOutputValue("amounts", acctest.ExactNumber("98765432109876.6432")),
			},
		}},
	})
}

// An element known only after apply makes the sum unknown in the plan (the
// CLI does not call the function then), and exact once applied.
func TestDecimalSumOfAnUnknownUnderTheCLI(t *testing.T) {
	t.Parallel()
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   functionsCLI,
		ProtoV6ProviderFactories: acctest.ProviderFactories(t),
		Steps: []resource.TestStep{{
			Config: `
resource "terraform_data" "later" {
  input = 0.2
}

output "sum" {
  value = provider::tcintl::decimal_sum([0.1, terraform_data.later.output])
}
`,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectUnknownOutputValue("sum")},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("sum", acctest.ExactNumber("0.3")),
			},
		}},
	})
}

func TestMonthsUnderTheCLI(t *testing.T) {
	t.Parallel()
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   functionsCLI,
		ProtoV6ProviderFactories: acctest.ProviderFactories(t),
		Steps: []resource.TestStep{{
			Config: `
output "months" {
  value = provider::tcintl::months("2025-11", "2026-02")
}

output "keys" {
  value = { for m in provider::tcintl::months("2025-12", "2026-01") : m => split("-", m)[0] }
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("months", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("2025-11"), knownvalue.StringExact("2025-12"),
					knownvalue.StringExact("2026-01"), knownvalue.StringExact("2026-02"),
				})),
				statecheck.ExpectKnownOutputValue("keys", knownvalue.MapExact(map[string]knownvalue.Check{
					"2025-12": knownvalue.StringExact("2025"), "2026-01": knownvalue.StringExact("2026"),
				})),
			},
		}},
	})
}

// Every error names the argument it is about, at plan time.
func TestFunctionErrorsUnderTheCLI(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, call string
		want       *regexp.Regexp
	}{
		{"a null element", `decimal_sum([1, 2, null, 4])`,
			acctest.ErrorMatching(`Invalid value for "numbers" parameter: numbers[2] is null: every element must be a number.`)},
		{"a number beyond the bounds", `decimal_sum([0.1, 1e40])`,
			acctest.ErrorMatching(`Invalid value for "numbers" parameter: numbers[1]: "1e+40" has more than 40 digits before the point`)},
		{"a bad from", `months("2026-13", "2026-12")`,
			acctest.ErrorMatching(`Invalid value for "from" parameter: "2026-13" is not a month in the form YYYY-MM`)},
		{"a bad to", `months("2026-01", "2026-1")`,
			acctest.ErrorMatching(`Invalid value for "to" parameter: "2026-1" is not a month in the form YYYY-MM`)},
		{"from after to", `months("2026-02", "2026-01")`,
			acctest.ErrorMatching(`Invalid value for "from" parameter: from "2026-02" is after to "2026-01"`)},
		{"too many months", `months("2000-01", "2100-01")`,
			acctest.ErrorMatching(`Invalid value for "to" parameter: from "2000-01" to "2100-01" is 1201 months; a range may hold at most 1200.`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			resource.UnitTest(t, resource.TestCase{
				TerraformVersionChecks:   functionsCLI,
				ProtoV6ProviderFactories: acctest.ProviderFactories(t),
				Steps: []resource.TestStep{{
					Config:      "output \"x\" {\n  value = provider::tcintl::" + tt.call + "\n}\n",
					PlanOnly:    true,
					ExpectError: tt.want,
				}},
			})
		})
	}
}
