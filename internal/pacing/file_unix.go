//go:build unix

package pacing

import (
	"io/fs"
	"os"
	"syscall"
)

func privateToMe(info fs.FileInfo) bool {
	st, ok := info.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Getuid() && info.Mode().Perm()&0o022 == 0
}
