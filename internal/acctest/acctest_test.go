package acctest

import (
	"os"
	"path/filepath"
	"testing"
)

// A TF_CLI_CONFIG_FILE that names no file is dropped; one that names a
// file, or a directory the CLI will complain about, is the developer's and
// stays.
func TestDropMissingCLIConfig(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "cli.tfrc")
	if err := os.WriteFile(existing, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		path string
		kept bool
	}{
		{filepath.Join(dir, "missing.tfrc"), false},
		{filepath.Join(dir, "no", "such", "dir", ".terraformrc"), false},
		{existing, true},
		{dir, true},
	} {
		t.Setenv("TF_CLI_CONFIG_FILE", tt.path)
		if err := dropMissingCLIConfig(); err != nil {
			t.Fatal(err)
		}
		if got, ok := os.LookupEnv("TF_CLI_CONFIG_FILE"); ok != tt.kept || (ok && got != tt.path) {
			t.Errorf("TF_CLI_CONFIG_FILE=%s: after, set %v (%q); want set %v", tt.path, ok, got, tt.kept)
		}
	}
}
