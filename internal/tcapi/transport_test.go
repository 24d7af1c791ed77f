package tcapi

import (
	"bufio"
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/tcintl/terraform-provider-tcintl/internal/credentials"
)

func TestCertificateVerificationIsNeverOff(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		t.Error("a request got through an unverified certificate")
	}))
	defer srv.Close()
	c := New(Config{
		Credentials: credentials.Resolved{Keys: credentials.Keys{SecretID: "id", SecretKey: "key"}},
		Endpoints:   everyServiceAt(t, srv.URL), // self-signed
		MaxRetries:  3,
	})
	_, err := c.SkillScanPayInfo(t.Context())
	var certErr *tls.CertificateVerificationError
	if !errors.As(err, &certErr) {
		t.Fatalf("got %v, want a certificate verification error", err)
	}
	if Attempts(err) != 1 {
		t.Errorf("a certificate failure was retried: %d attempts", Attempts(err))
	}
}

// TestProxyEnvironmentIsHonoured runs the client in a child process, since
// net/http reads the proxy variables once per process, and checks which
// hosts the child asked the proxy to reach.
func TestProxyEnvironmentIsHonoured(t *testing.T) {
	if os.Getenv("TCAPI_PROXY_CHILD") == "1" {
		t.Skip("runs as the child of itself")
	}
	proxy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer proxy.Close()
	var mu sync.Mutex
	var connects []string
	go func() {
		for {
			conn, err := proxy.Accept()
			if err != nil {
				return
			}
			line, _ := bufio.NewReader(conn).ReadString('\n')
			mu.Lock()
			connects = append(connects, strings.TrimSpace(line))
			mu.Unlock()
			_, _ = conn.Write([]byte("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"))
			_ = conn.Close()
		}
	}()

	cmd := exec.Command(os.Args[0], "-test.run=^TestProxyChild$", "-test.count=1")
	cmd.Env = append(os.Environ(),
		"TCAPI_PROXY_CHILD=1",
		"HTTPS_PROXY=http://"+proxy.Addr().String(),
		"NO_PROXY=excluded.invalid",
	)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child failed: %v\n%s", err, out)
	}
	mu.Lock()
	defer mu.Unlock()
	if want := "CONNECT csip.proxied.invalid:443 HTTP/1.1"; !slices.Contains(connects, want) {
		t.Errorf("the proxy saw %q, want %q", connects, want)
	}
	for _, c := range connects {
		if strings.Contains(c, "excluded.invalid") {
			t.Errorf("a host in NO_PROXY went through the proxy: %q", c)
		}
	}
}

// TestProxyChild is the child half of TestProxyEnvironmentIsHonoured.
func TestProxyChild(t *testing.T) {
	if os.Getenv("TCAPI_PROXY_CHILD") != "1" {
		t.Skip("only runs as the child of TestProxyEnvironmentIsHonoured")
	}
	for _, domain := range []string{"proxied.invalid", "excluded.invalid"} {
		c := New(Config{Credentials: credentials.Resolved{Keys: credentials.Keys{SecretID: "id", SecretKey: "key"}}, Domain: domain, MaxRetries: 0})
		// Both fail (the proxy refuses, the other name does not resolve);
		// the parent checks where they went.
		if _, err := c.SkillScanPayInfo(t.Context()); err == nil {
			t.Errorf("%s: unexpected success", domain)
		}
	}
}
