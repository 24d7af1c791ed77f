package fakeserver

import (
	"strings"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
)

func TestAuthWithSDK(t *testing.T) {
	const otherID, otherKey = "AKIDsecondTestKey0000000000000000002", "secondTestSecret000000000000002"
	tests := []struct {
		name     string
		keys     map[string]string
		id, key  string
		token    string
		clock    time.Duration // server clock offset
		unsigned bool          // SDK UnsignedPayload
		wantCode string
		wantMsg  string
	}{
		{name: "test pair", id: TestSecretID, key: TestSecretKey},
		{name: "configured pair", keys: map[string]string{otherID: otherKey}, id: otherID, key: otherKey},
		{name: "test pair not implied by Keys", keys: map[string]string{otherID: otherKey}, id: TestSecretID, key: TestSecretKey, wantCode: CodeSecretIDNotFound},
		{name: "wrong key", id: TestSecretID, key: "not-the-key", wantCode: CodeSignatureFailure},
		{name: "unknown id", id: "AKIDunknown", key: TestSecretKey, wantCode: CodeSecretIDNotFound},
		{name: "server 10 min ahead", id: TestSecretID, key: TestSecretKey, clock: 10 * time.Minute, wantCode: CodeSignatureExpire, wantMsg: "300 seconds"},
		{name: "server 10 min behind", id: TestSecretID, key: TestSecretKey, clock: -10 * time.Minute, wantCode: CodeSignatureExpire},
		{name: "server 4 min ahead", id: TestSecretID, key: TestSecretKey, clock: 4 * time.Minute},
		{name: "token with long-term key", id: TestSecretID, key: TestSecretKey, token: "some-token", wantCode: CodeTokenFailure},
		{name: "unsigned payload", id: TestSecretID, key: TestSecretKey, unsigned: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := &testClock{offset: tt.clock}
			s := mustStart(t, Config{Keys: tt.keys, Now: clock.Now}, "skillscan-trial-order")
			c := sdkClient(s, tt.id, tt.key, tt.token, func(p *profile.ClientProfile) { p.UnsignedPayload = tt.unsigned })
			_, err := sdkCall(t, c, apispec.SkillScanPayInfo, "")
			code, msg := sdkCode(t, err)
			if code != tt.wantCode {
				t.Fatalf("code %q (%s), want %q", code, msg, tt.wantCode)
			}
			if !strings.Contains(msg, tt.wantMsg) {
				t.Errorf("message %q lacks %q", msg, tt.wantMsg)
			}
			for _, secret := range []string{tt.key, TestSecretKey, otherKey, tt.token} {
				if secret != "" && strings.Contains(msg, secret) {
					t.Errorf("message %q leaks a secret", msg)
				}
			}
			reqs := s.Requests()
			if len(reqs) != 1 || reqs[0].Code != tt.wantCode || reqs[0].SecretID != tt.id {
				t.Errorf("log %+v", reqs)
			}
		})
	}
}

// TestAuthHandSigned covers what the SDK never sends wrong.
func TestAuthHandSigned(t *testing.T) {
	now := time.Now()
	yesterday := now.Add(-24 * time.Hour).UTC().Format(time.DateOnly)
	tests := []struct {
		name     string
		req      rawRequest
		wantCode string
		wantMsg  string
	}{
		{"correct", signed(apispec.SkillScanPayInfo, "{}"), "", ""},
		{"missing Authorization", rawRequest{action: apispec.SkillScanPayInfo}, CodeSignatureFailure, "Authorization"},
		{"other algorithm", rawRequest{action: apispec.SkillScanPayInfo, headers: map[string]string{"Authorization": "HMAC-SHA1 Credential=x"}}, CodeSignatureFailure, "TC3-HMAC-SHA256"},
		{"bad credential scope", rawRequest{action: apispec.SkillScanPayInfo, headers: map[string]string{
			"Authorization": "TC3-HMAC-SHA256 Credential=AKID/2026-01-01/csip, SignedHeaders=content-type;host, Signature=00"}}, CodeSignatureFailure, "Credential"},
		{"no signature", rawRequest{action: apispec.SkillScanPayInfo, headers: map[string]string{
			"Authorization": "TC3-HMAC-SHA256 Credential=AKID/2026-01-01/csip/tc3_request, SignedHeaders=content-type;host"}}, CodeSignatureFailure, "Signature"},
		{"scope service of another action", func() rawRequest {
			r := signed(apispec.SkillScanPayInfo, "{}")
			r.service = "intlpartnersmgt"
			return r
		}(), CodeSignatureFailure, "service"},
		{"scope date not the timestamp's", func() rawRequest {
			r := signed(apispec.SkillScanPayInfo, "{}")
			r.scopeDate = yesterday
			return r
		}(), CodeSignatureFailure, "date"},
		{"timestamp 301 s old", func() rawRequest {
			r := signed(apispec.SkillScanPayInfo, "{}")
			r.timestamp = now.Add(-301 * time.Second).Unix()
			return r
		}(), CodeSignatureExpire, "Signature expired"},
		{"other signed headers", rawRequest{action: apispec.SkillScanPayInfo, headers: map[string]string{
			"Authorization": "TC3-HMAC-SHA256 Credential=" + TestSecretID + "/" + now.UTC().Format(time.DateOnly) + "/csip/tc3_request, SignedHeaders=host, Signature=00"}}, CodeSignatureFailure, "SignedHeaders"},
		{"non-hex signature", rawRequest{action: apispec.SkillScanPayInfo, headers: map[string]string{
			"Authorization": "TC3-HMAC-SHA256 Credential=" + TestSecretID + "/" + now.UTC().Format(time.DateOnly) + "/csip/tc3_request, SignedHeaders=content-type;host, Signature=zz"}}, CodeSignatureFailure, "signature"},
		{"body changed after signing", func() rawRequest {
			r := signed(apispec.SkillScanPayInfo, "{}")
			other := "{ }"
			r.signedBody = &other
			return r
		}(), CodeSignatureFailure, "signature"},
		{"content type changed after signing", func() rawRequest {
			r := signed(apispec.SkillScanPayInfo, "{}")
			r.headers = map[string]string{"Content-Type": "application/json; charset=utf-8"}
			return r
		}(), CodeSignatureFailure, "signature"},
	}
	s := mustStart(t, Config{Limits: map[string]float64{apispec.SkillScanPayInfo: 1000}}, "skillscan-trial-order")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, body := s.send(t, tt.req)
			code, msg, _ := envelopeCode(t, body)
			if code != tt.wantCode || !strings.Contains(msg, tt.wantMsg) {
				t.Errorf("answer %s, want %q with %q", body, tt.wantCode, tt.wantMsg)
			}
			if strings.Contains(msg, TestSecretKey) {
				t.Errorf("message leaks the key: %s", msg)
			}
		})
	}
}

func TestParseAuthorization(t *testing.T) {
	a, err := parseAuthorization("TC3-HMAC-SHA256 Credential=AKIDx/2026-05-14/csip/tc3_request, SignedHeaders=content-type;host, Signature=abc")
	if err != nil {
		t.Fatal(err)
	}
	want := authorization{SecretID: "AKIDx", Date: "2026-05-14", Service: "csip", SignedHeaders: "content-type;host", Signature: "abc"}
	if a != want {
		t.Errorf("got %+v", a)
	}
	for _, bad := range []string{"", "TC3-HMAC-SHA256", "TC3-HMAC-SHA256 x", "TC3-HMAC-SHA256 Credential=a/b/c/d, SignedHeaders=x, Signature=y",
		"TC3-HMAC-SHA256 Credential=/b/c/tc3_request, SignedHeaders=x, Signature=y", "TC3-HMAC-SHA256 Foo=1"} {
		if _, err := parseAuthorization(bad); err == nil {
			t.Errorf("parseAuthorization(%q) accepted", bad)
		}
	}
}
