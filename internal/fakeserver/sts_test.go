package fakeserver

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
)

type stsAnswer struct {
	Response struct {
		Credentials struct {
			Token        string
			TmpSecretId  string
			TmpSecretKey string
		}
		ExpiredTime int64
		Expiration  string
		RequestId   string
	}
}

const testRoleArn = "qcs::cam::uin/100000000001:roleName/tcintl-provider"

func assumeRole(t *testing.T, s *Server, id, key, token, body string) (stsAnswer, error) {
	t.Helper()
	raw, err := sdkCall(t, sdkClient(s, id, key, token), apispec.AssumeRole, body)
	var a stsAnswer
	if err == nil {
		if jerr := json.Unmarshal(raw, &a); jerr != nil {
			t.Fatalf("STS answer %s: %v", raw, jerr)
		}
	}
	return a, err
}

// TestSTSLifecycle: issue → use with token → wrong/missing token → expiry.
func TestSTSLifecycle(t *testing.T) {
	clock := &testClock{}
	s := mustStart(t, Config{Now: clock.Now, STSMaxLifetime: 2 * time.Second}, "skillscan-trial-order")

	before := clock.Now()
	a, err := assumeRole(t, s, TestSecretID, TestSecretKey, "",
		fmt.Sprintf(`{"RoleArn": %q, "RoleSessionName": "tcintl-test", "DurationSeconds": 3600}`, testRoleArn))
	if err != nil {
		t.Fatal(err)
	}
	cr := a.Response.Credentials
	if !strings.HasPrefix(cr.TmpSecretId, "AKID") || cr.TmpSecretKey == "" || cr.Token == "" || a.Response.RequestId == "" {
		t.Fatalf("answer %+v", a)
	}
	exp, err := time.Parse(time.RFC3339, a.Response.Expiration)
	if err != nil || exp.Unix() != a.Response.ExpiredTime || exp.Sub(before) > 3*time.Second {
		t.Fatalf("Expiration %q ExpiredTime %d: lifetime must be capped to 2 s", a.Response.Expiration, a.Response.ExpiredTime)
	}
	issued := s.IssuedCredentials()
	if len(issued) != 1 || issued[0].SecretID != cr.TmpSecretId || issued[0].SecretKey != cr.TmpSecretKey ||
		issued[0].Token != cr.Token || issued[0].RoleArn != testRoleArn {
		t.Fatalf("IssuedCredentials() = %+v", issued)
	}

	tests := []struct {
		name     string
		id, key  string
		token    string
		wantCode string
		wantMsg  string
	}{
		{"temporary key with token", cr.TmpSecretId, cr.TmpSecretKey, cr.Token, "", ""},
		{"missing token", cr.TmpSecretId, cr.TmpSecretKey, "", CodeTokenFailure, "no X-TC-Token"},
		{"wrong token", cr.TmpSecretId, cr.TmpSecretKey, cr.Token + "x", CodeTokenFailure, "does not belong"},
		{"wrong key", cr.TmpSecretId, TestSecretKey, cr.Token, CodeSignatureFailure, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := sdkCall(t, sdkClient(s, tt.id, tt.key, tt.token), apispec.SkillScanPayInfo, "")
			code, msg := sdkCode(t, err)
			if code != tt.wantCode || !strings.Contains(msg, tt.wantMsg) {
				t.Fatalf("code %q message %q, want %q with %q", code, msg, tt.wantCode, tt.wantMsg)
			}
			assertNoLeak(t, msg, issued[0])
		})
	}

	// A temporary key may call AssumeRole too.
	if _, err := assumeRole(t, s, cr.TmpSecretId, cr.TmpSecretKey, cr.Token,
		fmt.Sprintf(`{"RoleArn": %q, "RoleSessionName": "chained"}`, testRoleArn)); err != nil {
		t.Fatalf("AssumeRole with a temporary key: %v", err)
	}

	clock.Advance(3 * time.Second) // past the 2 s lifetime, well within the signature window
	_, err = sdkCall(t, sdkClient(s, cr.TmpSecretId, cr.TmpSecretKey, cr.Token), apispec.SkillScanPayInfo, "")
	code, msg := sdkCode(t, err)
	if code != CodeTokenFailure || !strings.Contains(msg, "expired") {
		t.Fatalf("after expiry: code %q message %q", code, msg)
	}
	assertNoLeak(t, msg, issued[0])
	for _, r := range s.Requests() {
		if r.Action == apispec.AssumeRole && r.Code == "" && r.SecretID == "" {
			t.Errorf("log entry without SecretID: %+v", r)
		}
	}
}

func assertNoLeak(t *testing.T, text string, c TemporaryCredential) {
	t.Helper()
	for _, secret := range []string{c.SecretKey, c.Token, TestSecretKey} {
		if strings.Contains(text, secret) {
			t.Errorf("%q leaks a secret", text)
		}
	}
}

func TestSTSLifetime(t *testing.T) {
	tests := []struct {
		name     string
		max      time.Duration
		duration string // DurationSeconds JSON, "" to omit
		want     time.Duration
	}{
		{"default 7200 s", 0, "", 7200 * time.Second},
		{"asked 900 s", 0, "900", 900 * time.Second},
		{"capped", time.Minute, "900", time.Minute},
		{"below cap", time.Hour, "900", 900 * time.Second},
		{"maximum", 0, "43200", 43200 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fixed := time.Date(2026, 5, 14, 0, 48, 25, 0, time.UTC)
			s := mustStart(t, Config{STSMaxLifetime: tt.max, Now: func() time.Time { return fixed }})
			body := map[string]any{"RoleArn": testRoleArn, "RoleSessionName": "s1"}
			if tt.duration != "" {
				body["DurationSeconds"] = json.Number(tt.duration)
			}
			b, _ := json.Marshal(body)
			// The SDK signs with the real clock; sign by hand against the fixed one.
			r := signed(apispec.AssumeRole, string(b))
			r.timestamp = fixed.Unix()
			_, raw := s.send(t, r)
			var a stsAnswer
			if err := json.Unmarshal(raw, &a); err != nil || a.Response.Credentials.Token == "" {
				t.Fatalf("answer %s", raw)
			}
			if got := time.Unix(a.Response.ExpiredTime, 0).Sub(fixed); got != tt.want {
				t.Errorf("lifetime %v, want %v", got, tt.want)
			}
			if a.Response.Expiration != fixed.Add(tt.want).Format(time.RFC3339) {
				t.Errorf("Expiration %q", a.Response.Expiration)
			}
		})
	}
}

func TestSTSValidation(t *testing.T) {
	s := mustStart(t, Config{})
	c := sdkClient(s, TestSecretID, TestSecretKey, "")
	tests := []struct {
		name, body, wantCode, wantMsg string
	}{
		{"missing RoleArn", `{"RoleSessionName": "s1"}`, CodeMissingParameter, "RoleArn"},
		{"empty RoleArn", `{"RoleArn": "", "RoleSessionName": "s1"}`, CodeMissingParameter, "RoleArn"},
		{"RoleArn not a role", `{"RoleArn": "arn:aws:iam::123:role/x", "RoleSessionName": "s1"}`, CodeInvalidParameter, "qcs::cam::uin"},
		{"RoleArn without uin digits", `{"RoleArn": "qcs::cam::uin/abc:roleName/x", "RoleSessionName": "s1"}`, CodeInvalidParameter, "RoleArn"},
		{"RoleArn bad name", `{"RoleArn": "qcs::cam::uin/1:roleName/a b", "RoleSessionName": "s1"}`, CodeInvalidParameter, "RoleArn"},
		{"missing session", `{"RoleArn": "` + testRoleArn + `"}`, CodeMissingParameter, "RoleSessionName"},
		{"bad session", `{"RoleArn": "` + testRoleArn + `", "RoleSessionName": "x"}`, CodeInvalidParameter, "RoleSessionName"},
		{"duration zero", `{"RoleArn": "` + testRoleArn + `", "RoleSessionName": "s1", "DurationSeconds": 0}`, CodeInvalidParameterVal, "DurationSeconds"},
		{"duration too long", `{"RoleArn": "` + testRoleArn + `", "RoleSessionName": "s1", "DurationSeconds": 43201}`, CodeInvalidParameterVal, "DurationSeconds"},
		{"duration fraction", `{"RoleArn": "` + testRoleArn + `", "RoleSessionName": "s1", "DurationSeconds": 1.5}`, CodeInvalidParameterVal, "DurationSeconds"},
		{"policy not string", `{"RoleArn": "` + testRoleArn + `", "RoleSessionName": "s1", "Policy": {}}`, CodeInvalidParameter, "Policy"},
		{"unknown parameter", `{"RoleArn": "` + testRoleArn + `", "RoleSessionName": "s1", "Extra": 1}`, CodeUnknownParameter, "Extra"},
		{"with policy and external id", `{"RoleArn": "` + testRoleArn + `", "RoleSessionName": "s1", "Policy": "{}", "ExternalId": "e"}`, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := sdkCall(t, c, apispec.AssumeRole, tt.body)
			code, msg := sdkCode(t, err)
			if code != tt.wantCode || !strings.Contains(msg, tt.wantMsg) {
				t.Errorf("code %q message %q, want %q with %q", code, msg, tt.wantCode, tt.wantMsg)
			}
		})
	}
	if n := len(s.IssuedCredentials()); n != 1 {
		t.Errorf("%d credentials issued, want 1", n)
	}
}

// TestSTSScope: AssumeRole must be signed for the sts service.
func TestSTSScope(t *testing.T) {
	s := mustStart(t, Config{})
	r := signed(apispec.AssumeRole, `{"RoleArn": "`+testRoleArn+`", "RoleSessionName": "s1"}`)
	r.service = "csip"
	_, body := s.send(t, r)
	if code, _, _ := envelopeCode(t, body); code != CodeSignatureFailure {
		t.Errorf("answer %s", body)
	}
}
