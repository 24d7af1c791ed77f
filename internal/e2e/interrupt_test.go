//go:build unix

package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
)

// Ctrl-C during a paged or fanned-out read ends the plan with the
// cancellation, whatever the moment: never "the plugin crashed" (a
// cancelled read of customers once left pages nil and crashed the plugin).
// The signal goes to terraform's process group, as a terminal sends it,
// after a number of answered calls.
func TestInterruptedReadsEndWithoutACrash(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	reads := map[string]struct {
		action string
		block  string
		limit  string
		book   int
	}{
		"customers": {apispec.CustomerUin, `data "tcintl_customers" "all" {}`, "DescribeCustomerUin = 1000", 20_000},
		"bills": {apispec.CustomerBillSummary, `data "tcintl_customer_bill_summaries" "all" {
  customer_uins = data.tcintl_customers.all.customer_uins
  from_month    = "2025-01"
  to_month      = "2025-12"
}
data "tcintl_customers" "all" {}`, "DescribeCustomerUin = 1000, DescribeCustomerBillSummary = 1000", 500},
	}
	for name, read := range reads {
		for _, after := range []int64{1, 3, 20} {
			t.Run(fmt.Sprintf("%s/after %d", name, after), func(t *testing.T) {
				t.Parallel()
				var answered atomic.Int64
				signal := make(chan struct{})
				srv := fakeserver.StartTest(t, fakeserver.Config{
					Book:   &fakeserver.Book{Size: read.book},
					Limits: map[string]float64{apispec.CustomerUin: 1000, apispec.CustomerBillSummary: 1000},
					OnRequest: func(r fakeserver.Request) {
						if r.Action == read.action && answered.Add(1) == after {
							close(signal)
						}
					},
				})
				dir := t.TempDir()
				writeFile(t, filepath.Join(dir, "main.tf"), configWith(srv, "rate_limits = { "+read.limit+" }")+read.block+"\n")
				ctx, cancel := context.WithTimeout(t.Context(), commandTimeout)
				defer cancel()
				cmd := exec.CommandContext(ctx, h.terraform, "plan", "-no-color", "-input=false")
				cmd.Dir, cmd.Env = dir, h.env(testKeys()...)
				cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
				var out bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &out
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				done := make(chan error, 1)
				go func() { done <- cmd.Wait() }()
				select {
				case <-signal:
					if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGINT); err != nil {
						t.Fatal(err)
					}
				case err := <-done:
					t.Fatalf("the plan ended before %d answers: %v\n%s", after, err, out.String())
				}
				select {
				case err := <-done:
					if err == nil {
						t.Errorf("an interrupted plan succeeded:\n%s", out.String())
					}
				case <-time.After(time.Minute):
					t.Fatalf("the plan went on a minute after Ctrl-C:\n%s", out.String())
				}
				for _, crash := range []string{"plugin crashed", "panic:", "goroutine "} {
					if strings.Contains(out.String(), crash) {
						t.Fatalf("the plan says %q:\n%s", crash, out.String())
					}
				}
			})
		}
	}
}
