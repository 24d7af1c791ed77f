package redistest

import "syscall"

// procAttr has the server killed with the test binary, even when a panic
// or a timeout skips the test's cleanup.
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
