package main

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// watchProviders samples the provider processes terraform starts (its
// children running our binary) every 20 ms. The kernel keeps each one's
// peak RSS (VmHWM), which only has to be read before it is gone; the
// harness's getrusage would mix terraform's memory in. stop, called once
// terraform has exited, returns the largest VmHWM and whether a provider
// outlived terraform; one that did gets graceAfterExit to end on its own.
func watchProviders(root int, binary string) (stop func() (peakKiB int64, outlived bool)) {
	// peak is by pid, written by the sampler until done is closed. A zombie
	// or a gone process has no exe link, so it is not running.
	peak := map[int]int64{}
	running := func(pid int) bool {
		exe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid))
		return err == nil && exe == binary
	}
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		for tick := time.Tick(20 * time.Millisecond); ; {
			files, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", root))
			for _, f := range files {
				b, _ := os.ReadFile(f) //nolint:gosec // a /proc path
				for field := range strings.FieldsSeq(string(b)) {
					if pid, err := strconv.Atoi(field); err == nil && running(pid) {
						status, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
						kib, _ := parseVmHWM(string(status))
						peak[pid] = max(peak[pid], kib)
					}
				}
			}
			select {
			case <-quit:
				return
			case <-tick:
			}
		}
	}()
	return func() (int64, bool) {
		close(quit)
		<-done
		anyRunning := func() bool { return slices.ContainsFunc(slices.Collect(maps.Keys(peak)), running) }
		outlived := anyRunning()
		for deadline := time.Now().Add(graceAfterExit); outlived && anyRunning() && time.Now().Before(deadline); {
			time.Sleep(50 * time.Millisecond)
		}
		return slices.Max(append(slices.Collect(maps.Values(peak)), 0)), outlived
	}
}

// parseVmHWM reads the peak RSS in KiB from /proc/<pid>/status.
func parseVmHWM(status string) (int64, bool) {
	for line := range strings.Lines(status) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			f := strings.Fields(rest)
			if len(f) != 2 || f[1] != "kB" {
				return 0, false
			}
			n, err := strconv.ParseInt(f[0], 10, 64)
			return n, err == nil
		}
	}
	return 0, false
}

func terraformVersion(ctx context.Context, terraform string) (string, error) {
	out, err := exec.CommandContext(ctx, terraform, "version", "-json").Output()
	if err != nil {
		return "", fmt.Errorf("%s version -json: %w", terraform, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil || v.Version == "" {
		return "", fmt.Errorf("%s version -json: no terraform_version in %q", terraform, out)
	}
	return v.Version, nil
}

// cpuInfo is the first model name in /proc/cpuinfo and the core count.
func cpuInfo() (string, int) {
	b, _ := os.ReadFile("/proc/cpuinfo")
	for line := range strings.Lines(string(b)) {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v), runtime.NumCPU()
		}
	}
	return "unknown CPU", runtime.NumCPU()
}

// loadAverage is the 1, 5 and 15 minute load: the machine may be shared.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "unknown"
}
