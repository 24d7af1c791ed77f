//go:build unix

package tcapi

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/tcintl/terraform-provider-tcintl/internal/credentials"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
	"github.com/tcintl/terraform-provider-tcintl/internal/pacing"
)

// TestPacingAcrossProcesses runs two child processes that read bills at
// once through one fake server enforcing 1 request/s: together they must
// stay under the limit. They pace at 0.9/s, so that the server's own
// scheduling on a loaded machine (tens of milliseconds at a load of 15 on
// two cores) cannot pass for calls sent too close; two processes that did
// not share their pace would still send their first calls together.
func TestPacingAcrossProcesses(t *testing.T) {
	if os.Getenv("TCAPI_PACING_CHILD") != "" {
		t.Skip("runs as the child of itself")
	}
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "bill-amounts")
	dir := t.TempDir()
	var wg sync.WaitGroup
	for i, months := range []string{"2026-01,2026-02", "2026-03,2026-04"} {
		wg.Go(func() {
			cmd := exec.Command(os.Args[0], "-test.run=^TestPacingChild$", "-test.count=1") //nolint:gosec // the test binary itself
			cmd.Env = append(os.Environ(), "TCAPI_PACING_CHILD="+months, "TCAPI_PACING_URL="+srv.URL(), "TCAPI_PACING_DIR="+dir)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("child %d: %v\n%s", i, err, out)
			}
		})
	}
	wg.Wait()
	wantPacedBills(t, srv, 4)
}

// TestPacingChild is the child half of TestPacingAcrossProcesses.
func TestPacingChild(t *testing.T) {
	months := os.Getenv("TCAPI_PACING_CHILD")
	if months == "" {
		t.Skip("only runs as the child of TestPacingAcrossProcesses")
	}
	store, err := pacing.NewFileStore(os.Getenv("TCAPI_PACING_DIR"), pacing.RealClock{})
	if err != nil {
		t.Fatal(err)
	}
	c := New(Config{
		Credentials: credentials.Resolved{Keys: credentials.Keys{SecretID: fakeserver.TestSecretID, SecretKey: fakeserver.TestSecretKey}},
		Endpoints:   everyServiceAt(t, os.Getenv("TCAPI_PACING_URL")),
		Pacing:      []pacing.Store{store},
		RateLimits:  map[string]float64{billAction: 0.9},
		MaxRetries:  0, // a throttled call must fail, not hide behind a retry
	})
	var wg sync.WaitGroup
	for month := range strings.SplitSeq(months, ",") {
		wg.Go(func() {
			if _, err := c.CustomerBillSummary(t.Context(), billRequest(100000000001, month)); err != nil {
				t.Error(fmt.Errorf("%s: %w", month, err))
			}
		})
	}
	wg.Wait()
}
