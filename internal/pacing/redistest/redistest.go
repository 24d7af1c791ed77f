//go:build unix

package redistest

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// Options says what kind of server to start.
type Options struct {
	// TLS serves TLS only, with a certificate for 127.0.0.1 signed by a CA
	// made for the server (Server.CAFile).
	TLS bool
	// ClockOffset sets the server's clock this far from the machine's, as
	// on a host whose clock is wrong (needs a C compiler, see clock.go).
	ClockOffset time.Duration
}

// Server is a running redis-server.
type Server struct {
	// URL reaches the server as the default user, with its password.
	URL string
	// Addr is 127.0.0.1:port.
	Addr     string
	Password string
	// CAFile is the CA certificate of a TLS server; "" otherwise.
	CAFile string

	t     testing.TB
	opts  Options
	dir   string
	args  []string
	env   []string
	admin *redis.Client

	mu    sync.Mutex // cmd and ended: tests kill or pause the server from a goroutine
	cmd   *exec.Cmd
	ended chan struct{}
}

// Start starts a plain server.
func Start(t testing.TB) *Server { return StartWith(t, Options{}) }

// StartWith starts a server of the kind opts says.
func StartWith(t testing.TB, opts Options) *Server {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Fatalf("redis-server is not installed (apt-get install -y redis-server): %v", err)
	}
	s := &Server{t: t, opts: opts, dir: t.TempDir(), Password: randomHex(t)}
	s.args = []string{"--bind", "127.0.0.1", "--requirepass", s.Password, "--save", "", "--appendonly", "no",
		"--dir", s.dir, "--logfile", filepath.Join(s.dir, "redis.log"), "--daemonize", "no"}
	scheme := "redis"
	var tlsConfig *tls.Config
	if opts.TLS {
		scheme = "rediss"
		var files certFiles
		files, tlsConfig = writeCertificates(t, s.dir)
		s.CAFile = files.ca
		s.args = append(s.args, "--tls-cert-file", files.cert, "--tls-key-file", files.key,
			"--tls-ca-cert-file", files.ca, "--tls-auth-clients", "no")
	}
	s.env = os.Environ()
	if opts.ClockOffset != 0 {
		s.env = append(s.env, clockShimEnv(t, s.dir, opts.ClockOffset)...)
	}
	t.Cleanup(s.stop)
	var lastErr error
	for range 5 { // another process may take the free port before the server does
		port := freePort(t)
		s.Addr = net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
		s.URL = fmt.Sprintf("%s://:%s@%s/0", scheme, s.Password, s.Addr)
		s.admin = redis.NewClient(&redis.Options{Addr: s.Addr, Password: s.Password, TLSConfig: tlsConfig, Protocol: 2, MaxRetries: -1})
		if lastErr = s.launch(bin); lastErr == nil {
			return s
		}
		_ = s.admin.Close()
	}
	t.Fatalf("redis-server did not start: %v", lastErr)
	return nil
}

// launch starts the process and waits until it answers.
func (s *Server) launch(bin string) error {
	port := s.Addr[strings.LastIndexByte(s.Addr, ':')+1:]
	args := append([]string{"--port", port}, s.args...)
	if s.opts.TLS {
		args = append([]string{"--port", "0", "--tls-port", port}, s.args...)
	}
	// Killed when the test ends, if nothing killed it before.
	cmd := exec.CommandContext(s.t.Context(), bin, args...) //nolint:gosec // the test's own server
	cmd.Env = s.env
	cmd.SysProcAttr = procAttr()
	if err := cmd.Start(); err != nil {
		return err
	}
	ended := make(chan struct{})
	s.mu.Lock()
	s.cmd, s.ended = cmd, ended
	s.mu.Unlock()
	go func() { _ = cmd.Wait(); close(ended) }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := s.admin.Ping(ctx).Err()
		cancel()
		if err == nil {
			return nil
		}
		select {
		case <-ended:
			log, _ := os.ReadFile(filepath.Join(s.dir, "redis.log"))
			return fmt.Errorf("exited: %s", lastLines(string(log), 5))
		default:
		}
		if time.Now().After(deadline) {
			s.kill()
			return fmt.Errorf("no answer within 10 s: %w", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Admin is a client of the server as the default user, which may do
// anything.
func (s *Server) Admin() *redis.Client { return s.admin }

// AddUser adds an ACL user with password and the ACL rules (say "~tcintl:*",
// "+@all", "-time") and returns a URL that signs in as it.
func (s *Server) AddUser(name, password string, rules ...string) string {
	s.t.Helper()
	args := append([]any{"ACL", "SETUSER", name, "reset", "on", ">" + password}, toAny(rules)...)
	if err := s.admin.Do(context.Background(), args...).Err(); err != nil {
		s.t.Fatalf("ACL SETUSER %s: %v", name, err)
	}
	scheme, _, _ := strings.Cut(s.URL, "://")
	return fmt.Sprintf("%s://%s:%s@%s/0", scheme, name, password, s.Addr)
}

// FlushAll removes every key, as an operator's FLUSHALL does.
func (s *Server) FlushAll() {
	s.t.Helper()
	if err := s.admin.FlushAll(context.Background()).Err(); err != nil {
		s.t.Fatalf("FLUSHALL: %v", err)
	}
}

// Kill kills the server at once (SIGKILL), as a crash would.
func (s *Server) Kill() {
	s.t.Helper()
	s.kill()
}

// Restart starts the server again on its port, empty, after Kill.
func (s *Server) Restart() {
	s.t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err == nil {
		err = s.launch(bin)
	}
	if err != nil {
		s.t.Fatalf("restarting redis-server: %v", err)
	}
}

// Pause stops the server without closing its connections (SIGSTOP): it
// still accepts connections and never answers, as a hung host.
// Resume, or the end of the test, lets it go on.
func (s *Server) Pause() { s.signal(syscall.SIGSTOP) }

// Resume ends a Pause.
func (s *Server) Resume() { s.signal(syscall.SIGCONT) }

func (s *Server) signal(sig syscall.Signal) {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		s.t.Fatalf("signal %v: the server is not running", sig)
	}
	if err := s.cmd.Process.Signal(sig); err != nil {
		s.t.Fatalf("signal %v: %v", sig, err)
	}
}

func (s *Server) kill() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	<-s.ended
	s.cmd = nil
}

func (s *Server) stop() {
	s.kill()
	if s.admin != nil {
		_ = s.admin.Close()
	}
}

func freePort(t testing.TB) int {
	t.Helper()
	l, err := (&net.ListenConfig{}).Listen(t.Context(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, port, err := net.SplitHostPort(l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	n, err := strconv.Atoi(port)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func randomHex(t testing.TB) string {
	t.Helper()
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
