package tcapi

import (
	"errors"
	"strings"
	"testing"
)

func TestDecodeAnswer(t *testing.T) {
	type params = DescribeSkillScanPayInfoResponseParams
	tests := []struct {
		name      string
		body      string
		wantField string
		wantIn    string // part of the problem
		wantReqID string
		check     func(t *testing.T, p *params)
	}{
		{
			name: "documented answer",
			body: `{"Response": {"AppID": 260083796, "NickName": "多账号", "TotalQuota": 1000, "RequestId": "r-1"}}`,
			check: func(t *testing.T, p *params) {
				if *p.AppID != 260083796 || *p.NickName != "多账号" || *p.TotalQuota != 1000 || *p.RequestId != "r-1" {
					t.Errorf("decoded %+v", p)
				}
			},
		},
		{
			name: "null and missing fields stay nil",
			body: `{"Response": {"AppID": null, "RequestId": "r-2"}}`,
			check: func(t *testing.T, p *params) {
				if p.AppID != nil || p.Uin != nil || p.BeginTime != nil {
					t.Errorf("want nil fields, got %+v", p)
				}
			},
		},
		{
			name: "unknown fields are ignored",
			body: `{"Response": {"OrderStatus": 1, "SomethingNew": {"a": [1]}, "RequestId": "r-3"}}`,
			check: func(t *testing.T, p *params) {
				if *p.OrderStatus != 1 {
					t.Errorf("OrderStatus = %d", *p.OrderStatus)
				}
			},
		},
		{name: "no Response", body: `{"Other": {}}`, wantField: "Response", wantIn: "missing"},
		{name: "Response null", body: `{"Response": null}`, wantField: "Response", wantIn: "missing"},
		{name: "Response is an array", body: `{"Response": [1]}`, wantField: "Response", wantIn: "got array"},
		{name: "top level is an array", body: `[{"Response": {}}]`, wantIn: "got array"},
		{
			name:      "string where an integer belongs",
			body:      `{"Response": {"AppID": "260083796", "RequestId": "r-4"}}`,
			wantField: "AppID", wantIn: "expected an integer within int64, got string", wantReqID: "r-4",
		},
		{
			name:      "integer beyond int64",
			body:      `{"Response": {"TotalQuota": 9223372036854775808, "RequestId": "r-5"}}`,
			wantField: "TotalQuota", wantIn: "got number 9223372036854775808", wantReqID: "r-5",
		},
		{
			name:      "fraction where an integer belongs",
			body:      `{"Response": {"UsedCount": 1.5}}`,
			wantField: "UsedCount", wantIn: "got number 1.5",
		},
		{
			name:      "number where a string belongs",
			body:      `{"Response": {"Uin": 700002365149}}`,
			wantField: "Uin", wantIn: "expected a string",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p params
			err := decodeAnswer("DescribeSkillScanPayInfo", []byte(tt.body), &p)
			if tt.check != nil {
				if err != nil {
					t.Fatalf("decodeAnswer: %v", err)
				}
				tt.check(t, &p)
				return
			}
			var decErr *DecodeError
			if !errors.As(err, &decErr) {
				t.Fatalf("decodeAnswer = %v, want *DecodeError", err)
			}
			if decErr.Field != tt.wantField || !strings.Contains(decErr.Problem, tt.wantIn) || decErr.RequestID != tt.wantReqID {
				t.Errorf("got field %q problem %q request ID %q; want field %q, problem containing %q, request ID %q",
					decErr.Field, decErr.Problem, decErr.RequestID, tt.wantField, tt.wantIn, tt.wantReqID)
			}
		})
	}
}

func TestDecodeErrorNeverQuotesAValue(t *testing.T) {
	const secret = "tmp-secret-key-never-shown"
	body := `{"Response": {"Credentials": {"TmpSecretKey": "` + secret + `", "TmpSecretId": 5}, "RequestId": "r-6"}}`
	err := new(AssumeRoleResponse).ParseErrorFromHTTPResponse([]byte(body))
	if err == nil || strings.Contains(err.Error(), secret) {
		t.Fatalf("error %v must exist and must not quote the answer", err)
	}
}

func TestBillAnswerWithoutTotalCostIsAnError(t *testing.T) {
	for _, body := range []string{`{"Response": {"RequestId": "r-7"}}`, `{"Response": {"TotalCost": null, "RequestId": "r-7"}}`} {
		err := new(DescribeCustomerBillSummaryResponse).ParseErrorFromHTTPResponse([]byte(body))
		var decErr *DecodeError
		if !errors.As(err, &decErr) || decErr.Field != "TotalCost" || decErr.RequestID != "r-7" {
			t.Errorf("%s: got %v, want a DecodeError for TotalCost with the request ID", body, err)
		}
	}
}
