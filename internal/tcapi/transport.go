package tcapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
)

// maxAnswerBytes bounds how much of an answer is read. The answers of these
// actions are a few hundred bytes; anything near this size is not one of them.
const maxAnswerBytes = 1 << 20

// answerGate sits under the SDK's HTTP client and turns what the SDK would
// misreport into typed errors: the SDK parses a 502 page as "bad JSON" and
// quotes the whole body (STS bodies carry temporary keys) in its message.
// Whatever passes the gate is a complete JSON document answered with 200.
type answerGate struct {
	next      http.RoundTripper
	userAgent string
}

func (g *answerGate) RoundTrip(req *http.Request) (*http.Response, error) {
	if g.userAgent != "" {
		req = req.Clone(req.Context())
		req.Header.Set("User-Agent", g.userAgent)
	}
	resp, err := g.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, readErr := io.ReadAll(io.LimitReader(resp.Body, maxAnswerBytes+1))
	_ = resp.Body.Close()

	if resp.StatusCode != http.StatusOK {
		return nil, &HTTPStatusError{StatusCode: resp.StatusCode, Status: resp.Status}
	}
	if readErr != nil {
		return nil, fmt.Errorf("reading the answer: %w", readErr)
	}
	if len(body) > maxAnswerBytes {
		return nil, &MalformedAnswerError{Length: len(body), Reason: fmt.Sprintf("larger than %d bytes", maxAnswerBytes)}
	}
	// The SDK switches to a streaming parser on these types; the actions
	// here never stream.
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt == "text/event-stream" || mt == "application/octet-stream" {
		return nil, &MalformedAnswerError{Length: len(body), Reason: "unexpected content type " + mt}
	}
	if !json.Valid(body) {
		return nil, &MalformedAnswerError{Length: len(body), Reason: invalidJSONReason(body)}
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	return resp, nil
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
