//go:build !tcintl_bench_nolimit

package provider

import "github.com/tcintl/terraform-provider-tcintl/internal/tcapi"

// applyBuildTuning leaves the client as configured. The benchmark builds the
// provider with the tcintl_bench_nolimit tag to measure what the client's
// rate limiter buys; release builds never carry that tag.
func applyBuildTuning(*tcapi.Config) {}
