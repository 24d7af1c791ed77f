// Package apispec holds the facts of the Tencent Cloud API reference that
// the client and the fake server standing in for the API must agree on:
// which actions exist, with their services, versions and documented rate
// limits, and which hosts plain http may reach.
package apispec

import (
	"net"
	"slices"
	"strings"
)

// Names of the actions the provider calls.
const (
	SkillScanPayInfo    = "DescribeSkillScanPayInfo"
	CustomerBillSummary = "DescribeCustomerBillSummary"
	CustomerUin         = "DescribeCustomerUin"
	// PartnerCredit is the partner's own credit; CustomersCredit pages
	// through its customers with theirs; BillSummaryByProduct is one
	// customer's bill for one month, by product.
	PartnerCredit        = "QueryPartnerCredit"
	CustomersCredit      = "QueryCustomersCredit"
	BillSummaryByProduct = "DescribeBillSummaryByProduct"
	AssumeRole           = "AssumeRole"
	// AssumeRoleWithWebIdentity trades an OIDC token for a role's keys.
	AssumeRoleWithWebIdentity = "AssumeRoleWithWebIdentity"
)

// Action is one API action.
type Action struct {
	Service string
	Version string
	Name    string
	// RateLimit is the documented limit in requests per second, 0 when the
	// API reference documents none.
	RateLimit float64
	// Unsigned actions are sent with "Authorization: SKIP" and no token:
	// what they carry in the body (an OIDC token) is the proof.
	Unsigned bool
}

// Actions lists every action the provider calls.
func Actions() []Action {
	return []Action{
		{Service: "csip", Version: "2022-11-21", Name: SkillScanPayInfo, RateLimit: 20},
		{Service: "intlpartnersmgt", Version: "2022-09-28", Name: CustomerBillSummary, RateLimit: 1},
		{Service: "intlpartnersmgt", Version: "2022-09-28", Name: CustomerUin, RateLimit: 20},
		{Service: "intlpartnersmgt", Version: "2022-09-28", Name: PartnerCredit, RateLimit: 5},
		{Service: "intlpartnersmgt", Version: "2022-09-28", Name: CustomersCredit, RateLimit: 5},
		// An older page of the reference said 5; the current one says 1.
		{Service: "intlpartnersmgt", Version: "2022-09-28", Name: BillSummaryByProduct, RateLimit: 1},
		{Service: "sts", Version: "2018-08-13", Name: AssumeRole},
		{Service: "sts", Version: "2018-08-13", Name: AssumeRoleWithWebIdentity, Unsigned: true},
	}
}

// Lookup finds an action by name.
func Lookup(name string) (Action, bool) {
	actions := Actions()
	i := slices.IndexFunc(actions, func(a Action) bool { return a.Name == name })
	if i < 0 {
		return Action{}, false
	}
	return actions[i], true
}

// RateLimited lists the actions with a documented rate limit.
func RateLimited() []Action {
	return slices.DeleteFunc(Actions(), func(a Action) bool { return a.RateLimit == 0 })
}

// Services lists the services the provider calls, each once.
func Services() []string {
	var out []string
	for _, a := range Actions() {
		if !slices.Contains(out, a.Service) {
			out = append(out, a.Service)
		}
	}
	return out
}

// IsLoopback reports whether host names this machine. Plain http carries a
// signature and may carry a session token anyone on the path could replay,
// so the provider speaks it only to loopback hosts; and the fake server,
// which accepts a published key pair, listens only on them.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
