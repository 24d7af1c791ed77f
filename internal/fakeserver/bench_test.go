package fakeserver

import (
	"fmt"
	"math"
	"testing"
)

// BenchmarkBillMany measures a full SDK round trip (sign, verify, match,
// answer) over the 40 customers of bill-many.
func BenchmarkBillMany(b *testing.B) {
	s := StartTest(b, Config{Limits: map[string]float64{ActionCustomerBillSummary: math.Inf(1)}}, "bill-many")
	c := sdkClient(s, TestSecretID, TestSecretKey, "")
	bodies := make([]string, 40)
	for i := range bodies {
		bodies[i] = fmt.Sprintf(`{"CustomerUin": %d, "Month": "2026-01"}`, 200000000001+i)
	}
	for i := 0; b.Loop(); i++ {
		if _, err := sdkCall(b, c, ActionCustomerBillSummary, bodies[i%len(bodies)]); err != nil {
			b.Fatal(err)
		}
	}
}
