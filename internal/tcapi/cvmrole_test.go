package tcapi

import (
	"errors"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/credentials"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
	"github.com/tcintl/terraform-provider-tcintl/internal/pacing"
	"github.com/tcintl/terraform-provider-tcintl/internal/pacing/pacingtest"
)

const metadataAction = fakeserver.MetadataCredentials

// withCVMRole has the client get its keys from srv's metadata service.
func withCVMRole(srv *fakeserver.Server, name string) func(*Config) {
	return func(cfg *Config) {
		u, err := url.Parse(srv.URL())
		if err != nil {
			panic(err)
		}
		cfg.Credentials.Keys = credentials.Keys{}
		cfg.Credentials.CVMRole = &credentials.CVMRole{RoleName: name, MetadataURL: u, RoleNameFrom: "cam_role_name"}
	}
}

func TestCVMRoleSignsCallsWithMetadataKeys(t *testing.T) {
	srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited, CAMRole: "ci-runner"}, "skillscan-trial-order")
	c := testClient(t, srv, pacingtest.NewFakeClock(), withCVMRole(srv, "ci-runner"))
	if _, err := c.SkillScanPayInfo(t.Context()); err != nil {
		t.Fatal(err)
	}
	log := srv.Requests()
	if len(log) != 2 || log[0].Action != metadataAction || log[1].Action != apispec.SkillScanPayInfo {
		t.Fatalf("requests: %s", actions(log))
	}
	issued := srv.IssuedCredentials()
	if len(issued) != 1 || issued[0].Source != metadataAction || issued[0].RoleSessionName != "ci-runner" {
		t.Fatalf("issued %+v", issued)
	}
	if api := log[1]; api.SecretID != issued[0].SecretID || api.Header.Get("X-TC-Token") != issued[0].Token {
		t.Errorf("the read was signed by %q, want the instance role's key %q with its token", api.SecretID, issued[0].SecretID)
	}
	if h := log[0].Header; h.Get("Authorization") != "" || h.Get("X-TC-Token") != "" {
		t.Error("the metadata request carried credentials")
	}
}

func TestCVMRoleRenewedBeforeExpiredTime(t *testing.T) {
	srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited, CAMRole: "ci-runner"}, "bill-amounts")
	clk := pacingtest.NewFakeClock()
	c := testClient(t, srv, clk, withCVMRole(srv, "ci-runner"))
	read := func(month string) {
		t.Helper()
		if _, err := c.CustomerBillSummary(t.Context(), billRequest(100000000001, month)); err != nil {
			t.Fatal(err)
		}
	}
	read("2026-01")
	clk.Sleep(t.Context(), 2*time.Hour-5*time.Minute-time.Second) //nolint:errcheck // a fake clock cannot fail
	read("2026-02")
	if n := srv.Count(metadataAction); n != 1 {
		t.Errorf("renewed early: %d metadata calls", n)
	}
	clk.Sleep(t.Context(), 2*time.Second) //nolint:errcheck // a fake clock cannot fail
	read("2026-03")
	if n := srv.Count(metadataAction); n != 2 {
		t.Fatalf("%d metadata calls, want a renewal 5 minutes before ExpiredTime", n)
	}
	issued := srv.IssuedCredentials()
	if last := srv.Requests()[len(srv.Requests())-1]; last.SecretID != issued[1].SecretID {
		t.Errorf("the read after the renewal used %q, want the new key %q", last.SecretID, issued[1].SecretID)
	}
	secrets := c.keys.Secrets()
	for _, cred := range issued {
		if !slices.Contains(secrets, cred.SecretKey) || !slices.Contains(secrets, cred.Token) {
			t.Errorf("secrets() lacks the keys issued as %s", cred.SecretID)
		}
	}
}

func TestCVMRoleConcurrentReadsShareOneMetadataCall(t *testing.T) {
	srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited, CAMRole: "ci-runner"}, "bill-amounts")
	srv.InjectFaults(metadataAction, fakeserver.Fault{Kind: fakeserver.FaultDelay, Delay: 200 * time.Millisecond})
	c := testClient(t, srv, pacing.RealClock{}, withCVMRole(srv, "ci-runner"))
	readBillsAtOnce(t, c, "2026-01", "2026-02", "2026-03", "2026-04")
	if n := srv.Count(metadataAction); n != 1 {
		t.Errorf("%d metadata calls for 4 concurrent reads, want 1", n)
	}
}

func TestCVMRoleFailures(t *testing.T) {
	tests := []struct {
		name         string
		bound        string // the role bound to the fake instance
		faults       []fakeserver.Fault
		wantRequests int
		want         []string // in the error; none for success (the hints are the data sources')
	}{
		{name: "no role bound", wantRequests: 1, want: []string{"HTTP status 404"}},
		{name: "another role bound", bound: "other-role", wantRequests: 1, want: []string{"HTTP status 404"}},
		{
			name: "Code other than Success", bound: "ci-runner", wantRequests: 1,
			faults: []fakeserver.Fault{{Kind: fakeserver.FaultErrorCode, Code: "Failed"}},
			want:   []string{`Code "Failed" instead of Success`},
		},
		{
			name: "a Code of 200 KB is clipped", bound: "ci-runner", wantRequests: 1,
			faults: []fakeserver.Fault{{Kind: fakeserver.FaultBody, Body: `{"Code":"` + strings.Repeat("F", 200_000) + `"}`}},
			want:   []string{`Code "` + strings.Repeat("F", 64) + `…" instead of Success`},
		},
		{
			name: "keys missing from the answer", bound: "ci-runner", wantRequests: 1,
			faults: []fakeserver.Fault{{Kind: fakeserver.FaultBody, Body: `{"Code":"Success","TmpSecretId":"AKIDx","ExpiredTime":1}`}},
			want:   []string{"lacks TmpSecretKey"},
		},
		{
			name: "keys that expired before they arrived", bound: "ci-runner", wantRequests: 1,
			faults: []fakeserver.Fault{{Kind: fakeserver.FaultBody, Body: `{"Code":"Success","TmpSecretId":"AKIDx","TmpSecretKey":"k","Token":"t","ExpiredTime":1}`}},
			want:   []string{"arrived already expired", "this machine's clock says"},
		},
		{
			name: "an expiry that overflows into the past", bound: "ci-runner", wantRequests: 1,
			faults: []fakeserver.Fault{{Kind: fakeserver.FaultBody, Body: `{"Code":"Success","TmpSecretId":"AKIDx","TmpSecretKey":"k","Token":"t","ExpiredTime":9223372036854775807}`}},
			want:   []string{"ExpiredTime 9223372036854775807 is not a time"},
		},
		{
			name: "a CRLF in the token", bound: "ci-runner", wantRequests: 1,
			faults: []fakeserver.Fault{{Kind: fakeserver.FaultBody, Body: `{"Code":"Success","TmpSecretId":"AKIDx","TmpSecretKey":"k","Token":"to\r\nken","ExpiredTime":9999999999}`}},
			want:   []string{"the answer's Token contains a control character"},
		},
		{
			name: "no expiry in the answer", bound: "ci-runner", wantRequests: 1,
			faults: []fakeserver.Fault{{Kind: fakeserver.FaultBody, Body: `{"Code":"Success","TmpSecretId":"a","TmpSecretKey":"b","Token":"c"}`}},
			want:   []string{"lacks ExpiredTime"},
		},
		{
			name: "not JSON", bound: "ci-runner", wantRequests: 1,
			faults: []fakeserver.Fault{{Kind: fakeserver.FaultMalformedJSON}},
			want:   []string{"is not a JSON object of keys"},
		},
		{
			name: "JSON but not an object", bound: "ci-runner", wantRequests: 1,
			faults: []fakeserver.Fault{{Kind: fakeserver.FaultBody, Body: `["TmpSecretId"]`}},
			want:   []string{"is not a JSON object of keys"},
		},
		{
			name: "HTTP 500 is retried", bound: "ci-runner", wantRequests: 2,
			faults: []fakeserver.Fault{{Kind: fakeserver.FaultHTTPStatus, Status: 500}},
		},
		{
			name: "dropped connection is retried", bound: "ci-runner", wantRequests: 2,
			faults: []fakeserver.Fault{{Kind: fakeserver.FaultDropConnection}},
		},
		{
			name: "HTTP 500 through every retry", bound: "ci-runner", wantRequests: 4,
			faults: []fakeserver.Fault{{Kind: fakeserver.FaultHTTPStatus, Status: 500, Times: 10}},
			want:   []string{"gave up after 4 attempts", "HTTP status 500"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited, CAMRole: tt.bound}, "skillscan-trial-order")
			srv.InjectFaults(metadataAction, tt.faults...)
			c := testClient(t, srv, pacingtest.NewFakeClock(), withCVMRole(srv, "ci-runner"))
			_, err := c.SkillScanPayInfo(t.Context())
			if n := srv.Count(metadataAction); n != tt.wantRequests {
				t.Errorf("%d metadata calls, want %d", n, tt.wantRequests)
			}
			if tt.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var credErr *credentials.CredentialError
			if !errors.As(err, &credErr) || credErr.CVMRole == nil || credErr.CVMRole.RoleName != "ci-runner" {
				t.Fatalf("got %v, want a CVM role CredentialError", err)
			}
			text := err.Error()
			if len(text) > 1000 {
				t.Errorf("the error is %d bytes long", len(text))
			}
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("%q does not say %q", text, w)
				}
			}
			if srv.Count(apispec.SkillScanPayInfo) != 0 {
				t.Error("the read was sent without keys")
			}
		})
	}
}

func TestCVMRoleOffAnInstance(t *testing.T) {
	ln, err := (&net.ListenConfig{}).Listen(t.Context(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String()
	ln.Close() // nothing listens there now: connection refused
	srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited}, "skillscan-trial-order")
	c := testClient(t, srv, pacingtest.NewFakeClock(), func(cfg *Config) {
		cfg.Credentials.Keys, cfg.MaxRetries = credentials.Keys{}, 0
		u, _ := url.Parse(closed)
		cfg.Credentials.CVMRole = &credentials.CVMRole{RoleName: "ci-runner", MetadataURL: u, RoleNameFrom: "TENCENTCLOUD_CAM_ROLE_NAME"}
	})
	_, err = c.SkillScanPayInfo(t.Context())
	var credErr *credentials.CredentialError
	if !errors.As(err, &credErr) || credErr.CVMRole == nil || !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("got %v, want the CVM role failing on a refused connection", err)
	}
}

// assume_role wraps the instance role: STS is signed by the metadata keys,
// the reads by the role's.
func TestAssumeRoleOverCVMRole(t *testing.T) {
	srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited, CAMRole: "ci-runner"}, "skillscan-trial-order")
	c := testClient(t, srv, pacingtest.NewFakeClock(), func(cfg *Config) {
		withCVMRole(srv, "ci-runner")(cfg)
		withRole(cfg)
	})
	if _, err := c.SkillScanPayInfo(t.Context()); err != nil {
		t.Fatal(err)
	}
	log := srv.Requests()
	if len(log) != 3 || log[0].Action != metadataAction || log[1].Action != apispec.AssumeRole || log[2].Action != apispec.SkillScanPayInfo {
		t.Fatalf("requests: %s", actions(log))
	}
	issued := srv.IssuedCredentials()
	if len(issued) != 2 || issued[0].Source != metadataAction || issued[1].Source != apispec.AssumeRole {
		t.Fatalf("issued %+v", issued)
	}
	if sts := log[1]; sts.SecretID != issued[0].SecretID || sts.Header.Get("X-TC-Token") != issued[0].Token {
		t.Errorf("AssumeRole was signed by %q, want the instance role's key", sts.SecretID)
	}
	if api := log[2]; api.SecretID != issued[1].SecretID {
		t.Errorf("the read was signed by %q, want the assumed role's key", api.SecretID)
	}
}

// When the instance role fails under assume_role, the error names the
// instance role, not the role it was to assume.
func TestAssumeRoleOverAnUnboundCVMRole(t *testing.T) {
	srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited}, "skillscan-trial-order")
	c := testClient(t, srv, pacingtest.NewFakeClock(), func(cfg *Config) {
		withCVMRole(srv, "ci-runner")(cfg)
		withRole(cfg)
	})
	_, err := c.SkillScanPayInfo(t.Context())
	var credErr *credentials.CredentialError
	var statusErr *HTTPStatusError
	if !errors.As(err, &credErr) || credErr.CVMRole == nil || !errors.As(err, &statusErr) || statusErr.StatusCode != http.StatusNotFound {
		t.Fatalf("got %v, want the instance role's failure", err)
	}
	if srv.Count(apispec.AssumeRole) != 0 {
		t.Error("AssumeRole was sent without keys")
	}
}
