//go:build unix

package pacing

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/pacing/redistest"
)

// coordinatorBound is how long a test lets a failing coordinator take:
// CoordinatorTimeout and a generous margin for a busy machine.
const coordinatorBound = 5 * time.Second

// silentAddr is a coordinator that accepts connections, reads them and
// never answers.
func silentAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			go io.Copy(io.Discard, c) //nolint:errcheck // reads until the test closes it
		}
	}()
	return l.Addr().String()
}

// closedAddr is a loopback port nobody listens on.
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func writeFile(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// failsAs asserts that err is a coordinator failure of kind want, that
// tells permanent from temporary accordingly, never shows a secret, and
// masks the URL's password.
func failsAs(t *testing.T, err error, want CoordinatorFailure, url string, secrets ...string) {
	t.Helper()
	var cerr *CoordinatorError
	if !errors.As(err, &cerr) || cerr.Kind != want {
		t.Fatalf("%v (%#v), want kind %d", err, err, want)
	}
	if cerr.Permanent() != (want != CoordinatorUnreachable) {
		t.Errorf("permanent %v for kind %d", cerr.Permanent(), want)
	}
	for _, s := range secrets {
		if s != "" && strings.Contains(err.Error(), s) {
			t.Errorf("%q shows the password", err)
		}
	}
	if u, perr := ParseCoordinatorURL(url); perr == nil && u.password != "" && !strings.Contains(err.Error(), ":***@") {
		t.Errorf("%q does not name the coordinator with its password masked", err)
	}
}

// Every way opening the coordinator fails, several of each: bad
// configuration, refused credentials and rights, and TLS failures are
// permanent; a coordinator that cannot be reached or does not answer is
// temporary, and found out within CoordinatorTimeout.
func TestNewRedisStoreFailures(t *testing.T) {
	srv := redistest.Start(t)
	tlsSrv := redistest.StartWith(t, redistest.Options{TLS: true})
	paused := redistest.Start(t)
	paused.Pause()
	const pw = "user-s3cret"
	plain := func(user, password, rest string) string {
		return fmt.Sprintf("redis://%s:%s@%s%s", user, password, srv.Addr, rest)
	}
	tests := []struct {
		name string
		cfg  RedisConfig
		want CoordinatorFailure
	}{
		{"a bad URL", RedisConfig{URL: plain("", srv.Password, "/x")}, CoordinatorMisconfigured},
		{"a bad key prefix", RedisConfig{URL: srv.URL, KeyPrefix: "a b"}, CoordinatorMisconfigured},
		{"a CA file for redis://", RedisConfig{URL: srv.URL, CAFile: tlsSrv.CAFile}, CoordinatorMisconfigured},
		{"a CA file that is not there", RedisConfig{URL: tlsSrv.URL, CAFile: filepath.Join(t.TempDir(), "none.pem")}, CoordinatorMisconfigured},
		{"a CA file that is a directory", RedisConfig{URL: tlsSrv.URL, CAFile: t.TempDir()}, CoordinatorMisconfigured},
		{"an empty CA file", RedisConfig{URL: tlsSrv.URL, CAFile: writeFile(t, "")}, CoordinatorMisconfigured},
		{"a CA file of text", RedisConfig{URL: tlsSrv.URL, CAFile: writeFile(t, "not a certificate\n")}, CoordinatorMisconfigured},
		{"a CA file with a key and no certificate", RedisConfig{URL: tlsSrv.URL, CAFile: writeFile(t, "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n")}, CoordinatorMisconfigured},

		{"a wrong password", RedisConfig{URL: plain("", "wrong-s3cret", "/0")}, CoordinatorRefused},
		{"no password", RedisConfig{URL: "redis://" + srv.Addr + "/0"}, CoordinatorRefused},
		{"an unknown user", RedisConfig{URL: plain("nobody", pw, "/0")}, CoordinatorRefused},
		{"a user's wrong password", RedisConfig{URL: plain("full", "wrong-s3cret", "/0")}, CoordinatorRefused},
		{"a disabled user", RedisConfig{URL: srv.AddUser("disabled", pw, "off", "~*", "+@all")}, CoordinatorRefused},
		{"a user without EVAL", RedisConfig{URL: srv.AddUser("noeval", pw, "~*", "+@all", "-eval", "-evalsha")}, CoordinatorRefused},
		{"a user without EVALSHA", RedisConfig{URL: srv.AddUser("noevalsha", pw, "~*", "+@all", "-evalsha")}, CoordinatorRefused},
		{"a user without TIME", RedisConfig{URL: srv.AddUser("notime", pw, "~*", "+@all", "-time")}, CoordinatorRefused},
		{"a user without SET", RedisConfig{URL: srv.AddUser("noset", pw, "~*", "+@all", "-set")}, CoordinatorRefused},
		{"a user of other keys", RedisConfig{URL: srv.AddUser("otherkeys", pw, "~other:*", "+@all")}, CoordinatorRefused},
		{"a user of other keys than the prefix's", RedisConfig{URL: srv.AddUser("teamb", pw, "~team-b:*", "+@all"), KeyPrefix: "team-a"}, CoordinatorRefused},
		{"a database the server does not have", RedisConfig{URL: plain("", srv.Password, "/999")}, CoordinatorRefused},

		{"the system's roots only", RedisConfig{URL: tlsSrv.URL}, CoordinatorUntrusted},
		{"another CA", RedisConfig{URL: tlsSrv.URL, CAFile: redistest.WriteCA(t)}, CoordinatorUntrusted},
		{"a name the certificate does not cover", RedisConfig{URL: strings.Replace(tlsSrv.URL, "127.0.0.1", "localhost", 1), CAFile: tlsSrv.CAFile}, CoordinatorUntrusted},

		{"a closed port", RedisConfig{URL: "redis://:" + pw + "@" + closedAddr(t) + "/0"}, CoordinatorUnreachable},
		{"a server that never answers", RedisConfig{URL: "redis://:" + pw + "@" + silentAddr(t) + "/0"}, CoordinatorUnreachable},
		{"a TLS server that never answers", RedisConfig{URL: "rediss://:" + pw + "@" + silentAddr(t) + "/0", CAFile: tlsSrv.CAFile}, CoordinatorUnreachable},
		{"a hung server", RedisConfig{URL: paused.URL}, CoordinatorUnreachable},
		// A plain server reads a TLS hello as the start of a command and
		// waits for its end: as a server that never answers.
		{"rediss:// to a plain server", RedisConfig{URL: strings.Replace(srv.URL, "redis://", "rediss://", 1)}, CoordinatorUnreachable},
		{"a host that does not resolve", RedisConfig{URL: "redis://:" + pw + "@no-such-host.invalid:6379/0"}, CoordinatorUnreachable},
	}
	srv.AddUser("full", pw, "~*", "+@all")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			s, err := NewRedisStore(t.Context(), tt.cfg)
			if err == nil {
				s.Close()
				t.Fatal("opened")
			}
			if took := time.Since(start); took > coordinatorBound {
				t.Errorf("took %v to fail", took)
			}
			failsAs(t, err, tt.want, tt.cfg.URL, srv.Password, tlsSrv.Password, paused.Password, pw, "wrong-s3cret")
		})
	}
}

// What opens: plain and TLS, the default user and an ACL user with only
// the rights the pace needs.
func TestNewRedisStoreOpens(t *testing.T) {
	srv := redistest.Start(t)
	tlsSrv := redistest.StartWith(t, redistest.Options{TLS: true})
	for name, cfg := range map[string]RedisConfig{
		"plain":                   {URL: srv.URL},
		"TLS with the CA file":    {URL: tlsSrv.URL, CAFile: tlsSrv.CAFile},
		"a user of the pace only": {URL: srv.AddUser("pace", "user-s3cret", "~tcintl:pace:*", "+ping", "+eval", "+evalsha", "+time", "+get", "+set")},
		"a user of its prefix":    {URL: srv.AddUser("team", "user-s3cret", "~team-a:*", "+@all"), KeyPrefix: "team-a"},
	} {
		t.Run(name, func(t *testing.T) {
			s := openRedis(t, cfg)
			if slot, err := s.Take(t.Context(), name, time.Minute, 0); err != nil || slot.Wait != 0 {
				t.Errorf("take: %+v, %v", slot, err)
			}
			if err := s.Push(t.Context(), name, time.Now()); err != nil {
				t.Errorf("push: %v", err)
			}
		})
	}
}

// A coordinator killed mid-use fails the next call at once; once back, it
// serves the same store again.
func TestRedisStoreKilledMidUse(t *testing.T) {
	srv := redistest.Start(t)
	s := openRedis(t, RedisConfig{URL: srv.URL})
	if _, err := s.Take(t.Context(), "A", time.Minute, 0); err != nil {
		t.Fatal(err)
	}
	srv.Kill()
	start := time.Now()
	_, err := s.Take(t.Context(), "A", time.Minute, 0)
	failsAs(t, err, CoordinatorUnreachable, srv.URL, srv.Password)
	failsAs(t, s.Push(t.Context(), "A", time.Now()), CoordinatorUnreachable, srv.URL, srv.Password)
	if took := time.Since(start); took > coordinatorBound {
		t.Errorf("took %v to fail", took)
	}
	srv.Restart()
	if slot, err := s.Take(t.Context(), "A", time.Minute, 0); err != nil || slot.Wait != 0 {
		t.Errorf("after the restart: %+v, %v", slot, err)
	}
}

// A coordinator that hangs mid-use fails a call within CoordinatorTimeout.
func TestRedisStoreHungMidUse(t *testing.T) {
	srv := redistest.Start(t)
	s := openRedis(t, RedisConfig{URL: srv.URL})
	if _, err := s.Take(t.Context(), "A", time.Minute, 0); err != nil {
		t.Fatal(err)
	}
	srv.Pause()
	defer srv.Resume()
	for name, call := range map[string]func() error{
		"take": func() error { _, err := s.Take(t.Context(), "A", time.Minute, 0); return err },
		"push": func() error { return s.Push(t.Context(), "A", time.Now()) },
	} {
		start := time.Now()
		failsAs(t, call(), CoordinatorUnreachable, srv.URL, srv.Password)
		if took := time.Since(start); took > coordinatorBound {
			t.Errorf("%s took %v to fail", name, took)
		}
	}
}

// A Pacer whose coordinator dies goes on with the next store, says so
// once, and its calls go on.
func TestPacerFallsBackFromADeadCoordinator(t *testing.T) {
	srv := redistest.Start(t)
	s := openRedis(t, RedisConfig{URL: srv.URL})
	var heard []error
	p := New(map[string]Action{"A": {Limit: 50, Key: "A"}}, RealClock{}, func(err error) { heard = append(heard, err) }, s, &MemStore{Clock: RealClock{}})
	for i := range 8 {
		if i == 3 {
			srv.Kill()
		}
		turn, err := p.Wait(t.Context(), "A", time.Minute, nil)
		if err != nil {
			t.Fatalf("call %d: %v", i+1, err)
		}
		turn.Sent()
		turn.Answered(false)
	}
	if len(heard) != 1 {
		t.Fatalf("heard %v, want the failure once", heard)
	}
	failsAs(t, heard[0], CoordinatorUnreachable, srv.URL, srv.Password)
}

// A coordinator that answers it cannot serve for now (busy with a long
// script, full) is as one that cannot be reached: temporary.
func TestNewRedisStoreOnABusyCoordinator(t *testing.T) {
	t.Run("busy with a script", func(t *testing.T) {
		srv := redistest.Start(t)
		admin := srv.Admin()
		if err := admin.ConfigSet(t.Context(), "busy-reply-threshold", "10").Err(); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() { defer close(done); admin.Eval(t.Context(), "while true do end", nil) }()
		defer func() { <-done }()
		var err error
		for range 100 { // until the script runs
			var s *RedisStore
			if s, err = NewRedisStore(t.Context(), RedisConfig{URL: srv.URL}); err != nil {
				break
			}
			s.Close()
			time.Sleep(10 * time.Millisecond)
		}
		if kill := admin.ScriptKill(t.Context()).Err(); kill != nil {
			t.Fatalf("SCRIPT KILL: %v", kill)
		}
		failsAs(t, err, CoordinatorUnreachable, srv.URL, srv.Password)
		if !strings.Contains(err.Error(), "BUSY") {
			t.Errorf("%v: want the coordinator's BUSY", err)
		}
	})
	// The server answers "max number of clients" and closes the
	// connection: the client reads that answer or finds the connection
	// reset, temporary either way.
	t.Run("full", func(t *testing.T) {
		srv := redistest.Start(t)
		conn := srv.Admin().Conn()
		defer conn.Close()
		if err := conn.ConfigSet(t.Context(), "maxclients", "1").Err(); err != nil {
			t.Fatal(err)
		}
		defer conn.ConfigSet(t.Context(), "maxclients", "100")
		_, err := NewRedisStore(t.Context(), RedisConfig{URL: srv.URL})
		failsAs(t, err, CoordinatorUnreachable, srv.URL, srv.Password)
	})
}
