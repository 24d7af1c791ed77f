package credentials

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

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
		settings Settings
		env      map[string]string
		want     []string // each must appear in the diagnostics
	}{
		{name: "id without key", settings: Settings{SecretID: ptr("id")}, want: []string{"Missing secret_key", EnvSecretKey}},
		{name: "key without id", env: map[string]string{EnvSecretKey: "k"}, want: []string{"Missing secret_id", EnvSecretKey}},
		{
			name:     "named profile missing",
			settings: Settings{Profile: ptr("nope")},
			want:     []string{filepath.Join(dir, "nope.credential"), "does not exist"},
		},
		{
			name: "directory from environment missing",
			env:  map[string]string{EnvSharedCredentialsDir: filepath.Join(home, "missing")},
			want: []string{filepath.Join(home, "missing", "default.credential")},
		},
		{name: "malformed", settings: Settings{Profile: ptr("broken")}, want: []string{filepath.Join(dir, "broken.credential"), "not a tccli credential file"}},
		{name: "no keys in file", settings: Settings{Profile: ptr("empty")}, want: []string{filepath.Join(dir, "empty.credential"), "no secretId and secretKey"}},
		{name: "a directory, not a file", settings: Settings{Profile: ptr("isdir")}, want: []string{filepath.Join(dir, "isdir.credential")}},
		{name: "profile that is a path", settings: Settings{Profile: ptr("../etc/passwd")}, want: []string{"must be a name"}},
	}
	if os.Geteuid() != 0 { // root reads any file
		tests = append(tests, struct {
			name     string
			settings Settings
			env      map[string]string
			want     []string
		}{name: "unreadable", settings: Settings{Profile: ptr("unreadable")}, want: []string{unreadable, "permission denied"}})
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
	got, diags := resolve(Settings{}, fakeEnvironment(home, map[string]string{EnvSecurityToken: "stray-token"}))
	if diags.HasError() || diags.WarningsCount() != 1 {
		t.Fatalf("want one warning, got %v", diags)
	}
	if got.Keys.Token != "" {
		t.Errorf("token %q mixed into profile keys", got.Keys.Token)
	}
}

func TestAssumeRoleSettings(t *testing.T) {
	keys := Settings{SecretID: ptr("id"), SecretKey: ptr("key")}
	tests := []struct {
		name    string
		role    *AssumeRoleSettings
		env     map[string]string
		want    *AssumeRole
		wantErr string
	}{
		{name: "none"},
		{
			name: "block",
			role: &AssumeRoleSettings{RoleArn: ptr("qcs::cam::uin/1:roleName/a"), SessionName: ptr("s"), SessionDuration: ptr(int64(900)), Policy: ptr(`{"version":"2.0"}`), ExternalID: ptr("x")},
			want: &AssumeRole{RoleArn: "qcs::cam::uin/1:roleName/a", SessionName: "s", Duration: 900 * time.Second, Policy: `{"version":"2.0"}`, ExternalID: "x"},
		},
		{
			name: "environment only, with defaults",
			env:  map[string]string{EnvAssumeRoleArn: "qcs::cam::uin/1:roleName/env"},
			want: &AssumeRole{RoleArn: "qcs::cam::uin/1:roleName/env", SessionName: DefaultSessionName, Duration: DefaultSessionDuration},
		},
		{
			name: "block wins over environment",
			role: &AssumeRoleSettings{RoleArn: ptr("qcs::cam::uin/1:roleName/block")},
			env: map[string]string{
				EnvAssumeRoleArn: "qcs::cam::uin/1:roleName/env", EnvAssumeRoleSession: "env-session",
				EnvAssumeRoleDuration: "1800", EnvAssumeRoleExternalID: "env-ext",
			},
			want: &AssumeRole{RoleArn: "qcs::cam::uin/1:roleName/block", SessionName: "env-session", Duration: 1800 * time.Second, ExternalID: "env-ext"},
		},
		{name: "block without ARN", role: &AssumeRoleSettings{SessionName: ptr("s")}, wantErr: "role_arn"},
		{
			name:    "bad duration variable",
			env:     map[string]string{EnvAssumeRoleArn: "qcs::cam::uin/1:roleName/a", EnvAssumeRoleDuration: "forever"},
			wantErr: EnvAssumeRoleDuration,
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

// No keys anywhere is no error of the settings: a configuration that only
// calls the provider's functions needs none. Every call that needs keys
// fails instead, listing every way of giving them.
func TestNoCredentialsAtAll(t *testing.T) {
	home := t.TempDir()
	r, ps := resolve(Settings{}, fakeEnvironment(home, nil))
	if len(ps) != 0 {
		t.Fatalf("problems: %s", diagText(ps))
	}
	_, err := New(r, nil, time.Now).Keys(t.Context())
	var missing *MissingError
	if !errors.As(err, &missing) {
		t.Fatalf("Keys() = %v, want a MissingError", err)
	}
	for _, w := range []string{"secret_id and secret_key", EnvSecretID, EnvSecretKey, filepath.Join(home, ".tccli", "default.credential"), "assume_role", "cam_role_name"} {
		if !strings.Contains(missing.Detail, w) {
			t.Errorf("the detail does not mention %q: %s", w, missing.Detail)
		}
	}
}
