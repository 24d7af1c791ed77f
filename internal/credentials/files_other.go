//go:build !unix

package credentials

import (
	"fmt"
	"os"
)

// openWithoutBlocking checks the name before opening it, where the system
// has no non-blocking open: only a regular file is opened at all.
func openWithoutBlocking(name string) (*os.File, error) {
	info, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s, not a regular file", describeMode(info.Mode()))
	}
	return os.Open(name) //nolint:gosec // the file the user named is the point
}
