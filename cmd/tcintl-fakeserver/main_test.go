package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	neturl "net/url"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/credentials"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"
)

// syncBuffer is written by serve's goroutine and read by the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeMetadataService: -cam-role plays the metadata service of an
// instance with that role bound, -key-lifetime caps the keys' life.
func TestServeMetadataService(t *testing.T) {
	urlFile := filepath.Join(t.TempDir(), "url")
	ctx, cancel := context.WithCancel(t.Context())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, []string{"-scenarios", "skillscan-trial-order", "-cam-role", "ci-runner", "-key-lifetime", "1m", "-url-file", urlFile}, &stdout, &stderr)
	}()
	var base string
	for deadline := time.Now().Add(10 * time.Second); base == ""; time.Sleep(20 * time.Millisecond) {
		if b, err := os.ReadFile(urlFile); err == nil && len(b) > 0 {
			base = strings.TrimSpace(string(b))
		}
		if time.Now().After(deadline) {
			t.Fatalf("no URL file; stderr: %s", stderr.String())
		}
	}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, base+"/latest/meta-data/cam/security-credentials/ci-runner", http.NoBody)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var keys struct {
		Code        string
		ExpiredTime int64
	}
	if err := json.Unmarshal(body, &keys); err != nil || keys.Code != "Success" {
		t.Fatalf("metadata answer HTTP %d %s", resp.StatusCode, body)
	}
	if d := time.Until(time.Unix(keys.ExpiredTime, 0)); d > 2*time.Minute {
		t.Errorf("keys live %s, want at most -key-lifetime 1m", d)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if out := stdout.String(); !strings.Contains(out, "metadata_url "+base) || !strings.Contains(out, `cam_role_name = "ci-runner"`) || !strings.Contains(out, "web_identity") {
		t.Errorf("the banner does not say how to use the metadata service and STS:\n%s", out)
	}
	if !strings.Contains(stderr.String(), "MetadataCredentials ok") {
		t.Errorf("the request log lacks the metadata request:\n%s", stderr.String())
	}
}

func TestServeRefusesANegativeKeyLifetime(t *testing.T) {
	var out bytes.Buffer
	err := serve(t.Context(), []string{"-key-lifetime", "-1s"}, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "-key-lifetime") {
		t.Errorf("got %v, want an error about -key-lifetime", err)
	}
}

// -book N serves a book of N customers that the provider's client can page
// through, next to the cassettes.
func TestServeABook(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	urlFile := filepath.Join(t.TempDir(), "url")
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() { done <- serve(ctx, []string{"-book", "250", "-url-file", urlFile}, &stdout, &stderr) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()

	var raw []byte
	for deadline := time.Now().Add(10 * time.Second); len(raw) == 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no URL written; stderr: %s", stderr.String())
		}
		raw, _ = os.ReadFile(urlFile)
	}
	endpoint, err := tcapi.ParseEndpoint(strings.TrimSpace(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	c := tcapi.New(tcapi.Config{
		Credentials: credentials.Resolved{Keys: credentials.Keys{SecretID: fakeserver.TestSecretID, SecretKey: fakeserver.TestSecretKey}},
		Endpoints:   map[string]*neturl.URL{"intlpartnersmgt": endpoint},
	})
	book, err := c.CustomerBook(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(book.Entries) != 250 || book.Entries[0] != fakeserver.BookUIN(0) || book.Total != 250 {
		t.Errorf("read %d customers from %d, Total %d", len(book.Entries), book.Entries[0], book.Total)
	}
	if !strings.Contains(stderr.String(), apispec.CustomerUin+" ok") {
		t.Errorf("the request log shows no page: %s", stderr.String())
	}
}

func TestServeRefusesANegativeBook(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := serve(t.Context(), []string{"-book", "-1"}, &stdout, &stderr); err == nil || !strings.Contains(err.Error(), "-book") {
		t.Errorf("got %v", err)
	}
}
