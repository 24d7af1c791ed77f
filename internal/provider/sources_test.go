package provider

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"
)

const (
	testJWT  = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaSJ9.c2ln"
	roleArn  = "qcs::cam::uin/100000000001:roleName/ci"
	roleArn2 = "qcs::cam::uin/100000000001:roleName/other"
)

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// want describes the credential part of a resolved configuration.
type want struct {
	keys     tcapi.Credential
	web      *tcapi.WebIdentity
	cvm      string // role name
	role     string // assume_role ARN
	source   []string
	warnings []string
}

func checkResolved(t *testing.T, got tcapi.Config, warnings string, w want) {
	t.Helper()
	if got.Credential != w.keys {
		t.Errorf("keys = %+v, want %+v", got.Credential, w.keys)
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
		if !strings.Contains(got.CredentialSource, s) {
			t.Errorf("source %q does not mention %q", got.CredentialSource, s)
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

// TestCredentialSourcePrecedence: the provider block's one source beats the
// environment's; among the environment's, web identity, then the CVM role,
// then keys, then the tccli profile (the official provider's order).
func TestCredentialSourcePrecedence(t *testing.T) {
	home := t.TempDir()
	writeProfile(t, filepath.Join(home, ".tccli"), "default", `{"secretId": "id-profile", "secretKey": "key-profile"}`)
	writeProfile(t, filepath.Join(home, ".tccli"), "ci", `{"secretId": "id-ci", "secretKey": "key-ci"}`)
	files := t.TempDir()
	tokenFile := writeFile(t, files, "token", testJWT)
	tkeFile := writeFile(t, files, "tke-token", testJWT)
	jsonTokenFile := writeFile(t, files, "token.json", `{"web_identity_token": "`+testJWT+`"}`+"\n")

	envKeys := map[string]string{envSecretID: "id-env", envSecretKey: "key-env"}
	envWeb := map[string]string{envWebIdentityTokenFile: tokenFile, envAssumeRoleArn: roleArn}
	envCVM := map[string]string{envCAMRoleName: "runner"}
	tke := map[string]string{envTKERegion: "ap-singapore", envTKEProviderID: "tke-oidc", envTKETokenFile: tkeFile, envTKERoleArn: roleArn2}
	merge := func(ms ...map[string]string) map[string]string {
		out := map[string]string{}
		for _, m := range ms {
			for k, v := range m {
				out[k] = v
			}
		}
		return out
	}
	webFromEnv := tcapi.WebIdentity{
		ProviderID: defaultWebIdentityProvider, ProviderIDFrom: "the default provider_id",
		TokenFile: tokenFile, TokenFileFrom: envWebIdentityTokenFile,
		RoleArn: roleArn, SessionName: defaultSessionName, Duration: defaultSessionDuration * time.Second,
	}
	podOIDC := tcapi.WebIdentity{
		ProviderID: "tke-oidc", ProviderIDFrom: envTKEProviderID, TokenFile: tkeFile, TokenFileFrom: envTKETokenFile,
		RoleArn: roleArn2, SessionName: defaultSessionName, Duration: defaultSessionDuration * time.Second, Region: "ap-singapore",
	}

	tests := []struct {
		name     string
		settings settings
		env      map[string]string
		want     want
	}{
		{
			name:     "keys in the block beat every source of the environment",
			settings: settings{SecretID: ptr("id-arg"), SecretKey: ptr("key-arg")},
			env:      merge(envKeys, envWeb, envCVM),
			want: want{keys: tcapi.Credential{SecretID: "id-arg", SecretKey: "key-arg"}, source: []string{"secret_id and secret_key"},
				warnings: []string{envWebIdentityTokenFile, envCAMRoleName, "not used"}},
		},
		{
			name:     "a profile in the block beats keys in the environment",
			settings: settings{Profile: ptr("ci")},
			env:      envKeys,
			want: want{keys: tcapi.Credential{SecretID: "id-ci", SecretKey: "key-ci"}, source: []string{"ci.credential"},
				warnings: []string{envSecretID + " and " + envSecretKey, "profile in the provider block"}},
		},
		{
			name:     "web identity in the block beats the environment's CVM role and keys",
			settings: settings{WebIdentity: &webIdentitySettings{TokenFile: ptr(tokenFile), RoleArn: ptr(roleArn2), ProviderID: ptr("github")}},
			env:      merge(envKeys, envCVM),
			want: want{
				web: &tcapi.WebIdentity{
					ProviderID: "github", ProviderIDFrom: "provider_id", TokenFile: tokenFile, TokenFileFrom: "web_identity_token_file",
					RoleArn: roleArn2, SessionName: defaultSessionName, Duration: defaultSessionDuration * time.Second,
				},
				source:   []string{"OIDC web identity (token file " + tokenFile, "role " + roleArn2},
				warnings: []string{envCAMRoleName, envSecretID},
			},
		},
		{
			name:     "pod OIDC in the block beats keys in the environment",
			settings: settings{EnablePodOIDC: ptr(true)},
			env:      merge(envKeys, tke),
			want:     want{web: &podOIDC, source: []string{"TKE pod OIDC", tkeFile, "role " + roleArn2}, warnings: []string{envSecretID}},
		},
		{
			name:     "cam_role_name in the block beats web identity in the environment",
			settings: settings{CAMRoleName: ptr("runner-arg")},
			env:      envWeb,
			want:     want{cvm: "runner-arg", source: []string{"CVM instance role runner-arg (from cam_role_name)"}, warnings: []string{envWebIdentityTokenFile}},
		},
		{
			name: "environment: web identity beats the CVM role and keys",
			env:  merge(envWeb, envCVM, envKeys),
			want: want{web: &webFromEnv, source: []string{"OIDC web identity"}, warnings: []string{envCAMRoleName, envSecretID}},
		},
		{
			name: "environment: a literal token",
			env:  map[string]string{envWebIdentityToken: testJWT, envAssumeRoleArn: roleArn, envWebIdentityProviderID: "github", envAssumeRoleSession: "run-42", envAssumeRoleDuration: "900"},
			want: want{
				web: &tcapi.WebIdentity{
					ProviderID: "github", ProviderIDFrom: envWebIdentityProviderID, Token: testJWT,
					RoleArn: roleArn, SessionName: "run-42", Duration: 900 * time.Second,
				},
				source: []string{"token from " + envWebIdentityToken},
			},
		},
		{
			name: "environment: the CVM role beats keys",
			env:  merge(envCVM, envKeys),
			want: want{cvm: "runner", source: []string{"CVM instance role runner (from " + envCAMRoleName + ")"}, warnings: []string{envSecretID}},
		},
		{
			name: "environment: keys beat the profile",
			env:  envKeys,
			want: want{keys: tcapi.Credential{SecretID: "id-env", SecretKey: "key-env"}, source: []string{envSecretID}},
		},
		{
			name: "nothing given: the default profile",
			want: want{keys: tcapi.Credential{SecretID: "id-profile", SecretKey: "key-profile"}, source: []string{"default.credential"}},
		},
		{
			name:     "enable_pod_oidc = false is no source",
			settings: settings{EnablePodOIDC: ptr(false)},
			env:      merge(envKeys, tke),
			want:     want{keys: tcapi.Credential{SecretID: "id-env", SecretKey: "key-env"}},
		},
		{
			name: "TKE variables alone do not enable pod OIDC",
			env:  tke,
			want: want{keys: tcapi.Credential{SecretID: "id-profile", SecretKey: "key-profile"}},
		},
		{
			name:     "an empty block takes everything from the environment",
			settings: settings{WebIdentity: &webIdentitySettings{}},
			env:      envWeb,
			want:     want{web: &webFromEnv},
		},
		{
			name:     "the block's token file is not mixed with a token in the environment",
			settings: settings{WebIdentity: &webIdentitySettings{TokenFile: ptr(jsonTokenFile)}},
			env:      map[string]string{envWebIdentityToken: "eyJ.other.token", envAssumeRoleArn: roleArn},
			want: want{web: &tcapi.WebIdentity{
				ProviderID: defaultWebIdentityProvider, ProviderIDFrom: "the default provider_id",
				TokenFile: jsonTokenFile, TokenFileFrom: "web_identity_token_file",
				RoleArn: roleArn, SessionName: defaultSessionName, Duration: defaultSessionDuration * time.Second,
			}},
		},
		{
			name: "with web identity, TENCENTCLOUD_ASSUME_ROLE_ARN is its role, not an assume_role",
			env:  merge(envWeb, map[string]string{envAssumeRoleSession: "ci-run"}),
			want: want{web: func() *tcapi.WebIdentity { w := webFromEnv; w.SessionName = "ci-run"; return &w }()},
		},
		{
			name:     "assume_role wraps the CVM role",
			settings: settings{CAMRoleName: ptr("runner"), AssumeRole: &assumeRoleSettings{RoleArn: ptr(roleArn2)}},
			want:     want{cvm: "runner", role: roleArn2, source: []string{"CVM instance role runner", "then assume_role " + roleArn2}},
		},
		{
			name: "assume_role from the environment wraps keys from the environment",
			env:  merge(envKeys, map[string]string{envAssumeRoleArn: roleArn}),
			want: want{keys: tcapi.Credential{SecretID: "id-env", SecretKey: "key-env"}, role: roleArn, source: []string{"then assume_role " + roleArn}},
		},
		{
			name:     "with pod OIDC, TENCENTCLOUD_ASSUME_ROLE_ARN is ignored, with a warning",
			settings: settings{EnablePodOIDC: ptr(true)},
			env:      merge(tke, map[string]string{envAssumeRoleArn: roleArn}),
			want:     want{web: &podOIDC, warnings: []string{envAssumeRoleArn + " ignored"}},
		},
		{
			name:     "a security token beside the CVM role is ignored, with a warning",
			settings: settings{CAMRoleName: ptr("runner"), SecurityToken: ptr("stray")},
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
	got, diags := resolve(settings{CAMRoleName: ptr("runner")}, fakeEnvironment(t.TempDir(), map[string]string{envMetadataURL: "http://127.0.0.1:9999"}))
	if diags.HasError() {
		t.Fatal(diagText(diags))
	}
	if got.CVMRole.MetadataURL == nil || *got.CVMRole.MetadataURL != (url.URL{Scheme: "http", Host: "127.0.0.1:9999"}) {
		t.Errorf("metadata URL %v", got.CVMRole.MetadataURL)
	}
	got, _ = resolve(settings{CAMRoleName: ptr("runner")}, fakeEnvironment(t.TempDir(), nil))
	if got.CVMRole.MetadataURL != nil {
		t.Errorf("metadata URL %v without the variable, want the default", got.CVMRole.MetadataURL)
	}
}
