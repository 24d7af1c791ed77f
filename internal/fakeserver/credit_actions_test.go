package fakeserver

import (
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
)

// creditActions are the credit and by-product actions with a request a
// cassette answers.
var creditActions = []struct {
	action, scenario, body string
	limit                  float64 // documented
}{
	{apispec.PartnerCredit, "partner-credit", `{}`, 5},
	{apispec.CustomersCredit, "customer-credits", `{"Page": 1, "PageSize": 100}`, 5},
	{apispec.BillSummaryByProduct, "bill-by-product", `{"CustomerUin": 100000000001, "BillMonth": "2026-01"}`, 1},
}

// TestCreditActionsRefuseABurstAtTheirLimit: a burst of concurrent requests
// gets the documented number through, plus what refills while it runs, and
// RequestLimitExceeded naming the limit for the rest.
func TestCreditActionsRefuseABurstAtTheirLimit(t *testing.T) {
	for _, a := range creditActions {
		t.Run(a.action, func(t *testing.T) {
			s := mustStart(t, Config{}, a.scenario)
			c := sdkClient(s, TestSecretID, TestSecretKey, "")
			burst := 3*int(a.limit) + 2
			start := time.Now()
			var wg sync.WaitGroup
			var mu sync.Mutex
			var messages []string
			for range burst {
				wg.Go(func() {
					_, err := sdkCall(t, c, a.action, a.body)
					if code, msg := sdkCode(t, err); code == CodeRequestLimitExceeded {
						mu.Lock()
						messages = append(messages, msg)
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			maxOK := int(a.limit) + int(math.Ceil(time.Since(start).Seconds()*a.limit))
			ok, throttled := s.CountAnswered(a.action, ""), s.CountAnswered(a.action, CodeRequestLimitExceeded)
			if ok < int(a.limit) || ok > maxOK || ok+throttled != burst {
				t.Fatalf("ok %d, throttled %d of %d; want %d to %d through", ok, throttled, burst, int(a.limit), maxOK)
			}
			want := fmt.Sprintf("exceeds the frequency limit `%g`", a.limit)
			for _, m := range messages {
				if !strings.Contains(m, want) {
					t.Errorf("message %q lacks %q", m, want)
				}
			}
		})
	}
}

// TestCreditActionsTakeInjectedFaults: faults queued for the new actions
// come first, in order, and the cassette answers once they are used up.
func TestCreditActionsTakeInjectedFaults(t *testing.T) {
	for _, a := range creditActions {
		t.Run(a.action, func(t *testing.T) {
			s := mustStart(t, Config{Limits: map[string]float64{a.action: math.Inf(1)}}, a.scenario)
			c := sdkClient(s, TestSecretID, TestSecretKey, "")
			s.InjectFaults(a.action,
				Fault{Kind: FaultErrorCode, Code: "OperationDenied.ServiceBusy", Times: 2},
				Fault{Kind: FaultHTTPStatus, Status: 502},
			)
			var got []string
			for range 4 {
				_, err := sdkCall(t, c, a.action, a.body)
				code, _ := sdkCode(t, err)
				got = append(got, code)
			}
			if want := "OperationDenied.ServiceBusy,OperationDenied.ServiceBusy,ClientError.ParseJsonError,"; strings.Join(got, ",") != want {
				t.Errorf("codes %q, want %s", got, want)
			}
			if r := s.Requests(); len(r) != 4 || r[2].Fault != FaultHTTPStatus || r[2].Status != 502 || !r[3].Matched || !r[3].Succeeded() {
				t.Errorf("log %+v", r)
			}
		})
	}
}
