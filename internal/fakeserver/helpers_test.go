package fakeserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tcerr "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	tcjson "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/json"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
)

// sdkClient is the real SDK pointed at the fake, the way the provider's
// client will be.
func sdkClient(s *Server, id, key, token string, tweak ...func(*profile.ClientProfile)) *common.Client {
	cpf := profile.NewClientProfile()
	cpf.HttpProfile.Scheme = "http"
	cpf.HttpProfile.Endpoint = s.Host()
	cpf.HttpProfile.ReqTimeout = 5
	cpf.Language = "en-US"
	cpf.DisableRegionBreaker = true
	for _, f := range tweak {
		f(cpf)
	}
	return common.NewCommonClient(common.NewTokenCredential(id, key, token), "", cpf)
}

// rawResponse keeps the answer's bytes: the SDK's CommonResponse decodes
// numbers into float64, which would hide precision bugs of the server.
type rawResponse struct {
	*tchttp.BaseResponse
	raw []byte
}

func (r *rawResponse) UnmarshalJSON(b []byte) error {
	r.raw = append([]byte(nil), b...)
	return nil
}

// sdkCall sends action with body (JSON text) and returns the raw answer and
// the SDK's error.
func sdkCall(t testing.TB, c *common.Client, action, body string) ([]byte, error) {
	t.Helper()
	spec, ok := apispec.Lookup(action)
	if !ok {
		spec = apispec.Action{Name: action, Service: "csip", Version: "2022-11-21"}
	}
	return sdkCallSpec(t, c, spec, body)
}

func sdkCallSpec(t testing.TB, c *common.Client, spec apispec.Action, body string) ([]byte, error) {
	t.Helper()
	params := map[string]interface{}{}
	if strings.TrimSpace(body) != "" {
		dec := tcjson.NewDecoder(strings.NewReader(body))
		dec.UseNumber()
		if err := dec.Decode(&params); err != nil {
			t.Fatalf("test body %s: %v", body, err)
		}
	}
	req := tchttp.NewCommonRequest(spec.Service, spec.Version, spec.Name)
	if err := req.SetActionParameters(params); err != nil {
		t.Fatal(err)
	}
	resp := &rawResponse{BaseResponse: &tchttp.BaseResponse{}}
	err := c.Send(req, resp)
	return resp.raw, err
}

// sdkCode is the API error code of an SDK error ("" for nil).
func sdkCode(t testing.TB, err error) (code, message string) {
	t.Helper()
	if err == nil {
		return "", ""
	}
	var e *tcerr.TencentCloudSDKError
	if !errors.As(err, &e) {
		t.Fatalf("not an SDK error: %v", err)
	}
	return e.GetCode(), e.GetMessage()
}

// rawRequest is a hand-built request, for what the SDK will not send.
type rawRequest struct {
	method  string
	action  string
	version string
	body    string
	// signing; empty secretID means unsigned
	secretID, secretKey string
	service             string // credential scope service; default the action's
	timestamp           int64  // default now
	scopeDate           string // default the timestamp's date
	token               string
	contentType         string  // default application/json
	signedBody          *string // body the signature covers; default body
	headers             map[string]string
}

func (s *Server) send(t testing.TB, rr rawRequest) (*http.Response, []byte) {
	t.Helper()
	resp, body, err := s.trySend(t.Context(), rr)
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	return resp, body
}

func (s *Server) trySend(ctx context.Context, rr rawRequest) (*http.Response, []byte, error) {
	if rr.method == "" {
		rr.method = http.MethodPost
	}
	if rr.version == "" {
		if spec, ok := apispec.Lookup(rr.action); ok {
			rr.version = spec.Version
		}
	}
	if rr.contentType == "" {
		rr.contentType = "application/json"
	}
	req, err := http.NewRequestWithContext(ctx, rr.method, s.URL()+"/", strings.NewReader(rr.body))
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Content-Type", rr.contentType)
	req.Header.Set("X-TC-Action", rr.action)
	req.Header.Set("X-TC-Version", rr.version)
	req.Header.Set("X-TC-Language", "en-US")
	if rr.timestamp == 0 {
		rr.timestamp = time.Now().Unix()
	}
	ts := strconv.FormatInt(rr.timestamp, 10)
	req.Header.Set("X-TC-Timestamp", ts)
	if rr.token != "" {
		req.Header.Set("X-TC-Token", rr.token)
	}
	if rr.secretID != "" {
		service := rr.service
		if service == "" {
			spec, _ := apispec.Lookup(rr.action)
			service = spec.Service
		}
		date := time.Unix(rr.timestamp, 0).UTC().Format(time.DateOnly)
		scopeDate := rr.scopeDate
		if scopeDate == "" {
			scopeDate = date
		}
		signedBody := rr.body
		if rr.signedBody != nil {
			signedBody = *rr.signedBody
		}
		sig := tc3Signature(rr.secretKey, service, scopeDate, ts, rr.contentType, s.Host(), sha256Hex([]byte(signedBody)))
		req.Header.Set("Authorization", fmt.Sprintf("TC3-HMAC-SHA256 Credential=%s/%s/%s/tc3_request, SignedHeaders=content-type;host, Signature=%x",
			rr.secretID, scopeDate, service, sig))
	}
	for k, v := range rr.headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}

// signed fills in the test key pair.
func signed(action, body string) rawRequest {
	return rawRequest{action: action, body: body, secretID: TestSecretID, secretKey: TestSecretKey}
}

// envelopeCode extracts Response.Error.Code from an answer.
func envelopeCode(t testing.TB, b []byte) (code, message, requestID string) {
	t.Helper()
	var env errorEnvelope
	if err := tcjson.Unmarshal(b, &env); err != nil {
		t.Fatalf("answer is not JSON: %v: %s", err, b)
	}
	return env.Response.Error.Code, env.Response.Error.Message, env.Response.RequestId
}

// testClock is a settable clock for Config.Now, offset from real time so the
// SDK's real timestamps stay valid unless a test moves it far.
type testClock struct {
	mu     sync.Mutex
	offset time.Duration
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
}

// compactResponse is the cassette answer as the server sends it.
func compactResponse(t testing.TB, scenario string, i int) []byte {
	t.Helper()
	cs, err := Cassettes(scenario)
	if err != nil {
		t.Fatal(err)
	}
	a, err := cs[0].Interactions[i].check()
	if err != nil {
		t.Fatal(err)
	}
	return a.body
}

func mustStart(t testing.TB, cfg Config, scenarios ...string) *Server {
	t.Helper()
	if len(scenarios) > 0 {
		cs, err := Cassettes(scenarios...)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Cassettes = append(cfg.Cassettes, cs...)
	}
	s, err := Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// sdkCallUnsigned sends an action the SDK's unsigned way (SetSkipSign).
func sdkCallUnsigned(t testing.TB, c *common.Client, spec apispec.Action, body string) ([]byte, error) {
	t.Helper()
	params := map[string]interface{}{}
	dec := tcjson.NewDecoder(strings.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&params); err != nil {
		t.Fatalf("test body %s: %v", body, err)
	}
	req := tchttp.NewCommonRequest(spec.Service, spec.Version, spec.Name)
	req.SetSkipSign(true)
	if err := req.SetActionParameters(params); err != nil {
		t.Fatal(err)
	}
	resp := &rawResponse{BaseResponse: &tchttp.BaseResponse{}}
	err := c.Send(req, resp)
	return resp.raw, err
}
