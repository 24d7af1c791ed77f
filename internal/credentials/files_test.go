//go:build unix

package credentials

import (
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestReadLocalFile tries each class of file a credential path may name,
// several members of each, and wants a prompt answer naming the file.
func TestReadLocalFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	link := func(name, target string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	fifo := func(name string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := syscall.Mkfifo(p, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	sparse := func(name string, size int64) string {
		t.Helper()
		p := write(name, nil)
		if err := os.Truncate(p, size); err != nil {
			t.Fatal(err)
		}
		return p
	}
	regular := write("regular", []byte("secret-content"))
	atLimit := write("at-limit", []byte(strings.Repeat("a", maxLocalFileBytes)))
	subdir := filepath.Join(dir, "subdir")
	if err := os.Mkdir(subdir, 0o700); err != nil {
		t.Fatal(err)
	}
	socketPath := filepath.Join(dir, "sock")
	ln, err := (&net.ListenConfig{}).Listen(t.Context(), "unix", socketPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })

	tests := []struct {
		name    string
		path    string
		want    string // content, when it succeeds
		wantErr string // else a part of the error
	}{
		{name: "regular file", path: regular, want: "secret-content"},
		{name: "symlink to a regular file", path: link("to-regular", regular), want: "secret-content"},
		{name: "chain of symlinks", path: link("to-link", filepath.Join(dir, "to-regular")), want: "secret-content"},
		{name: "empty file", path: write("empty", nil), want: ""},
		{name: "exactly at the limit", path: atLimit, want: strings.Repeat("a", maxLocalFileBytes)},
		{name: "one byte over the limit", path: write("over", []byte(strings.Repeat("a", maxLocalFileBytes+1))), wantErr: "larger than 64 KiB"},
		{name: "huge sparse file", path: sparse("huge", 8<<30), wantErr: "larger than 64 KiB"},
		{name: "symlink to /dev/zero", path: link("zero", "/dev/zero"), wantErr: "a character device, not a regular file"},
		{name: "symlink to /dev/urandom", path: link("urandom", "/dev/urandom"), wantErr: "a character device"},
		{name: "/dev/null", path: "/dev/null", wantErr: "a character device"},
		{name: "FIFO", path: fifo("fifo"), wantErr: "a named pipe (FIFO), not a regular file"},
		{name: "symlink to a FIFO", path: link("to-fifo", fifo("fifo2")), wantErr: "a named pipe"},
		{name: "directory", path: subdir, wantErr: "a directory, not a regular file"},
		{name: "symlink to a directory", path: link("to-dir", subdir), wantErr: "a directory"},
		{name: "unix socket", path: socketPath, wantErr: "no such device or address"},
		{name: "missing", path: filepath.Join(dir, "missing"), wantErr: "does not exist"},
		{name: "dangling symlink", path: link("dangling", filepath.Join(dir, "gone")), wantErr: "does not exist"},
		{name: "a path through a file", path: filepath.Join(regular, "x"), wantErr: "not a directory"},
	}
	if os.Geteuid() != 0 { // root reads any file
		unreadable := write("unreadable", []byte("x"))
		if err := os.Chmod(unreadable, 0o000); err != nil {
			t.Fatal(err)
		}
		tests = append(tests, struct{ name, path, want, wantErr string }{name: "unreadable", path: unreadable, wantErr: "permission denied"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			type result struct {
				data []byte
				err  error
			}
			done := make(chan result, 1)
			go func() {
				data, err := readLocalFile(tt.path)
				done <- result{data, err}
			}()
			var r result
			select {
			case r = <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("readLocalFile blocked")
			}
			if tt.wantErr == "" {
				if r.err != nil || string(r.data) != tt.want {
					t.Fatalf("got %d bytes, %v; want %d bytes", len(r.data), r.err, len(tt.want))
				}
				return
			}
			if r.err == nil {
				t.Fatalf("read %d bytes, want an error about %q", len(r.data), tt.wantErr)
			}
			if !strings.Contains(r.err.Error(), tt.wantErr) || !strings.Contains(r.err.Error(), tt.path) {
				t.Errorf("error %q should name %s and say %q", r.err, tt.path, tt.wantErr)
			}
			if tt.wantErr == "does not exist" && !errors.Is(r.err, fs.ErrNotExist) {
				t.Errorf("error %q is not fs.ErrNotExist", r.err)
			}
		})
	}
}
