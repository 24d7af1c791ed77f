package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/acctest"
	"github.com/tcintl/terraform-provider-tcintl/internal/devprovider"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
	"github.com/tcintl/terraform-provider-tcintl/internal/provider"
)

const (
	// overrideFile is merged by terraform into the example's own provider
	// block (any *_override.tf is), so the example runs exactly as written
	// except for where its calls go.
	overrideFile = "zz_fake_override.tf"
	// commandTimeout bounds one terraform command; a plan here takes seconds.
	commandTimeout = 3 * time.Minute
)

// builds is held while a test compiles the provider or the demo: on a
// cold build cache two builds at once would each compile every dependency
// (the go command shares finished work, not work in progress), where one
// after the other the second finds it done.
var builds sync.Mutex

// harness is what every example run shares: the repository, the terraform
// binary, and a CLI configuration whose dev_overrides point at a provider
// binary built from this tree once per test run.
type harness struct {
	root      string
	terraform string
	cliConfig string
	// home is an empty HOME for terraform and the provider, so neither the
	// developer's ~/.terraformrc nor their ~/.tccli profiles play a part.
	home string
	// tmp is their TMPDIR: the provider keeps per-user state there (pacing
	// shared between processes), which must neither leak out of the test
	// nor come in from the developer's own runs.
	tmp string
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("repository root not found at %s: %v", root, err)
	}
	tf := acctest.RequireTerraform(t)
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the examples run a provider built from this tree, but go is not on PATH: %v", err)
	}

	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	start := time.Now()
	builds.Lock()
	_, cliConfig, err := devprovider.Build(ctx, goBin, root, filepath.Join(dir, "plugins"), "e2e")
	builds.Unlock()
	if err != nil {
		t.Fatalf("building the provider: %v", err)
	}
	t.Logf("built the provider in %s", time.Since(start).Round(time.Millisecond))

	h := &harness{
		root:      root,
		terraform: tf,
		cliConfig: cliConfig,
		home:      filepath.Join(dir, "home"),
		tmp:       filepath.Join(dir, "tmp"),
	}
	for _, d := range []string{h.home, h.tmp} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	return h
}

// env is the environment of a child terraform, then extra.
func (h *harness) env(extra ...string) []string {
	return devprovider.Env(h.cliConfig, h.home, h.tmp, extra...)
}

// testKeys is the fake server's published key pair, as the environment
// variables most users give keys with.
func testKeys() []string {
	return []string{
		"TENCENTCLOUD_SECRET_ID=" + fakeserver.TestSecretID,
		"TENCENTCLOUD_SECRET_KEY=" + fakeserver.TestSecretKey,
	}
}

// run runs terraform in dir and returns its combined output.
func (h *harness) run(t *testing.T, dir string, env []string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), commandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, h.terraform, args...)
	cmd.Dir = dir
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// runSplit runs terraform in dir and returns its stdout and stderr apart.
func (h *harness) runSplit(t *testing.T, dir string, env []string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), commandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, h.terraform, args...)
	cmd.Dir = dir
	cmd.Env = env
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	return out.String(), errOut.String(), err
}

func (h *harness) mustRun(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	out, err := h.run(t, dir, env, args...)
	if err != nil {
		t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// workdir checks that examples/<example> is terraform fmt clean, copies it
// into a fresh directory and adds files (name → content) to the copy. The
// original is never written to.
func (h *harness) workdir(t *testing.T, example string, files map[string]string) string {
	t.Helper()
	src := filepath.Join(h.root, "examples", example)
	h.mustRun(t, src, h.env(), "fmt", "-check", "-diff", "-no-color")
	dst := filepath.Join(t.TempDir(), "work")
	copyExample(t, src, dst)
	for name, content := range files {
		writeFile(t, filepath.Join(dst, name), content)
	}
	return dst
}

// copyExample copies src to dst, leaving out what an earlier terraform run
// in src may have left: those files would make the run depend on it.
func copyExample(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		name := d.Name()
		if name == ".terraform" || name == ".terraform.lock.hcl" || strings.HasPrefix(name, "terraform.tfstate") || name == "tfplan" {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o750)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o600)
	})
	if err != nil {
		t.Fatalf("copying %s: %v", src, err)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// snippetProvider is what a data-source example, shown in the docs without
// terraform or provider blocks, needs to run on its own.
func snippetProvider(srv *fakeserver.Server) string {
	return fmt.Sprintf("terraform {\n  required_providers {\n    tcintl = {\n      source = %q\n    }\n  }\n}\n\n", provider.Source) +
		srv.ProviderBlock()
}

// validate runs terraform validate, which needs no init under dev_overrides.
func (h *harness) validate(t *testing.T, dir string, env []string) {
	t.Helper()
	out := h.mustRun(t, dir, env, "validate", "-no-color")
	if !strings.Contains(out, "The configuration is valid") {
		t.Fatalf("terraform validate did not report a valid configuration:\n%s", out)
	}
}

// plan runs terraform plan and, when it succeeds, reads the saved plan back
// as JSON. The error is the plan's.
func (h *harness) plan(t *testing.T, dir string, env []string, args ...string) (string, *planJSON, error) {
	t.Helper()
	planFile := filepath.Join(t.TempDir(), "tfplan")
	out, err := h.run(t, dir, env, append([]string{"plan", "-no-color", "-input=false", "-out=" + planFile}, args...)...)
	if err != nil {
		return out, nil, err
	}
	show := h.mustRun(t, dir, env, "show", "-json", planFile)
	p, err := decodePlan(show)
	if err != nil {
		t.Fatalf("terraform show -json: %v", err)
	}
	return out, p, nil
}

// planOK runs terraform plan and fails the test unless it succeeds.
func (h *harness) planOK(t *testing.T, dir string, env []string, args ...string) (string, *planJSON) {
	t.Helper()
	out, p, err := h.plan(t, dir, env, args...)
	if err != nil {
		t.Fatalf("terraform plan %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out, p
}

// planJSON is the part of `terraform show -json` the tests read.
type planJSON struct {
	PlannedValues struct {
		Outputs map[string]struct {
			Value any `json:"value"`
		} `json:"outputs"`
	} `json:"planned_values"`
	Checks []struct {
		Address struct {
			ToDisplay string `json:"to_display"`
		} `json:"address"`
		Status    string `json:"status"`
		Instances []struct {
			Problems []struct {
				Message string `json:"message"`
			} `json:"problems"`
		} `json:"instances"`
	} `json:"checks"`

	raw string // the JSON itself, as a policy engine reads it
}

// decodePlan keeps numbers as written (json.Number): amounts are compared
// digit for digit, never through a float64.
func decodePlan(s string) (*planJSON, error) {
	var p planJSON
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	if err := dec.Decode(&p); err != nil {
		return nil, err
	}
	p.raw = s
	return &p, nil
}

// wantOutput compares an output's planned value with want, a JSON text.
func (p *planJSON) wantOutput(t *testing.T, name, want string) {
	t.Helper()
	out, ok := p.PlannedValues.Outputs[name]
	if !ok {
		t.Errorf("output %s is not in the plan", name)
		return
	}
	var w any
	dec := json.NewDecoder(strings.NewReader(want))
	dec.UseNumber()
	if err := dec.Decode(&w); err != nil {
		t.Fatalf("bad expectation for %s: %v", name, err)
	}
	if !reflect.DeepEqual(out.Value, w) {
		got, _ := json.Marshal(out.Value)
		t.Errorf("output %s = %s, want %s", name, got, want)
	}
}

// check returns the status of a check (e.g. "check.skillscan_order") and
// the messages of its failed assertions.
func (p *planJSON) check(t *testing.T, address string) (string, []string) {
	t.Helper()
	for _, c := range p.Checks {
		if c.Address.ToDisplay != address {
			continue
		}
		var problems []string
		for _, inst := range c.Instances {
			for _, pr := range inst.Problems {
				problems = append(problems, pr.Message)
			}
		}
		return c.Status, problems
	}
	t.Fatalf("%s is not among the plan's checks", address)
	return "", nil
}

// wantText fails the test unless terraform's output shows every part, in
// order, whatever the line wrapping.
func wantText(t *testing.T, out string, parts ...string) {
	t.Helper()
	if re := acctest.ErrorMatching(parts...); !re.MatchString(out) {
		t.Errorf("output does not match %s:\n%s", re, out)
	}
}

// requests are the fake server's logged requests for action.
func requests(srv *fakeserver.Server, action string) []fakeserver.Request {
	var out []fakeserver.Request
	for _, r := range srv.Requests() {
		if r.Action == action {
			out = append(out, r)
		}
	}
	return out
}
