package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/tcintl/terraform-provider-tcintl/internal/devprovider"
)

// Names of the provider builds compared.
const (
	// BuildRelease is the provider as released: per-action limiter at the
	// documented limit, identical lookups shared.
	BuildRelease = "tcintl"
	// BuildNoLimit is the release build with the client limiter off.
	BuildNoLimit = "nolimit"
	// BuildBaseline behaves like the official Tencent Cloud provider.
	BuildBaseline = "baseline"
)

// Variant is one way of building the provider.
type Variant struct {
	Name string
	// Tags are the go build tags that select the tuning (see
	// internal/provider/tuning*.go).
	Tags        string
	Description string
}

// Variants lists the builds, release first.
func Variants() []Variant {
	return []Variant{
		{Name: BuildRelease, Description: "the release build: each rate-limited action paced at its documented limit + 2 % headroom, " +
			"shared by the provider processes of the machine; identical lookups sent once per process; backoff with jitter; " +
			"the SDK's TRACE logging off unless a TF_LOG variable asks for it"},
		{Name: BuildNoLimit, Tags: "tcintl_bench_nolimit", Description: "the release build with the client's pacing off (retries and sharing unchanged)"},
		{Name: BuildBaseline, Tags: "tcintl_bench_baseline", Description: "like the official Tencent Cloud provider: 15 requests/s for every action, " +
			"paced within each process only, backoff 0.5→10 s, no sharing of identical lookups"},
	}
}

// build is a built provider and the CLI configuration that makes terraform
// use it.
type build struct {
	Variant
	// Binary is the provider executable; CLIConfig the file passed to
	// terraform as TF_CLI_CONFIG_FILE.
	Binary    string
	CLIConfig string
}

// buildProvider compiles v into its own directory under dir.
func buildProvider(ctx context.Context, goCmd, moduleDir, dir string, v Variant) (build, error) {
	var tags []string
	if v.Tags != "" {
		tags = strings.Split(v.Tags, ",")
	}
	binary, cliConfig, err := devprovider.Build(ctx, goCmd, moduleDir, filepath.Join(dir, v.Name), "bench-"+v.Name, tags...)
	return build{Variant: v, Binary: binary, CLIConfig: cliConfig}, err
}

// Machine describes where the figures were measured.
type Machine struct {
	CPU       string
	Cores     int
	OS        string
	Go        string
	Terraform string
}

func describeMachine(ctx context.Context, goCmd, terraform string) (Machine, error) {
	m := Machine{OS: runtime.GOOS + "/" + runtime.GOARCH}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		m.CPU, m.Cores = parseCPUInfo(string(b))
	}
	if m.CPU == "" {
		m.CPU = "unknown (no /proc/cpuinfo model name)"
	}
	if m.Cores == 0 {
		m.Cores = runtime.NumCPU()
	}
	out, err := exec.CommandContext(ctx, goCmd, "env", "GOVERSION").Output() //nolint:gosec // the go command comes from the harness's own flags
	if err != nil {
		return m, fmt.Errorf("go env GOVERSION: %w", err)
	}
	m.Go = strings.TrimSpace(string(out))
	out, err = exec.CommandContext(ctx, terraform, "version", "-json").Output() //nolint:gosec // the terraform command comes from the harness's own flags
	if err != nil {
		return m, fmt.Errorf("terraform version -json: %w", err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil || v.Version == "" {
		return m, errors.New("terraform version -json: no terraform_version in the answer")
	}
	m.Terraform = v.Version
	return m, nil
}

// parseCPUInfo returns the first "model name" and the number of logical
// processors listed in /proc/cpuinfo.
func parseCPUInfo(s string) (model string, cores int) {
	for line := range strings.Lines(s) {
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		switch strings.TrimSpace(key) {
		case "processor":
			cores++
		case "model name":
			if model == "" {
				model = strings.TrimSpace(value)
			}
		}
	}
	return model, cores
}

// moduleDir is the directory of the main module, where `go build .` builds
// the provider.
func moduleDir(ctx context.Context, goCmd string) (string, error) {
	out, err := exec.CommandContext(ctx, goCmd, "env", "GOMOD").Output() //nolint:gosec // the go command comes from the harness's own flags
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("not inside the provider's module: run from the repository (make bench)")
	}
	return filepath.Dir(mod), nil
}
