// Package redistest runs a real redis-server for the tests of the
// coordinator: on a free loopback port, with a password, in a temporary
// directory, keeping nothing on disk, stopped when the test ends. A test
// that needs one fails, never skips, when redis-server is not installed.
package redistest
