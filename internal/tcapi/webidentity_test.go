package tcapi

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/credentials"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
	"github.com/tcintl/terraform-provider-tcintl/internal/pacing"
	"github.com/tcintl/terraform-provider-tcintl/internal/pacing/pacingtest"
)

const webAction = apispec.AssumeRoleWithWebIdentity

// jwt returns a token the fake STS takes for a JWT.
func jwt(n int) string {
	return "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaS0" + strings.Repeat("x", n) + ".c2lnbmF0dXJl"
}

func writeToken(t *testing.T, file, token string) {
	t.Helper()
	if err := os.WriteFile(file, []byte(token), 0o600); err != nil {
		t.Fatal(err)
	}
}

// withWebIdentity has the client get its keys for file's token, with no
// keys of its own.
func withWebIdentity(file string) func(*Config) {
	return func(cfg *Config) {
		cfg.Credentials.Keys = credentials.Keys{}
		cfg.Credentials.WebIdentity = &credentials.WebIdentity{
			ProviderID: "github-actions", ProviderIDFrom: "provider_id",
			TokenFile: file, TokenFileFrom: "web_identity_token_file",
			RoleArn: testRoleArn, SessionName: "ci-plan", Duration: 2 * time.Hour,
		}
	}
}

func TestWebIdentityIsUnsignedAndSignsCallsWithItsKeys(t *testing.T) {
	srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited}, "skillscan-trial-order")
	file := filepath.Join(t.TempDir(), "token")
	writeToken(t, file, jwt(1))
	c := testClient(t, srv, pacingtest.NewFakeClock(), withWebIdentity(file))
	if _, err := c.SkillScanPayInfo(t.Context()); err != nil {
		t.Fatal(err)
	}
	log := srv.Requests()
	if len(log) != 2 || log[0].Action != webAction || log[1].Action != apispec.SkillScanPayInfo {
		t.Fatalf("requests: %s", actions(log))
	}
	sts, api := log[0], log[1]
	if !sts.Unsigned || sts.Header.Get("Authorization") != "SKIP" || sts.Header.Get("X-TC-Token") != "" || sts.Region != credentials.DefaultSTSRegion {
		t.Errorf("the exchange went with Authorization %q, token %q, region %q; want SKIP, none, %s",
			sts.Header.Get("Authorization"), sts.Header.Get("X-TC-Token"), sts.Region, credentials.DefaultSTSRegion)
	}
	var body map[string]any
	if err := json.Unmarshal(sts.Body, &body); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"ProviderId": "github-actions", "WebIdentityToken": jwt(1), "RoleArn": testRoleArn, "RoleSessionName": "ci-plan", "DurationSeconds": float64(7200)}
	if len(body) != len(want) {
		t.Errorf("body %s, want the fields %v", sts.Body, want)
	}
	for k, v := range want {
		if body[k] != v {
			t.Errorf("%s = %v, want %v", k, body[k], v)
		}
	}
	issued := srv.IssuedCredentials()
	if len(issued) != 1 || issued[0].Source != webAction {
		t.Fatalf("issued %+v", issued)
	}
	if api.SecretID != issued[0].SecretID || api.Header.Get("X-TC-Token") != issued[0].Token {
		t.Errorf("the read was signed by %q, want the exchanged key %q with its token", api.SecretID, issued[0].SecretID)
	}
}

func TestWebIdentityRegionFromTKE(t *testing.T) {
	srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited}, "skillscan-trial-order")
	file := filepath.Join(t.TempDir(), "token")
	writeToken(t, file, jwt(1))
	c := testClient(t, srv, pacingtest.NewFakeClock(), func(cfg *Config) {
		withWebIdentity(file)(cfg)
		cfg.Credentials.WebIdentity.Region = "ap-singapore"
	})
	if _, err := c.SkillScanPayInfo(t.Context()); err != nil {
		t.Fatal(err)
	}
	if r := srv.Requests()[0]; r.Region != "ap-singapore" {
		t.Errorf("the exchange went to region %q, want TKE's ap-singapore", r.Region)
	}
	if r := srv.Requests()[1]; r.Region != "" {
		t.Errorf("the read carried region %q, want none", r.Region)
	}
}

// The token file is read again at every renewal: pipelines and pods
// rotate it, and an old token may be expired by then.
func TestWebIdentityReadsTheTokenFileAtEveryRenewal(t *testing.T) {
	srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited}, "bill-amounts")
	clk := pacingtest.NewFakeClock()
	file := filepath.Join(t.TempDir(), "token")
	writeToken(t, file, jwt(1))
	// Keys that live 12 h, renewed on a fake clock while the fake STS keeps
	// the real one: each renewal's keys expire 12 h after the real now.
	c := testClient(t, srv, clk, func(cfg *Config) {
		withWebIdentity(file)(cfg)
		cfg.Credentials.WebIdentity.Duration = 12 * time.Hour
	})
	read := func(month string) {
		t.Helper()
		if _, err := c.CustomerBillSummary(t.Context(), billRequest(100000000001, month)); err != nil {
			t.Fatal(err)
		}
	}
	read("2026-01")
	writeToken(t, file, jwt(2))
	clk.Advance(time.Hour)
	read("2026-02") // keys still fresh: no exchange, the new token waits
	clk.Advance(10*time.Hour + 56*time.Minute)
	read("2026-03") // 4 minutes left: renewed with the new token
	writeToken(t, file, jwt(3))
	clk.Advance(3 * time.Minute)
	read("2026-04") // half of the renewed keys' life gone: renewed again

	var tokens []string
	for _, ex := range srv.WebIdentityExchanges() {
		tokens = append(tokens, ex.Token)
	}
	if want := []string{jwt(1), jwt(2), jwt(3)}; !slices.Equal(tokens, want) {
		t.Errorf("STS got tokens %q, want each renewal to read the file again: %q", tokens, want)
	}
	// Every token and every key is masked, the replaced ones too.
	secrets := c.keys.Secrets()
	for _, want := range []string{jwt(1), jwt(2), jwt(3)} {
		if !slices.Contains(secrets, want) {
			t.Errorf("secrets() lacks a token the client read")
		}
	}
	for _, cred := range srv.IssuedCredentials() {
		if !slices.Contains(secrets, cred.SecretKey) || !slices.Contains(secrets, cred.Token) {
			t.Errorf("secrets() lacks the keys issued as %s", cred.SecretID)
		}
	}
}

func TestWebIdentityLiteralTokenIsASecret(t *testing.T) {
	srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited}, "skillscan-trial-order")
	c := testClient(t, srv, pacingtest.NewFakeClock(), func(cfg *Config) {
		withWebIdentity("")(cfg)
		cfg.Credentials.WebIdentity.TokenFile, cfg.Credentials.WebIdentity.Token = "", jwt(7)
	})
	if !slices.Contains(c.keys.Secrets(), jwt(7)) {
		t.Error("the token given to the client is not among its secrets before any call")
	}
	if _, err := c.SkillScanPayInfo(t.Context()); err != nil {
		t.Fatal(err)
	}
	if ex := srv.WebIdentityExchanges(); len(ex) != 1 || ex[0].Token != jwt(7) {
		t.Errorf("exchanges %+v", ex)
	}
}

func TestWebIdentityConcurrentReadsShareOneExchange(t *testing.T) {
	srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited}, "bill-amounts")
	srv.InjectFaults(webAction, fakeserver.Fault{Kind: fakeserver.FaultDelay, Delay: 200 * time.Millisecond})
	file := filepath.Join(t.TempDir(), "token")
	writeToken(t, file, jwt(1))
	c := testClient(t, srv, pacing.RealClock{}, withWebIdentity(file))
	readBillsAtOnce(t, c, "2026-01", "2026-02", "2026-03", "2026-04")
	if n := srv.Count(webAction); n != 1 {
		t.Errorf("%d exchanges for 4 concurrent reads, want 1", n)
	}
}

func TestWebIdentityFailures(t *testing.T) {
	type check func(t *testing.T, srv *fakeserver.Server, err error)
	// The hints for these errors are the data sources' (diagnostics_test.go).
	wantError := func(parts ...string) check {
		return func(t *testing.T, _ *fakeserver.Server, err error) {
			t.Helper()
			var credErr *credentials.CredentialError
			if !errors.As(err, &credErr) || credErr.WebIdentity == nil || credErr.WebIdentity.RoleArn != testRoleArn {
				t.Fatalf("got %v, want a web identity CredentialError", err)
			}
			for _, p := range parts {
				if !strings.Contains(err.Error(), p) {
					t.Errorf("error %q does not say %q", err, p)
				}
			}
		}
	}
	tests := []struct {
		name string
		// setup prepares the token file and the fake.
		setup        func(t *testing.T, srv *fakeserver.Server, file string)
		wantRequests int
		check        check
	}{
		{
			name: "token refused by the identity provider",
			setup: func(t *testing.T, srv *fakeserver.Server, file string) {
				writeToken(t, file, jwt(1))
				srv.RefuseWebIdentityToken(jwt(1))
			},
			wantRequests: 1,
			check:        wantError("InvalidParameter.WebIdentityTokenError"),
		},
		{
			name:         "not a JWT",
			setup:        func(t *testing.T, _ *fakeserver.Server, file string) { writeToken(t, file, "not-a-jwt") },
			wantRequests: 1,
			check:        wantError("InvalidParameter.WebIdentityTokenError"),
		},
		{
			name:         "token file gone",
			setup:        func(*testing.T, *fakeserver.Server, string) {},
			wantRequests: 0,
			check:        wantError("reading the OIDC token", "does not exist"),
		},
		{
			name:         "token file with a trailing newline",
			setup:        func(t *testing.T, _ *fakeserver.Server, file string) { writeToken(t, file, jwt(1)+"\n") },
			wantRequests: 0,
			check:        wantError("reading the OIDC token", "ends with whitespace"),
		},
		{
			name:         "token file empty",
			setup:        func(t *testing.T, _ *fakeserver.Server, file string) { writeToken(t, file, "") },
			wantRequests: 0,
			check:        wantError("is empty"),
		},
		{
			name: "token file a directory",
			setup: func(t *testing.T, _ *fakeserver.Server, file string) {
				if err := os.Mkdir(file, 0o700); err != nil {
					t.Fatal(err)
				}
			},
			wantRequests: 0,
			check:        wantError("a directory, not a regular file"),
		},
		{
			name: "role unknown to STS",
			setup: func(t *testing.T, srv *fakeserver.Server, file string) {
				writeToken(t, file, jwt(1))
				srv.InjectFaults(webAction, fakeserver.Fault{Kind: fakeserver.FaultErrorCode, Code: "ResourceNotFound.RoleNotExist", Message: "role not found"})
			},
			wantRequests: 1,
			check:        wantError("ResourceNotFound.RoleNotExist"),
		},
		{
			name: "busy STS is retried",
			setup: func(t *testing.T, srv *fakeserver.Server, file string) {
				writeToken(t, file, jwt(1))
				srv.InjectFaults(webAction, fakeserver.Fault{Kind: fakeserver.FaultErrorCode, Code: "InternalError"})
			},
			wantRequests: 2,
		},
		{
			name: "STS answer without keys",
			setup: func(t *testing.T, srv *fakeserver.Server, file string) {
				writeToken(t, file, jwt(1))
				srv.InjectFaults(webAction, fakeserver.Fault{Kind: fakeserver.FaultBody, Body: `{"Response":{"Credentials":{"TmpSecretId":"AKIDx"},"ExpiredTime":1,"RequestId":"r"}}`})
			},
			wantRequests: 1,
			check: func(t *testing.T, _ *fakeserver.Server, err error) {
				var decErr *DecodeError
				if !errors.As(err, &decErr) || decErr.Field != "Credentials.Token" || decErr.Action != webAction {
					t.Errorf("got %v, want a DecodeError for Credentials.Token, the first it lacks", err)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited}, "skillscan-trial-order")
			file := filepath.Join(t.TempDir(), "token")
			tt.setup(t, srv, file)
			c := testClient(t, srv, pacingtest.NewFakeClock(), withWebIdentity(file))
			_, err := c.SkillScanPayInfo(t.Context())
			if n := srv.Count(webAction); n != tt.wantRequests {
				t.Errorf("%d exchanges, want %d", n, tt.wantRequests)
			}
			if tt.check == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if srv.Count(apispec.SkillScanPayInfo) != 0 {
				t.Error("the read was sent without keys")
			}
			tt.check(t, srv, err)
		})
	}
}

// A renewal that fails keeps keys that are still valid; once they expire
// the failure is the read's.
func TestWebIdentityFailedRenewalKeepsValidKeys(t *testing.T) {
	srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited}, "bill-amounts")
	clk := pacingtest.NewFakeClock()
	file := filepath.Join(t.TempDir(), "token")
	writeToken(t, file, jwt(1))
	c := testClient(t, srv, clk, withWebIdentity(file))
	read := func(month string) error {
		_, err := c.CustomerBillSummary(t.Context(), billRequest(100000000001, month))
		return err
	}
	if err := read("2026-01"); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	clk.Sleep(t.Context(), 2*time.Hour-time.Minute) //nolint:errcheck // a fake clock cannot fail
	if err := read("2026-02"); err != nil {
		t.Fatalf("keys valid for another minute should still be used: %v", err)
	}
	clk.Sleep(t.Context(), 2*time.Minute) //nolint:errcheck // a fake clock cannot fail
	err := read("2026-03")
	var fileErr *credentials.TokenFileError
	if !errors.As(err, &fileErr) {
		t.Fatalf("got %v, want the token file's failure once the keys expired", err)
	}
}
