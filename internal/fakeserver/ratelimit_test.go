package fakeserver

import (
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
)

func TestRateLimit(t *testing.T) {
	tests := []struct {
		name         string
		limit        float64
		burst        int // requests sent at once
		maxOK, minOK int
	}{
		{"limit 2 burst of 8", 2, 8, 2, 2}, // plus what refills while the burst runs
		{"limit 0 lets nothing through", 0, 3, 0, 0},
		{"fractional limit still lets one through", 0.5, 3, 1, 1},
		{"unlimited", math.Inf(1), 30, 30, 30},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustStart(t, Config{Limits: map[string]float64{apispec.CustomerBillSummary: tt.limit}}, "bill-amounts")
			c := sdkClient(s, TestSecretID, TestSecretKey, "")
			start := time.Now()
			var wg sync.WaitGroup
			for range tt.burst {
				wg.Go(func() {
					_, _ = sdkCall(t, c, apispec.CustomerBillSummary, `{"CustomerUin": 100000000001, "Month": "2026-01"}`)
				})
			}
			wg.Wait()
			maxOK := tt.maxOK
			if !math.IsInf(tt.limit, 1) {
				maxOK += int(math.Ceil(time.Since(start).Seconds() * tt.limit))
			}
			ok := s.CountAnswered(apispec.CustomerBillSummary, "")
			throttled := s.CountAnswered(apispec.CustomerBillSummary, CodeRequestLimitExceeded)
			if ok < tt.minOK || ok > maxOK || ok+throttled != tt.burst {
				t.Fatalf("ok %d throttled %d of %d", ok, throttled, tt.burst)
			}
			for _, r := range s.Requests() {
				if r.Code == CodeRequestLimitExceeded && (!r.Throttled() || r.Fault != "") {
					t.Errorf("throttled request not logged as throttled: %+v", r)
				}
			}
		})
	}
}

func TestRateLimitMessageAndOrder(t *testing.T) {
	s := mustStart(t, Config{}, "bill-amounts") // live limit: 1/s
	c := sdkClient(s, TestSecretID, TestSecretKey, "")
	body := `{"CustomerUin": 100000000001, "Month": "2026-01"}`

	// Faults come before the bucket and do not take tokens.
	s.InjectFaults(apispec.CustomerBillSummary, Fault{Kind: FaultErrorCode, Code: "OperationDenied.ServiceBusy", Times: 3})
	for range 3 {
		_, err := sdkCall(t, c, apispec.CustomerBillSummary, body)
		if code, _ := sdkCode(t, err); code != "OperationDenied.ServiceBusy" {
			t.Fatalf("code %q", code)
		}
	}
	// Authentication comes before the bucket: a bad signature takes no token.
	_, err := sdkCall(t, sdkClient(s, TestSecretID, "wrong", ""), apispec.CustomerBillSummary, body)
	if code, _ := sdkCode(t, err); code != CodeSignatureFailure {
		t.Fatalf("code %q", code)
	}
	if _, err := sdkCall(t, c, apispec.CustomerBillSummary, body); err != nil {
		t.Fatalf("first real request: %v", err)
	}
	_, err = sdkCall(t, c, apispec.CustomerBillSummary, body)
	code, msg := sdkCode(t, err)
	if code != CodeRequestLimitExceeded {
		t.Fatalf("second request within the second: code %q", code)
	}
	for _, want := range []string{"Your current request times equals to", "exceeds the frequency limit `1`"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	// The limit is per action.
	s2 := mustStart(t, Config{}, "skillscan-trial-order")
	c2 := sdkClient(s2, TestSecretID, TestSecretKey, "")
	for range 5 {
		if _, err := sdkCall(t, c2, apispec.SkillScanPayInfo, ""); err != nil {
			t.Fatalf("DescribeSkillScanPayInfo (20/s): %v", err)
		}
	}
}
