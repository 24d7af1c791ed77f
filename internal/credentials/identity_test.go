package credentials

import (
	"errors"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The identity that pacing shares is the same however the keys were
// configured, and never a description or a file's path.
func TestIdentityIsStableAcrossSpellings(t *testing.T) {
	dir := t.TempDir()
	token := writeFile(t, dir, "token", testJWT)
	other := writeFile(t, dir, "other-token", testJWT)
	tke := map[string]string{EnvTKERegion: "ap-singapore", EnvTKEProviderID: "tke-oidc", EnvTKETokenFile: other, EnvTKERoleArn: roleArn}
	home := t.TempDir()
	writeProfile(t, filepath.Join(home, ".tccli"), "default", `{"secretId": "AKIDsame", "secretKey": "key-profile"}`)
	spellings := map[string][]struct {
		s   Settings
		env map[string]string
	}{
		"a CVM role": {
			{s: Settings{CAMRoleName: ptr("runner")}},
			{env: map[string]string{EnvCAMRoleName: "runner"}},
		},
		"a web identity's role": {
			{s: Settings{WebIdentity: &WebIdentitySettings{TokenFile: ptr(token), RoleArn: ptr(roleArn)}}},
			{env: map[string]string{EnvWebIdentityTokenFile: token, EnvAssumeRoleArn: roleArn}},
			{env: map[string]string{EnvWebIdentityToken: testJWT, EnvAssumeRoleArn: roleArn, EnvWebIdentityProvider: "github"}},
			{s: Settings{EnablePodOIDC: ptr(true)}, env: tke},
		},
		"an assumed role": {
			{s: Settings{SecretID: ptr("AKID1"), SecretKey: ptr("k"), AssumeRole: &AssumeRoleSettings{RoleArn: ptr(roleArn2)}}},
			{env: map[string]string{EnvSecretID: "AKID2", EnvSecretKey: "k", EnvAssumeRoleArn: roleArn2}},
			{s: Settings{CAMRoleName: ptr("runner"), AssumeRole: &AssumeRoleSettings{RoleArn: ptr(roleArn2), SessionName: ptr("other")}}},
		},
		"fixed keys": {
			{s: Settings{SecretID: ptr("AKIDsame"), SecretKey: ptr("k1")}},
			{env: map[string]string{EnvSecretID: "AKIDsame", EnvSecretKey: "k2", EnvSecurityToken: "t"}},
			{},
		},
	}
	seen := map[string]string{}
	for what, list := range spellings {
		var first string
		for i, sp := range list {
			r, ps := resolve(sp.s, fakeEnvironment(home, sp.env))
			if ps.HasError() {
				t.Fatalf("%s, spelling %d: %s", what, i, diagText(ps))
			}
			id := r.Identity()
			if i == 0 {
				first = id
			} else if id != first {
				t.Errorf("%s, spelling %d: identity %q, want %q as the first spelling's (%s)", what, i, id, first, r.Description)
			}
			if strings.Contains(id, dir) || strings.Contains(id, "from") {
				t.Errorf("%s: identity %q names a path or a setting", what, id)
			}
		}
		if other, dup := seen[first]; dup {
			t.Errorf("%s and %s share the identity %q", what, other, first)
		}
		seen[first] = what
	}
}

// Keys that arrive expired, or with an expiry that is no time, or that
// could not travel in a header, are refused as they arrive, naming what is
// wrong; expired ones name this machine's clock.
func TestSessionsAreCheckedAsTheyArrive(t *testing.T) {
	now := time.Unix(1767225600, 0)
	good := Keys{SecretID: "AKIDtmp", SecretKey: "tmpkey", Token: "tmptoken"}
	if expires, err := (Session{Keys: good, ExpiredTime: now.Unix() + 7200}).expiry(now); err != nil || !expires.Equal(now.Add(2*time.Hour)) {
		t.Fatalf("good session: %v, %v", expires, err)
	}
	tests := map[string]struct {
		s    Session
		want string
	}{
		"expired an hour ago":         {Session{Keys: good, ExpiredTime: now.Unix() - 3600}, "arrived already expired"},
		"expiring now":                {Session{Keys: good, ExpiredTime: now.Unix()}, "arrived already expired"},
		"the largest int64":           {Session{Keys: good, ExpiredTime: math.MaxInt64}, "is not a time"},
		"beyond the year 9999":        {Session{Keys: good, ExpiredTime: 253402300800}, "is not a time"},
		"zero":                        {Session{Keys: good}, "is not a time"},
		"negative":                    {Session{Keys: good, ExpiredTime: -1}, "is not a time"},
		"a CRLF in the token":         {Session{Keys: Keys{SecretID: "AKIDtmp", SecretKey: "tmpkey", Token: "tok\r\nen"}, ExpiredTime: now.Unix() + 60}, "Token contains a control character"},
		"a space after the secret id": {Session{Keys: Keys{SecretID: "AKIDtmp ", SecretKey: "tmpkey", Token: "t"}, ExpiredTime: now.Unix() + 60}, "TmpSecretId ends with whitespace"},
		"a NUL in the key":            {Session{Keys: Keys{SecretID: "AKIDtmp", SecretKey: "tmp\x00key", Token: "t"}, ExpiredTime: now.Unix() + 60}, "TmpSecretKey contains a control character"},
	}
	for name, tt := range tests {
		_, err := tt.s.expiry(now)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", name, err, tt.want)
		}
		if strings.Contains(fmtErr(err), "tmpkey") || strings.Contains(fmtErr(err), "tmptoken") {
			t.Errorf("%s: the error quotes a secret: %v", name, err)
		}
	}
	_, err := (Session{Keys: good, ExpiredTime: now.Unix() - 1}).expiry(now)
	var expired *ExpiredError
	if !errors.As(err, &expired) || !strings.Contains(err.Error(), "2026-01-01T00:00:00Z") {
		t.Errorf("an expired session: %v; want an ExpiredError naming this machine's clock", err)
	}
}

func fmtErr(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
