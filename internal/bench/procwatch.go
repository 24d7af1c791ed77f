package bench

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// providerWatch samples the provider processes terraform starts. The
// provider is a child of terraform, so getrusage of the harness's children
// would mix terraform's memory with the provider's; the kernel keeps each
// process's own peak (VmHWM in /proc/<pid>/status), which only needs
// reading before the process is gone.
type providerWatch struct {
	root   int
	binary string
	done   chan struct{}
	ended  chan struct{}
	// hwm and cpu are written by the sampling goroutine only and read after
	// it has ended (stop waits for it), so they need no lock.
	hwm map[int]int64
	cpu map[int]time.Duration
}

func watchProviders(root int, binary string, every time.Duration) *providerWatch {
	w := &providerWatch{root: root, binary: binary, done: make(chan struct{}), ended: make(chan struct{}), hwm: map[int]int64{}, cpu: map[int]time.Duration{}}
	go func() {
		defer close(w.ended)
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			w.sample()
			select {
			case <-w.done:
				return
			case <-tick.C:
			}
		}
	}()
	return w
}

func (w *providerWatch) sample() {
	for _, pid := range childrenOf(w.root) {
		if exe, err := os.Readlink(procPath(pid, "exe")); err != nil || exe != w.binary {
			continue
		}
		kib, _ := readPeakRSS(pid) // 0 when it exited meanwhile: still counted
		w.hwm[pid] = max(w.hwm[pid], kib)
		if b, err := os.ReadFile(procPath(pid, "stat")); err == nil {
			if cpu, ok := parseStatCPU(string(b)); ok {
				w.cpu[pid] = max(w.cpu[pid], cpu)
			}
		}
	}
}

// stop ends the sampling and waits for the goroutine.
func (w *providerWatch) stop() {
	close(w.done)
	<-w.ended
}

// peak is the largest VmHWM seen (KiB) and the number of provider
// processes seen. Call after stop.
func (w *providerWatch) peak() (kib int64, processes int) {
	for _, v := range w.hwm {
		kib = max(kib, v)
	}
	return kib, len(w.hwm)
}

// cpuTime is the CPU time (user + system) the provider processes had used
// at the last sample: up to one sampling interval short of the total.
func (w *providerWatch) cpuTime() time.Duration {
	var total time.Duration
	for _, v := range w.cpu {
		total += v
	}
	return total
}

// alive lists the provider processes still running (not zombies). Call
// after stop.
func (w *providerWatch) alive() []int {
	var out []int
	for pid := range w.hwm {
		exe, err := os.Readlink(procPath(pid, "exe"))
		if err != nil || exe != w.binary {
			continue // gone, or the pid now belongs to someone else
		}
		if state, _, ok := readStat(pid); ok && state != "Z" && state != "X" {
			out = append(out, pid)
		}
	}
	return out
}

func procPath(pid int, name string) string {
	return filepath.Join("/proc", strconv.Itoa(pid), name)
}

// childrenOf lists the children of pid: from /proc/<pid>/task/*/children
// where the kernel has it, else by scanning every process's parent.
func childrenOf(pid int) []int {
	files, _ := filepath.Glob(filepath.Join("/proc", strconv.Itoa(pid), "task", "*", "children"))
	if len(files) > 0 {
		var out []int
		for _, f := range files {
			b, err := os.ReadFile(f) //nolint:gosec // a /proc path built from a pid
			if err != nil {
				continue
			}
			for field := range strings.FieldsSeq(string(b)) {
				if child, err := strconv.Atoi(field); err == nil {
					out = append(out, child)
				}
			}
		}
		return out
	}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var out []int
	for _, e := range entries {
		child, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if _, ppid, ok := readStat(child); ok && ppid == pid {
			out = append(out, child)
		}
	}
	return out
}

// readStat returns the state and parent pid from /proc/<pid>/stat.
func readStat(pid int) (state string, ppid int, ok bool) {
	b, err := os.ReadFile(procPath(pid, "stat"))
	if err != nil {
		return "", 0, false
	}
	return parseStat(string(b))
}

// parseStat reads "pid (comm) state ppid ...". comm may hold spaces and
// parentheses, so the fields start after the last ')'.
func parseStat(s string) (state string, ppid int, ok bool) {
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return "", 0, false
	}
	fields := strings.Fields(s[i+1:])
	if len(fields) < 2 {
		return "", 0, false
	}
	ppid, err := strconv.Atoi(fields[1])
	if err != nil {
		return "", 0, false
	}
	return fields[0], ppid, true
}

// clockTicks is USER_HZ, the unit of the times in /proc/<pid>/stat: 100 on
// every Linux architecture Go supports (sysconf would need cgo).
const clockTicks = 100

// parseStatCPU returns utime + stime from /proc/<pid>/stat (fields 14 and
// 15, the 12th and 13th after the command name).
func parseStatCPU(s string) (time.Duration, bool) {
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, false
	}
	fields := strings.Fields(s[i+1:])
	if len(fields) < 13 {
		return 0, false
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return time.Duration(utime+stime) * time.Second / clockTicks, true
}

// readPeakRSS returns the peak resident set size of pid in KiB.
func readPeakRSS(pid int) (int64, bool) {
	b, err := os.ReadFile(procPath(pid, "status"))
	if err != nil {
		return 0, false
	}
	return parsePeakRSS(string(b))
}

func parsePeakRSS(status string) (int64, bool) {
	for line := range strings.Lines(status) {
		rest, ok := strings.CutPrefix(line, "VmHWM:")
		if !ok {
			continue
		}
		fields := strings.Fields(rest)
		if len(fields) != 2 || fields[1] != "kB" {
			return 0, false
		}
		n, err := strconv.ParseInt(fields[0], 10, 64)
		return n, err == nil
	}
	return 0, false
}
