//go:build !unix

package pacing

import "io/fs"

// privateToMe trusts the directory: on Windows a user's temporary directory
// is private to them by its access list, which os.FileInfo does not show.
func privateToMe(fs.FileInfo) bool { return true }
