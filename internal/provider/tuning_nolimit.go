//go:build tcintl_bench_nolimit

package provider

import "github.com/tcintl/terraform-provider-tcintl/internal/tcapi"

// applyBuildTuning switches the client's rate limiter off, for the benchmark
// only (see tuning.go).
func applyBuildTuning(cfg *tcapi.Config) {
	cfg.RateLimits = map[string]float64{"DescribeSkillScanPayInfo": 0, "DescribeCustomerBillSummary": 0}
}
