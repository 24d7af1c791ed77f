// Package devprovider builds the provider from this tree and points
// terraform at the build through dev_overrides, without terraform init or a
// registry: what the end-to-end tests and the benchmark run.
package devprovider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Address is the provider's source address.
const Address = "registry.terraform.io/tcintl/tcintl"

// binaryName is what dev_overrides looks for in the directory it names.
const binaryName = "terraform-provider-tcintl"

// Build compiles the provider of the module in moduleDir into dir, with the
// given version and build tags, and writes dir/cli.tfrc, a CLI configuration
// for TF_CLI_CONFIG_FILE that makes terraform use it. It returns the paths
// of the binary and of the configuration. dev_overrides names a directory,
// so each build needs a directory of its own.
func Build(ctx context.Context, goCmd, moduleDir, dir, version string, tags ...string) (binary, cliConfig string, err error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", "", err
	}
	binary = filepath.Join(dir, binaryName)
	args := []string{"build", "-ldflags", "-X main.version=" + version, "-o", binary}
	if len(tags) > 0 {
		args = append(args, "-tags", strings.Join(tags, ","))
	}
	args = append(args, ".")
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
// binary in dir; direct {} serves any other provider from the registry.
func CLIConfig(dir string) string {
	return fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %s = %s\n  }\n  direct {}\n}\n",
		HCLString(Address), HCLString(dir))
}

// HCLString quotes s as an HCL string literal. JSON string syntax is a
// subset of HCL's once "${" and "%{" (template sequences in HCL) are escaped.
func HCLString(s string) string {
	b, _ := json.Marshal(s) // a string always encodes
	q := strings.ReplaceAll(string(b), "${", "$${")
	return strings.ReplaceAll(q, "%{", "%%{")
}
