//go:build unix

package pacing

import (
	"cmp"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/pacing/pacingtest"
	"github.com/tcintl/terraform-provider-tcintl/internal/pacing/redistest"
)

func openRedis(t *testing.T, cfg RedisConfig) *RedisStore {
	t.Helper()
	s, err := NewRedisStore(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// op is one step of a sequence run against the coordinator and replayed
// on a MemStore at the coordinator's times.
type op struct {
	push            bool
	interval, slack time.Duration
	at              time.Time // push
	now             time.Time // take: the coordinator's time
	got             Slot
}

// The script keeps MemStore's grid exactly: a sequence of takes and pushes
// against the coordinator, replayed on a MemStore whose clock reads what
// the coordinator's read at each take, gives the same slots and waits.
func TestRedisStoreKeepsMemStoresGrid(t *testing.T) {
	srv := redistest.Start(t)
	s := openRedis(t, RedisConfig{URL: srv.URL})
	const interval, slack = 60 * time.Millisecond, 30 * time.Millisecond
	var ops []*op
	var last time.Time // the coordinator's time at the last take
	take := func(interval, slack time.Duration) Slot {
		slot, now, err := s.take(t.Context(), "A", interval, slack)
		if err != nil {
			t.Fatal(err)
		}
		ops = append(ops, &op{interval: interval, slack: slack, now: now, got: slot})
		last = now
		return slot
	}
	push := func(at time.Time) {
		if err := s.Push(t.Context(), "A", at); err != nil {
			t.Fatal(err)
		}
		ops = append(ops, &op{push: true, at: at})
	}
	take(interval, slack) // no grid yet: due, from the slack before now
	wait := take(interval, slack).Wait
	time.Sleep(wait)
	take(interval, slack) // just after the gate: from the gate
	time.Sleep(interval + 2*slack)
	first := take(interval, slack) // long after: from the slack before now
	push(first.At.Add(7 * time.Millisecond))
	take(interval, slack) // waits for the pushed grid
	push(first.At.Add(-time.Millisecond))
	take(interval, slack) // an earlier push changed nothing
	push(last.Add(time.Hour))
	take(interval, slack) // a grid in the future is forgotten
	take(5*time.Millisecond, 0)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 80 {
		time.Sleep(time.Duration(rng.Int64N(int64(interval))))
		if rng.IntN(10) < 3 {
			push(last.Add(time.Duration(rng.Int64N(int64(2*interval))) - interval).Truncate(time.Microsecond))
		} else {
			take(interval, slack)
		}
	}

	clk := pacingtest.NewFakeClock()
	mem := &MemStore{Clock: clk}
	seen := map[string]int{}
	for i, o := range ops {
		if o.push {
			_ = mem.Push(t.Context(), "A", o.at)
			continue
		}
		clk.Advance(o.now.Sub(clk.Now()))
		want, _ := mem.Take(t.Context(), "A", o.interval, o.slack)
		if !o.got.At.Equal(want.At) || !o.got.Now.Equal(want.Now) || o.got.Wait != want.Wait {
			t.Fatalf("step %d: the coordinator took %+v, MemStore %+v", i, o.got, want)
		}
		switch {
		case want.Wait > 0:
			seen["wait"]++
		case want.At.Equal(want.Now):
			seen["a future grid forgotten"]++
		case want.At.Equal(want.Now.Add(-o.slack)):
			seen["from the slack before now"]++
		default:
			seen["from the gate"]++
		}
	}
	for _, c := range []string{"wait", "a future grid forgotten", "from the slack before now", "from the gate"} {
		if seen[c] == 0 {
			t.Errorf("no step of the sequence took a slot %s: %v", c, seen)
		}
	}
}

// Whatever else sits in a pace's key counts as no grid.
func TestRedisStoreTakesAForeignKeyAsNoGrid(t *testing.T) {
	srv := redistest.Start(t)
	s := openRedis(t, RedisConfig{URL: srv.URL})
	key, admin := s.redisKey("A"), srv.Admin()
	for name, put := range map[string]func() error{
		"text":        func() error { return admin.Set(t.Context(), key, "yesterday", 0).Err() },
		"empty":       func() error { return admin.Set(t.Context(), key, "", 0).Err() },
		"a hash":      func() error { return admin.HSet(t.Context(), key, "last", "1").Err() },
		"a list":      func() error { return admin.RPush(t.Context(), key, "1").Err() },
		"infinite":    func() error { return admin.Set(t.Context(), key, "1e400", 0).Err() },
		"below zero":  func() error { return admin.Set(t.Context(), key, "-1e400", 0).Err() },
		"far in past": func() error { return admin.Set(t.Context(), key, "12", 0).Err() },
	} {
		if err := admin.Del(t.Context(), key).Err(); err != nil {
			t.Fatal(err)
		}
		if err := put(); err != nil {
			t.Fatal(err)
		}
		if slot, err := s.Take(t.Context(), "A", time.Minute, 0); err != nil || slot.Wait != 0 {
			t.Errorf("%s: %+v, %v; want the slot at once", name, slot, err)
		}
		if slot, err := s.Take(t.Context(), "A", time.Minute, 0); err != nil || slot.Wait == 0 {
			t.Errorf("%s: the next take %+v, %v; want a wait", name, slot, err)
		}
	}
}

// The coordinator's clock paces, not the machines': against a coordinator
// whose clock is an hour off theirs, two machines keep one interval apart
// on its clock, and their slots are times of its clock.
func TestRedisStoreKeepsToTheCoordinatorsClock(t *testing.T) {
	for _, offset := range []time.Duration{time.Hour, -time.Hour, 24 * time.Hour} {
		t.Run(offset.String(), func(t *testing.T) {
			srv := redistest.StartWith(t, redistest.Options{ClockOffset: offset})
			var mu sync.Mutex
			var slots []Slot
			var heard []error
			var wg sync.WaitGroup
			var pacers []*Pacer
			for range 2 {
				s := openRedis(t, RedisConfig{URL: srv.URL})
				pacers = append(pacers, New(map[string]Action{"A": {Limit: 20, Key: "A"}}, RealClock{}, func(err error) {
					mu.Lock()
					heard = append(heard, err)
					mu.Unlock()
				}, s))
			}
			for _, p := range pacers {
				wg.Go(func() {
					for i := range 5 {
						turn, err := p.Wait(t.Context(), "A", time.Minute, nil)
						if err != nil {
							t.Error(err)
							return
						}
						time.Sleep(time.Duration(i) * time.Millisecond) // some calls leave late and push the grid
						turn.Sent()
						mu.Lock()
						slots = append(slots, turn.slot)
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			if len(heard) != 0 {
				t.Fatalf("fell back: %v", heard)
			}
			theirs := time.Now().Add(offset)
			slices.SortFunc(slots, func(a, b Slot) int { return a.At.Compare(b.At) })
			interval := pacers[0].Interval("A")
			for i, s := range slots {
				if d := s.Now.Sub(theirs); d > time.Minute || d < -time.Minute {
					t.Errorf("slot %d taken at %v, %v from the coordinator's clock", i, s.Now, d)
				}
				if i > 0 && s.At.Sub(slots[i-1].At) < interval {
					t.Errorf("slots %d and %d %v apart on the coordinator's clock, under %v", i, i+1, s.At.Sub(slots[i-1].At), interval)
				}
			}
			if len(slots) != 10 {
				t.Errorf("%d slots, want 10", len(slots))
			}
		})
	}
}

// Two machines on one coordinator share one pace per key, and only per
// key: another action, endpoint, identity or key prefix has its own.
func TestRedisStoresShareOnePacePerKey(t *testing.T) {
	srv := redistest.Start(t)
	a := openRedis(t, RedisConfig{URL: srv.URL})
	b := openRedis(t, RedisConfig{URL: srv.URL})
	otherTeam := openRedis(t, RedisConfig{URL: srv.URL, KeyPrefix: "team-b"})
	const key = "A\nhttps://a.example\nkeys 1f3e"
	if slot, err := a.Take(t.Context(), key, time.Minute, 0); err != nil || slot.Wait != 0 {
		t.Fatalf("first take: %+v, %v", slot, err)
	}
	if slot, err := b.Take(t.Context(), key, time.Minute, 0); err != nil || slot.Wait <= 0 || slot.Wait > time.Minute {
		t.Errorf("the same key from another machine: %+v, %v; want a wait of at most the interval", slot, err)
	}
	for _, other := range []string{"B\nhttps://a.example\nkeys 1f3e", "A\nhttps://b.example\nkeys 1f3e", "A\nhttps://a.example\nkeys 9c0d"} {
		if slot, err := b.Take(t.Context(), other, time.Minute, 0); err != nil || slot.Wait != 0 {
			t.Errorf("%q: %+v, %v; another key has a pace of its own", other, slot, err)
		}
	}
	if slot, err := otherTeam.Take(t.Context(), key, time.Minute, 0); err != nil || slot.Wait != 0 {
		t.Errorf("another key prefix: %+v, %v; want a pace of its own", slot, err)
	}
}

// Keys are <prefix>:pace:<hex SHA-256>, hold a time in microseconds and
// nothing else, and expire by themselves a few intervals, at least a
// minute, after they were taken.
func TestRedisStoreKeysNameNoCredentialAndExpire(t *testing.T) {
	srv := redistest.Start(t)
	admin := srv.Admin()
	const secret = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"
	for _, prefix := range []string{"", "ci-7"} {
		s := openRedis(t, RedisConfig{URL: srv.URL, KeyPrefix: prefix})
		want := regexp.MustCompile("^" + regexp.QuoteMeta(cmp.Or(prefix, DefaultKeyPrefix)) + ":pace:[0-9a-f]{64}$")
		keys := map[string]time.Duration{ // key -> interval
			"DescribeBillSummary\nhttps://billing.intl.example\n" + secret:      time.Second,
			"DescribeSkillScanPayInfo\nhttps://billing.intl.example\n" + secret: 100 * time.Second,
		}
		for key, interval := range keys {
			if _, err := s.Take(t.Context(), key, interval, 0); err != nil {
				t.Fatal(err)
			}
			rkey := s.redisKey(key)
			if !want.MatchString(rkey) {
				t.Errorf("key %q, want %v", rkey, want)
			}
			ttl, err := admin.PTTL(t.Context(), rkey).Result()
			if least := max(time.Minute, 4*interval); err != nil || ttl > least || ttl < least-10*time.Second {
				t.Errorf("%s: expires in %v (%v), want a little under %v", rkey, ttl, err, least)
			}
		}
		// A push keeps the expiry; a push on a key gone writes it for a minute.
		long := s.redisKey("DescribeSkillScanPayInfo\nhttps://billing.intl.example\n" + secret)
		if err := s.Push(t.Context(), "DescribeSkillScanPayInfo\nhttps://billing.intl.example\n"+secret, time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if ttl := admin.PTTL(t.Context(), long).Val(); ttl < 390*time.Second {
			t.Errorf("a push cut the expiry to %v", ttl)
		}
		if err := s.Push(t.Context(), "never taken", time.Now()); err != nil {
			t.Fatal(err)
		}
		if ttl := admin.PTTL(t.Context(), s.redisKey("never taken")).Val(); ttl <= 0 || ttl > time.Minute {
			t.Errorf("a push on no grid left it to expire in %v, want at most a minute", ttl)
		}
	}
	all, err := admin.Keys(t.Context(), "*").Result()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 6 {
		t.Errorf("keys %v, want 3 per prefix (the check writes none)", all)
	}
	for _, k := range all {
		v := admin.Get(t.Context(), k).Val()
		if strings.Trim(v, "0123456789") != "" {
			t.Errorf("%s holds %q, want a time in microseconds", k, v)
		}
		for _, part := range []string{"AKID", "EXAMPLE", "billing", "Describe", "never"} {
			if strings.Contains(k, part) || strings.Contains(v, part) {
				t.Errorf("%s = %q names %q", k, v, part)
			}
		}
	}
}

// A flush loses the pace for one call at most: the next is due at once,
// and the one after it waits its interval again. A flushed script cache
// costs nothing.
func TestRedisStoreFlushedCostsAtMostOneInterval(t *testing.T) {
	srv := redistest.Start(t)
	s := openRedis(t, RedisConfig{URL: srv.URL})
	take := func() Slot {
		t.Helper()
		slot, err := s.Take(t.Context(), "A", time.Minute, 0)
		if err != nil {
			t.Fatal(err)
		}
		return slot
	}
	take()
	if take().Wait == 0 {
		t.Fatal("the second take is due at once")
	}
	srv.FlushAll()
	if err := srv.Admin().ScriptFlush(t.Context()).Err(); err != nil {
		t.Fatal(err)
	}
	if slot := take(); slot.Wait != 0 {
		t.Errorf("after the flush: %+v, want the slot at once", slot)
	}
	if slot := take(); slot.Wait < time.Minute-time.Second {
		t.Errorf("after the flush, the next: %+v; want the interval again", slot)
	}
}
