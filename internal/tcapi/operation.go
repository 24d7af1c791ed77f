package tcapi

// operation is what the client needs to know about one API action.
type operation struct {
	service string
	version string
	action  string
	// perSecond is the documented rate limit; 0 means none is documented.
	perSecond float64
}

var (
	opDescribeSkillScanPayInfo = operation{
		service: "csip", version: "2022-11-21", action: "DescribeSkillScanPayInfo", perSecond: 20,
	}
	opDescribeCustomerBillSummary = operation{
		service: "intlpartnersmgt", version: "2022-09-28", action: "DescribeCustomerBillSummary", perSecond: 1,
	}
	opAssumeRole = operation{
		service: "sts", version: "2018-08-13", action: "AssumeRole",
	}
)

// rateLimitedOperations are the operations paced by the client limiter.
func rateLimitedOperations() []operation {
	return []operation{opDescribeSkillScanPayInfo, opDescribeCustomerBillSummary}
}

// Services lists the services the client calls, for endpoint overrides.
func Services() []string {
	return []string{opDescribeSkillScanPayInfo.service, opDescribeCustomerBillSummary.service, opAssumeRole.service}
}

// DocumentedRateLimit returns the documented requests per second of action,
// or 0.
func DocumentedRateLimit(action string) float64 {
	for _, op := range rateLimitedOperations() {
		if op.action == action {
			return op.perSecond
		}
	}
	return 0
}
