//go:build unix

package credentials

import (
	"os"
	"syscall"
)

// openWithoutBlocking opens name for reading without waiting for a writer
// when it is a FIFO; on a regular file O_NONBLOCK changes nothing.
func openWithoutBlocking(name string) (*os.File, error) {
	return os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0) //nolint:gosec // the file the user named is the point
}
