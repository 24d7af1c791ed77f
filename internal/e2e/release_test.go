//go:build release

// The release tests: make test-release runs the TestRelease* tests of the
// files with this build tag, and make test leaves them out.

package e2e

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// release is what goreleaser built for this machine's platform.
type release struct {
	version string
	zip     string            // the archive's path
	sums    map[string]string // file name → SHA-256 from the _SHA256SUMS file
}

// buildRelease runs goreleaser (tools/goreleaser/go.mod) on a copy of
// .goreleaser.yml that differs in three lines and one key only: the goos and
// goarch lists narrowed to this machine's platform (goreleaser's release
// command has no --single-target; `build --single-target` stops before the
// archives and checksums this test is about), the snapshot version set to a
// release-like version (a constraint such as ~> 0.1.0 never selects a
// prerelease like 0.0.1-SNAPSHOT-…), and dist in a temporary directory. Every
// name, flag and extra file is the shipped configuration's.
func buildRelease(t *testing.T, root, version string) release {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(root, ".goreleaser.yml"))
	if err != nil {
		t.Fatal(err)
	}
	dist := filepath.Join(t.TempDir(), "dist")
	cfg, err := narrowConfig(string(src), runtime.GOOS, runtime.GOARCH, version, dist)
	if err != nil {
		t.Fatalf(".goreleaser.yml: %v", err)
	}
	cfgFile := filepath.Join(t.TempDir(), "goreleaser.yml")
	writeFile(t, cfgFile, cfg)

	// A cold build cache compiles goreleaser itself first: minutes.
	ctx, cancel := context.WithTimeout(t.Context(), 15*time.Minute)
	defer cancel()
	start := time.Now()
	cmd := exec.CommandContext(ctx, "go", "tool", "-modfile="+filepath.Join(root, "tools", "goreleaser", "go.mod"), "goreleaser",
		"release", "--snapshot", "--clean", "--skip=sign", "--config", cfgFile)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("goreleaser: %v\n%s", err, out)
	}
	t.Logf("goreleaser built the %s/%s release in %s", runtime.GOOS, runtime.GOARCH, time.Since(start).Round(time.Millisecond))

	prefix := "terraform-provider-tcintl_" + version
	r := release{version: version, zip: filepath.Join(dist, fmt.Sprintf("%s_%s_%s.zip", prefix, runtime.GOOS, runtime.GOARCH))}
	sums, err := os.ReadFile(filepath.Join(dist, prefix+"_SHA256SUMS"))
	if err != nil {
		t.Fatalf("no checksums file: %v", err)
	}
	r.sums = parseSums(t, string(sums))
	return r
}

var (
	goosLine       = regexp.MustCompile(`(?m)^    goos: \[(.*)\]$`)
	goarchLine     = regexp.MustCompile(`(?m)^    goarch: \[(.*)\]$`)
	versionTmpLine = regexp.MustCompile(`(?m)^  version_template: .*$`)
)

// narrowConfig rewrites the lines buildRelease changes, and refuses a
// configuration where any of them is not exactly once where expected, or
// whose matrix lacks goos/goarch: the copy may narrow, never add.
func narrowConfig(cfg, goos, goarch, version, dist string) (string, error) {
	for _, r := range []struct {
		re   *regexp.Regexp
		want string
		line string
	}{
		{goosLine, goos, "    goos: [" + goos + "]"},
		{goarchLine, goarch, `    goarch: ["` + goarch + `"]`},
		{versionTmpLine, "", `  version_template: "` + version + `"`},
	} {
		m := r.re.FindAllStringSubmatch(cfg, -1)
		if len(m) != 1 {
			return "", fmt.Errorf("want exactly one line matching %s, found %d", r.re, len(m))
		}
		if r.want != "" && !slices.Contains(splitList(m[0][1]), r.want) {
			return "", fmt.Errorf("%s is not among %s", r.want, m[0][0])
		}
		cfg = r.re.ReplaceAllLiteralString(cfg, r.line)
	}
	return cfg + "\ndist: " + yamlString(dist) + "\n", nil
}

func splitList(s string) []string {
	var out []string
	for item := range strings.SplitSeq(s, ",") {
		out = append(out, strings.Trim(strings.TrimSpace(item), `"'`))
	}
	return out
}

// yamlString quotes s for YAML: a double-quoted YAML scalar accepts JSON's
// escapes.
func yamlString(s string) string {
	return fmt.Sprintf("%q", s)
}

// parseSums reads a sha256sum file: "<hex>  <name>" per line.
func parseSums(t *testing.T, s string) map[string]string {
	t.Helper()
	sums := map[string]string{}
	for line := range strings.Lines(s) {
		sum, name, ok := strings.Cut(strings.TrimRight(line, "\n"), "  ")
		if !ok || len(sum) != 64 {
			t.Fatalf("bad checksums line %q", line)
		}
		sums[name] = sum
	}
	return sums
}

func sha256File(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// zipHashes returns the names of the files in a zip and its "h1:" hash:
// Go's dirhash.Hash1 over them, the package hash terraform and tofu write
// into lock files. Computed here, not asked of either CLI.
func zipHashes(t *testing.T, path string) ([]string, string) {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	files := map[string]*zip.File{}
	var names []string
	for _, f := range z.File {
		if !f.FileInfo().IsDir() {
			files[f.Name] = f
			names = append(names, f.Name)
		}
	}
	slices.Sort(names)
	summary := sha256.New()
	for _, name := range names {
		rc, err := files[name].Open()
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.New()
		_, err = io.Copy(h, rc) //nolint:gosec // our own archive, of a known size
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(summary, "%x  %s\n", h.Sum(nil), name)
	}
	return names, "h1:" + base64.StdEncoding.EncodeToString(summary.Sum(nil))
}

// The copy may only narrow the shipped matrix: a platform it lacks, or a
// line that moved or doubled, must stop the test rather than build
// something else than what ships.
func TestReleaseNarrowConfig(t *testing.T) {
	t.Parallel()
	const cfg = "builds:\n  - goos: x\n    goos: [linux, darwin]\n    goarch: [amd64, \"386\"]\nsnapshot:\n  version_template: \"x\"\n"
	got, err := narrowConfig(cfg, "linux", "386", "0.1.0", "/d")
	want := "builds:\n  - goos: x\n    goos: [linux]\n    goarch: [\"386\"]\nsnapshot:\n  version_template: \"0.1.0\"\n\ndist: \"/d\"\n"
	if err != nil || got != want {
		t.Errorf("narrowConfig = %q, %v; want %q", got, err, want)
	}
	for name, tc := range map[string]struct{ cfg, goos string }{
		"platform not shipped": {cfg, "windows"},
		"goos line missing":    {strings.Replace(cfg, "    goos: [linux, darwin]\n", "", 1), "linux"},
		"goarch line doubled":  {cfg + "    goarch: [arm]\n", "linux"},
		"no snapshot version":  {strings.Replace(cfg, "  version_template", "  # version_template", 1), "linux"},
	} {
		if out, err := narrowConfig(tc.cfg, tc.goos, "386", "0.1.0", "/d"); err == nil {
			t.Errorf("%s: accepted, gave %q", name, out)
		}
	}
}
