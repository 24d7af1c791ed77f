package tcapi

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/credentials"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
	"github.com/tcintl/terraform-provider-tcintl/internal/pacing"
	"github.com/tcintl/terraform-provider-tcintl/internal/pacing/pacingtest"
)

// A service that gives keys and accepts but never answers (or trickles) ends
// at the deadline of a lookup, the same for each way of getting keys: not
// max_retries whole request timeouts, as the metadata service once did.
func TestCredentialFetchesEndAtTheLookupDeadline(t *testing.T) {
	ways := map[string]struct {
		action string
		tweak  func(srv *fakeserver.Server, t *testing.T) func(*Config)
		is     func(*credentials.CredentialError) bool
	}{
		"the metadata service": {
			action: metadataAction,
			tweak:  func(srv *fakeserver.Server, _ *testing.T) func(*Config) { return withCVMRole(srv, "ci-runner") },
			is:     func(e *credentials.CredentialError) bool { return e.CVMRole != nil },
		},
		"STS with a web identity": {
			action: webAction,
			tweak: func(_ *fakeserver.Server, t *testing.T) func(*Config) {
				file := filepath.Join(t.TempDir(), "token")
				writeToken(t, file, jwt(1))
				return withWebIdentity(file)
			},
			is: func(e *credentials.CredentialError) bool { return e.WebIdentity != nil },
		},
		"STS with assume_role": {
			action: "AssumeRole",
			tweak:  func(*fakeserver.Server, *testing.T) func(*Config) { return withRole },
			is:     func(e *credentials.CredentialError) bool { return e.AssumeRole != nil },
		},
	}
	for name, way := range ways {
		for _, fault := range []fakeserver.Fault{
			{Kind: fakeserver.FaultDelay, Delay: time.Minute, Times: 100},
			{Kind: fakeserver.FaultTrickle, Delay: 50 * time.Millisecond, Times: 100},
		} {
			t.Run(name+"/"+string(fault.Kind), func(t *testing.T) {
				srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited, CAMRole: "ci-runner"}, "skillscan-trial-order")
				srv.InjectFaults(way.action, fault)
				c := testClient(t, srv, pacing.RealClock{}, func(cfg *Config) {
					way.tweak(srv, t)(cfg)
					cfg.RequestTimeout, cfg.MaxRetries = 300*time.Millisecond, 10
				})
				c.backoff = backoffPolicy{Base: 10 * time.Millisecond, Max: 20 * time.Millisecond}
				_, err := c.SkillScanPayInfo(t.Context())
				var credErr *credentials.CredentialError
				var retryErr *RetryError
				var timeout *TimeoutError
				if !errors.As(err, &credErr) || !way.is(credErr) || !errors.As(err, &retryErr) || retryErr.Deadline != c.deadline() || !errors.As(err, &timeout) {
					t.Fatalf("got %v; want the source's failure at the deadline of %v after a timeout", err, c.deadline())
				}
				// A first timeout of 300 ms leaves the deadline room for one
				// shorter attempt more, not for the 10 retries allowed.
				if n := srv.Count(way.action); n > 2 {
					t.Errorf("%d attempts; the deadline of %v has room for 2", n, c.deadline())
				}
			})
		}
	}
}

// Keys that arrive already expired, from STS or the metadata service, are
// one clear error, not a renewal before every call.
func TestKeysExpiredOnArrival(t *testing.T) {
	expired := `{"Response": {"Credentials": {"Token": "tok-expired", "TmpSecretId": "AKIDexpired", "TmpSecretKey": "key-expired"}, "ExpiredTime": 1700000000, "RequestId": "r-exp"}}`
	overflow := strings.Replace(expired, "1700000000", "9223372036854775807", 1)
	for name, tt := range map[string]struct {
		action, body string
		tweak        func(*Config)
		want         string
	}{
		"assume_role, in the past":           {"AssumeRole", expired, withRole, "arrived already expired"},
		"assume_role, overflowing the clock": {"AssumeRole", overflow, withRole, "ExpiredTime 9223372036854775807 is not a time"},
	} {
		t.Run(name, func(t *testing.T) {
			srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited}, "bill-amounts")
			srv.InjectFaults(tt.action, fakeserver.Fault{Kind: fakeserver.FaultBody, Body: tt.body, Times: 100})
			c := testClient(t, srv, pacingtest.NewFakeClock(), tt.tweak)
			for _, month := range []string{"2026-01", "2026-02", "2026-03"} {
				_, err := c.CustomerBillSummary(t.Context(), billRequest(100000000001, month))
				var credErr *credentials.CredentialError
				if !errors.As(err, &credErr) || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "key-expired") {
					t.Fatalf("%s: got %v, want a CredentialError saying %q without the key", month, err, tt.want)
				}
			}
			// Each read asked once, and none was sent with the keys.
			if n := srv.Count(tt.action); n != 3 || srv.Count(billAction) != 0 {
				t.Errorf("%d %s calls and %d reads for 3 reads", n, tt.action, srv.Count(billAction))
			}
		})
	}
}

// A batch cancelled while its lookups wait or are in flight ends with the
// cancellation, never a crash and never a partial answer.
func TestBillSummariesCancelled(t *testing.T) {
	for _, after := range []int{1, 3, 10} {
		ctx, cancel := context.WithCancel(t.Context())
		c, _ := bookClient(t, &fakeserver.Book{Size: 40}, map[string]float64{customerAction: 1e6, billAction: 50})
		answers, err := c.CustomerBillSummaries(ctx, 40, bills("2026-01"), func(answered int) {
			if answered == after {
				cancel()
			}
		})
		cancel()
		if answers != nil || !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled after %d: got %d answers, %v; want the cancellation", after, len(answers), err)
		}
	}
}
