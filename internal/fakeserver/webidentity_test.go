package fakeserver

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
)

const testJWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaSJ9.c2ln"

func webIdentityBody(token string) string {
	return fmt.Sprintf(`{"ProviderId": "OIDC", "WebIdentityToken": %q, "RoleArn": %q, "RoleSessionName": "ci-plan", "DurationSeconds": 3600}`, token, testRoleArn)
}

// unsigned is a request with Authorization: SKIP, as the SDK sends one.
func unsigned(action, body string) rawRequest {
	return rawRequest{action: action, body: body, headers: map[string]string{"Authorization": "SKIP"}}
}

func TestWebIdentityIssuesKeysTheAPIAccepts(t *testing.T) {
	clock := &testClock{}
	s := mustStart(t, Config{Now: clock.Now, STSMaxLifetime: 2 * time.Second}, "skillscan-trial-order")
	resp, b := s.send(t, unsigned(apispec.AssumeRoleWithWebIdentity, webIdentityBody(testJWT)))
	var a stsAnswer
	if err := json.Unmarshal(b, &a); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("HTTP %d %s", resp.StatusCode, b)
	}
	cr := a.Response.Credentials
	if cr.TmpSecretId == "" || cr.TmpSecretKey == "" || cr.Token == "" {
		t.Fatalf("answer %s", b)
	}
	if d := time.Until(time.Unix(a.Response.ExpiredTime, 0)); d > 3*time.Second {
		t.Errorf("keys live %s: STSMaxLifetime caps them at 2 s", d)
	}
	ex := s.WebIdentityExchanges()
	if len(ex) != 1 || ex[0].Token != testJWT || ex[0].ProviderID != "OIDC" || ex[0].RoleArn != testRoleArn ||
		ex[0].RoleSessionName != "ci-plan" || ex[0].IssuedSecretID != cr.TmpSecretId {
		t.Errorf("exchanges %+v", ex)
	}
	if issued := s.IssuedCredentials(); len(issued) != 1 || issued[0].Source != apispec.AssumeRoleWithWebIdentity {
		t.Errorf("issued %+v", issued)
	}
	if r := s.Requests()[0]; !r.Unsigned || r.SecretID != "" {
		t.Errorf("logged as unsigned %v by %q", r.Unsigned, r.SecretID)
	}
	if _, err := sdkCall(t, sdkClient(s, cr.TmpSecretId, cr.TmpSecretKey, cr.Token), apispec.SkillScanPayInfo, ""); err != nil {
		t.Errorf("the API refused the exchanged keys: %v", err)
	}
	clock.Advance(3 * time.Second)
	_, err := sdkCall(t, sdkClient(s, cr.TmpSecretId, cr.TmpSecretKey, cr.Token), apispec.SkillScanPayInfo, "")
	if code, _ := sdkCode(t, err); code != CodeTokenFailure {
		t.Errorf("expired exchanged keys: got %q, want %s", code, CodeTokenFailure)
	}
}

func TestWebIdentityValidation(t *testing.T) {
	without := func(field string) string {
		m := map[string]any{}
		_ = json.Unmarshal([]byte(webIdentityBody(testJWT)), &m)
		delete(m, field)
		b, _ := json.Marshal(m)
		return string(b)
	}
	with := func(field string, v any) string {
		m := map[string]any{}
		_ = json.Unmarshal([]byte(webIdentityBody(testJWT)), &m)
		m[field] = v
		b, _ := json.Marshal(m)
		return string(b)
	}
	tests := []struct {
		name     string
		req      rawRequest
		wantCode string
		wantMsg  string
	}{
		{"no token", unsigned(apispec.AssumeRoleWithWebIdentity, without("WebIdentityToken")), CodeMissingParameter, "WebIdentityToken"},
		{"empty token", unsigned(apispec.AssumeRoleWithWebIdentity, with("WebIdentityToken", "")), CodeMissingParameter, "WebIdentityToken"},
		{"token not a string", unsigned(apispec.AssumeRoleWithWebIdentity, with("WebIdentityToken", 42)), CodeInvalidParameter, "must be a string"},
		{"no provider", unsigned(apispec.AssumeRoleWithWebIdentity, without("ProviderId")), CodeMissingParameter, "ProviderId"},
		{"no role", unsigned(apispec.AssumeRoleWithWebIdentity, without("RoleArn")), CodeMissingParameter, "RoleArn"},
		{"malformed role", unsigned(apispec.AssumeRoleWithWebIdentity, with("RoleArn", "arn:aws:iam::1:role/x")), CodeInvalidParameter, "RoleArn"},
		{"no session name", unsigned(apispec.AssumeRoleWithWebIdentity, without("RoleSessionName")), CodeMissingParameter, "RoleSessionName"},
		{"duration too long", unsigned(apispec.AssumeRoleWithWebIdentity, with("DurationSeconds", 43201)), CodeInvalidParameterVal, "DurationSeconds"},
		{"unknown parameter", unsigned(apispec.AssumeRoleWithWebIdentity, with("Policy", "{}")), CodeUnknownParameter, "Policy"},
		{"two parts", unsigned(apispec.AssumeRoleWithWebIdentity, with("WebIdentityToken", "a.b")), CodeWebIdentityTokenError, "not a JWT"},
		{"four parts", unsigned(apispec.AssumeRoleWithWebIdentity, with("WebIdentityToken", "a.b.c.d")), CodeWebIdentityTokenError, "not a JWT"},
		{"empty part", unsigned(apispec.AssumeRoleWithWebIdentity, with("WebIdentityToken", "a..c")), CodeWebIdentityTokenError, "not a JWT"},
		{"not base64url", unsigned(apispec.AssumeRoleWithWebIdentity, with("WebIdentityToken", "a.b c.d")), CodeWebIdentityTokenError, "not a JWT"},
		{
			"unsigned with a token header",
			rawRequest{action: apispec.AssumeRoleWithWebIdentity, body: webIdentityBody(testJWT), token: "tok", headers: map[string]string{"Authorization": "SKIP"}},
			CodeInvalidParameter, "X-TC-Token",
		},
		{"unsigned AssumeRole", unsigned(apispec.AssumeRole, `{"RoleArn": "`+testRoleArn+`", "RoleSessionName": "s1"}`), CodeSignatureFailure, "must be signed"},
		{"unsigned API call", unsigned(apispec.SkillScanPayInfo, `{}`), CodeSignatureFailure, "must be signed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustStart(t, Config{})
			_, b := s.send(t, tt.req)
			code, msg, _ := envelopeCode(t, b)
			if code != tt.wantCode || !strings.Contains(msg, tt.wantMsg) {
				t.Errorf("got %s %q, want %s mentioning %q", code, msg, tt.wantCode, tt.wantMsg)
			}
			if n := len(s.IssuedCredentials()); n != 0 {
				t.Errorf("issued %d credentials for a bad request", n)
			}
		})
	}
}

func TestWebIdentityRefusedToken(t *testing.T) {
	s := mustStart(t, Config{})
	s.RefuseWebIdentityToken(testJWT)
	_, b := s.send(t, unsigned(apispec.AssumeRoleWithWebIdentity, webIdentityBody(testJWT)))
	if code, _, _ := envelopeCode(t, b); code != CodeWebIdentityTokenError {
		t.Errorf("got %s, want %s", code, CodeWebIdentityTokenError)
	}
	other := strings.Replace(testJWT, "ci", "cd", 1)
	if _, b := s.send(t, unsigned(apispec.AssumeRoleWithWebIdentity, webIdentityBody(other))); strings.Contains(string(b), "Error") {
		t.Errorf("another token was refused too: %s", b)
	}
	if ex := s.WebIdentityExchanges(); len(ex) != 2 || ex[0].IssuedSecretID != "" || ex[1].IssuedSecretID == "" {
		t.Errorf("exchanges %+v: want the refused one recorded without keys", ex)
	}
}

// The SDK's own unsigned path (SetSkipSign) is what the provider uses.
func TestWebIdentityThroughTheSDK(t *testing.T) {
	s := mustStart(t, Config{})
	c := sdkClient(s, "", "", "")
	c.WithCredential(nil)
	spec, _ := apispec.Lookup(apispec.AssumeRoleWithWebIdentity)
	b, err := sdkCallUnsigned(t, c, spec, webIdentityBody(testJWT))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "TmpSecretKey") {
		t.Errorf("answer %s", b)
	}
}
