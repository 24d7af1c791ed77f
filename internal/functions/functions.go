// Package functions holds the provider's functions (Terraform 1.8+,
// OpenTofu 1.7+): pure and offline, they call no API.
package functions

import "github.com/hashicorp/terraform-plugin-framework/function"

// All are the constructors of every function, for the provider's Functions.
func All() []func() function.Function {
	return []func() function.Function{
		NewDecimalSum,
		NewMonths,
	}
}

// requirements ends every function's description.
const requirements = " Provider functions need Terraform 1.8 or later, or OpenTofu 1.7 or later. " +
	"This one calls no API and needs no credentials."
