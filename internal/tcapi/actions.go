package tcapi

import "github.com/tcintl/terraform-provider-tcintl/internal/apispec"

// The actions the client calls, from the one table in apispec.
var (
	actSkillScanPayInfo    = mustAction(apispec.SkillScanPayInfo)
	actCustomerBillSummary = mustAction(apispec.CustomerBillSummary)
	actCustomerUin         = mustAction(apispec.CustomerUin)
	actAssumeRole          = mustAction(apispec.AssumeRole)

	actAssumeRoleWithWebIdentity = mustAction(apispec.AssumeRoleWithWebIdentity)
)

func mustAction(name string) apispec.Action {
	a, ok := apispec.Lookup(name)
	if !ok {
		panic("tcapi: no action " + name + " in apispec") // a programming error, caught by any test
	}
	return a
}
