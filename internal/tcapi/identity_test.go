package tcapi

import (
	"sync"
	"testing"

	"github.com/tcintl/terraform-provider-tcintl/internal/credentials"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
	"github.com/tcintl/terraform-provider-tcintl/internal/pacing"
)

// Two runs on one machine with the same CVM role, one naming it with
// cam_role_name and the other with TENCENTCLOUD_CAM_ROLE_NAME, sign with
// the same keys and share one pace: together they keep the API's limit.
// (The pacing file was once named after where the setting came from, and
// the two runs did not pace together.) They pace at 0.9/s against a fake
// that allows 1/s, so that the fake's own scheduling on a busy machine
// cannot pass for calls sent too close.
func TestTwoSpellingsOfOneRoleShareAPace(t *testing.T) {
	srv := fakeserver.StartTest(t, fakeserver.Config{CAMRole: "ci-runner"}, "bill-amounts")
	home, dir := t.TempDir(), t.TempDir()
	spellings := []struct {
		settings credentials.Settings
		env      map[string]string
	}{
		{settings: credentials.Settings{CAMRoleName: new("ci-runner")}, env: map[string]string{credentials.EnvMetadataURL: srv.URL()}},
		{env: map[string]string{credentials.EnvCAMRoleName: "ci-runner", credentials.EnvMetadataURL: srv.URL()}},
	}
	var clients []*Client
	for _, sp := range spellings {
		env := map[string]string{"HOME": home}
		for k, v := range sp.env {
			env[k] = v
		}
		resolved, problems := credentials.Resolve(sp.settings, credentials.MapEnv(env))
		if len(problems) != 0 {
			t.Fatal(problems)
		}
		store, err := pacing.NewFileStore(dir, pacing.RealClock{})
		if err != nil {
			t.Fatal(err)
		}
		clients = append(clients, New(Config{
			Credentials: resolved,
			Endpoints:   everyServiceAt(t, srv.URL()),
			Pacing:      []pacing.Store{store},
			RateLimits:  map[string]float64{billAction: 0.9},
			MaxRetries:  0, // a throttled call must fail, not hide behind a retry
		}))
	}
	if clients[0].CredentialSource() == clients[1].CredentialSource() {
		t.Fatalf("both runs describe their keys as %q: the test needs two spellings", clients[0].CredentialSource())
	}
	var wg sync.WaitGroup
	for i, months := range [][]string{{"2026-01", "2026-02"}, {"2026-03", "2026-04"}} {
		for _, month := range months {
			wg.Go(func() {
				if _, err := clients[i].CustomerBillSummary(t.Context(), billRequest(100000000001, month)); err != nil {
					t.Errorf("run %d, %s: %v", i, month, err)
				}
			})
		}
	}
	wg.Wait()
	bills := srv.Requests()[:0]
	for _, r := range srv.Requests() {
		if r.Action == billAction {
			bills = append(bills, r)
		}
	}
	for i := 1; i < len(bills); i++ {
		if gap := bills[i].Time.Sub(bills[i-1].Time); gap < 1e9 {
			t.Errorf("bills %d and %d arrived %v apart, under the 1/s limit", i, i+1, gap)
		}
	}
}
