//go:build !tcintl_bench_nolimit && !tcintl_bench_baseline

package provider

import "github.com/tcintl/terraform-provider-tcintl/internal/tcapi"

// applyBuildTuning leaves the client as configured. The benchmark builds the
// provider with the tcintl_bench_nolimit tag (limiter off) and the
// tcintl_bench_baseline tag (a client like the official provider's) to
// measure what the limiter and call sharing buy; release builds carry
// neither tag.
func applyBuildTuning(*tcapi.Config) {}
