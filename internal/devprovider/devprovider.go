// Package devprovider builds the provider from this tree and points
// terraform and tofu at the build through dev_overrides, without init or a
// registry: what the end-to-end tests, the demo and the benchmark run.
package devprovider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/tcintl/terraform-provider-tcintl/internal/provider"
)

// binaryName is what dev_overrides looks for in the directory it names.
const binaryName = "terraform-provider-tcintl"

// addresses are what the short source address resolves to: terraform asks
// the Terraform registry, tofu OpenTofu's.
var addresses = []string{provider.Address, "registry.opentofu.org/" + provider.Source}

// Build compiles the provider of the module in moduleDir into dir with the
// given version, and writes dir/cli.tfrc, a CLI configuration for
// TF_CLI_CONFIG_FILE that makes terraform and tofu use it. It returns the
// paths of the binary and of the configuration. dev_overrides names a
// directory, so each build needs a directory of its own.
func Build(ctx context.Context, goCmd, moduleDir, dir, version string) (binary, cliConfig string, err error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", "", err
	}
	binary = filepath.Join(dir, binaryName)
	args := []string{"build", "-ldflags", "-X main.version=" + version, "-o", binary, "."}
	cmd := exec.CommandContext(ctx, goCmd, args...) //nolint:gosec // the go command and arguments come from the caller
	cmd.Dir = moduleDir
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", "", fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	cliConfig = filepath.Join(dir, "cli.tfrc")
	if err := os.WriteFile(cliConfig, []byte(CLIConfig(dir)), 0o600); err != nil {
		return "", "", err
	}
	return binary, cliConfig, nil
}

// CLIConfig is a CLI configuration whose dev_overrides use the provider
// binary in dir; direct {} serves any other provider from its registry.
func CLIConfig(dir string) string {
	var b strings.Builder
	b.WriteString("provider_installation {\n  dev_overrides {\n")
	for _, address := range addresses {
		fmt.Fprintf(&b, "    %s = %s\n", HCLString(address), HCLString(dir))
	}
	b.WriteString("  }\n  direct {}\n}\n")
	return b.String()
}

// HCLString quotes s as an HCL string literal. JSON string syntax is a
// subset of HCL's once "${" and "%{" (template sequences in HCL) are escaped.
func HCLString(s string) string {
	b, _ := json.Marshal(s) // a string always encodes
	q := strings.ReplaceAll(string(b), "${", "$${")
	return strings.ReplaceAll(q, "%{", "%%{")
}

// Env is the environment of a terraform (or tofu) run that uses the build of
// cliConfig: the caller's own, without what could change the outcome (TF_*
// settings other than logging, HOME, TMPDIR, Tencent Cloud settings and the
// provider's TCINTL_* test hooks), with a HOME and a TMPDIR of the caller's
// choosing (so neither ~/.terraformrc nor ~/.tccli plays a part, and the
// provider's pacing state stays inside the run), then extra.
func Env(cliConfig, home, tmp string, extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case name == "HOME", name == "TMPDIR", name == "CHECKPOINT_DISABLE",
			strings.HasPrefix(name, "TF_") && !strings.HasPrefix(name, "TF_LOG"),
			strings.HasPrefix(name, "TENCENTCLOUD_"), strings.HasPrefix(name, "TKE_"), strings.HasPrefix(name, "TCINTL_"):
			continue
		}
		env = append(env, kv)
	}
	env = append(env,
		"HOME="+home,
		"TMPDIR="+tmp,
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"CHECKPOINT_DISABLE=1", // no version check against checkpoint-api.hashicorp.com
		"TF_IN_AUTOMATION=1",
		"TF_INPUT=0",
	)
	return append(env, extra...)
}
