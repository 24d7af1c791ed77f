//go:build !unix

package tcapi

import (
	"errors"
	"io/fs"
	"os"
)

// Without flock, pacing stays within one process: newFileStore refuses
// every directory, so the client falls back to a memStore.

func lockFile(*os.File) error   { return errors.New("no file locking on this platform") }
func unlockFile(*os.File) error { return nil }

func ownedByMe(fs.FileInfo) bool { return false }
