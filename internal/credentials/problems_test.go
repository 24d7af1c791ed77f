//go:build unix

package credentials

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// resolveErr resolves and returns the errors' text, failing the test when
// there is none or when resolve takes long (a FIFO must not block it).
func resolveErr(t *testing.T, s Settings, env Env) string {
	t.Helper()
	done := make(chan string, 1)
	go func() {
		_, diags := resolve(s, env)
		if !diags.HasError() {
			done <- ""
			return
		}
		done <- diagText(diags.Errors())
	}()
	select {
	case text := <-done:
		if text == "" {
			t.Fatal("resolve succeeded")
		}
		return text
	case <-time.After(5 * time.Second):
		t.Fatal("resolve blocked")
	}
	return ""
}

func wantAll(t *testing.T, text string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(text, p) {
			t.Errorf("diagnostics %q do not mention %q", text, p)
		}
	}
}

func TestConflictingCredentialSources(t *testing.T) {
	dir := t.TempDir()
	tokenFile := writeFile(t, dir, "token", testJWT)
	sources := map[string]func(*Settings){
		"secret_id/secret_key": func(s *Settings) { s.SecretID, s.SecretKey = ptr("id"), ptr("key") },
		"profile":              func(s *Settings) { s.Profile = ptr("ci") },
		"assume_role_with_web_identity": func(s *Settings) {
			s.WebIdentity = &WebIdentitySettings{TokenFile: ptr(tokenFile), RoleArn: ptr(roleArn)}
		},
		"enable_pod_oidc": func(s *Settings) { s.EnablePodOIDC = ptr(true) },
		"cam_role_name":   func(s *Settings) { s.CAMRoleName = ptr("runner") },
	}
	names := []string{"secret_id/secret_key", "profile", "assume_role_with_web_identity", "enable_pod_oidc", "cam_role_name"}
	for i, a := range names {
		for _, b := range names[i+1:] {
			t.Run(a+" and "+b, func(t *testing.T) {
				t.Parallel()
				var s Settings
				sources[a](&s)
				sources[b](&s)
				wantAll(t, resolveErr(t, s, fakeEnvironment(t.TempDir(), nil)), "Conflicting credential sources", a, b, "one way at a time")
			})
		}
	}
	t.Run("half a key pair and a profile", func(t *testing.T) {
		s := Settings{SecretKey: ptr("key"), SharedCredentialsDir: ptr(dir)}
		wantAll(t, resolveErr(t, s, fakeEnvironment(t.TempDir(), nil)), "secret_id/secret_key", "shared_credentials_dir")
	})
	t.Run("three at once", func(t *testing.T) {
		var s Settings
		for _, n := range []string{"secret_id/secret_key", "enable_pod_oidc", "cam_role_name"} {
			sources[n](&s)
		}
		wantAll(t, resolveErr(t, s, fakeEnvironment(t.TempDir(), nil)), "in 3 ways", "secret_id/secret_key", "enable_pod_oidc", "cam_role_name")
	})
	tke := map[string]string{EnvTKERegion: "ap-guangzhou", EnvTKEProviderID: "p", EnvTKETokenFile: tokenFile, EnvTKERoleArn: roleArn}
	for name, tt := range map[string]struct {
		s   Settings
		env map[string]string
		by  string
	}{
		"assume_role around a web identity block": {
			s:  Settings{WebIdentity: &WebIdentitySettings{TokenFile: ptr(tokenFile), RoleArn: ptr(roleArn)}, AssumeRole: &AssumeRoleSettings{RoleArn: ptr(roleArn2)}},
			by: "assume_role_with_web_identity in the provider block",
		},
		"assume_role around pod OIDC": {
			s: Settings{EnablePodOIDC: ptr(true), AssumeRole: &AssumeRoleSettings{RoleArn: ptr(roleArn2)}}, env: tke,
			by: "enable_pod_oidc",
		},
		"assume_role around web identity from the environment": {
			s:   Settings{AssumeRole: &AssumeRoleSettings{RoleArn: ptr(roleArn2)}},
			env: map[string]string{EnvWebIdentityTokenFile: tokenFile, EnvAssumeRoleArn: roleArn},
			by:  EnvWebIdentityTokenFile,
		},
	} {
		t.Run(name, func(t *testing.T) {
			wantAll(t, resolveErr(t, tt.s, fakeEnvironment(t.TempDir(), tt.env)), "Conflicting credential sources", "assume_role cannot wrap", tt.by)
		})
	}
}

func TestWebIdentityAndPodOIDCErrors(t *testing.T) {
	dir := t.TempDir()
	token := writeFile(t, dir, "token", testJWT)
	newline := writeFile(t, dir, "newline", testJWT+"\n")
	empty := writeFile(t, dir, "empty", "")
	badJSON := writeFile(t, dir, "bad.json", `{"token": "x"}`)
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	zero := filepath.Join(dir, "zero")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	huge := writeFile(t, dir, "huge", "")
	if err := os.Truncate(huge, 1<<30); err != nil {
		t.Fatal(err)
	}
	block := func(b WebIdentitySettings) Settings {
		if b.RoleArn == nil {
			b.RoleArn = ptr(roleArn)
		}
		return Settings{WebIdentity: &b}
	}
	tke := func(drop string, set map[string]string) map[string]string {
		m := map[string]string{EnvTKERegion: "ap-guangzhou", EnvTKEProviderID: "p", EnvTKETokenFile: token, EnvTKERoleArn: roleArn}
		delete(m, drop)
		for k, v := range set {
			m[k] = v
		}
		return m
	}
	pod := Settings{EnablePodOIDC: ptr(true)}
	tests := []struct {
		name string
		s    Settings
		env  map[string]string
		want []string
	}{
		{name: "no token at all", s: block(WebIdentitySettings{}), want: []string{"Missing web_identity_token", EnvWebIdentityTokenFile}},
		{name: "token and file in the block", s: block(WebIdentitySettings{Token: ptr(testJWT), TokenFile: ptr(token)}), want: []string{"Conflicting web_identity_token and web_identity_token_file"}},
		{name: "token and file in the environment", env: map[string]string{EnvWebIdentityToken: testJWT, EnvWebIdentityTokenFile: token, EnvAssumeRoleArn: roleArn},
			want: []string{"Conflicting " + EnvWebIdentityToken + " and " + EnvWebIdentityTokenFile}},
		{name: "no role", s: Settings{WebIdentity: &WebIdentitySettings{TokenFile: ptr(token)}}, want: []string{"Missing role_arn", EnvAssumeRoleArn}},
		{name: "no role in the environment", env: map[string]string{EnvWebIdentityTokenFile: token}, want: []string{"Missing role_arn"}},
		{name: "bad duration variable", s: block(WebIdentitySettings{TokenFile: ptr(token)}), env: map[string]string{EnvAssumeRoleDuration: "2h"},
			want: []string{"Invalid " + EnvAssumeRoleDuration, `"2h"`}},
		{name: "token file missing", s: block(WebIdentitySettings{TokenFile: ptr(filepath.Join(dir, "nope"))}), want: []string{"Cannot use the OIDC token file", "nope", "does not exist", "web_identity_token_file"}},
		{name: "token file a FIFO", s: block(WebIdentitySettings{TokenFile: ptr(fifo)}), want: []string{fifo, "named pipe"}},
		{name: "token file a link to /dev/zero", s: block(WebIdentitySettings{TokenFile: ptr(zero)}), want: []string{zero, "character device"}},
		{name: "token file a directory", s: block(WebIdentitySettings{TokenFile: ptr(dir)}), want: []string{dir, "a directory"}},
		{name: "token file huge", s: block(WebIdentitySettings{TokenFile: ptr(huge)}), want: []string{huge, "larger than 64 KiB"}},
		{name: "token file empty", s: block(WebIdentitySettings{TokenFile: ptr(empty)}), want: []string{empty, "is empty"}},
		{name: "token file JSON without the token", s: block(WebIdentitySettings{TokenFile: ptr(badJSON)}), want: []string{badJSON, "web_identity_token string"}},
		{name: "token file ends with a newline", s: block(WebIdentitySettings{TokenFile: ptr(newline)}), want: []string{newline, "ends with whitespace", "does not trim"}},
		{name: "token file from the environment, missing", env: map[string]string{EnvWebIdentityTokenFile: filepath.Join(dir, "gone"), EnvAssumeRoleArn: roleArn},
			want: []string{"gone", "does not exist", EnvWebIdentityTokenFile}},
		{name: "pod OIDC without any TKE variable", s: pod, want: []string{"Missing " + EnvTKERegion + ", " + EnvTKEProviderID + ", " + EnvTKETokenFile + ", " + EnvTKERoleArn}},
		{name: "pod OIDC without TKE_REGION", s: pod, env: tke(EnvTKERegion, nil), want: []string{"Missing " + EnvTKERegion, "service account"}},
		{name: "pod OIDC without TKE_ROLE_ARN", s: pod, env: tke(EnvTKERoleArn, nil), want: []string{"Missing " + EnvTKERoleArn}},
		{name: "pod OIDC with a FIFO for a token", s: pod, env: tke("", map[string]string{EnvTKETokenFile: fifo}), want: []string{fifo, "named pipe", EnvTKETokenFile}},
		{name: "pod OIDC with a newline in TKE_REGION", s: pod, env: tke("", map[string]string{EnvTKERegion: "ap-guangzhou\n"}), want: []string{"Invalid " + EnvTKERegion, "ends with whitespace"}},
		{name: "CAM role name from the environment with a slash", env: map[string]string{EnvCAMRoleName: "a/b"}, want: []string{"Invalid " + EnvCAMRoleName, "CAM role name"}},
		{name: "CAM role name from the environment with a space", env: map[string]string{EnvCAMRoleName: "runner "}, want: []string{"Invalid " + EnvCAMRoleName}},
		{name: "metadata URL not http", env: map[string]string{EnvCAMRoleName: "runner", EnvMetadataURL: "file:///etc/passwd"}, want: []string{"Invalid " + EnvMetadataURL, "for tests only"}},
		{name: "metadata URL with a path", env: map[string]string{EnvCAMRoleName: "runner", EnvMetadataURL: "http://127.0.0.1:1/latest"}, want: []string{"Invalid " + EnvMetadataURL}},
		{name: "assume_role block without role_arn beside a CVM role", s: Settings{CAMRoleName: ptr("runner"), AssumeRole: &AssumeRoleSettings{SessionName: ptr("s1")}}, want: []string{"Missing role_arn"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			text := resolveErr(t, tt.s, fakeEnvironment(t.TempDir(), tt.env))
			wantAll(t, text, tt.want...)
			if strings.Contains(text, testJWT) {
				t.Errorf("the diagnostics quote the token: %q", text)
			}
		})
	}
}

// TestSecretsWithWhitespaceOrControlCharacters tries every place a secret
// can come from with several bad values: each is refused at configure time
// with an error naming the place, never the value, and never trimmed.
func TestSecretsWithWhitespaceOrControlCharacters(t *testing.T) {
	const secret = "Sup3rS3cretValue0123"
	bad := map[string]string{
		"leading space":      " " + secret,
		"trailing newline":   secret + "\n",
		"trailing CRLF":      secret + "\r\n",
		"trailing tab":       secret + "\t",
		"newline inside":     secret[:5] + "\n" + secret[5:],
		"NUL inside":         secret[:5] + "\x00" + secret[5:],
		"escape inside":      secret[:5] + "\x1b" + secret[5:],
		"no-break space end": secret + "\u00a0",
	}
	type place struct {
		// build returns the settings and environment that put v in place.
		build func(t *testing.T, v string) (Settings, map[string]string)
		want  []string
	}
	keys := func(id, key, token *string) Settings {
		return Settings{SecretID: cmpPtr(id, "AKIDgood"), SecretKey: cmpPtr(key, "goodkey"), SecurityToken: token}
	}
	profile := func(field string) func(t *testing.T, v string) (Settings, map[string]string) {
		return func(t *testing.T, v string) (Settings, map[string]string) {
			dir := t.TempDir()
			doc := map[string]string{"secretId": "AKIDgood", "secretKey": "goodkey", "token": "goodtoken"}
			doc[field] = v
			content, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			writeProfile(t, dir, "p", string(content))
			return Settings{Profile: ptr("p"), SharedCredentialsDir: nil}, map[string]string{EnvSharedCredentialsDir: dir}
		}
	}
	places := map[string]place{
		"secret_id argument":      {build: func(_ *testing.T, v string) (Settings, map[string]string) { return keys(&v, nil, nil), nil }, want: []string{"secret ID from secret_id"}},
		"secret_key argument":     {build: func(_ *testing.T, v string) (Settings, map[string]string) { return keys(nil, &v, nil), nil }, want: []string{"secret key from secret_key"}},
		"security_token argument": {build: func(_ *testing.T, v string) (Settings, map[string]string) { return keys(nil, nil, &v), nil }, want: []string{"security token from security_token"}},
		"secret ID variable": {build: func(_ *testing.T, v string) (Settings, map[string]string) {
			return Settings{}, map[string]string{EnvSecretID: v, EnvSecretKey: "goodkey"}
		}, want: []string{"secret ID from " + EnvSecretID}},
		"secret key variable": {build: func(_ *testing.T, v string) (Settings, map[string]string) {
			return Settings{}, map[string]string{EnvSecretID: "AKIDgood", EnvSecretKey: v}
		}, want: []string{"secret key from " + EnvSecretKey}},
		"security token variable": {build: func(_ *testing.T, v string) (Settings, map[string]string) {
			return Settings{}, map[string]string{EnvSecretID: "AKIDgood", EnvSecretKey: "goodkey", EnvSecurityToken: v}
		}, want: []string{"security token from " + EnvSecurityToken}},
		"tccli secretId":  {build: profile("secretId"), want: []string{"secretId in", "p.credential"}},
		"tccli secretKey": {build: profile("secretKey"), want: []string{"secretKey in", "p.credential"}},
		"tccli token":     {build: profile("token"), want: []string{"token in", "p.credential"}},
		"web_identity_token argument": {build: func(_ *testing.T, v string) (Settings, map[string]string) {
			return Settings{WebIdentity: &WebIdentitySettings{Token: &v, RoleArn: ptr(roleArn)}}, nil
		}, want: []string{"OIDC token from web_identity_token"}},
		"web identity token variable": {build: func(_ *testing.T, v string) (Settings, map[string]string) {
			return Settings{}, map[string]string{EnvWebIdentityToken: v, EnvAssumeRoleArn: roleArn}
		}, want: []string{"OIDC token from " + EnvWebIdentityToken}},
		"web identity token file": {build: func(t *testing.T, v string) (Settings, map[string]string) {
			return Settings{}, map[string]string{EnvWebIdentityTokenFile: writeFile(t, t.TempDir(), "token", v), EnvAssumeRoleArn: roleArn}
		}, want: []string{"token in", EnvWebIdentityTokenFile}},
		"TKE token file": {build: func(t *testing.T, v string) (Settings, map[string]string) {
			return Settings{EnablePodOIDC: ptr(true)}, map[string]string{
				EnvTKERegion: "ap-guangzhou", EnvTKEProviderID: "p", EnvTKERoleArn: roleArn,
				EnvTKETokenFile: writeFile(t, t.TempDir(), "token", v),
			}
		}, want: []string{"token in", EnvTKETokenFile}},
	}
	for where, p := range places {
		for what, v := range bad {
			t.Run(where+"/"+what, func(t *testing.T) {
				t.Parallel()
				s, env := p.build(t, v)
				text := resolveErr(t, s, fakeEnvironment(t.TempDir(), env))
				wantAll(t, text, p.want...)
				if !strings.Contains(text, "whitespace") && !strings.Contains(text, "control character") {
					t.Errorf("diagnostics %q do not say what is wrong", text)
				}
				if strings.Contains(text, secret[:5]) || strings.Contains(text, secret[5:]) {
					t.Errorf("diagnostics quote the value: %q", text)
				}
			})
		}
	}
}

func cmpPtr(v *string, fallback string) *string {
	if v != nil {
		return v
	}
	return &fallback
}

// TestProfileFileClasses: a profile path that is not a small regular JSON
// file fails at once, naming the file.
func TestProfileFileClasses(t *testing.T) {
	dir := t.TempDir()
	mk := func(name string, f func(p string) error) {
		t.Helper()
		if err := f(filepath.Join(dir, name+".credential")); err != nil {
			t.Fatal(err)
		}
	}
	mk("fifo", func(p string) error { return syscall.Mkfifo(p, 0o600) })
	mk("zero", func(p string) error { return os.Symlink("/dev/zero", p) })
	mk("random", func(p string) error { return os.Symlink("/dev/urandom", p) })
	mk("dir", func(p string) error { return os.Mkdir(p, 0o700) })
	mk("huge", func(p string) error {
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			return err
		}
		return os.Truncate(p, 4<<30)
	})
	mk("big-json", func(p string) error {
		return os.WriteFile(p, []byte(`{"secretId": "AKID", "secretKey": "`+strings.Repeat("k", 70<<10)+`"}`), 0o600)
	})
	mk("empty", func(p string) error { return os.WriteFile(p, nil, 0o600) })
	mk("broken", func(p string) error {
		return os.WriteFile(p, []byte(`{"secretId": "AKID", "secretKey": "do-not-print"`), 0o600)
	})
	mk("array", func(p string) error { return os.WriteFile(p, []byte(`["do-not-print"]`), 0o600) })
	mk("null", func(p string) error { return os.WriteFile(p, []byte(`null`), 0o600) })
	mk("wrong-types", func(p string) error {
		return os.WriteFile(p, []byte(`{"secretId": 1, "secretKey": "do-not-print"}`), 0o600)
	})
	mk("no-key", func(p string) error { return os.WriteFile(p, []byte(`{"secretId": "AKID"}`), 0o600) })
	tests := map[string]string{
		"fifo":        "named pipe (FIFO), not a regular file",
		"zero":        "character device, not a regular file",
		"random":      "character device",
		"dir":         "a directory, not a regular file",
		"huge":        "larger than 64 KiB",
		"big-json":    "larger than 64 KiB",
		"empty":       "not a tccli credential file",
		"broken":      "not a tccli credential file",
		"array":       "not a tccli credential file",
		"null":        "has no secretId and secretKey",
		"wrong-types": "not a tccli credential file",
		"no-key":      "has no secretId and secretKey",
		"missing":     "does not exist",
	}
	if os.Geteuid() != 0 { // root reads any file
		mk("unreadable", func(p string) error {
			if err := os.WriteFile(p, []byte(`{}`), 0o600); err != nil {
				return err
			}
			return os.Chmod(p, 0)
		})
		tests["unreadable"] = "permission denied"
	}
	for profile, want := range tests {
		t.Run(profile, func(t *testing.T) {
			t.Parallel()
			s := Settings{Profile: ptr(profile), SharedCredentialsDir: ptr(dir)}
			text := resolveErr(t, s, fakeEnvironment(t.TempDir(), nil))
			wantAll(t, text, "Cannot use the tccli profile "+filepath.Join(dir, profile+".credential"), want)
			if strings.Contains(text, "do-not-print") {
				t.Errorf("diagnostics quote the file: %q", text)
			}
		})
	}
}
