package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/tcintl/terraform-provider-tcintl/internal/acctest"
	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
)

const (
	ciRoleArn  = "qcs::cam::uin/100000000001:roleName/ci-plan"
	webAction  = apispec.AssumeRoleWithWebIdentity
	metaAction = fakeserver.MetadataCredentials
)

// oidcToken is a token the fake STS takes for a JWT; n tells them apart.
func oidcToken(n int) string {
	return fmt.Sprintf("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmNpIiwibiI6%d.c2lnbmF0dXJl", n)
}

func writeToken(t *testing.T, file, token string) {
	t.Helper()
	if err := os.WriteFile(file, []byte(token), 0o600); err != nil {
		t.Fatal(err)
	}
}

// wantReadsSignedBy checks that every read was signed by keys the fake
// issued from source, with their token.
func wantReadsSignedBy(t *testing.T, srv *fakeserver.Server, source string) {
	t.Helper()
	issued := map[string]string{}
	for _, c := range srv.IssuedCredentials() {
		if c.Source == source {
			issued[c.SecretID] = c.Token
		}
	}
	reads := 0
	for _, r := range srv.Requests() {
		if r.Action != apispec.SkillScanPayInfo && r.Action != apispec.CustomerBillSummary {
			continue
		}
		reads++
		if token, ok := issued[r.SecretID]; !ok || r.Header.Get("X-TC-Token") != token {
			t.Errorf("a read was signed by %q, not by keys from %s", r.SecretID, source)
		}
	}
	if reads == 0 || len(issued) == 0 {
		t.Errorf("%d reads, %d keys from %s", reads, len(issued), source)
	}
}

func TestCredentials_webIdentityTokenFileInTheBlock(t *testing.T) {
	t.Parallel()
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "skillscan-trial-order")
	file := filepath.Join(t.TempDir(), "oidc-token")
	writeToken(t, file, oidcToken(1))
	resource.UnitTest(t, resource.TestCase{
		// Keys in the environment lose to the block, with a warning.
		ProtoV6ProviderFactories: acctest.ProviderFactories(t,
			"TENCENTCLOUD_SECRET_ID="+fakeserver.TestSecretID, "TENCENTCLOUD_SECRET_KEY="+fakeserver.TestSecretKey),
		Steps: []resource.TestStep{{
			Config: srv.ProviderBlock(fmt.Sprintf(`assume_role_with_web_identity {
    provider_id             = "github-actions"
    web_identity_token_file = %q
    role_arn                = %q
    session_name            = "ci-plan"
  }`, file, ciRoleArn)) + readSkillScan,
			ConfigStateChecks: trialOrderRead,
		}},
	})
	wantReadsSignedBy(t, srv, webAction)
	for _, r := range srv.Requests() {
		if r.Action == webAction && (!r.Unsigned || r.Header.Get("X-TC-Token") != "") {
			t.Error("the exchange was signed or carried a token")
		}
	}
	for _, ex := range srv.WebIdentityExchanges() {
		if ex.Token != oidcToken(1) || ex.ProviderID != "github-actions" || ex.RoleArn != ciRoleArn || ex.RoleSessionName != "ci-plan" {
			t.Errorf("exchange %+v", ex)
		}
	}
}

func TestCredentials_webIdentityFromTheEnvironment(t *testing.T) {
	t.Parallel()
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "skillscan-trial-order")
	file := filepath.Join(t.TempDir(), "oidc-token")
	writeToken(t, file, oidcToken(1))
	for name, env := range map[string][]string{
		"token file": {"TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE=" + file},
		"token":      {"TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN=" + oidcToken(2)},
	} {
		t.Run(name, func(t *testing.T) {
			env = append(env, "TENCENTCLOUD_ASSUME_ROLE_ARN="+ciRoleArn, "TENCENTCLOUD_ASSUME_ROLE_PROVIDER_ID=github-actions",
				"TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME=env-session", "TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION=900")
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories(t, env...),
				Steps:                    []resource.TestStep{{Config: srv.ProviderBlock() + readSkillScan, ConfigStateChecks: trialOrderRead}},
			})
		})
	}
	wantReadsSignedBy(t, srv, webAction)
	tokens := map[string]bool{}
	for _, ex := range srv.WebIdentityExchanges() {
		tokens[ex.Token] = true
		if ex.RoleSessionName != "env-session" || ex.ProviderID != "github-actions" {
			t.Errorf("exchange %+v", ex)
		}
	}
	if !tokens[oidcToken(1)] || !tokens[oidcToken(2)] {
		t.Errorf("the exchanges did not use both the file's and the variable's token")
	}
}

func TestCredentials_podOIDC(t *testing.T) {
	t.Parallel()
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "skillscan-trial-order")
	file := filepath.Join(t.TempDir(), "token")
	writeToken(t, file, oidcToken(1))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories(t,
			"TKE_REGION=ap-singapore", "TKE_PROVIDER_ID=cls-abc123", "TKE_WEB_IDENTITY_TOKEN_FILE="+file, "TKE_ROLE_ARN="+ciRoleArn),
		Steps: []resource.TestStep{{Config: srv.ProviderBlock("enable_pod_oidc = true") + readSkillScan, ConfigStateChecks: trialOrderRead}},
	})
	wantReadsSignedBy(t, srv, webAction)
	for _, r := range srv.Requests() {
		if r.Action == webAction && r.Region != "ap-singapore" {
			t.Errorf("the exchange went to region %q, want TKE_REGION's", r.Region)
		}
	}
	if ex := srv.WebIdentityExchanges(); len(ex) == 0 || ex[0].ProviderID != "cls-abc123" || ex[0].RoleArn != ciRoleArn {
		t.Errorf("exchanges %+v", ex)
	}
}

func TestCredentials_cvmInstanceRole(t *testing.T) {
	t.Parallel()
	srv := fakeserver.StartTest(t, fakeserver.Config{CAMRole: "ci-runner"}, "skillscan-trial-order")
	for name, tc := range map[string]struct {
		env   []string
		lines []string
	}{
		"argument": {env: []string{"TCINTL_METADATA_URL=" + srv.URL()}, lines: []string{`cam_role_name = "ci-runner"`}},
		"variable": {env: []string{"TCINTL_METADATA_URL=" + srv.URL(), "TENCENTCLOUD_CAM_ROLE_NAME=ci-runner"}},
	} {
		t.Run(name, func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories(t, tc.env...),
				Steps:                    []resource.TestStep{{Config: srv.ProviderBlock(tc.lines...) + readSkillScan, ConfigStateChecks: trialOrderRead}},
			})
		})
	}
	wantReadsSignedBy(t, srv, metaAction)
}

func TestCredentials_assumeRoleOverTheInstanceRole(t *testing.T) {
	t.Parallel()
	srv := fakeserver.StartTest(t, fakeserver.Config{CAMRole: "ci-runner"}, "skillscan-trial-order")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories(t, "TCINTL_METADATA_URL="+srv.URL()),
		Steps: []resource.TestStep{{
			Config: srv.ProviderBlock(`cam_role_name = "ci-runner"`, `assume_role {
    role_arn = "`+ciRoleArn+`"
  }`) + readSkillScan,
			ConfigStateChecks: trialOrderRead,
		}},
	})
	wantReadsSignedBy(t, srv, apispec.AssumeRole)
	fromMetadata := map[string]bool{}
	for _, c := range srv.IssuedCredentials() {
		fromMetadata[c.SecretID] = c.Source == metaAction
	}
	for _, r := range srv.Requests() {
		if r.Action == apispec.AssumeRole && !fromMetadata[r.SecretID] {
			t.Errorf("AssumeRole was signed by %q, not by the instance role's keys", r.SecretID)
		}
	}
}

// The token file changes after every exchange (as a pipeline's or a pod's
// rotates), and keys live 2 s while each command reads for about 4 s: every
// renewal within a command must send the file's current token.
func TestCredentials_tokenFileReadAgainAfterRotation(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "token")
	var written atomic.Int64
	written.Store(1)
	writeToken(t, file, oidcToken(1))
	srv := fakeserver.StartTest(t, fakeserver.Config{
		STSMaxLifetime: 2 * time.Second,
		OnRequest: func(r fakeserver.Request) {
			if r.Action == webAction {
				// Not writeToken: t.Fatal belongs to the test's goroutine.
				if err := os.WriteFile(file, []byte(oidcToken(int(written.Add(1)))), 0o600); err != nil {
					t.Error(err)
				}
			}
		},
	}, "bill-amounts", "bill-filters")
	config := srv.ProviderBlock(fmt.Sprintf("assume_role_with_web_identity {\n    web_identity_token_file = %q\n    role_arn = %q\n  }", file, ciRoleArn))
	for i, month := range []string{"2026-01", "2026-02", "2026-03", "2026-04", "2026-05"} {
		config += fmt.Sprintf("data \"tcintl_customer_bill_summary\" \"m%d\" {\n  customer_uin = 100000000001\n  month = %q\n}\n", i, month)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories(t),
		Steps:                    []resource.TestStep{{Config: config}},
	})
	exchanges := srv.WebIdentityExchanges()
	seen := map[string]bool{}
	for i, ex := range exchanges {
		if seen[ex.Token] {
			t.Errorf("exchange %d sent a token already used: the rotated file was not read again", i+1)
		}
		seen[ex.Token] = true
	}
	if reads := srv.Count(apispec.CustomerBillSummary); len(exchanges) < 2 || reads < 5 {
		t.Errorf("%d exchanges for %d reads: the keys were not renewed mid-plan", len(exchanges), reads)
	}
	if n := srv.CountAnswered(apispec.CustomerBillSummary, fakeserver.CodeTokenFailure); n != 0 {
		t.Errorf("%d reads were signed with expired keys", n)
	}
}

func TestCredentials_instanceRoleRenewedDuringALongPlan(t *testing.T) {
	t.Parallel()
	srv := fakeserver.StartTest(t, fakeserver.Config{CAMRole: "ci-runner", STSMaxLifetime: 2 * time.Second}, "bill-amounts", "bill-filters")
	config := srv.ProviderBlock(`cam_role_name = "ci-runner"`)
	for i, month := range []string{"2026-01", "2026-02", "2026-03", "2026-04", "2026-05"} {
		config += fmt.Sprintf("data \"tcintl_customer_bill_summary\" \"m%d\" {\n  customer_uin = 100000000001\n  month = %q\n}\n", i, month)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories(t, "TCINTL_METADATA_URL="+srv.URL()),
		Steps:                    []resource.TestStep{{Config: config}},
	})
	if n := srv.CountAnswered(apispec.CustomerBillSummary, fakeserver.CodeTokenFailure); n != 0 {
		t.Errorf("%d reads were signed with expired keys", n)
	}
	if calls, reads := srv.Count(metaAction), srv.Count(apispec.CustomerBillSummary); calls < 2 || calls > reads {
		t.Errorf("%d metadata calls for %d reads", calls, reads)
	}
}

// Failures to get keys are diagnostics that name the source and say what
// to do.
func TestCredentials_sourceFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		server fakeserver.Config
		setup  func(t *testing.T, srv *fakeserver.Server) (env []string, lines []string)
		want   []string
	}{
		{
			name: "OIDC token refused",
			setup: func(t *testing.T, srv *fakeserver.Server) ([]string, []string) {
				file := filepath.Join(t.TempDir(), "token")
				writeToken(t, file, oidcToken(9))
				srv.RefuseWebIdentityToken(oidcToken(9))
				return []string{"TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE=" + file, "TENCENTCLOUD_ASSUME_ROLE_ARN=" + ciRoleArn}, nil
			},
			want: []string{"DescribeSkillScanPayInfo failed: could not assume role with web identity", "Error code: InvalidParameter.WebIdentityTokenError",
				"The OIDC token was refused: check provider_id and the token's audience", "from the default provider_id"},
		},
		{
			name:   "no CAM role bound to the instance",
			server: fakeserver.Config{},
			setup: func(_ *testing.T, srv *fakeserver.Server) ([]string, []string) {
				return []string{"TCINTL_METADATA_URL=" + srv.URL()}, []string{`cam_role_name = "ci-runner"`}
			},
			want: []string{"could not get the CVM instance role's keys", "Getting the keys of the CVM instance role ci-runner", "answered /latest/meta-data/cam/security-credentials/ci-runner with HTTP status 404",
				"no CAM role is bound to this instance", "named by cam_role_name"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fakeserver.StartTest(t, tt.server, "skillscan-trial-order")
			env, lines := tt.setup(t, srv)
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories(t, env...),
				Steps:                    []resource.TestStep{{Config: srv.ProviderBlock(lines...) + readSkillScan, ExpectError: acctest.ErrorMatching(tt.want...)}},
			})
			if n := srv.Count(apispec.SkillScanPayInfo); n != 0 {
				t.Errorf("%d reads went out without keys", n)
			}
		})
	}
}

// Conflicting or malformed credential settings fail the plan before any
// call.
func TestCredentials_refusedBeforeAnyCall(t *testing.T) {
	t.Parallel()
	tokenFile := filepath.Join(t.TempDir(), "token")
	writeToken(t, tokenFile, oidcToken(1))
	webBlock := fmt.Sprintf("assume_role_with_web_identity {\n    web_identity_token_file = %q\n    role_arn = %q\n  }", tokenFile, ciRoleArn)
	tests := []struct {
		name  string
		env   []string
		lines []string
		want  []string
	}{
		{name: "keys and cam_role_name", lines: []string{`secret_id = "AKIDx"`, `secret_key = "k"`, `cam_role_name = "r"`},
			want: []string{"Conflicting credential sources", "secret_id/secret_key and cam_role_name"}},
		{name: "web identity and assume_role", lines: []string{webBlock, "assume_role {\n    role_arn = \"" + ciRoleArn + "\"\n  }"},
			want: []string{"Conflicting credential sources", "assume_role cannot wrap", "assume_role_with_web_identity"}},
		{name: "profile and enable_pod_oidc", lines: []string{`profile = "ci"`, "enable_pod_oidc = true"},
			want: []string{"Conflicting credential sources", "profile and enable_pod_oidc"}},
		{name: "web identity and cam_role_name", lines: []string{webBlock, `cam_role_name = "r"`},
			want: []string{"Conflicting credential sources", "assume_role_with_web_identity and cam_role_name"}},
		{name: "token and token file", lines: []string{fmt.Sprintf("assume_role_with_web_identity {\n    web_identity_token = \"a.b.c\"\n    web_identity_token_file = %q\n    role_arn = %q\n  }", tokenFile, ciRoleArn)},
			want: []string{"Invalid Attribute Combination", "web_identity_token_file", "cannot be specified when", "web_identity_token"}},
		{name: "token file missing", lines: []string{fmt.Sprintf("assume_role_with_web_identity {\n    web_identity_token_file = %q\n    role_arn = %q\n  }", tokenFile+"-missing", ciRoleArn)},
			want: []string{"Cannot use the OIDC token file", "web_identity_token_file", "does not exist"}},
		{name: "pod OIDC outside a pod", lines: []string{"enable_pod_oidc = true"}, want: []string{"Missing TKE_REGION", "TKE_ROLE_ARN"}},
		{name: "secret key with a trailing newline", env: []string{"TENCENTCLOUD_SECRET_ID=" + fakeserver.TestSecretID, "TENCENTCLOUD_SECRET_KEY=" + fakeserver.TestSecretKey + "\n"},
			want: []string{"The secret key from TENCENTCLOUD_SECRET_KEY ends with whitespace"}},
		{name: "cam_role_name that is a path", lines: []string{`cam_role_name = "../../x"`}, want: []string{"cam_role_name", "must be a CAM role name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fakeserver.StartTest(t, fakeserver.Config{CAMRole: "r"}, "skillscan-trial-order")
			acctest.ExpectErrorWithoutCalls(t, srv, acctest.ProviderFactories(t, append(tt.env, "TCINTL_METADATA_URL="+srv.URL())...),
				srv.ProviderBlock(tt.lines...)+readSkillScan, acctest.ErrorMatching(tt.want...))
		})
	}
}

// The token file disappears after the first exchange: the renewal that
// needs it fails the read with the file's problem and what to check.
func TestCredentials_renewalFailureIsADiagnostic(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "token")
	writeToken(t, file, oidcToken(1))
	srv := fakeserver.StartTest(t, fakeserver.Config{
		STSMaxLifetime: 2 * time.Second,
		OnRequest: func(r fakeserver.Request) {
			if r.Action == webAction {
				_ = os.Remove(file)
			}
		},
	}, "bill-amounts", "bill-filters")
	config := srv.ProviderBlock(fmt.Sprintf("assume_role_with_web_identity {\n    web_identity_token_file = %q\n    role_arn = %q\n  }", file, ciRoleArn))
	for i, month := range []string{"2026-01", "2026-02", "2026-03", "2026-04", "2026-05"} {
		config += fmt.Sprintf("data \"tcintl_customer_bill_summary\" \"m%d\" {\n  customer_uin = 100000000001\n  month = %q\n}\n", i, month)
	}
	// Configure reads the file too: it must exist then, and go only once
	// the first keys are out.
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories(t),
		Steps: []resource.TestStep{{
			Config: config,
			ExpectError: acctest.ErrorMatching("DescribeCustomerBillSummary failed: could not assume role with web identity",
				"reading the OIDC token", file, "does not exist", "Check web_identity_token_file"),
		}},
	})
	if n := srv.Count(webAction); n != 1 {
		t.Errorf("%d exchanges, want 1: the renewal should fail before STS", n)
	}
}
