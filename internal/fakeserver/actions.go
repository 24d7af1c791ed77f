package fakeserver

import "sort"

// Names of the actions the fake server knows.
const (
	ActionSkillScanPayInfo    = "DescribeSkillScanPayInfo"
	ActionCustomerBillSummary = "DescribeCustomerBillSummary"
	ActionAssumeRole          = "AssumeRole"
)

// actionSpec describes one known action. Limit is the live per-second limit
// from the API reference; it is the default for the fake's token bucket.
type actionSpec struct {
	Name    string
	Service string
	Version string
	Limit   float64
	// Dynamic actions are computed by the server, never read from cassettes.
	Dynamic bool
}

// lookupAction is a switch rather than a package-level map so the table cannot
// be mutated at run time by anyone.
func lookupAction(name string) (actionSpec, bool) {
	switch name {
	case ActionSkillScanPayInfo:
		return actionSpec{Name: name, Service: "csip", Version: "2022-11-21", Limit: 20}, true
	case ActionCustomerBillSummary:
		return actionSpec{Name: name, Service: "intlpartnersmgt", Version: "2022-09-28", Limit: 1}, true
	case ActionAssumeRole:
		return actionSpec{Name: name, Service: "sts", Version: "2018-08-13", Limit: 20, Dynamic: true}, true
	}
	return actionSpec{}, false
}

func knownActionNames() []string {
	names := []string{ActionSkillScanPayInfo, ActionCustomerBillSummary, ActionAssumeRole}
	sort.Strings(names)
	return names
}
