package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	neturl "net/url"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/credentials"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	tcjson "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/json"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
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
	base := waitForURL(t, urlFile, &stderr)
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
	go func() {
		done <- serve(ctx, []string{"-book", "250", "-url-file", urlFile,
			"-limit", apispec.CustomersCredit + "=inf", "-limit", apispec.BillSummaryByProduct + "=inf"}, &stdout, &stderr)
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()

	base := waitForURL(t, urlFile, &stderr)
	endpoint, err := neturl.Parse(base)
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

	// The book's credits, not the customer-credits scenario's five.
	var uins []int64
	for page := 1; page <= 3; page++ {
		var answer struct {
			Data  []fakeserver.CustomerCredit
			Total int
		}
		call(t, base, apispec.CustomersCredit, fmt.Sprintf(`{"Page": %d, "PageSize": 100}`, page), &answer)
		if answer.Total != 250 {
			t.Errorf("credit page %d: Total %d, want the book's 250", page, answer.Total)
		}
		for _, c := range answer.Data {
			uins = append(uins, c.ClientUin)
		}
	}
	if len(uins) != 250 || uins[0] != fakeserver.BookUIN(249) || uins[249] != fakeserver.BookUIN(0) {
		t.Errorf("credits of %d customers, from %v to %v", len(uins), uins[:min(1, len(uins))], uins[max(len(uins)-1, 0):])
	}
	// The book's bills by product, and the embedded scenarios' for theirs.
	for _, tt := range []struct {
		body string
		want []fakeserver.ProductSummary
	}{
		{`{"CustomerUin": 300000000001, "BillMonth": "2026-01"}`, fakeserver.BookProducts(fakeserver.BookUIN(0), "2026-01")},
		{`{"CustomerUin": 100000000001, "BillMonth": "2026-02"}`, nil},
	} {
		var answer struct{ SummaryOverview []fakeserver.ProductSummary }
		if call(t, base, apispec.BillSummaryByProduct, tt.body, &answer); !slices.Equal(answer.SummaryOverview, tt.want) {
			t.Errorf("%s: %+v, want %+v", tt.body, answer.SummaryOverview, tt.want)
		}
	}
	var partner struct{ RemainingCredit json.Number }
	if call(t, base, apispec.PartnerCredit, `{}`, &partner); partner.RemainingCredit != "1000.1" {
		t.Errorf("QueryPartnerCredit RemainingCredit %q, want the partner-credit scenario's 1000.1", partner.RemainingCredit)
	}
}

// -scenarios naming a scenario that lists customers keeps it next to a book.
func TestServeABookAndNamedCreditScenario(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	urlFile := filepath.Join(t.TempDir(), "url")
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, []string{"-book", "3", "-scenarios", "customer-credits", "-url-file", urlFile}, &stdout, &stderr)
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	base := waitForURL(t, urlFile, &stderr)
	for body, want := range map[string]int{`{"Page": 1, "PageSize": 100}`: 5, `{"Page": 1, "PageSize": 10}`: 3} {
		var answer struct{ Total int }
		if call(t, base, apispec.CustomersCredit, body, &answer); answer.Total != want {
			t.Errorf("%s: Total %d, want %d", body, answer.Total, want)
		}
	}
}

// waitForURL waits for serve to write its URL.
func waitForURL(t *testing.T, urlFile string, stderr *syncBuffer) string {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if b, err := os.ReadFile(urlFile); err == nil && len(b) > 0 {
			return strings.TrimSpace(string(b))
		}
		if time.Now().After(deadline) {
			t.Fatalf("no URL written; stderr: %s", stderr.String())
		}
	}
}

// call sends a signed request with the SDK and decodes the Response of a
// successful answer into out, numbers as written.
func call(t *testing.T, base, action, body string, out any) {
	t.Helper()
	spec, _ := apispec.Lookup(action)
	u, err := neturl.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	cpf := profile.NewClientProfile()
	cpf.HttpProfile.Scheme, cpf.HttpProfile.Endpoint = "http", u.Host
	params := map[string]any{}
	paramsDec := tcjson.NewDecoder(strings.NewReader(body)) // numbers the SDK encodes as numbers
	paramsDec.UseNumber()
	if err := paramsDec.Decode(&params); err != nil {
		t.Fatal(err)
	}
	req := tchttp.NewCommonRequest(spec.Service, spec.Version, spec.Name)
	if err := req.SetActionParameters(params); err != nil {
		t.Fatal(err)
	}
	resp := &rawAnswer{BaseResponse: &tchttp.BaseResponse{}}
	c := common.NewCommonClient(common.NewCredential(fakeserver.TestSecretID, fakeserver.TestSecretKey), "", cpf)
	if err := c.Send(req, resp); err != nil {
		t.Fatalf("%s %s: %v", action, body, err)
	}
	var env struct{ Response json.RawMessage }
	if err := json.Unmarshal(resp.raw, &env); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(env.Response))
	dec.UseNumber()
	if err := dec.Decode(out); err != nil {
		t.Fatalf("%s: %v", env.Response, err)
	}
}

// rawAnswer keeps the answer's bytes, which the SDK's CommonResponse would
// decode into floats.
type rawAnswer struct {
	*tchttp.BaseResponse
	raw []byte
}

func (r *rawAnswer) UnmarshalJSON(b []byte) error {
	r.raw = append([]byte(nil), b...)
	return nil
}

func TestServeRefusesANegativeBook(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := serve(t.Context(), []string{"-book", "-1"}, &stdout, &stderr); err == nil || !strings.Contains(err.Error(), "-book") {
		t.Errorf("got %v", err)
	}
}
