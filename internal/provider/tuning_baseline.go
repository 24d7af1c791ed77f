//go:build tcintl_bench_baseline

package provider

import (
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"
)

// applyBuildTuning makes the client behave like the official Tencent Cloud
// provider's, for the benchmark only (see tuning.go): every action paced at
// 15 requests/s whatever its documented limit, paced within each process
// only, backoff from 0.5 s to 10 s, and no sharing of identical lookups.
// (That provider also ignores Ctrl-C; this build still honours it.)
func applyBuildTuning(cfg *tcapi.Config) {
	cfg.RateLimits = map[string]float64{"DescribeSkillScanPayInfo": 15, "DescribeCustomerBillSummary": 15}
	cfg.Backoff = tcapi.Backoff{Base: 500 * time.Millisecond, Max: 10 * time.Second}
	cfg.DisableSharing = true
	cfg.ProcessLocalPacing = true
}
