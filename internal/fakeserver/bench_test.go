package fakeserver

import (
	"fmt"
	"math"
	"testing"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
)

// BenchmarkBillMany measures a full SDK round trip (sign, verify, match,
// answer) over the 40 customers of bill-many.
func BenchmarkBillMany(b *testing.B) {
	s := StartTest(b, Config{Limits: map[string]float64{apispec.CustomerBillSummary: math.Inf(1)}}, "bill-many")
	c := sdkClient(s, TestSecretID, TestSecretKey, "")
	bodies := make([]string, 40)
	for i := range bodies {
		bodies[i] = fmt.Sprintf(`{"CustomerUin": %d, "Month": "2026-01"}`, 200000000001+i)
	}
	for i := 0; b.Loop(); i++ {
		if _, err := sdkCall(b, c, apispec.CustomerBillSummary, bodies[i%len(bodies)]); err != nil {
			b.Fatal(err)
		}
	}
}
