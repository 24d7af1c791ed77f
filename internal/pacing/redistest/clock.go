//go:build unix

package redistest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// clockShim, preloaded into redis-server, moves the wall clock it reads
// (clock_gettime's CLOCK_REALTIME, gettimeofday, time) by
// REDISTEST_CLOCK_OFFSET_NS; the monotonic clock its timers use is left
// alone. libfaketime does the same but deadlocks redis-server's jemalloc.
const clockShim = `#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static long long offset_ns(void) {
	static long long offset;
	static int read;
	if (!read) {
		const char *s = getenv("REDISTEST_CLOCK_OFFSET_NS");
		offset = s ? atoll(s) : 0;
		read = 1;
	}
	return offset;
}

int clock_gettime(clockid_t id, struct timespec *ts) {
	long r = syscall(SYS_clock_gettime, id, ts);
	if (r == 0 && (id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE)) {
		long long ns = (long long)ts->tv_sec * 1000000000LL + ts->tv_nsec + offset_ns();
		ts->tv_sec = ns / 1000000000LL;
		ts->tv_nsec = ns % 1000000000LL;
	}
	return (int)r;
}

int gettimeofday(struct timeval *tv, void *tz) {
	struct timespec ts;
	(void)tz;
	if (clock_gettime(CLOCK_REALTIME, &ts) != 0) return -1;
	tv->tv_sec = ts.tv_sec;
	tv->tv_usec = ts.tv_nsec / 1000;
	return 0;
}

time_t time(time_t *t) {
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	if (t) *t = ts.tv_sec;
	return ts.tv_sec;
}
`

// clockShimEnv builds the shim in dir and returns the environment that
// preloads it with offset.
func clockShimEnv(t testing.TB, dir string, offset time.Duration) []string {
	t.Helper()
	cc := os.Getenv("CC")
	if cc == "" {
		cc = "cc"
	}
	src, lib := filepath.Join(dir, "clockshim.c"), filepath.Join(dir, "clockshim.so")
	if err := os.WriteFile(src, []byte(clockShim), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.CommandContext(t.Context(), cc, "-shared", "-fPIC", "-O2", "-o", lib, src).CombinedOutput() //nolint:gosec // the test's own shim
	if err != nil {
		t.Fatalf("building the clock shim with %s (a C compiler, apt-get install -y gcc): %v\n%s", cc, err, out)
	}
	return []string{"LD_PRELOAD=" + lib, "REDISTEST_CLOCK_OFFSET_NS=" + strconv.FormatInt(int64(offset), 10)}
}
