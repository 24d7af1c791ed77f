package credentials

import (
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const (
	testJWT  = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaSJ9.c2ln"
	roleArn  = "qcs::cam::uin/100000000001:roleName/ci"
	roleArn2 = "qcs::cam::uin/100000000001:roleName/other"
)

// want describes the credential part of a resolved configuration.
type want struct {
	keys     Keys
	web      *WebIdentity
	cvm      string // role name
	role     string // assume_role ARN
	source   []string
	warnings []string
}

func checkResolved(t *testing.T, got Resolved, warnings string, w want) {
	t.Helper()
	if got.Keys != w.keys {
		t.Errorf("keys = %+v, want %+v", got.Keys, w.keys)
	}
	switch {
	case w.web == nil && got.WebIdentity != nil:
		t.Errorf("web identity %+v, want none", got.WebIdentity)
	case w.web != nil && (got.WebIdentity == nil || *got.WebIdentity != *w.web):
		t.Errorf("web identity %+v, want %+v", got.WebIdentity, w.web)
	}
	switch {
	case w.cvm == "" && got.CVMRole != nil:
		t.Errorf("CVM role %+v, want none", got.CVMRole)
	case w.cvm != "" && (got.CVMRole == nil || got.CVMRole.RoleName != w.cvm):
		t.Errorf("CVM role %+v, want %s", got.CVMRole, w.cvm)
	}
	switch {
	case w.role == "" && got.AssumeRole != nil:
		t.Errorf("assume_role %+v, want none", got.AssumeRole)
	case w.role != "" && (got.AssumeRole == nil || got.AssumeRole.RoleArn != w.role):
		t.Errorf("assume_role %+v, want %s", got.AssumeRole, w.role)
	}
	for _, s := range w.source {
		if !strings.Contains(got.Description, s) {
			t.Errorf("source %q does not mention %q", got.Description, s)
		}
	}
	for _, secret := range []string{got.Keys.SecretKey, got.Keys.Token} {
		if secret != "" && strings.Contains(got.Description, secret) {
			t.Errorf("source %q quotes a secret", got.Description)
		}
	}
	for _, s := range w.warnings {
		if !strings.Contains(warnings, s) {
			t.Errorf("warnings %q do not mention %q", warnings, s)
		}
	}
	if len(w.warnings) == 0 && warnings != "" {
		t.Errorf("unexpected warnings %q", warnings)
	}
}

// TestCredentialPrecedence: the provider block's one source beats the
// environment's; among the environment's, web identity, then the CVM role,
// then keys, then the tccli profile (the official provider's order); each
// argument beats its variable.
func TestCredentialPrecedence(t *testing.T) {
	home := t.TempDir()
	writeProfile(t, filepath.Join(home, ".tccli"), "default", `{"secretId": "id-profile", "secretKey": "key-profile", "token": "token-profile"}`)
	writeProfile(t, filepath.Join(home, ".tccli"), "ci", `{"secretId": "id-ci", "secretKey": "key-ci"}`)
	otherDir := filepath.Join(t.TempDir(), "creds")
	writeProfile(t, otherDir, "default", `{"secretId": "id-dir", "secretKey": "key-dir"}`)
	profileKeys := Keys{SecretID: "id-profile", SecretKey: "key-profile", Token: "token-profile"}
	files := t.TempDir()
	tokenFile := writeFile(t, files, "token", testJWT)
	tkeFile := writeFile(t, files, "tke-token", testJWT)
	jsonTokenFile := writeFile(t, files, "token.json", `{"web_identity_token": "`+testJWT+`"}`+"\n")

	envKeys := map[string]string{EnvSecretID: "id-env", EnvSecretKey: "key-env"}
	envWeb := map[string]string{EnvWebIdentityTokenFile: tokenFile, EnvAssumeRoleArn: roleArn}
	envCVM := map[string]string{EnvCAMRoleName: "runner"}
	tke := map[string]string{EnvTKERegion: "ap-singapore", EnvTKEProviderID: "tke-oidc", EnvTKETokenFile: tkeFile, EnvTKERoleArn: roleArn2}
	merge := func(ms ...map[string]string) map[string]string {
		out := map[string]string{}
		for _, m := range ms {
			for k, v := range m {
				out[k] = v
			}
		}
		return out
	}
	webFromEnv := WebIdentity{
		ProviderID: DefaultWebIdentityProvider, ProviderIDFrom: "the default provider_id",
		TokenFile: tokenFile, TokenFileFrom: EnvWebIdentityTokenFile,
		RoleArn: roleArn, SessionName: DefaultSessionName, Duration: DefaultSessionDuration,
	}
	podOIDC := WebIdentity{
		ProviderID: "tke-oidc", ProviderIDFrom: EnvTKEProviderID, TokenFile: tkeFile, TokenFileFrom: EnvTKETokenFile,
		RoleArn: roleArn2, SessionName: DefaultSessionName, Duration: DefaultSessionDuration, Region: "ap-singapore",
	}

	tests := []struct {
		name     string
		settings Settings
		env      map[string]string
		want     want
	}{
		{
			name:     "keys in the block beat every source of the environment",
			settings: Settings{SecretID: ptr("id-arg"), SecretKey: ptr("key-arg")},
			env:      merge(envKeys, envWeb, envCVM),
			want: want{keys: Keys{SecretID: "id-arg", SecretKey: "key-arg"}, source: []string{"secret_id and secret_key"},
				warnings: []string{EnvWebIdentityTokenFile, EnvCAMRoleName, "not used"}},
		},
		{
			name:     "a profile in the block beats keys in the environment",
			settings: Settings{Profile: ptr("ci")},
			env:      envKeys,
			want: want{keys: Keys{SecretID: "id-ci", SecretKey: "key-ci"}, source: []string{"ci.credential"},
				warnings: []string{EnvSecretID + " and " + EnvSecretKey, "profile in the provider block"}},
		},
		{
			name:     "web identity in the block beats the environment's CVM role and keys",
			settings: Settings{WebIdentity: &WebIdentitySettings{TokenFile: ptr(tokenFile), RoleArn: ptr(roleArn2), ProviderID: ptr("github")}},
			env:      merge(envKeys, envCVM),
			want: want{
				web: &WebIdentity{
					ProviderID: "github", ProviderIDFrom: "provider_id", TokenFile: tokenFile, TokenFileFrom: "web_identity_token_file",
					RoleArn: roleArn2, SessionName: DefaultSessionName, Duration: DefaultSessionDuration,
				},
				source:   []string{"OIDC web identity (token file " + tokenFile, "role " + roleArn2},
				warnings: []string{EnvCAMRoleName, EnvSecretID},
			},
		},
		{
			name:     "pod OIDC in the block beats keys in the environment",
			settings: Settings{EnablePodOIDC: ptr(true)},
			env:      merge(envKeys, tke),
			want:     want{web: &podOIDC, source: []string{"TKE pod OIDC", tkeFile, "role " + roleArn2}, warnings: []string{EnvSecretID}},
		},
		{
			name:     "cam_role_name in the block beats web identity in the environment",
			settings: Settings{CAMRoleName: ptr("runner-arg")},
			env:      envWeb,
			want:     want{cvm: "runner-arg", source: []string{"CVM instance role runner-arg (from cam_role_name)"}, warnings: []string{EnvWebIdentityTokenFile}},
		},
		{
			name: "environment: web identity beats the CVM role and keys",
			env:  merge(envWeb, envCVM, envKeys),
			want: want{web: &webFromEnv, source: []string{"OIDC web identity"}, warnings: []string{EnvCAMRoleName, EnvSecretID}},
		},
		{
			name: "environment: a literal token",
			env:  map[string]string{EnvWebIdentityToken: testJWT, EnvAssumeRoleArn: roleArn, EnvWebIdentityProvider: "github", EnvAssumeRoleSession: "run-42", EnvAssumeRoleDuration: "900"},
			want: want{
				web: &WebIdentity{
					ProviderID: "github", ProviderIDFrom: EnvWebIdentityProvider, Token: testJWT,
					RoleArn: roleArn, SessionName: "run-42", Duration: 900 * time.Second,
				},
				source: []string{"token from " + EnvWebIdentityToken},
			},
		},
		{
			name: "environment: the CVM role beats keys",
			env:  merge(envCVM, envKeys),
			want: want{cvm: "runner", source: []string{"CVM instance role runner (from " + EnvCAMRoleName + ")"}, warnings: []string{EnvSecretID}},
		},
		{
			name: "environment: keys beat the profile",
			env:  envKeys,
			want: want{keys: Keys{SecretID: "id-env", SecretKey: "key-env"}, source: []string{EnvSecretID}},
		},
		{
			name: "nothing given: the default profile",
			want: want{keys: profileKeys, source: []string{filepath.Join(home, ".tccli", "default.credential")}},
		},
		{
			name:     "keys, token and all from arguments",
			settings: Settings{SecretID: ptr("id-arg"), SecretKey: ptr("key-arg"), SecurityToken: ptr("token-arg")},
			env:      map[string]string{EnvSecretID: "id-env", EnvSecretKey: "key-env", EnvSecurityToken: "token-env"},
			want:     want{keys: Keys{SecretID: "id-arg", SecretKey: "key-arg", Token: "token-arg"}, source: []string{"secret_id and secret_key"}},
		},
		{
			name: "keys and token from the environment",
			env:  map[string]string{EnvSecretID: "id-env", EnvSecretKey: "key-env", EnvSecurityToken: "token-env"},
			want: want{keys: Keys{SecretID: "id-env", SecretKey: "key-env", Token: "token-env"}, source: []string{EnvSecretID + " and " + EnvSecretKey}},
		},
		{
			name:     "each half of the keys falls back on its own",
			settings: Settings{SecretID: ptr("id-arg")},
			env:      map[string]string{EnvSecretKey: "key-env"},
			want:     want{keys: Keys{SecretID: "id-arg", SecretKey: "key-env"}, source: []string{"secret_id and " + EnvSecretKey}},
		},
		{
			name:     "an empty argument counts as unset",
			settings: Settings{SecretID: ptr(""), SecretKey: ptr("")},
			env:      map[string]string{EnvSecretID: "id-env", EnvSecretKey: "key-env"},
			want:     want{keys: Keys{SecretID: "id-env", SecretKey: "key-env"}, source: []string{EnvSecretID}},
		},
		{
			name:     "a profile named by argument beats the variable",
			settings: Settings{Profile: ptr("ci")},
			env:      map[string]string{EnvProfile: "default"},
			want:     want{keys: Keys{SecretID: "id-ci", SecretKey: "key-ci"}, source: []string{"ci.credential"}},
		},
		{
			name: "a profile named by the environment",
			env:  map[string]string{EnvProfile: "ci"},
			want: want{keys: Keys{SecretID: "id-ci", SecretKey: "key-ci"}, source: []string{"ci.credential"}},
		},
		{
			name: "the profile directory from the environment",
			env:  map[string]string{EnvSharedCredentialsDir: otherDir},
			want: want{keys: Keys{SecretID: "id-dir", SecretKey: "key-dir"}, source: []string{otherDir}},
		},
		{
			name:     "a profile directory with a tilde",
			settings: Settings{SharedCredentialsDir: ptr("~/.tccli"), Profile: ptr("ci")},
			want:     want{keys: Keys{SecretID: "id-ci", SecretKey: "key-ci"}, source: []string{filepath.Join(home, ".tccli", "ci.credential")}},
		},
		{
			name:     "enable_pod_oidc = false is no source",
			settings: Settings{EnablePodOIDC: ptr(false)},
			env:      merge(envKeys, tke),
			want:     want{keys: Keys{SecretID: "id-env", SecretKey: "key-env"}},
		},
		{
			name: "TKE variables alone do not enable pod OIDC",
			env:  tke,
			want: want{keys: profileKeys},
		},
		{
			name:     "an empty block takes everything from the environment",
			settings: Settings{WebIdentity: &WebIdentitySettings{}},
			env:      envWeb,
			want:     want{web: &webFromEnv},
		},
		{
			name:     "the block's token file is not mixed with a token in the environment",
			settings: Settings{WebIdentity: &WebIdentitySettings{TokenFile: ptr(jsonTokenFile)}},
			env:      map[string]string{EnvWebIdentityToken: "eyJ.other.token", EnvAssumeRoleArn: roleArn},
			want: want{web: &WebIdentity{
				ProviderID: DefaultWebIdentityProvider, ProviderIDFrom: "the default provider_id",
				TokenFile: jsonTokenFile, TokenFileFrom: "web_identity_token_file",
				RoleArn: roleArn, SessionName: DefaultSessionName, Duration: DefaultSessionDuration,
			}},
		},
		{
			name: "with web identity, TENCENTCLOUD_ASSUME_ROLE_ARN is its role, not an assume_role",
			env:  merge(envWeb, map[string]string{EnvAssumeRoleSession: "ci-run"}),
			want: want{web: func() *WebIdentity { w := webFromEnv; w.SessionName = "ci-run"; return &w }()},
		},
		{
			name:     "assume_role wraps the CVM role",
			settings: Settings{CAMRoleName: ptr("runner"), AssumeRole: &AssumeRoleSettings{RoleArn: ptr(roleArn2)}},
			want:     want{cvm: "runner", role: roleArn2, source: []string{"CVM instance role runner", "then assume_role " + roleArn2}},
		},
		{
			name: "assume_role from the environment wraps keys from the environment",
			env:  merge(envKeys, map[string]string{EnvAssumeRoleArn: roleArn}),
			want: want{keys: Keys{SecretID: "id-env", SecretKey: "key-env"}, role: roleArn, source: []string{"then assume_role " + roleArn}},
		},
		{
			name:     "with pod OIDC, TENCENTCLOUD_ASSUME_ROLE_ARN is ignored, with a warning",
			settings: Settings{EnablePodOIDC: ptr(true)},
			env:      merge(tke, map[string]string{EnvAssumeRoleArn: roleArn}),
			want:     want{web: &podOIDC, warnings: []string{EnvAssumeRoleArn + " ignored"}},
		},
		{
			name:     "a security token beside the CVM role is ignored, with a warning",
			settings: Settings{CAMRoleName: ptr("runner"), SecurityToken: ptr("stray")},
			want:     want{cvm: "runner", warnings: []string{"security_token ignored"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, diags := resolve(tt.settings, fakeEnvironment(home, tt.env))
			if diags.HasError() {
				t.Fatalf("resolve: %v", diagText(diags))
			}
			checkResolved(t, got, diagText(diags.Warnings()), tt.want)
		})
	}
}

func TestMetadataURLOverride(t *testing.T) {
	got, diags := resolve(Settings{CAMRoleName: ptr("runner")}, fakeEnvironment(t.TempDir(), map[string]string{EnvMetadataURL: "http://127.0.0.1:9999"}))
	if diags.HasError() {
		t.Fatal(diagText(diags))
	}
	if got.CVMRole.MetadataURL == nil || *got.CVMRole.MetadataURL != (url.URL{Scheme: "http", Host: "127.0.0.1:9999"}) {
		t.Errorf("metadata URL %v", got.CVMRole.MetadataURL)
	}
	got, _ = resolve(Settings{CAMRoleName: ptr("runner")}, fakeEnvironment(t.TempDir(), nil))
	if got.CVMRole.MetadataURL.String() != DefaultMetadataURL {
		t.Errorf("metadata URL %v without the variable, want the default", got.CVMRole.MetadataURL)
	}
}
