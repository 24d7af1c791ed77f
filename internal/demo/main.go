// Command demo is `make demo`: the provider working offline. It builds the
// provider from this tree, starts the fake server on a loopback port with
// constructed answers, and runs terraform plan on examples/demo through
// dev_overrides with the fake's published test keys: no credentials, no
// network, and nothing left behind.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/tcintl/terraform-provider-tcintl/internal/devprovider"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
)

var scenarios = []string{"skillscan-paid-unicode", "bill-amounts"}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	terraform, err := exec.LookPath("terraform")
	if err != nil {
		return errors.New("terraform is not on PATH. Install Terraform 1.5 or later; the demo never downloads one")
	}
	if _, err := os.Stat(filepath.Join("examples", "demo", "main.tf")); err != nil {
		return errors.New("run the demo from the repository's root (make demo)")
	}
	work, err := os.MkdirTemp("", "tcintl-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)

	fmt.Println("==> Building the provider")
	_, cliConfig, err := devprovider.Build(ctx, "go", ".", filepath.Join(work, "plugins"), "demo")
	if err != nil {
		return err
	}
	cassettes, err := fakeserver.Cassettes(scenarios...)
	if err != nil {
		return err
	}
	srv, err := fakeserver.Start(fakeserver.Config{Cassettes: cassettes})
	if err != nil {
		return err
	}
	defer srv.Close()

	// The demo configuration as a user would write it, plus an override
	// file (merged into its provider block) that sends every call to the
	// fake.
	dir := filepath.Join(work, "demo")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("examples", "demo"))); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "zz_fake_override.tf"), []byte(srv.ProviderBlock()), 0o600); err != nil {
		return err
	}
	for _, d := range []string{"home", "tmp"} {
		if err := os.Mkdir(filepath.Join(work, d), 0o700); err != nil {
			return err
		}
	}

	fmt.Printf("==> terraform plan of examples/demo against the fake server at %s (scenarios: %v)\n\n", srv.URL(), scenarios)
	args := []string{"-chdir=" + dir, "plan", "-input=false"}
	if info, err := os.Stdout.Stat(); err != nil || info.Mode()&os.ModeCharDevice == 0 {
		args = append(args, "-no-color")
	}
	cmd := exec.CommandContext(ctx, terraform, args...) //nolint:gosec // terraform from PATH, arguments of the demo's own
	cmd.Env = devprovider.Env(cliConfig, filepath.Join(work, "home"), filepath.Join(work, "tmp"),
		"TENCENTCLOUD_SECRET_ID="+fakeserver.TestSecretID,
		"TENCENTCLOUD_SECRET_KEY="+fakeserver.TestSecretKey)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("terraform plan: %w", err)
	}

	fmt.Println("\n==> Requests the fake server answered (note the bill lookups paced at 1 per second)")
	for _, r := range srv.Requests() {
		fmt.Println(r)
	}
	return nil
}
