//go:build release

package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"testing"

	"github.com/tcintl/terraform-provider-tcintl/internal/acctest"
	"github.com/tcintl/terraform-provider-tcintl/internal/devprovider"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
	"github.com/tcintl/terraform-provider-tcintl/internal/provider"
)

// installVersion is the version the release under test claims.
const installVersion = "0.1.0"

// installConfig is what a user writes: the short source, a version
// constraint, a data source and an output.
const installConfig = `terraform {
  required_providers {
    tcintl = {
      source  = "tcintl/tcintl"
      version = "%s"
    }
  }
}

provider "tcintl" {}

data "tcintl_skillscan_pay_info" "this" {}

output "uin" {
  value = data.tcintl_skillscan_pay_info.this.uin
}
`

// TestReleaseInstall installs the provider the way users do: from the
// release archive goreleaser builds, through terraform init (or tofu init
// under TCINTL_TOFU) and a provider_installation block with only a
// filesystem mirror (no dev_overrides, no registry), then plans with it
// against the fake server. The archive, the checksums file, the registry
// manifest and the lock file are checked on the way.
func TestReleaseInstall(t *testing.T) {
	t.Parallel()
	cli := acctest.RequireTerraform(t)
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	rel := buildRelease(t, root, installVersion)
	checkArchive(t, root, rel)

	// The packed mirror layout: <host>/<namespace>/<type>/<the zip as named>,
	// for both registries the short source resolves to.
	mirror := filepath.Join(t.TempDir(), "mirror")
	for _, host := range []string{"registry.terraform.io", "registry.opentofu.org"} {
		dir := filepath.Join(mirror, host, "tcintl", "tcintl")
		if err := os.MkdirAll(dir, 0o750); err != nil {
			t.Fatal(err)
		}
		copyFile(t, rel.zip, filepath.Join(dir, filepath.Base(rel.zip)))
	}
	cliConfig := filepath.Join(t.TempDir(), "cli.tfrc")
	writeFile(t, cliConfig, "provider_installation {\n  filesystem_mirror {\n    path = "+devprovider.HCLString(mirror)+"\n  }\n}\n")
	h := &harness{root: root, terraform: cli, cliConfig: cliConfig, home: t.TempDir(), tmp: t.TempDir()}
	env := h.env(testKeys()...)

	t.Run("a constraint the release meets", func(t *testing.T) {
		t.Parallel()
		srv := fakeserver.StartTest(t, fakeserver.Config{}, "skillscan-paid-unicode")
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "main.tf"), fmt.Sprintf(installConfig, "~> 0.1.0"))
		writeFile(t, filepath.Join(dir, overrideFile), srv.ProviderBlock())
		out := h.mustRun(t, dir, env, "init", "-input=false", "-no-color")
		wantText(t, out, "Installing tcintl/tcintl v"+installVersion)

		host := "registry.terraform.io"
		if acctest.Tofu() {
			host = "registry.opentofu.org"
		}
		// Only h1:, the hash of the package's contents. zh: hashes are the
		// lines of a registry's signed SHA256SUMS, which a mirror does not
		// have; checkArchive checks the line a registry install would record
		// for this zip.
		_, h1 := zipHashes(t, rel.zip)
		lock := readLock(t, filepath.Join(dir, ".terraform.lock.hcl"))
		want := map[string]lockEntry{host + "/" + provider.Source: {
			version:     installVersion,
			constraints: "~> 0.1.0",
			hashes:      []string{h1},
		}}
		if !reflect.DeepEqual(lock, want) {
			t.Errorf("lock file:\n got %+v\nwant %+v", lock, want)
		}
		binary := filepath.Join(dir, ".terraform", "providers", host, "tcintl", "tcintl", installVersion,
			runtime.GOOS+"_"+runtime.GOARCH, "terraform-provider-tcintl_v"+installVersion)
		if _, err := os.Stat(binary); err != nil {
			t.Errorf("the provider was not installed where the CLI runs it from: %v", err)
		}

		_, p := h.planOK(t, dir, env)
		p.wantOutput(t, "uin", paidUIN)
		wantSignedWith(t, srv, fakeserver.TestSecretID)
	})

	t.Run("a constraint it does not meet", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "main.tf"), fmt.Sprintf(installConfig, ">= 0.2.0"))
		out, err := h.run(t, dir, env, "init", "-input=false", "-no-color")
		if err == nil {
			t.Fatalf("init installed 0.1.0 for >= 0.2.0:\n%s", out)
		}
		wantText(t, out, "no available releases match the given constraints >= 0.2.0")
	})
}

// checkArchive checks what the registries read: the zip holds the binary
// under the name terraform and tofu look for, and the checksums file lists
// the zip and the registry manifest (protocol 6 only) with their sums.
func checkArchive(t *testing.T, root string, rel release) {
	t.Helper()
	names, _ := zipHashes(t, rel.zip)
	if want := []string{"LICENSE", "terraform-provider-tcintl_v" + rel.version}; !slices.Equal(names, want) {
		t.Errorf("the zip holds %q, want %q", names, want)
	}
	if got, want := rel.sums[filepath.Base(rel.zip)], sha256File(t, rel.zip); got != want {
		t.Errorf("checksums file lists the zip as %q, it is %q", got, want)
	}
	manifestPath := filepath.Join(root, "terraform-registry-manifest.json")
	manifestName := "terraform-provider-tcintl_" + rel.version + "_manifest.json"
	if got, want := rel.sums[manifestName], sha256File(t, manifestPath); got != want {
		t.Errorf("checksums file lists %s as %q, want the sum of terraform-registry-manifest.json %q", manifestName, got, want)
	}
	var manifest struct {
		Version  int `json:"version"`
		Metadata struct {
			ProtocolVersions []string `json:"protocol_versions"`
		} `json:"metadata"`
	}
	data, err := os.ReadFile(manifestPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &manifest); err != nil {
		t.Fatal(err)
	}
	if manifest.Version != 1 || !slices.Equal(manifest.Metadata.ProtocolVersions, []string{"6.0"}) {
		t.Errorf("registry manifest %s: want version 1 and protocol_versions [6.0]", data)
	}
}

// lockEntry is one provider block of a dependency lock file.
type lockEntry struct {
	version, constraints string
	hashes               []string // sorted
}

var (
	lockBlock  = regexp.MustCompile(`(?ms)^provider "([^"]+)" \{\n(.*?)^\}`)
	lockString = regexp.MustCompile(`(?m)^  (version|constraints) += "([^"]*)"$`)
	lockHashes = regexp.MustCompile(`(?s)hashes = \[(.*?)\]`)
	quoted     = regexp.MustCompile(`"([^"]*)"`)
)

// readLock reads the provider blocks of a .terraform.lock.hcl, a format
// both CLIs write the same way.
func readLock(t *testing.T, path string) map[string]lockEntry {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no lock file: %v", err)
	}
	out := map[string]lockEntry{}
	for _, b := range lockBlock.FindAllStringSubmatch(string(data), -1) {
		var e lockEntry
		for _, kv := range lockString.FindAllStringSubmatch(b[2], -1) {
			if kv[1] == "version" {
				e.version = kv[2]
			} else {
				e.constraints = kv[2]
			}
		}
		if hs := lockHashes.FindStringSubmatch(b[2]); hs != nil {
			for _, q := range quoted.FindAllStringSubmatch(hs[1], -1) {
				e.hashes = append(e.hashes, q[1])
			}
		}
		slices.Sort(e.hashes)
		out[b[1]] = e
	}
	if len(out) == 0 {
		t.Fatalf("no provider in the lock file:\n%s", data)
	}
	return out
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
