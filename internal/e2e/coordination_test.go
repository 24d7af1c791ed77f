package e2e

import (
	"encoding/json"
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
	"github.com/tcintl/terraform-provider-tcintl/internal/pacing/redistest"
)

// The fake allows 5 bills a second; the plans pace at 4.5, so that the
// fake's own scheduling on a busy machine cannot pass for calls too close.
const coordinatedPace = "rate_limits = { DescribeCustomerBillSummary = 4.5 }"

// bookBills reads the bills of n customers of the fake's book, from the
// first-th, for one month: n distinct lookups.
func bookBills(first, n int) string {
	var b strings.Builder
	for i := first; i < first+n; i++ {
		fmt.Fprintf(&b, "data \"tcintl_customer_bill_summary\" \"c%d\" {\n  customer_uin = %d\n  month        = \"2026-01\"\n}\n\n", i, fakeserver.BookUIN(i))
	}
	return b.String()
}

// machine is a directory and an environment of its own: a TMPDIR of its
// own, so that the plans share no pacing file, as on separate machines.
func (h *harness) machine(t *testing.T, config string, extra ...string) (dir string, env []string) {
	t.Helper()
	dir = t.TempDir()
	writeFile(t, filepath.Join(dir, "main.tf"), config)
	return dir, h.env(append(append(testKeys(), "TMPDIR="+t.TempDir()), extra...)...)
}

// Three machines with one coordinator keep to one pace: every lookup once,
// none throttled.
func TestCoordinatorPacesMachinesTogether(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	redis := redistest.Start(t)
	srv := fakeserver.StartTest(t, fakeserver.Config{Book: &fakeserver.Book{Size: 18}, Limits: map[string]float64{apispec.CustomerBillSummary: 5}})
	const machines, lookups = 3, 6
	var wg sync.WaitGroup
	for m := range machines {
		dir, env := h.machine(t, configWith(srv, coordinatedPace)+bookBills(m*lookups, lookups), "TCINTL_COORDINATION_URL="+redis.URL)
		wg.Go(func() {
			if out, _, err := h.plan(t, dir, env); err != nil {
				t.Errorf("machine %d: %v\n%s", m, err, out)
			}
		})
	}
	wg.Wait()
	if n := srv.CountAnswered(apispec.CustomerBillSummary, fakeserver.CodeRequestLimitExceeded); n != 0 {
		t.Errorf("%d calls throttled: the machines did not keep one pace", n)
	}
	if n := srv.Count(apispec.CustomerBillSummary); n != machines*lookups {
		t.Errorf("%d calls for %d lookups", n, machines*lookups)
	}
}

// What goes wrong with a coordinator that goes away: the plan goes on,
// paced on its machine, and says so once.
func TestCoordinatorFailuresUnderTheCLI(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	closed := func() string {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		return "redis://:pw-of-a-closed-port@" + addr
	}()
	tests := []struct {
		name string
		// during acts on the coordinator once the plan has made a call.
		during      func(*redistest.Server)
		unreachable bool
		warnings    int
	}{
		{name: "unreachable at the start", unreachable: true, warnings: 1},
		{name: "killed mid-plan", during: (*redistest.Server).Kill, warnings: 1},
		{name: "hung mid-plan", during: (*redistest.Server).Pause, warnings: 1},
		{name: "flushed mid-plan", during: (*redistest.Server).FlushAll, warnings: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			redis := redistest.Start(t)
			url := redis.URL
			if tt.unreachable {
				url = closed
			}
			srv := fakeserver.StartTest(t, fakeserver.Config{Book: &fakeserver.Book{Size: 8}, Limits: map[string]float64{apispec.CustomerBillSummary: 5}})
			dir, env := h.machine(t, configWith(srv, coordinatedPace)+bookBills(0, 8), "TCINTL_COORDINATION_URL="+url)
			if tt.during != nil {
				// Joined before the server's cleanup, which it would race.
				stop, acted := make(chan struct{}), make(chan struct{})
				go func() {
					defer close(acted)
					for srv.Count(apispec.CustomerBillSummary) == 0 {
						select {
						case <-stop:
							return
						case <-time.After(10 * time.Millisecond):
						}
					}
					tt.during(redis)
				}()
				t.Cleanup(func() { close(stop); <-acted })
			}
			out, _ := h.planOK(t, dir, env)
			if n := strings.Count(out, "Pacing on this machine only"); n != tt.warnings {
				t.Errorf("%d warnings, want %d:\n%s", n, tt.warnings, out)
			}
			if n := srv.Count(apispec.CustomerBillSummary); n != 8 {
				t.Errorf("%d calls for 8 lookups", n)
			}
			if n := srv.CountAnswered(apispec.CustomerBillSummary, fakeserver.CodeRequestLimitExceeded); n != 0 {
				t.Errorf("%d calls throttled: the plan lost its pace", n)
			}
		})
	}
}

// The coordinator's password appears nowhere: not in the TRACE log, the
// output or the saved plan (but for the values of its variables, which a
// saved plan keeps, sensitive or not: hence TCINTL_COORDINATION_URL),
// whether the plan works (the URL in the
// environment, or in the block from a sensitive variable), the password is
// refused, the URL is malformed or the coordinator cannot be reached.
func TestCoordinatorPasswordNeverShows(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	redis := redistest.Start(t)
	srv := fakeserver.StartTest(t, fakeserver.Config{Book: &fakeserver.Book{Size: 1}})
	const wrong = "a-wrong-password-4d1c"
	fromVariable := "coordination {\n    url = var.coordinator\n  }"
	variable := "variable \"coordinator\" {\n  type      = string\n  sensitive = true\n}\n"
	tests := []struct {
		name, block, env, want string
		fails                  bool
	}{
		{"in the environment", "", "TCINTL_COORDINATION_URL=" + redis.URL, "", false},
		{"in the block", fromVariable, "TF_VAR_coordinator=" + redis.URL, "", false},
		{"refused", "", "TCINTL_COORDINATION_URL=redis://:" + wrong + "@" + redis.Addr, "The coordinator cannot be used", true},
		{"refused in the block", fromVariable, "TF_VAR_coordinator=redis://:" + wrong + "@" + redis.Addr, "The coordinator cannot be used", true},
		{"malformed", "", "TCINTL_COORDINATION_URL=redis://:" + wrong + "@" + redis.Addr + "/db", "Invalid TCINTL_COORDINATION_URL", true},
		{"malformed in the block", fromVariable, "TF_VAR_coordinator=redis://:" + wrong + "@" + redis.Addr + "/db", "Invalid coordination.url", true},
		{"unreachable", "", "TCINTL_COORDINATION_URL=redis://:" + wrong + "@127.0.0.1:1", "Pacing on this machine only", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logFile := filepath.Join(t.TempDir(), "trace.log")
			config := configWith(srv) + bookBills(0, 1)
			if tt.block != "" {
				config = configWith(srv, tt.block) + bookBills(0, 1) + variable
			}
			dir, env := h.machine(t, config, tt.env, "TF_LOG=TRACE", "TF_LOG_PATH="+logFile)
			out, p, err := h.plan(t, dir, env)
			if (err != nil) != tt.fails {
				t.Fatalf("plan: %v, want failing %v:\n%s", err, tt.fails, out)
			}
			wantText(t, out, tt.want)
			log := readFile(t, logFile)
			if !strings.Contains(log, "Configured the tcintl API client") && !tt.fails {
				t.Fatalf("the TRACE log has nothing of the provider:\n%.2000s", log)
			}
			places := map[string]string{"the TRACE log": log, "the output": out}
			if p != nil {
				places["terraform show -json"] = withoutVariables(t, p.raw)
			}
			for where, text := range places {
				for _, secret := range []string{redis.Password, wrong} {
					if strings.Contains(text, secret) {
						t.Errorf("a password appears in %s", where)
					}
				}
			}
		})
	}
}

// withoutVariables is a saved plan's JSON without the values of the input
// variables, which Terraform keeps there whatever the provider does.
func withoutVariables(t *testing.T, plan string) string {
	t.Helper()
	var p map[string]any
	if err := json.Unmarshal([]byte(plan), &p); err != nil {
		t.Fatal(err)
	}
	delete(p, "variables")
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// provider/coordination: the URL from TCINTL_COORDINATION_URL, the pace kept
// under the example's key_prefix; without the variable, the block is
// refused before any call.
func testProviderCoordination(t *testing.T, h *harness) {
	redis := redistest.Start(t)
	srv := fakeserver.StartTest(t, fakeserver.Config{Book: &fakeserver.Book{
		UINs:    []string{"100000000001", "100000000002", "100000000003"},
		Amounts: map[string]string{"100000000001/2026-10": "0.1", "100000000002/2026-10": "0.2", "100000000003/2026-10": "0.3"},
	}})
	dir := h.workdir(t, "provider/coordination", map[string]string{overrideFile: srv.ProviderBlock()})
	env := h.env(append(testKeys(), "TF_VAR_month=2026-10", "TCINTL_COORDINATION_URL="+redis.URL)...)
	h.validate(t, dir, env)
	out, p := h.planOK(t, dir, env)
	if strings.Contains(out, "Pacing on this machine only") {
		t.Errorf("the plan went on without the coordinator:\n%s", out)
	}
	p.wantOutput(t, "book_total", "0.6")
	keys, err := redis.Admin().Keys(t.Context(), "ci/tcintl:pace:*").Result()
	if err != nil || len(keys) != 2 { // the customers' pace and the bills'
		t.Errorf("keys under ci/tcintl:pace: %v, %v; want the two actions' paces", keys, err)
	}

	out, _, err = h.plan(t, dir, h.env(append(testKeys(), "TF_VAR_month=2026-10")...))
	if err == nil {
		t.Fatalf("the block without a URL was accepted:\n%s", out)
	}
	wantText(t, out, "Missing coordination.url", "TCINTL_COORDINATION_URL")
	if n := len(srv.Requests()); n != 4 {
		t.Errorf("%d requests; the refused plan must make none", n-4)
	}
}
