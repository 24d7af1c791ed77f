package tcapi

import (
	"encoding/json"
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/credentials"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
	"github.com/tcintl/terraform-provider-tcintl/internal/pacing"
	"github.com/tcintl/terraform-provider-tcintl/internal/pacing/pacingtest"
)

const testRoleArn = "qcs::cam::uin/100000000001:roleName/terraform-reader"

func withRole(cfg *Config) {
	cfg.Credentials.AssumeRole = &credentials.AssumeRole{
		RoleArn: testRoleArn, SessionName: "tf-test", Duration: 2 * time.Hour,
		Policy: `{"version":"2.0","statement":[{"effect":"allow","action":["csip:*"],"resource":"*"}]}`, ExternalID: "ext-42",
	}
}

func TestAssumeRoleSignsCallsWithTemporaryKeys(t *testing.T) {
	srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited}, "skillscan-trial-order")
	c := testClient(t, srv, pacingtest.NewFakeClock(), withRole)
	if _, err := c.SkillScanPayInfo(t.Context()); err != nil {
		t.Fatal(err)
	}
	log := srv.Requests()
	if len(log) != 2 || log[0].Action != "AssumeRole" || log[1].Action != "DescribeSkillScanPayInfo" {
		t.Fatalf("requests: %s", actions(log))
	}
	sts, api := log[0], log[1]
	if sts.SecretID != fakeserver.TestSecretID || sts.Region != credentials.DefaultSTSRegion || sts.Header.Get("X-TC-Token") != "" {
		t.Errorf("AssumeRole signed by %q in region %q with token %q; want the base key, %s, no token",
			sts.SecretID, sts.Region, sts.Header.Get("X-TC-Token"), credentials.DefaultSTSRegion)
	}
	var body struct {
		RoleArn, RoleSessionName, Policy, ExternalId string
		DurationSeconds                              int
	}
	if err := json.Unmarshal(sts.Body, &body); err != nil {
		t.Fatal(err)
	}
	policy, _ := url.QueryUnescape(body.Policy)
	if body.RoleArn != testRoleArn || body.RoleSessionName != "tf-test" || body.DurationSeconds != 7200 ||
		body.ExternalId != "ext-42" || policy != `{"version":"2.0","statement":[{"effect":"allow","action":["csip:*"],"resource":"*"}]}` {
		t.Errorf("AssumeRole body %s", sts.Body)
	}
	issued := srv.IssuedCredentials()
	if len(issued) != 1 {
		t.Fatalf("issued %d credentials", len(issued))
	}
	if api.SecretID != issued[0].SecretID || api.Header.Get("X-TC-Token") != issued[0].Token {
		t.Errorf("API call signed by %q; want the temporary key %q with its token", api.SecretID, issued[0].SecretID)
	}
}

func TestAssumeRoleRefreshesBeforeExpiry(t *testing.T) {
	srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited}, "bill-amounts")
	clk := pacingtest.NewFakeClock()
	c := testClient(t, srv, clk, withRole)
	call := func(month string) {
		t.Helper()
		if _, err := c.CustomerBillSummary(t.Context(), billRequest(100000000001, month)); err != nil {
			t.Fatal(err)
		}
	}
	call("2026-01")
	// Keys live 2 h; they are replaced once less than 5 minutes are left.
	clk.Sleep(t.Context(), 2*time.Hour-5*time.Minute-time.Second) //nolint:errcheck // a fake clock cannot fail
	call("2026-02")
	if n := srv.Count("AssumeRole"); n != 1 {
		t.Errorf("refreshed early: %d AssumeRole calls", n)
	}
	clk.Sleep(t.Context(), 2*time.Second) //nolint:errcheck // a fake clock cannot fail
	call("2026-03")
	if n := srv.Count("AssumeRole"); n != 2 {
		t.Fatalf("%d AssumeRole calls, want a refresh", n)
	}
	issued := srv.IssuedCredentials()
	last := srv.Requests()[len(srv.Requests())-1]
	if last.SecretID != issued[1].SecretID {
		t.Errorf("the call after the refresh used %q, want the new key %q", last.SecretID, issued[1].SecretID)
	}
}

func TestAssumeRoleConcurrentCallersShareOneRefresh(t *testing.T) {
	srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited}, "bill-amounts")
	srv.InjectFaults("AssumeRole", fakeserver.Fault{Kind: fakeserver.FaultDelay, Delay: 100 * time.Millisecond})
	c := testClient(t, srv, pacing.RealClock{}, withRole)
	readBillsAtOnce(t, c, "2026-01", "2026-02", "2026-03", "2026-04")
	if n := srv.Count("AssumeRole"); n != 1 {
		t.Errorf("%d AssumeRole calls for 4 concurrent reads, want 1", n)
	}
}

func TestAssumeRoleKeysAreRenewedBeforeTheyExpire(t *testing.T) {
	// STS hands out keys that live 2 s; a plan that reads for 3 s must never
	// sign with an expired one.
	srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited, STSMaxLifetime: 2 * time.Second}, "bill-amounts")
	c := testClient(t, srv, pacing.RealClock{}, func(cfg *Config) {
		withRole(cfg)
		cfg.RateLimits = map[string]float64{billAction: 1.4}
	})
	for _, month := range []string{"2026-01", "2026-02", "2026-03", "2026-04", "2026-01"} {
		if _, err := c.CustomerBillSummary(t.Context(), billRequest(100000000001, month)); err != nil {
			t.Fatal(err)
		}
	}
	if n := srv.CountAnswered(billAction, "AuthFailure.TokenFailure"); n != 0 {
		t.Errorf("%d calls signed with expired keys", n)
	}
	if n := srv.Count("AssumeRole"); n < 2 {
		t.Errorf("%d AssumeRole calls over 3 s of 2 s keys, want renewals", n)
	}
}

func TestAssumeRoleFailures(t *testing.T) {
	t.Run("refused by STS", func(t *testing.T) {
		srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited})
		srv.InjectFaults("AssumeRole", fakeserver.Fault{Kind: fakeserver.FaultErrorCode, Code: "InvalidParameter.ExtendStrategyOverflow", Message: "role not assumable", Times: 10})
		c := testClient(t, srv, pacingtest.NewFakeClock(), withRole)
		_, err := c.SkillScanPayInfo(t.Context())
		var credErr *credentials.CredentialError
		if !errors.As(err, &credErr) || credErr.AssumeRole == nil || credErr.AssumeRole.RoleArn != testRoleArn || ErrorCode(err) != "InvalidParameter.ExtendStrategyOverflow" {
			t.Fatalf("got %v, want a CredentialError carrying the STS code", err)
		}
		if n := srv.Count("AssumeRole"); n != 1 || srv.Count("DescribeSkillScanPayInfo") != 0 {
			t.Errorf("requests: %s", actions(srv.Requests()))
		}
	})
	t.Run("busy STS is retried", func(t *testing.T) {
		srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited}, "skillscan-trial-order")
		srv.InjectFaults("AssumeRole", fakeserver.Fault{Kind: fakeserver.FaultErrorCode, Code: "InternalError"})
		c := testClient(t, srv, pacingtest.NewFakeClock(), withRole)
		if _, err := c.SkillScanPayInfo(t.Context()); err != nil {
			t.Fatal(err)
		}
		if n := srv.Count("AssumeRole"); n != 2 {
			t.Errorf("%d AssumeRole calls, want 2", n)
		}
	})
	t.Run("failed refresh keeps valid keys", func(t *testing.T) {
		srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited}, "bill-amounts")
		clk := pacingtest.NewFakeClock()
		c := testClient(t, srv, clk, withRole)
		if _, err := c.CustomerBillSummary(t.Context(), billRequest(100000000001, "2026-01")); err != nil {
			t.Fatal(err)
		}
		clk.Sleep(t.Context(), 2*time.Hour-time.Minute) //nolint:errcheck // a fake clock cannot fail
		srv.InjectFaults("AssumeRole", fakeserver.Fault{Kind: fakeserver.FaultErrorCode, Code: "InternalError", Times: 100})
		if _, err := c.CustomerBillSummary(t.Context(), billRequest(100000000001, "2026-02")); err != nil {
			t.Fatalf("keys valid for another minute should still be used: %v", err)
		}
		if srv.CountAnswered("AssumeRole", "InternalError") == 0 {
			t.Fatal("no refresh was attempted; the test proves nothing")
		}
		if first := srv.IssuedCredentials()[0]; srv.Requests()[len(srv.Requests())-1].SecretID != first.SecretID {
			t.Error("the call was not signed with the still-valid keys")
		}
	})
}

func actions(log []fakeserver.Request) string {
	s := ""
	for _, r := range log {
		s += r.Action + "(" + r.Code + ") "
	}
	return s
}
