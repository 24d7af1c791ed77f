package credentials

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
)

// maxLocalFileBytes bounds the local files the provider reads: a tccli
// profile or an OIDC token is a few kilobytes at most, and a bound keeps a
// profile linked to /dev/zero from growing the provider without end.
const maxLocalFileBytes = 64 << 10

// readLocalFile reads a file the user pointed the provider at, refusing
// anything but a regular file no larger than maxLocalFileBytes: a FIFO would
// block configure until someone writes to it, a device may never end.
// Symbolic links are followed (Kubernetes mounts tokens through them).
// Errors name the file, never its content, which holds secrets.
func readLocalFile(name string) ([]byte, error) {
	f, err := openWithoutBlocking(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, missingFileError{name: name}
		}
		return nil, fmt.Errorf("opening %s: %w", name, unwrapPath(err))
	}
	defer f.Close()
	// The opened file is checked, not the name: the name may have been
	// pointed elsewhere since.
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("inspecting %s: %w", name, unwrapPath(err))
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is %s, not a regular file", name, describeMode(info.Mode()))
	}
	if info.Size() > maxLocalFileBytes {
		return nil, fmt.Errorf("%s is larger than %d KiB (%d bytes); it cannot be a credential file", name, maxLocalFileBytes>>10, info.Size())
	}
	data, err := io.ReadAll(io.LimitReader(f, maxLocalFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, unwrapPath(err))
	}
	if len(data) > maxLocalFileBytes {
		return nil, fmt.Errorf("%s grew beyond %d KiB while it was read", name, maxLocalFileBytes>>10)
	}
	return data, nil
}

// missingFileError is fs.ErrNotExist, worded once.
type missingFileError struct{ name string }

func (e missingFileError) Error() string { return "the file " + e.name + " does not exist" }

func (e missingFileError) Is(target error) bool { return target == fs.ErrNotExist }

// unwrapPath drops the *fs.PathError wrapping, whose text would name the
// file a second time.
func unwrapPath(err error) error {
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) {
		return pathErr.Err
	}
	return err
}

func describeMode(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file (mode " + m.String() + ")"
}
