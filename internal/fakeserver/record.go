package fakeserver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	tcjson "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/json"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
	"golang.org/x/time/rate"
)

// RecordEnv must be "1" for the recorder to talk to the live API: recording
// costs real calls on a real account and must never happen by accident (in
// CI, in a test run).
const RecordEnv = "TCINTL_RECORD"

// ErrRecordDisabled is returned when RecordEnv is not "1".
var ErrRecordDisabled = errors.New("fakeserver: recording is disabled; set " + RecordEnv + "=1 to call the live API")

// RecordOptions configures a recording.
type RecordOptions struct {
	// SecretID and SecretKey default to TENCENTCLOUD_SECRET_ID and
	// TENCENTCLOUD_SECRET_KEY.
	SecretID, SecretKey string
	// BaseURL replaces https://<service>.intl.tencentcloudapi.com for every
	// service (tests point it at a second fake server).
	BaseURL string
	// Region is sent as X-TC-Region when not empty.
	Region string
	// Limits paces the calls per action (requests per second); the default
	// is the live limits, so recording never trips RequestLimitExceeded.
	Limits map[string]float64
	// Now dates the new Source; default time.Now.
	Now func() time.Time
	// Timeout bounds each call; default 30 s.
	Timeout time.Duration
}

// RecordFile records the cassette file at path against the live API and
// rewrites it in place (atomically) with the scrubbed answers.
func RecordFile(ctx context.Context, path string, opts RecordOptions) error {
	if os.Getenv(RecordEnv) != "1" {
		return ErrRecordDisabled
	}
	c, err := LoadCassetteFile(path)
	if err != nil {
		return err
	}
	rec, err := Record(ctx, c, opts)
	if err != nil {
		return err
	}
	b, err := encodeCassette(rec)
	if err != nil {
		return err
	}
	return writeFileAtomic(path, b)
}

// Record replays each interaction's request against the live API and returns
// the cassette with scrubbed live answers (and scrubbed request bodies, so the
// requests still match the answers). Answers that say the recording itself
// went wrong (throttling, auth failures, internal errors) abort it rather
// than end up in a cassette.
func Record(ctx context.Context, c Cassette, opts RecordOptions) (Cassette, error) {
	if os.Getenv(RecordEnv) != "1" {
		return Cassette{}, ErrRecordDisabled
	}
	if opts.SecretID == "" {
		opts.SecretID = os.Getenv("TENCENTCLOUD_SECRET_ID")
	}
	if opts.SecretKey == "" {
		opts.SecretKey = os.Getenv("TENCENTCLOUD_SECRET_KEY")
	}
	if opts.SecretID == "" || opts.SecretKey == "" {
		return Cassette{}, errors.New("fakeserver: recording needs TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 30 * time.Second
	}
	if common.DefaultHttpClient != nil {
		// The SDK would share (and we would modify) that client's transport.
		return Cassette{}, errors.New("fakeserver: recording needs its own HTTP client; common.DefaultHttpClient is set")
	}
	for i, in := range c.Interactions {
		if _, err := in.check(); err != nil {
			return Cassette{}, fmt.Errorf("fakeserver: cassette %q interaction %d: %w", c.Scenario, i, err)
		}
	}

	sc := newScrubber()
	out := Cassette{
		Scenario:     c.Scenario,
		Source:       fmt.Sprintf("recorded from the live API on %s, scrubbed", opts.Now().UTC().Format(time.DateOnly)),
		Interactions: make([]Interaction, len(c.Interactions)),
	}
	// Requests first, so fake identifiers are numbered in request order and a
	// hand-written cassette's 100000000001, 100000000002... survive a
	// re-recording that uses real customers in the same order.
	for i, in := range c.Interactions {
		body := in.Request.Body
		if len(bytes.TrimSpace(body)) == 0 {
			body = json.RawMessage("{}")
		}
		scrubbedBody, err := sc.scrub(body)
		if err != nil {
			return Cassette{}, fmt.Errorf("fakeserver: interaction %d request: %w", i, err)
		}
		out.Interactions[i].Request = RecordedRequest{Action: in.Request.Action, Version: in.Request.Version, Body: scrubbedBody}
	}

	r := &recorder{opts: opts, pace: map[string]*rate.Limiter{}}
	for i, in := range c.Interactions {
		raw, err := r.call(ctx, in.Request)
		if err != nil {
			return Cassette{}, fmt.Errorf("fakeserver: interaction %d (%s): %w", i, in.Request.Action, err)
		}
		resp, err := sc.scrub(raw)
		if err != nil {
			return Cassette{}, fmt.Errorf("fakeserver: interaction %d answer: %w", i, err)
		}
		out.Interactions[i].Response = resp
		if _, err := out.Interactions[i].check(); err != nil {
			return Cassette{}, fmt.Errorf("fakeserver: interaction %d: recorded answer: %w", i, err)
		}
	}
	return out, nil
}

type recorder struct {
	opts RecordOptions
	pace map[string]*rate.Limiter
}

// call sends one request through the SDK and returns the raw answer body.
func (r *recorder) call(ctx context.Context, req RecordedRequest) ([]byte, error) {
	spec, _ := lookupAction(req.Action) // validated by the caller
	if err := r.limiter(spec).Wait(ctx); err != nil {
		return nil, err
	}

	scheme, host := "https", spec.Service+".intl.tencentcloudapi.com"
	if r.opts.BaseURL != "" {
		u, err := url.Parse(r.opts.BaseURL)
		if err != nil || u.Host == "" {
			return nil, fmt.Errorf("bad BaseURL %q", r.opts.BaseURL)
		}
		scheme, host = u.Scheme, u.Host
	}
	cpf := profile.NewClientProfile()
	cpf.HttpProfile.Scheme = scheme
	cpf.HttpProfile.Endpoint = host
	cpf.HttpProfile.ReqMethod = http.MethodPost
	cpf.HttpProfile.ReqTimeout = max(1, int(r.opts.Timeout/time.Second))
	cpf.Language = "en-US"
	cpf.DisableRegionBreaker = true
	cpf.NetworkFailureMaxRetries = 0
	cpf.RateLimitExceededMaxRetries = 0

	capture := &captureTransport{base: http.DefaultTransport.(*http.Transport).Clone()}
	client := common.NewCommonClient(common.NewCredential(r.opts.SecretID, r.opts.SecretKey), r.opts.Region, cpf).
		WithHttpTransport(capture)

	// Decode with the SDK's own JSON package and UseNumber so numbers are
	// sent as written (its Number type marshals as a literal).
	params := map[string]interface{}{}
	if body := bytes.TrimSpace(req.Body); len(body) > 0 {
		dec := tcjson.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		if err := dec.Decode(&params); err != nil {
			return nil, fmt.Errorf("request body: %w", err)
		}
	}
	sdkReq := tchttp.NewCommonRequest(spec.Service, spec.Version, spec.Name)
	if err := sdkReq.SetActionParameters(params); err != nil {
		return nil, err
	}
	callCtx, cancel := context.WithTimeout(ctx, r.opts.Timeout)
	defer cancel()
	sdkReq.SetContext(callCtx)

	sendErr := client.Send(sdkReq, tchttp.NewCommonResponse())
	status, raw, ok := capture.result()
	switch {
	case !ok:
		return nil, fmt.Errorf("no answer: %w", sendErr)
	case status != http.StatusOK:
		return nil, fmt.Errorf("HTTP status %d: %s", status, clip(string(raw), 300))
	}
	code, err := answerCode(raw)
	if err != nil {
		return nil, err
	}
	if recordingFailed(code) {
		// Message is the server's; it does not contain our key.
		return nil, fmt.Errorf("the live API answered %s; not recording it: %w", code, sendErr)
	}
	return raw, nil
}

func (r *recorder) limiter(spec actionSpec) *rate.Limiter {
	if l, ok := r.pace[spec.Name]; ok {
		return l
	}
	limit := spec.Limit
	if v, ok := r.opts.Limits[spec.Name]; ok && v > 0 {
		limit = v
	}
	l := rate.NewLimiter(rate.Limit(limit), 1)
	r.pace[spec.Name] = l
	return l
}

// recordingFailed tells answers about the recording session from answers
// about the scenario (business errors are worth recording).
func recordingFailed(code string) bool {
	return code == CodeRequestLimitExceeded || code == CodeInternalError ||
		strings.HasPrefix(code, "AuthFailure") || strings.HasPrefix(code, "ClientError")
}

// captureTransport keeps the raw bytes of the last answer: the SDK turns
// error envelopes into Go errors and parses successes into float64, both of
// which lose what the cassette must keep.
type captureTransport struct {
	base http.RoundTripper

	mu     sync.Mutex
	status int
	body   []byte
	got    bool
}

func (c *captureTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := c.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.status, c.body, c.got = resp.StatusCode, body, true
	c.mu.Unlock()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

func (c *captureTransport) result() (int, []byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.status, c.body, c.got
}

func writeFileAtomic(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".cassette-*.json")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.Write(b); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
