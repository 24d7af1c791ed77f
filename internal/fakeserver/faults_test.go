package fakeserver

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
)

func TestFaults(t *testing.T) {
	tests := []struct {
		name       string
		fault      Fault
		wantStatus int
		wantBody   string // substring
		wantCode   string // envelope code in the log
		// sdkCode is how SDK v1.3.210 reports it: it parses the body as JSON
		// before looking at the HTTP status, so a non-JSON 5xx surfaces as
		// ParseJsonError, not HttpStatusCodeError.
		sdkCode string
	}{
		{"HTTP 503 default HTML", Fault{Kind: FaultHTTPStatus}, 503, "<title>503 Service Unavailable</title>", "", "ClientError.ParseJsonError"},
		{"HTTP 502", Fault{Kind: FaultHTTPStatus, Status: 502}, 502, "502 Bad Gateway", "", "ClientError.ParseJsonError"},
		{"HTTP 500 text", Fault{Kind: FaultHTTPStatus, Status: 500, Body: "upstream error"}, 500, "upstream error", "", "ClientError.ParseJsonError"},
		{"malformed JSON", Fault{Kind: FaultMalformedJSON}, 200, `"TotalCo`, "", "ClientError.ParseJsonError"},
		{"no Response", Fault{Kind: FaultBody, Body: `{"RequestId": "x"}`}, 200, `{"RequestId": "x"}`, "", ""},
		{"wrong types", Fault{Kind: FaultBody, Body: `{"Response": {"TotalCost": "lots", "RequestId": 7}}`}, 200, `"lots"`, "", "ClientError.ParseJsonError"},
		{"JSON 502", Fault{Kind: FaultHTTPStatus, Status: 502, Body: `{"Response": {}}`}, 502, `{"Response": {}}`, "", "ClientError.HttpStatusCodeError"},
		{"huge int", Fault{Kind: FaultBody, Body: `{"Response": {"TotalCost": 123456789012345678901234567890, "RequestId": "x"}}`}, 200, "123456789012345678901234567890", "", ""},
		{"service busy", Fault{Kind: FaultErrorCode, Code: "OperationDenied.ServiceBusy", Message: "System busy, please try again later."}, 200, "OperationDenied.ServiceBusy", "OperationDenied.ServiceBusy", "OperationDenied.ServiceBusy"},
		{"injected throttling", Fault{Kind: FaultErrorCode, Code: CodeRequestLimitExceeded}, 200, CodeRequestLimitExceeded, CodeRequestLimitExceeded, CodeRequestLimitExceeded},
		{"default code", Fault{Kind: FaultErrorCode}, 200, CodeInternalError, CodeInternalError, CodeInternalError},
		{"unknown kind", Fault{Kind: "Gremlins"}, 200, "Gremlins", CodeInternalError, CodeInternalError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustStart(t, Config{Limits: map[string]float64{apispec.CustomerBillSummary: 1000}}, "bill-amounts")
			body := `{"CustomerUin": 100000000001, "Month": "2026-01"}`

			s.InjectFaults(apispec.CustomerBillSummary, tt.fault)
			// Faults apply before authentication: an unsigned request gets one too.
			resp, got := s.send(t, rawRequest{action: apispec.CustomerBillSummary, body: body})
			if resp.StatusCode != tt.wantStatus || !strings.Contains(string(got), tt.wantBody) {
				t.Fatalf("status %d body %q", resp.StatusCode, got)
			}
			r := s.Requests()[0]
			if r.Fault != tt.fault.Kind || r.Status != tt.wantStatus || r.Code != tt.wantCode || r.Matched {
				t.Errorf("log %+v", r)
			}

			// Through the SDK.
			s.InjectFaults(apispec.CustomerBillSummary, tt.fault)
			_, err := sdkCall(t, sdkClient(s, TestSecretID, TestSecretKey, ""), apispec.CustomerBillSummary, body)
			if code, msg := sdkCode(t, err); code != tt.sdkCode {
				t.Errorf("SDK code %q (%s), want %q", code, msg, tt.sdkCode)
			}

			// The queue is used up: the next request is answered normally.
			if _, err := sdkCall(t, sdkClient(s, TestSecretID, TestSecretKey, ""), apispec.CustomerBillSummary, body); err != nil {
				t.Errorf("after the fault: %v", err)
			}
		})
	}
}

func TestFaultDropConnection(t *testing.T) {
	s := mustStart(t, Config{}, "skillscan-trial-order")
	s.InjectFaults(apispec.SkillScanPayInfo, Fault{Kind: FaultDropConnection})
	_, _, err := s.trySend(t.Context(), signed(apispec.SkillScanPayInfo, ""))
	if err == nil {
		t.Fatal("a dropped connection should fail the request")
	}
	r := s.Requests()
	if len(r) != 1 || r[0].Fault != FaultDropConnection || r[0].Status != 0 {
		t.Fatalf("log %+v", r)
	}
	if _, err := sdkCall(t, sdkClient(s, TestSecretID, TestSecretKey, ""), apispec.SkillScanPayInfo, ""); err != nil {
		t.Fatalf("after the drop: %v", err)
	}
}

func TestFaultDelay(t *testing.T) {
	s := mustStart(t, Config{}, "skillscan-trial-order")
	c := sdkClient(s, TestSecretID, TestSecretKey, "")

	// A delay then a normal answer.
	s.InjectFaults(apispec.SkillScanPayInfo, Fault{Kind: FaultDelay, Delay: 100 * time.Millisecond})
	start := time.Now()
	if _, err := sdkCall(t, c, apispec.SkillScanPayInfo, ""); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Errorf("answered after %v", d)
	}
	if r := s.Requests()[0]; r.Fault != FaultDelay || !r.Succeeded() || !r.Matched || r.Duration < 100*time.Millisecond {
		t.Errorf("log %+v", r)
	}

	// A delay the client gives up on ends early.
	s.ResetLog()
	s.InjectFaults(apispec.SkillScanPayInfo, Fault{Kind: FaultDelay, Delay: time.Minute})
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	_, _, err := s.trySend(ctx, signed(apispec.SkillScanPayInfo, ""))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(s.Requests()) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	r := s.Requests()
	if len(r) != 1 || r[0].Status != 0 || r[0].Duration > 10*time.Second {
		t.Fatalf("log %+v", r)
	}

	// A delay followed by the rest of the processing: auth still applies.
	s.InjectFaults(apispec.SkillScanPayInfo, Fault{Kind: FaultDelay, Delay: time.Millisecond})
	_, body := s.send(t, rawRequest{action: apispec.SkillScanPayInfo})
	if code, _, _ := envelopeCode(t, body); code != CodeSignatureFailure {
		t.Errorf("answer %s", body)
	}
}

func TestFaultQueue(t *testing.T) {
	s := mustStart(t, Config{}, "skillscan-trial-order")
	c := sdkClient(s, TestSecretID, TestSecretKey, "")
	s.InjectFaults(apispec.SkillScanPayInfo,
		Fault{Kind: FaultErrorCode, Code: "A", Times: 2},
		Fault{Kind: FaultErrorCode, Code: "B"},
	)
	s.InjectFaults(apispec.CustomerBillSummary, Fault{Kind: FaultErrorCode, Code: "Other"})
	var got []string
	for range 4 {
		_, err := sdkCall(t, c, apispec.SkillScanPayInfo, "")
		code, _ := sdkCode(t, err)
		got = append(got, code)
	}
	if strings.Join(got, ",") != "A,A,B," {
		t.Errorf("codes %q, want A,A,B and then success", got)
	}

	s.InjectFaults(apispec.SkillScanPayInfo, Fault{Kind: FaultErrorCode, Code: "C", Times: 5})
	s.ClearFaults()
	if _, err := sdkCall(t, c, apispec.SkillScanPayInfo, ""); err != nil {
		t.Errorf("after ClearFaults: %v", err)
	}
	if s.Count(apispec.CustomerBillSummary) != 0 {
		t.Error("faults of another action must not be consumed")
	}
	if got := s.CountAnswered(apispec.SkillScanPayInfo, "A"); got != 2 {
		t.Errorf("CountAnswered(A) = %d", got)
	}
	if http.StatusOK != s.Requests()[0].Status {
		t.Error("error-code faults answer HTTP 200")
	}
}
