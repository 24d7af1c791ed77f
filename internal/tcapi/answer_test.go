package tcapi

import (
	"errors"
	"strings"
	"testing"
)

// skillScanAnswer is a complete answer with fields replaced or removed:
// "Field": "" drops the field, any other value replaces its JSON text.
func skillScanAnswer(changes map[string]string) string {
	fields := []struct{ name, value string }{
		{"AppID", "260083796"}, {"AutoRenew", "0"}, {"BeginTime", `"2026-05-14 00:48:15"`}, {"BetaEndTime", `"2026-06-30 23:59:59"`},
		{"EndTime", `"2026-06-30 23:59:59"`}, {"NickName", `"多账号"`}, {"OrderStatus", "6"}, {"PayMode", "0"},
		{"ResourceId", `"skillscan-a1b2c3d4"`}, {"TimeNow", `"2026-05-14 00:48:25"`}, {"TimeSpan", "0"}, {"TimeUnit", `"m"`},
		{"TotalQuota", "1000"}, {"Uin", `"700002365149"`}, {"UsedCount", "0"}, {"RequestId", `"r-1"`},
	}
	var parts []string
	for _, f := range fields {
		v, changed := changes[f.name]
		switch {
		case !changed:
			v = f.value
		case v == "":
			continue
		}
		parts = append(parts, `"`+f.name+`": `+v)
	}
	for name, v := range changes {
		if strings.HasPrefix(name, "+") {
			parts = append(parts, `"`+name[1:]+`": `+v)
		}
	}
	return `{"Response": {` + strings.Join(parts, ", ") + `}}`
}

func TestDecodeAnswer(t *testing.T) {
	type params = SkillScanPayInfo
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
			body: skillScanAnswer(nil),
			check: func(t *testing.T, p *params) {
				if *p.AppID != 260083796 || *p.NickName != "多账号" || *p.TotalQuota != 1000 || *p.RequestId != "r-1" {
					t.Errorf("decoded %+v", p)
				}
			},
		},
		{
			name: "optional text fields may be null, missing or empty",
			body: skillScanAnswer(map[string]string{"Uin": "null", "NickName": "", "ResourceId": `""`, "BeginTime": "null", "EndTime": `""`}),
			check: func(t *testing.T, p *params) {
				if p.Uin != nil || p.NickName != nil || *p.ResourceId != "" || p.BeginTime != nil || !p.EndTime.IsZero() {
					t.Errorf("want nil or empty fields, got %+v", p)
				}
			},
		},
		{
			name: "unknown fields are ignored",
			body: skillScanAnswer(map[string]string{"+SomethingNew": `{"a": [1]}`}),
			check: func(t *testing.T, p *params) {
				if *p.OrderStatus != 6 {
					t.Errorf("OrderStatus = %d", *p.OrderStatus)
				}
			},
		},
		{name: "no Response", body: `{"Other": {}}`, wantField: "Response", wantIn: "missing"},
		{name: "Response null", body: `{"Response": null}`, wantField: "Response", wantIn: "missing"},
		{name: "Response is an array", body: `{"Response": [1]}`, wantField: "Response", wantIn: "got array"},
		{name: "top level is an array", body: `[{"Response": {}}]`, wantIn: "got array"},
		{name: "top level is null", body: `null`, wantIn: "got null"},
		{name: "top level is a string", body: `"Response"`, wantIn: "got string"},
		{name: "top level is a number", body: `42`, wantIn: "got number"},
		{name: "only a request ID", body: `{"Response": {"RequestId": "x"}}`, wantField: "AppID", wantIn: "missing or null", wantReqID: "x"},
		{name: "a number missing", body: skillScanAnswer(map[string]string{"UsedCount": ""}), wantField: "UsedCount", wantIn: "missing or null", wantReqID: "r-1"},
		{name: "a number null", body: skillScanAnswer(map[string]string{"TotalQuota": "null"}), wantField: "TotalQuota", wantIn: "missing or null", wantReqID: "r-1"},
		{name: "TimeNow missing", body: skillScanAnswer(map[string]string{"TimeNow": ""}), wantField: "TimeNow", wantIn: "missing or null", wantReqID: "r-1"},
		{name: "no request ID", body: skillScanAnswer(map[string]string{"RequestId": ""}), wantField: "RequestId", wantIn: "missing or null"},
		{
			name:      "string where an integer belongs",
			body:      skillScanAnswer(map[string]string{"AppID": `"260083796"`, "RequestId": `"r-4"`}),
			wantField: "AppID", wantIn: "expected an integer within int64, got string", wantReqID: "r-4",
		},
		{
			name:      "integer beyond int64",
			body:      skillScanAnswer(map[string]string{"TotalQuota": "9223372036854775808", "RequestId": `"r-5"`}),
			wantField: "TotalQuota", wantIn: "got number 9223372036854775808", wantReqID: "r-5",
		},
		{
			name:      "fraction where an integer belongs",
			body:      skillScanAnswer(map[string]string{"UsedCount": "1.5"}),
			wantField: "UsedCount", wantIn: "got number 1.5", wantReqID: "r-1",
		},
		{
			name:      "number where a string belongs",
			body:      skillScanAnswer(map[string]string{"Uin": "700002365149"}),
			wantField: "Uin", wantIn: "expected a string", wantReqID: "r-1",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := decode[params]("DescribeSkillScanPayInfo", []byte(tt.body), noRedact)
			if tt.check != nil {
				if err != nil {
					t.Fatalf("decode: %v", err)
				}
				tt.check(t, p)
				return
			}
			var decErr *DecodeError
			if !errors.As(err, &decErr) {
				t.Fatalf("decode = %v, want *DecodeError", err)
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
	_, err := decode[stsAnswer]("AssumeRole", []byte(body), noRedact)
	if err == nil || strings.Contains(err.Error(), secret) {
		t.Fatalf("error %v must exist and must not quote the answer", err)
	}
}

func TestMandatoryFieldsOfEachAction(t *testing.T) {
	tests := []struct {
		name      string
		parse     func([]byte) error
		body      string
		wantField string
	}{
		{"bill without TotalCost", parseAs[BillSummary], `{"Response": {"RequestId": "r-7"}}`, "TotalCost"},
		{"bill with TotalCost null", parseAs[BillSummary], `{"Response": {"TotalCost": null, "RequestId": "r-7"}}`, "TotalCost"},
		{"bill without request ID", parseAs[BillSummary], `{"Response": {"TotalCost": 1}}`, "RequestId"},
		{"STS without credentials", parseAs[stsAnswer], `{"Response": {"ExpiredTime": 1, "RequestId": "r-7"}}`, "Credentials"},
		{"STS with an empty token", parseAs[stsAnswer],
			`{"Response": {"Credentials": {"Token": "", "TmpSecretId": "a", "TmpSecretKey": "b"}, "ExpiredTime": 1, "RequestId": "r-7"}}`, "Credentials.Token"},
		{"STS without a secret key", parseAs[stsAnswer],
			`{"Response": {"Credentials": {"Token": "t", "TmpSecretId": "a"}, "ExpiredTime": 1, "RequestId": "r-7"}}`, "Credentials.TmpSecretKey"},
		{"STS without expiry", parseAs[stsAnswer],
			`{"Response": {"Credentials": {"Token": "t", "TmpSecretId": "a", "TmpSecretKey": "b"}, "RequestId": "r-7"}}`, "ExpiredTime"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var decErr *DecodeError
			if err := tt.parse([]byte(tt.body)); !errors.As(err, &decErr) || decErr.Field != tt.wantField {
				t.Errorf("got %v, want a DecodeError for %s", err, tt.wantField)
			}
		})
	}
}

func noRedact(s string) string { return s }

// parseAs decodes body as the answer P.
func parseAs[P any](body []byte) error {
	_, err := decode[P]("Action", body, noRedact)
	return err
}
