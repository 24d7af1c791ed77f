package tcapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxAnswerBytes bounds how much of an answer is read. The answers of these
// actions are a few kilobytes at most; anything near this size is not one.
const maxAnswerBytes = 1 << 20

// maxRetryAfter bounds a Retry-After the client takes seriously; the
// lookup's deadline bounds it further.
const maxRetryAfter = time.Hour

// answerGate sits under the SDK's HTTP client. It refuses to send a request
// net/http would refuse (with a reason, not a network error), and lets
// through only complete API 3.0 envelopes answered with 200, turning
// everything else into a typed error: the SDK would misreport a 502 page as
// bad JSON, quote whole bodies (STS answers carry temporary keys) in its
// messages, and crash on a body of null. Since it answers with an error
// whatever is not 200, redirects are never followed either.
type answerGate struct {
	next      http.RoundTripper
	userAgent string
	// redact masks the client's secrets in text the server wrote.
	redact func(string) string
}

func (g *answerGate) RoundTrip(req *http.Request) (*http.Response, error) {
	action := req.Header.Get("X-TC-Action")
	if err := checkHeaders(action, req.Header); err != nil {
		return nil, err
	}
	if g.userAgent != "" {
		req = req.Clone(req.Context())
		req.Header.Set("User-Agent", g.userAgent)
	}
	resp, err := g.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := g.readAnswer(action, resp, time.Now())
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	resp.Header.Del("Content-Encoding")
	return resp, nil
}

// headerNames says what a header carries, for messages that must not quote
// it.
var headerNames = map[string]string{
	"Authorization": "the secret ID (in the signature)",
	"X-Tc-Token":    "the security token",
	"X-Tc-Region":   "the region",
	"User-Agent":    "the user agent",
}

// checkHeaders finds the control characters net/http would refuse, so the
// failure names the setting at fault instead of passing for a network
// error. The value is never shown: it may be a credential.
func checkHeaders(action string, h http.Header) error {
	for name, values := range h {
		for _, v := range values {
			if i := strings.IndexFunc(v, func(r rune) bool { return (r < 0x20 && r != '\t') || r == 0x7f }); i >= 0 {
				what := headerNames[name]
				if what == "" {
					what = "header " + name
				}
				return &ClientError{Action: action, Problem: fmt.Sprintf("%s contains a control character (byte %d): check where it is configured", what, i)}
			}
		}
	}
	return nil
}

// readAnswer reads and checks one answer: the body of a well-formed
// envelope, or a typed error.
func (g *answerGate) readAnswer(action string, resp *http.Response, now time.Time) ([]byte, error) {
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, &HTTPStatusError{StatusCode: resp.StatusCode, Status: resp.Status, RetryAfter: retryAfter(resp.Header.Get("Retry-After"), now)}
	}
	if ct := resp.Header.Get("Content-Type"); ct != "" && !isJSON(ct) {
		return nil, &MalformedAnswerError{Problem: "has content type " + mediaType(ct) + ", not JSON"}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswerBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading the answer: %w", err)
	}
	if len(body) > maxAnswerBytes {
		return nil, &MalformedAnswerError{Problem: fmt.Sprintf("is larger than %d MiB", maxAnswerBytes>>20)}
	}
	if !json.Valid(body) {
		return nil, &MalformedAnswerError{Problem: fmt.Sprintf("(%d bytes) is not valid JSON: %s", len(body), invalidJSONReason(body)), Transient: true}
	}
	return body, g.checkEnvelope(action, body)
}

// checkEnvelope accepts {"Response": {...}} without Error, and turns an
// Error into an APIError, even one without a Code: its message is what the
// user needs to see.
func (g *answerGate) checkEnvelope(action string, body []byte) error {
	raw, err := responseObject(action, body)
	if err != nil {
		return err
	}
	var probe struct {
		Error json.RawMessage `json:"Error"`
	}
	_ = json.Unmarshal(raw, &probe) // raw is an object: a RawMessage field always decodes
	if isNull(probe.Error) {
		return nil
	}
	var e struct {
		Code    any `json:"Code"`
		Message any `json:"Message"`
	}
	if json.Unmarshal(probe.Error, &e) != nil {
		return &DecodeError{Action: action, RequestID: lenientRequestID(raw), Field: "Error", Problem: "expected an object, got " + jsonKind(bytes.TrimSpace(probe.Error))}
	}
	code, _ := e.Code.(string)
	message, _ := e.Message.(string)
	if message == "" {
		message = "(none)"
	}
	return &APIError{Action: action, Code: code, Message: g.redact(message), RequestID: lenientRequestID(raw)}
}

// responseObject returns the Response object of an envelope.
func responseObject(action string, body []byte) ([]byte, error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, &DecodeError{Action: action, Problem: "expected a JSON object with a Response object, got " + jsonKind(trimmed)}
	}
	var envelope struct {
		Response json.RawMessage `json:"Response"`
	}
	if err := json.Unmarshal(trimmed, &envelope); err != nil {
		return nil, &DecodeError{Action: action, Problem: "expected a JSON object with a Response object"}
	}
	raw := bytes.TrimSpace(envelope.Response)
	switch {
	case isNull(raw):
		return nil, &DecodeError{Action: action, Field: "Response", Problem: "missing"}
	case raw[0] != '{':
		return nil, &DecodeError{Action: action, Field: "Response", Problem: "expected an object, got " + jsonKind(raw)}
	}
	return raw, nil
}

func isNull(raw []byte) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) == 0 || bytes.Equal(raw, []byte("null"))
}

func isJSON(contentType string) bool {
	mt := mediaType(contentType)
	return mt == "application/json" || mt == "text/json" || strings.HasSuffix(mt, "+json")
}

func mediaType(contentType string) string {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return strconv.Quote(clipText(contentType, 40))
	}
	return mt
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	var d time.Duration
	if secs, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
		d = time.Duration(secs) * time.Second
	} else if at, err := http.ParseTime(v); err == nil {
		d = at.Sub(now)
	}
	return min(max(d, 0), maxRetryAfter)
}

// invalidJSONReason says what is wrong without quoting the body.
func invalidJSONReason(body []byte) string {
	if len(bytes.TrimSpace(body)) == 0 {
		return "empty body"
	}
	var v any
	var syntaxErr *json.SyntaxError
	if err := json.Unmarshal(body, &v); errors.As(err, &syntaxErr) {
		if syntaxErr.Offset >= int64(len(body)) {
			return "truncated"
		}
		return fmt.Sprintf("syntax error at byte %d", syntaxErr.Offset)
	}
	return "invalid JSON"
}
