package provider

import (
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"
)

func fakeEnvironment(home string, vars map[string]string) environment {
	all := map[string]string{"HOME": home}
	maps.Copy(all, vars)
	return mapEnvironment(all)
}

func writeProfile(t *testing.T, dir, name, content string) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, name+".credential")
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

func ptr[T any](v T) *T { return &v }

func TestCredentialPrecedence(t *testing.T) {
	home := t.TempDir()
	writeProfile(t, filepath.Join(home, ".tccli"), "default", `{"secretId": "id-profile", "secretKey": "key-profile", "token": "token-profile"}`)
	writeProfile(t, filepath.Join(home, ".tccli"), "ci", `{"secretId": "id-ci", "secretKey": "key-ci"}`)
	otherDir := filepath.Join(t.TempDir(), "creds")
	writeProfile(t, otherDir, "default", `{"secretId": "id-dir", "secretKey": "key-dir"}`)

	tests := []struct {
		name       string
		settings   settings
		env        map[string]string
		want       tcapi.Credential
		wantSource string
	}{
		{
			name:       "arguments win over environment and profile",
			settings:   settings{SecretID: ptr("id-arg"), SecretKey: ptr("key-arg"), SecurityToken: ptr("token-arg")},
			env:        map[string]string{envSecretID: "id-env", envSecretKey: "key-env", envSecurityToken: "token-env"},
			want:       tcapi.Credential{SecretID: "id-arg", SecretKey: "key-arg", Token: "token-arg"},
			wantSource: "secret_id and secret_key",
		},
		{
			name:       "environment wins over the profile",
			env:        map[string]string{envSecretID: "id-env", envSecretKey: "key-env", envSecurityToken: "token-env"},
			want:       tcapi.Credential{SecretID: "id-env", SecretKey: "key-env", Token: "token-env"},
			wantSource: envSecretID + " and " + envSecretKey,
		},
		{
			name:       "each field falls back on its own",
			settings:   settings{SecretID: ptr("id-arg")},
			env:        map[string]string{envSecretKey: "key-env"},
			want:       tcapi.Credential{SecretID: "id-arg", SecretKey: "key-env"},
			wantSource: "secret_id and " + envSecretKey,
		},
		{
			name:       "an empty argument counts as unset",
			settings:   settings{SecretID: ptr(""), SecretKey: ptr("")},
			env:        map[string]string{envSecretID: "id-env", envSecretKey: "key-env"},
			want:       tcapi.Credential{SecretID: "id-env", SecretKey: "key-env"},
			wantSource: envSecretID,
		},
		{
			name:       "default tccli profile",
			want:       tcapi.Credential{SecretID: "id-profile", SecretKey: "key-profile", Token: "token-profile"},
			wantSource: filepath.Join(home, ".tccli", "default.credential"),
		},
		{
			name:       "profile named by argument wins over environment",
			settings:   settings{Profile: ptr("ci")},
			env:        map[string]string{envProfile: "default"},
			want:       tcapi.Credential{SecretID: "id-ci", SecretKey: "key-ci"},
			wantSource: "ci.credential",
		},
		{
			name:       "profile named by environment",
			env:        map[string]string{envProfile: "ci"},
			want:       tcapi.Credential{SecretID: "id-ci", SecretKey: "key-ci"},
			wantSource: "ci.credential",
		},
		{
			name:       "directory from environment",
			env:        map[string]string{envSharedCredentialsDir: otherDir},
			want:       tcapi.Credential{SecretID: "id-dir", SecretKey: "key-dir"},
			wantSource: otherDir,
		},
		{
			name:       "directory with a tilde",
			settings:   settings{SharedCredentialsDir: ptr("~/.tccli"), Profile: ptr("ci")},
			want:       tcapi.Credential{SecretID: "id-ci", SecretKey: "key-ci"},
			wantSource: filepath.Join(home, ".tccli", "ci.credential"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, diags := resolve(tt.settings, fakeEnvironment(home, tt.env))
			if diags.HasError() {
				t.Fatalf("resolve: %v", diags)
			}
			if got.Credential != tt.want {
				t.Errorf("credential = %+v, want %+v", got.Credential, tt.want)
			}
			if !strings.Contains(got.CredentialSource, tt.wantSource) {
				t.Errorf("source = %q, want it to mention %q", got.CredentialSource, tt.wantSource)
			}
			for _, secret := range []string{tt.want.SecretKey, tt.want.Token} {
				if secret != "" && strings.Contains(got.CredentialSource, secret) {
					t.Errorf("source %q quotes a secret", got.CredentialSource)
				}
			}
		})
	}
}

func TestCredentialErrors(t *testing.T) {
	home := t.TempDir()
	dir := filepath.Join(home, ".tccli")
	writeProfile(t, dir, "broken", `{"secretId": "id", "secretKey": "super-secret-key"`)
	writeProfile(t, dir, "empty", `{"secretId": "", "secretKey": ""}`)
	unreadable := writeProfile(t, dir, "unreadable", `{}`)
	if err := os.Chmod(unreadable, 0o000); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "isdir.credential"), 0o700); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name     string
		settings settings
		env      map[string]string
		want     []string // each must appear in the diagnostics
	}{
		{
			name: "nothing at all lists every way",
			want: []string{"No credentials", "secret_id and secret_key", envSecretID, envSecretKey, filepath.Join(dir, "default.credential"), "assume_role"},
		},
		{name: "id without key", settings: settings{SecretID: ptr("id")}, want: []string{"Missing secret_key", envSecretKey}},
		{name: "key without id", env: map[string]string{envSecretKey: "k"}, want: []string{"Missing secret_id", envSecretKey}},
		{
			name:     "named profile missing",
			settings: settings{Profile: ptr("nope")},
			want:     []string{filepath.Join(dir, "nope.credential"), "does not exist"},
		},
		{
			name: "directory from environment missing",
			env:  map[string]string{envSharedCredentialsDir: filepath.Join(home, "missing")},
			want: []string{filepath.Join(home, "missing", "default.credential")},
		},
		{name: "malformed", settings: settings{Profile: ptr("broken")}, want: []string{filepath.Join(dir, "broken.credential"), "not a tccli credential file"}},
		{name: "no keys in file", settings: settings{Profile: ptr("empty")}, want: []string{filepath.Join(dir, "empty.credential"), "no secretId and secretKey"}},
		{name: "a directory, not a file", settings: settings{Profile: ptr("isdir")}, want: []string{filepath.Join(dir, "isdir.credential")}},
		{name: "profile that is a path", settings: settings{Profile: ptr("../etc/passwd")}, want: []string{"must be a name"}},
		{name: "bad max retries variable", settings: settings{SecretID: ptr("i"), SecretKey: ptr("k")}, env: map[string]string{envMaxRetries: "many"}, want: []string{envMaxRetries, `"many"`}},
		{name: "bad domain variable", settings: settings{SecretID: ptr("i"), SecretKey: ptr("k")}, env: map[string]string{envDomain: "https://x"}, want: []string{"Invalid " + envDomain, "bare domain"}},
	}
	if os.Geteuid() != 0 { // root reads any file
		tests = append(tests, struct {
			name     string
			settings settings
			env      map[string]string
			want     []string
		}{name: "unreadable", settings: settings{Profile: ptr("unreadable")}, want: []string{unreadable, "permission denied"}})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, diags := resolve(tt.settings, fakeEnvironment(home, tt.env))
			if !diags.HasError() {
				t.Fatal("resolve succeeded")
			}
			text := diagText(diags)
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("diagnostics %q do not mention %q", text, w)
				}
			}
			if strings.Contains(text, "super-secret-key") {
				t.Errorf("diagnostics quote the credential file: %q", text)
			}
		})
	}
}

func TestTokenFromEnvironmentIsNotMixedWithProfileKeys(t *testing.T) {
	home := t.TempDir()
	writeProfile(t, filepath.Join(home, ".tccli"), "default", `{"secretId": "id-profile", "secretKey": "key-profile"}`)
	got, diags := resolve(settings{}, fakeEnvironment(home, map[string]string{envSecurityToken: "stray-token"}))
	if diags.HasError() || diags.WarningsCount() != 1 {
		t.Fatalf("want one warning, got %v", diags)
	}
	if got.Credential.Token != "" {
		t.Errorf("token %q mixed into profile keys", got.Credential.Token)
	}
}

func TestAssumeRoleSettings(t *testing.T) {
	keys := settings{SecretID: ptr("id"), SecretKey: ptr("key")}
	tests := []struct {
		name    string
		role    *assumeRoleSettings
		env     map[string]string
		want    *tcapi.AssumeRole
		wantErr string
	}{
		{name: "none"},
		{
			name: "block",
			role: &assumeRoleSettings{RoleArn: ptr("qcs::cam::uin/1:roleName/a"), SessionName: ptr("s"), SessionDuration: ptr(int64(900)), Policy: ptr(`{"version":"2.0"}`), ExternalID: ptr("x")},
			want: &tcapi.AssumeRole{RoleArn: "qcs::cam::uin/1:roleName/a", SessionName: "s", Duration: 900 * time.Second, Policy: `{"version":"2.0"}`, ExternalID: "x"},
		},
		{
			name: "environment only, with defaults",
			env:  map[string]string{envAssumeRoleArn: "qcs::cam::uin/1:roleName/env"},
			want: &tcapi.AssumeRole{RoleArn: "qcs::cam::uin/1:roleName/env", SessionName: defaultSessionName, Duration: defaultSessionDuration * time.Second},
		},
		{
			name: "block wins over environment",
			role: &assumeRoleSettings{RoleArn: ptr("qcs::cam::uin/1:roleName/block")},
			env: map[string]string{
				envAssumeRoleArn: "qcs::cam::uin/1:roleName/env", envAssumeRoleSession: "env-session",
				envAssumeRoleDuration: "1800", envAssumeRoleExternalID: "env-ext",
			},
			want: &tcapi.AssumeRole{RoleArn: "qcs::cam::uin/1:roleName/block", SessionName: "env-session", Duration: 1800 * time.Second, ExternalID: "env-ext"},
		},
		{name: "block without ARN", role: &assumeRoleSettings{SessionName: ptr("s")}, wantErr: "role_arn"},
		{
			name:    "bad duration variable",
			env:     map[string]string{envAssumeRoleArn: "qcs::cam::uin/1:roleName/a", envAssumeRoleDuration: "forever"},
			wantErr: envAssumeRoleDuration,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := keys
			s.AssumeRole = tt.role
			got, diags := resolve(s, fakeEnvironment(t.TempDir(), tt.env))
			if tt.wantErr != "" {
				if !diags.HasError() || !strings.Contains(diagText(diags), tt.wantErr) {
					t.Fatalf("want an error about %s, got %v", tt.wantErr, diags)
				}
				return
			}
			if diags.HasError() {
				t.Fatal(diags)
			}
			switch {
			case tt.want == nil && got.AssumeRole != nil:
				t.Errorf("assume role = %+v, want none", got.AssumeRole)
			case tt.want != nil && (got.AssumeRole == nil || *got.AssumeRole != *tt.want):
				t.Errorf("assume role = %+v, want %+v", got.AssumeRole, tt.want)
			}
		})
	}
}

func TestOtherSettingsPrecedence(t *testing.T) {
	keys := settings{SecretID: ptr("id"), SecretKey: ptr("key")}
	env := map[string]string{envRegion: "ap-singapore", envDomain: "example.test", envMaxRetries: "2"}

	fromEnv, diags := resolve(keys, fakeEnvironment(t.TempDir(), env))
	if diags.HasError() {
		t.Fatal(diags)
	}
	if c := fromEnv; c.Region != "ap-singapore" || c.Domain != "example.test" || c.MaxRetries != 2 || c.RequestTimeout != 30*time.Second {
		t.Errorf("from environment: %+v", c)
	}

	withArgs := keys
	withArgs.Region, withArgs.Domain, withArgs.MaxRetries, withArgs.RequestTimeout = ptr("ap-hongkong"), ptr("arg.test"), ptr(int64(0)), ptr(int64(3))
	fromArgs, diags := resolve(withArgs, fakeEnvironment(t.TempDir(), env))
	if diags.HasError() {
		t.Fatal(diags)
	}
	if c := fromArgs; c.Region != "ap-hongkong" || c.Domain != "arg.test" || c.MaxRetries != 0 || c.RequestTimeout != 3*time.Second {
		t.Errorf("from arguments: %+v", c)
	}

	defaults, diags := resolve(keys, fakeEnvironment(t.TempDir(), nil))
	if diags.HasError() {
		t.Fatal(diags)
	}
	if c := defaults; c.Region != "" || c.Domain != tcapi.DefaultDomain || c.MaxRetries != tcapi.DefaultMaxRetries {
		t.Errorf("defaults: %+v", c)
	}
}

func diagText(diags diag.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.Summary() + ": " + d.Detail() + "\n")
	}
	return b.String()
}
