package credentials

import (
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func fakeEnvironment(home string, vars map[string]string) Env {
	all := map[string]string{"HOME": home}
	maps.Copy(all, vars)
	return MapEnv(all)
}

func writeProfile(t *testing.T, dir, name, content string) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, name+".credential")
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func ptr[T any](v T) *T { return &v }

// diags are Resolve's problems, as the tests read them.
type diags []Problem

func (d diags) HasError() bool { return problems(d).hasError() }

func (d diags) only(warning bool) diags {
	var out diags
	for _, p := range d {
		if p.Warning == warning {
			out = append(out, p)
		}
	}
	return out
}

func (d diags) Errors() diags      { return d.only(false) }
func (d diags) Warnings() diags    { return d.only(true) }
func (d diags) WarningsCount() int { return len(d.Warnings()) }

func resolve(s Settings, env Env) (Resolved, diags) {
	r, ps := Resolve(s, env)
	return r, diags(ps)
}

// diagText is every problem's path, summary and detail.
func diagText(d diags) string {
	var b strings.Builder
	for _, p := range d {
		b.WriteString(strings.Join(p.Path, ".") + ": " + p.Summary + ": " + p.Detail + "\n")
	}
	return b.String()
}
