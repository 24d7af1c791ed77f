package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"time"

	"github.com/redis/go-redis/v9"
)

// coordinator is a redis-server of the bench's own, with a password, as
// a platform team runs one for its runners.
type coordinator struct {
	url   string
	cmd   *exec.Cmd
	ended chan struct{}
}

// startCoordinator starts redis-server on a free loopback port and waits
// until it answers.
func (r *runner) startCoordinator(ctx context.Context) (*coordinator, error) {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return nil, fmt.Errorf("the coordinator figures run redis-server (make redis-server installs it): %w", err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := l.Addr().String()
	_ = l.Close()
	_, port, _ := net.SplitHostPort(addr)
	secret := make([]byte, 16)
	_, _ = rand.Read(secret)
	password := hex.EncodeToString(secret)
	dir := filepath.Join(r.tmp, fmt.Sprintf("coordinator-%03d", r.seq.Add(1)))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, bin, "--port", port, "--bind", "127.0.0.1", "--requirepass", password, //nolint:gosec // the bench's own server
		"--save", "", "--appendonly", "no", "--dir", dir, "--logfile", filepath.Join(dir, "redis.log"))
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting redis-server: %w", err)
	}
	c := &coordinator{url: fmt.Sprintf("redis://:%s@%s/0", password, addr), cmd: cmd, ended: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(c.ended) }()
	client := redis.NewClient(&redis.Options{Addr: addr, Password: password, MaxRetries: -1})
	defer func() { _ = client.Close() }()
	for deadline := time.Now().Add(10 * time.Second); client.Ping(ctx).Err() != nil; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			c.kill()
			return nil, fmt.Errorf("redis-server did not answer within 10 s (see %s)", dir)
		}
	}
	return c, nil
}

// env points a plan at the coordinator.
func (c *coordinator) env() []string { return []string{"TCINTL_COORDINATION_URL=" + c.url} }

// kill kills the server at once, as a crash would.
func (c *coordinator) kill() {
	_ = c.cmd.Process.Kill()
	<-c.ended
}

// coordinatedJob is figure 17: the long job of figure 12 and a short plan
// on another machine, both through one coordinator.
func coordinatedJob(n int) figure {
	job, other := bills(span(0, 30)), bills(span(40, 2))
	return figure{n: n,
		what:   "a job of 30 lookups on one machine; 5 s in, a plan of 2 lookups on another machine; one coordinator",
		target: "both succeed, 0 throttled, the plan within 8 s, the job ≤ 1.05 × the floor of all 32 calls",
		run: func(ctx context.Context, r *runner) (string, bool, error) {
			c, err := r.startCoordinator(ctx)
			if err != nil {
				return "", false, err
			}
			defer c.kill()
			srv, err := r.server(job.server, "")
			if err != nil {
				return "", false, err
			}
			defer func() { _ = srv.Close() }()
			runs, err := r.together(ctx, srv, []planSpec{
				{figure: n, note: "the job", w: job, env: c.env()},
				{figure: n, note: "the other machine's plan, 5 s later", w: other, delay: 5 * time.Second, env: c.env()},
			})
			if err != nil {
				return "", false, err
			}
			j, o := runs[0], runs[1]
			fl := floor(32, job.rate())
			measured := fmt.Sprintf("the plan: %s, %s, %s; the job: %s, %s, %s",
				secs(o.wall()), outcome(o), callsText(o.calls), overFloor(j.wall(), fl), outcome(j), callsText(j.calls))
			met := o.exit == 0 && j.exit == 0 && o.calls.throttled+j.calls.throttled == 0 &&
				o.wall() <= 8*time.Second && ratio(j.wall(), fl) <= 1.05
			return measured, met, nil
		}}
}

// coordinatorKilled is figure 18: the coordinator dies 4 s into two plans
// on two machines; they go on, each paced on its own machine.
func coordinatorKilled(n int) figure {
	return figure{n: n,
		what:   "the coordinator killed 4 s into two plans of 10 lookups on two machines",
		target: "both succeed, ≤ 1.6 × the floor of all 20 calls",
		run: func(ctx context.Context, r *runner) (string, bool, error) {
			c, err := r.startCoordinator(ctx)
			if err != nil {
				return "", false, err
			}
			defer c.kill()
			all := bills(span(0, 20))
			srv, err := r.server(all.server, "")
			if err != nil {
				return "", false, err
			}
			defer func() { _ = srv.Close() }()
			killer := time.AfterFunc(4*time.Second, c.kill)
			defer killer.Stop()
			runs, err := r.together(ctx, srv, []planSpec{
				{figure: n, note: "plan 1 of 2", w: bills(span(0, 10)), env: c.env()},
				{figure: n, note: "plan 2 of 2", w: bills(span(10, 10)), env: c.env()},
			})
			if err != nil {
				return "", false, err
			}
			wall := slices.MaxFunc(runs, func(a, b planRun) int { return a.end.Compare(b.end) }).end.Sub(
				slices.MinFunc(runs, func(a, b planRun) int { return a.start.Compare(b.start) }).start)
			measured := fmt.Sprintf("%s (first start → last exit); plan 1: %s, %s; plan 2: %s, %s",
				overFloor(wall, all.floor()), outcome(runs[0]), callsText(runs[0].calls), outcome(runs[1]), callsText(runs[1].calls))
			return measured, runs[0].exit == 0 && runs[1].exit == 0 && ratio(wall, all.floor()) <= 1.6, nil
		}}
}

// coordinatorCost is figure 19: one machine's 30 lookups with a coordinator
// and without, alternately, twice each; the medians compared.
func coordinatorCost(n int) figure {
	return figure{n: n,
		what:   "30 distinct lookups on one machine, with a coordinator vs without (median of 2 plans each)",
		target: "≤ 1.02 × without",
		run: func(ctx context.Context, r *runner) (string, bool, error) {
			c, err := r.startCoordinator(ctx)
			if err != nil {
				return "", false, err
			}
			defer c.kill()
			var with, without []time.Duration
			ok := true
			for range 2 {
				for _, coordinated := range []bool{true, false} {
					s := planSpec{figure: n, note: "without a coordinator", w: bills(span(0, 30))}
					if coordinated {
						s.note, s.env = "with a coordinator", c.env()
					}
					run, err := r.single(ctx, s)
					if err != nil {
						return "", false, err
					}
					ok = ok && run.exit == 0 && run.calls.calls == 30 && run.calls.throttled == 0
					if coordinated {
						with = append(with, run.wall())
					} else {
						without = append(without, run.wall())
					}
				}
			}
			q := ratio(median(with), median(without))
			measured := fmt.Sprintf("%s / %s = %.3f ×; every plan 30 calls, 0 throttled: %t", secs(median(with)), secs(median(without)), q, ok)
			return measured, ok && q <= 1.02, nil
		}}
}
