package fakeserver

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
)

// TestSDKAnswersFromCassettes: requests signed by the real SDK are accepted
// and answered byte for byte from the cassettes.
func TestSDKAnswersFromCassettes(t *testing.T) {
	tests := []struct {
		scenario string
		index    int
		action   string
		body     string
		literal  string // must reach the client exactly as written
	}{
		{"skillscan-trial-order", 0, apispec.SkillScanPayInfo, `{}`, `"AppID":260083796`},
		{"skillscan-trial-order", 0, apispec.SkillScanPayInfo, ``, `"OrderStatus":6`},
		{"skillscan-no-order", 0, apispec.SkillScanPayInfo, `{}`, `"BetaEndTime":"2026-06-30 23:59:59"`},
		{"skillscan-paid-unicode", 0, apispec.SkillScanPayInfo, `{}`, `"NickName":"测试账号-Ünïcødé-🚀"`},
		{"bill-reference", 0, apispec.CustomerBillSummary, `{"CustomerUin": 1, "Month": "2023-02", "PayMode": "postPay", "ActionType": "postpay_deduct_h", "IsConfirmed": "0"}`, `"TotalCost":0,"RequestId":"123456"`},
		{"bill-amounts", 0, apispec.CustomerBillSummary, `{"CustomerUin": 100000000001, "Month": "2026-01"}`, `"TotalCost":0,`},
		{"bill-amounts", 1, apispec.CustomerBillSummary, `{"CustomerUin": 100000000001, "Month": "2026-02"}`, `"TotalCost":0.1,`},
		{"bill-amounts", 2, apispec.CustomerBillSummary, `{"Month": "2026-03", "CustomerUin": 100000000001}`, `"TotalCost":1234567.89,`},
		{"bill-amounts", 3, apispec.CustomerBillSummary, `{"CustomerUin": 100000000001, "Month": "2026-04"}`, `"TotalCost":98765432109876.54321,`},
		{"bill-filters", 0, apispec.CustomerBillSummary, `{"CustomerUin": 100000000001, "Month": "2026-05", "PayMode": "prePay", "ActionType": "prepay_renew", "IsConfirmed": "1"}`, `"TotalCost":4321.5,`},
		{"bill-filters", 1, apispec.CustomerBillSummary, `{"CustomerUin": 100000000001, "Month": "2026-05"}`, `"TotalCost":8642.25,`},
		{"bill-many", 39, apispec.CustomerBillSummary, `{"CustomerUin": 200000000040, "Month": "2026-01"}`, `"TotalCost":40.25,`},
		{"partner-credit", 0, apispec.PartnerCredit, ``, `{"Response":{"RemainingCredit":1000.1,"RequestId":"2b7c676e-bb4b-449d-89e6-4866132036c7","TotalCredit":1050.1,"AllocatedCredit":50}}`},
		{"partner-credit-amounts", 0, apispec.PartnerCredit, `{}`, `"TotalCredit":98765432109876.54321,"AllocatedCredit":12345678901234.56789,"RemainingCredit":86419753208641.97532,"CustomerTotalCredit":12345678901234.56789,"CustomerRemainingCredit":0.1,`},
		{"customer-credits", 0, apispec.CustomersCredit, `{"PageSize": 100, "Page": 1}`, `"Credit":98765432109876.54321,"RemainingCredit":98765432109876.54321,`},
		{"customer-credits", 1, apispec.CustomersCredit, `{"Page": 1, "PageSize": 100, "Order": "desc"}`, `"Data":[{"ClientUin":100000000005,`},
		{"customer-credits", 2, apispec.CustomersCredit, `{"Page": 1, "PageSize": 100, "Order": "asc"}`, `"Data":[{"ClientUin":100000000001,`},
		{"customer-credits", 3, apispec.CustomersCredit, `{"Page": 2, "PageSize": 100}`, `"Data":[],"Total":5,`},
		{"customer-credits", 4, apispec.CustomersCredit, `{"FilterType": "Name", "Filter": "Ünïcødé", "Page": 1, "PageSize": 100}`, `"Name":"测试客户-Ünïcødé-🚀",`},
		{"customer-credits", 5, apispec.CustomersCredit, `{"FilterType": "ClientUin", "Filter": "100000000003", "Page": 1, "PageSize": 100}`, `"Arrears":"1",`},
		{"customer-credits", 6, apispec.CustomersCredit, `{"FilterType": "Remark", "Filter": "key account", "Page": 1, "PageSize": 100}`, `"Remark":"key account",`},
		{"customer-credits", 7, apispec.CustomersCredit, `{"FilterType": "Email", "Filter": "@example.com", "Page": 1, "PageSize": 100}`, `"Total":5,`},
		{"customer-credits", 8, apispec.CustomersCredit, `{"FilterType": "Email", "Filter": "nobody@example.org", "Page": 1, "PageSize": 100}`, `"Data":null,"Total":0,`},
		{"bill-by-product", 0, apispec.BillSummaryByProduct, `{"CustomerUin": 100000000001, "BillMonth": "2026-01"}`, `"OriginalCost":"0.00000001"`},
		{"bill-by-product", 1, apispec.BillSummaryByProduct, `{"BillMonth": "2026-02", "CustomerUin": 100000000001}`, `"SummaryOverview":null,`},
		{"bill-by-product", 2, apispec.BillSummaryByProduct, `{"BillMonth": "2026-03", "CustomerUin": 100000000001}`, `"TotalCost":"98765432109876.54321000"`},
		{"bill-by-product", 3, apispec.BillSummaryByProduct, `{"BillMonth": "2026-04", "CustomerUin": 100000000001}`, `"SummaryOverview":[],`},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d", tt.scenario, tt.index), func(t *testing.T) {
			s := StartTest(t, Config{Limits: map[string]float64{apispec.CustomerBillSummary: math.Inf(1)}}, tt.scenario)
			raw, err := sdkCall(t, sdkClient(s, TestSecretID, TestSecretKey, ""), tt.action, tt.body)
			if err != nil {
				t.Fatalf("SDK call: %v", err)
			}
			if want := compactResponse(t, tt.scenario, tt.index); !bytes.Equal(raw, want) {
				t.Errorf("answer\n%s\nwant\n%s", raw, want)
			}
			if !bytes.Contains(raw, []byte(tt.literal)) {
				t.Errorf("answer %s lacks %s", raw, tt.literal)
			}
			reqs := s.Requests()
			if len(reqs) != 1 || !reqs[0].Matched || !reqs[0].Succeeded() || reqs[0].SecretID != TestSecretID || reqs[0].Language != "en-US" {
				t.Errorf("log = %+v", reqs)
			}
			if got := s.CountAnswered(tt.action, ""); got != 1 {
				t.Errorf("CountAnswered(%s, \"\") = %d", tt.action, got)
			}
		})
	}
}

func TestCassetteErrorAnswers(t *testing.T) {
	tests := []struct{ action, body, code, requestID string }{
		{apispec.CustomerBillSummary, `{"CustomerUin": 100000000002, "Month": "2026-01"}`, "UnauthorizedOperation.UinNoAuth", "b7e3c1d2-"},
		{apispec.CustomerBillSummary, `{"CustomerUin": 100000000003, "Month": "2026-01"}`, "InvalidParameterValue.InvalidMonth", "b7e3c1d2-"},
		{apispec.BillSummaryByProduct, `{"CustomerUin": 100000000002, "BillMonth": "2026-01"}`, "UnauthorizedOperation.UinNoAuth", "e5f3a4b6-"},
		{apispec.BillSummaryByProduct, `{"CustomerUin": 100000000001, "BillMonth": "2030-01"}`, "InvalidParameterValue.InvalidMonth", "e5f3a4b6-"},
		{apispec.CustomersCredit, `{"FilterType": "ClientUin", "Filter": "not-a-uin", "Page": 1, "PageSize": 100}`, "InvalidParameterValue.InvalidUin", "d4e2f3a5-"},
	}
	s := StartTest(t, Config{Limits: map[string]float64{apispec.CustomerBillSummary: 1000, apispec.BillSummaryByProduct: 1000}},
		"bill-errors", "bill-by-product", "customer-credits")
	c := sdkClient(s, TestSecretID, TestSecretKey, "")
	for _, tt := range tests {
		_, err := sdkCall(t, c, tt.action, tt.body)
		if code, msg := sdkCode(t, err); code != tt.code || msg == "" {
			t.Errorf("%s: code %q message %q, want %s", tt.body, code, msg, tt.code)
		}
		if !strings.Contains(err.Error(), tt.requestID) {
			t.Errorf("error %v should carry the cassette's RequestId", err)
		}
		if got := s.CountAnswered(tt.action, tt.code); got != 1 {
			t.Errorf("CountAnswered(%s, %s) = %d", tt.action, tt.code, got)
		}
	}
	for _, r := range s.Requests() {
		if !r.Matched {
			t.Errorf("cassette error answers count as matched: %+v", r)
		}
	}
}

// TestBodyMatching: key order, whitespace and {} versus an empty body do not
// matter; anything else does.
func TestBodyMatching(t *testing.T) {
	s := mustStart(t, Config{Limits: map[string]float64{apispec.CustomerBillSummary: math.Inf(1)}}, "bill-amounts", "skillscan-trial-order")
	tests := []struct {
		name, action, body string
		matched            bool
	}{
		{"empty body", apispec.SkillScanPayInfo, "", true},
		{"empty object", apispec.SkillScanPayInfo, "{}", true},
		{"spaced empty object", apispec.SkillScanPayInfo, " {\n} ", true},
		{"extra field", apispec.SkillScanPayInfo, `{"Extra": 1}`, false},
		{"exact", apispec.CustomerBillSummary, `{"CustomerUin":100000000001,"Month":"2026-02"}`, true},
		{"reordered", apispec.CustomerBillSummary, `{"Month":"2026-02","CustomerUin":100000000001}`, true},
		{"whitespace", apispec.CustomerBillSummary, "{\n  \"Month\" : \"2026-02\",\n\t\"CustomerUin\" : 100000000001\n}", true},
		{"escaped key", apispec.CustomerBillSummary, `{"\u004donth":"2026-02","CustomerUin":100000000001}`, true},
		{"uin as string", apispec.CustomerBillSummary, `{"Month":"2026-02","CustomerUin":"100000000001"}`, false},
		{"other literal", apispec.CustomerBillSummary, `{"Month":"2026-02","CustomerUin":100000000001.0}`, false},
		{"other month", apispec.CustomerBillSummary, `{"Month":"2026-12","CustomerUin":100000000001}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.ResetLog()
			_, body := s.send(t, signed(tt.action, tt.body))
			code, msg, _ := envelopeCode(t, body)
			if tt.matched != (code == "") {
				t.Fatalf("answer %s, want matched=%v", body, tt.matched)
			}
			if !tt.matched {
				if code != CodeNoAnswer || !strings.Contains(msg, tt.action) {
					t.Errorf("code %s message %q", code, msg)
				}
				if u := s.Unmatched(); len(u) != 1 || u[0].Action != tt.action {
					t.Errorf("Unmatched() = %+v", u)
				}
			}
		})
	}
}

func TestUnmatchedRequest(t *testing.T) {
	s := mustStart(t, Config{}, "bill-amounts")
	_, err := sdkCall(t, sdkClient(s, TestSecretID, TestSecretKey, ""), apispec.CustomerBillSummary, `{"Month": "2030-01", "CustomerUin": 42}`)
	code, msg := sdkCode(t, err)
	if code != CodeNoAnswer {
		t.Fatalf("code %q", code)
	}
	for _, want := range []string{apispec.CustomerBillSummary, "2022-09-28", `{"CustomerUin":42,"Month":"2030-01"}`} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q does not name %s", msg, want)
		}
	}
	u := s.Unmatched()
	if len(u) != 1 || u[0].CanonicalBody != `{"CustomerUin":42,"Month":"2030-01"}` || u[0].Matched {
		t.Fatalf("Unmatched() = %+v", u)
	}
	s.ResetLog()
	if len(s.Unmatched()) != 0 || len(s.Requests()) != 0 {
		t.Error("ResetLog should empty the log")
	}
}

// fakeTB records what StartTest reports at cleanup.
type fakeTB struct {
	testing.TB
	mu       sync.Mutex
	errors   []string
	cleanups []func()
}

func (f *fakeTB) Helper()               {}
func (f *fakeTB) Cleanup(fn func())     { f.cleanups = append(f.cleanups, fn) }
func (f *fakeTB) Fatalf(string, ...any) { panic("unexpected Fatalf") }
func (f *fakeTB) Errorf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}

func TestStartTestFailsOnUnmatched(t *testing.T) {
	ft := &fakeTB{TB: t}
	s := StartTest(ft, Config{Limits: map[string]float64{apispec.CustomerBillSummary: math.Inf(1)}}, "bill-amounts")
	c := sdkClient(s, TestSecretID, TestSecretKey, "")
	if _, err := sdkCall(t, c, apispec.CustomerBillSummary, `{"CustomerUin": 100000000001, "Month": "2026-01"}`); err != nil {
		t.Fatal(err)
	}
	_, _ = sdkCall(t, c, apispec.CustomerBillSummary, `{"CustomerUin": 7, "Month": "2026-01"}`)
	for _, fn := range ft.cleanups {
		fn()
	}
	if len(ft.errors) != 1 || !strings.Contains(ft.errors[0], apispec.CustomerBillSummary) || !strings.Contains(ft.errors[0], `"CustomerUin":7`) {
		t.Fatalf("StartTest reported %q, want one error naming the unmatched request", ft.errors)
	}
	if _, _, err := s.trySend(t.Context(), signed(apispec.SkillScanPayInfo, "")); err == nil {
		t.Error("the server should be closed after cleanup")
	}
}

func TestInvalidAction(t *testing.T) {
	s := mustStart(t, Config{})
	c := sdkClient(s, TestSecretID, TestSecretKey, "")
	tests := []struct {
		name string
		spec apispec.Action
	}{
		{"unknown action", apispec.Action{Name: "DescribeInstances", Service: "cvm", Version: "2017-03-12"}},
		{"wrong version", apispec.Action{Name: apispec.SkillScanPayInfo, Service: "csip", Version: "2021-01-01"}},
		{"STS wrong version", apispec.Action{Name: apispec.AssumeRole, Service: "sts", Version: "2020-01-01"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := sdkCallSpec(t, c, tt.spec, "")
			if code, msg := sdkCode(t, err); code != CodeInvalidAction || !strings.Contains(msg, tt.spec.Name) || !strings.Contains(msg, tt.spec.Version) {
				t.Errorf("code %q message %q", code, msg)
			}
		})
	}
	_, body := s.send(t, rawRequest{})
	if code, _, _ := envelopeCode(t, body); code != CodeMissingParameter {
		t.Errorf("no action: code %q", code)
	}
}

// TestGarbageRequests: whatever arrives, the server answers an envelope (or
// a plain HTTP error for broken HTTP) and keeps serving.
func TestGarbageRequests(t *testing.T) {
	s := mustStart(t, Config{}, "skillscan-trial-order")
	tests := []struct {
		name     string
		req      rawRequest
		wantCode string
	}{
		{"GET", rawRequest{method: http.MethodGet, action: apispec.SkillScanPayInfo}, CodeUnsupportedOperation},
		{"unsigned", rawRequest{action: apispec.SkillScanPayInfo}, CodeSignatureFailure},
		{"not JSON", signed(apispec.SkillScanPayInfo, "\x00\xff not json"), CodeInvalidParameter},
		{"JSON array", signed(apispec.SkillScanPayInfo, "[1,2]"), CodeInvalidParameter},
		{"deep nesting", signed(apispec.SkillScanPayInfo, strings.Repeat("[", 100000)), CodeInvalidParameter},
		{"huge body", signed(apispec.SkillScanPayInfo, `{"a":"`+strings.Repeat("x", maxBodyBytes)+`"}`), CodeInvalidParameter},
		{"odd authorization", rawRequest{action: apispec.SkillScanPayInfo, headers: map[string]string{"Authorization": "TC3-HMAC-SHA256 ,,,=,Credential=/////"}}, CodeSignatureFailure},
		{"non-numeric timestamp", rawRequest{action: apispec.SkillScanPayInfo, secretID: TestSecretID, secretKey: TestSecretKey, headers: map[string]string{"X-TC-Timestamp": "soon"}}, CodeSignatureFailure},
		{"missing timestamp", rawRequest{action: apispec.SkillScanPayInfo, secretID: TestSecretID, secretKey: TestSecretKey, headers: map[string]string{"X-TC-Timestamp": ""}}, CodeMissingParameter},
		{"STS garbage", signed(apispec.AssumeRole, `{"RoleArn": 12, "DurationSeconds": "x"}`), CodeInvalidParameter},
		{"STS not JSON", signed(apispec.AssumeRole, `nope`), CodeInvalidParameter},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := s.send(t, tt.req)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if code, _, id := envelopeCode(t, body); code != tt.wantCode || id == "" {
				t.Errorf("answer %s, want code %s", clip(string(body), 300), tt.wantCode)
			}
		})
	}

	// Raw bytes that are not HTTP at all.
	conn, err := net.Dial("tcp", s.Host())
	if err != nil {
		t.Fatal(err)
	}
	_, _ = conn.Write([]byte("\x16\x03\x01 garbage\r\n\r\n"))
	_ = conn.SetReadDeadline(time.Now().Add(2 * time.Second))
	line, _ := bufio.NewReader(conn).ReadString('\n')
	_ = conn.Close()
	if !strings.HasPrefix(line, "HTTP/1.1 400") {
		t.Errorf("garbage got %q", line)
	}
	if _, err := sdkCall(t, sdkClient(s, TestSecretID, TestSecretKey, ""), apispec.SkillScanPayInfo, ""); err != nil {
		t.Fatalf("server did not survive: %v", err)
	}
}

// TestConcurrentUse exercises the log, faults and limiters from many
// goroutines; run with -race.
func TestConcurrentUse(t *testing.T) {
	s := mustStart(t, Config{Limits: map[string]float64{apispec.SkillScanPayInfo: math.Inf(1)}}, "skillscan-trial-order")
	c := sdkClient(s, TestSecretID, TestSecretKey, "")
	const n = 40
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			if i%10 == 0 {
				s.InjectFaults(apispec.SkillScanPayInfo, Fault{Kind: FaultErrorCode, Code: "InternalError"})
			}
			_, _ = sdkCall(t, c, apispec.SkillScanPayInfo, "")
			_ = s.Requests()
			_ = s.CountAnswered(apispec.SkillScanPayInfo, "")
		})
	}
	wg.Wait()
	if got := s.Count(apispec.SkillScanPayInfo); got != n {
		t.Errorf("Count = %d, want %d", got, n)
	}
	ok, faulted := s.CountAnswered(apispec.SkillScanPayInfo, ""), s.CountAnswered(apispec.SkillScanPayInfo, CodeInternalError)
	if ok+faulted != n || faulted > n/10 {
		t.Errorf("ok %d + faulted %d != %d", ok, faulted, n)
	}
}

func TestStartRejectsBadConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"unknown limit action", Config{Limits: map[string]float64{"DescribeNothing": 1}}, "DescribeNothing"},
		{"public address", Config{Addr: "0.0.0.0:0"}, "loopback"},
		{"empty key", Config{Keys: map[string]string{"AKIDx": ""}}, "empty"},
		{"bad cassette", Config{Cassettes: []Cassette{{Scenario: "x", Interactions: []Interaction{{Request: InteractionRequest{Action: "Nope"}}}}}}, "Nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Start(tt.cfg)
			if err == nil {
				_ = s.Close()
				t.Fatal("Start succeeded")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

func TestCheckLoopback(t *testing.T) {
	for addr, ok := range map[string]bool{
		"127.0.0.1:0": true, "127.0.0.2:80": true, "[::1]:0": true, "localhost:8080": true,
		"0.0.0.0:0": false, ":8080": false, "10.0.0.1:0": false, "example.com:80": false, "nonsense": false,
	} {
		if err := CheckLoopback(addr); (err == nil) != ok {
			t.Errorf("CheckLoopback(%q) = %v", addr, err)
		}
	}
}

func TestOnRequestAndLogFields(t *testing.T) {
	var mu sync.Mutex
	var seen []Request
	s := mustStart(t, Config{OnRequest: func(r Request) {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, r)
	}}, "skillscan-trial-order")
	c := sdkClient(s, TestSecretID, TestSecretKey, "")
	if _, err := sdkCall(t, c, apispec.SkillScanPayInfo, `{ }`); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 1 {
		t.Fatalf("OnRequest saw %d requests", len(seen))
	}
	r := seen[0]
	if r.Service != "csip" || r.Action != apispec.SkillScanPayInfo || r.Version != "2022-11-21" || r.CanonicalBody != "{}" ||
		r.Status != http.StatusOK || r.Header.Get("Authorization") == "" || r.Time.IsZero() || r.Duration <= 0 {
		t.Errorf("log entry %+v", r)
	}
	// Requests returns copies: changing them does not change the log.
	got := s.Requests()
	got[0].Header.Set("X-TC-Action", "changed")
	if s.Requests()[0].Action != apispec.SkillScanPayInfo || s.Requests()[0].Header.Get("X-TC-Action") == "changed" {
		t.Error("Requests() exposes the log's own headers")
	}
}
