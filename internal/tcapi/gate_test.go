package tcapi

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func answerWith(status int, header map[string]string, body string) *http.Response {
	h := http.Header{}
	for k, v := range header {
		h.Set(k, v)
	}
	return &http.Response{StatusCode: status, Status: http.StatusText(status), Header: h, Body: io.NopCloser(strings.NewReader(body))}
}

// metaOnly is an answer with nothing but what every answer has.
type metaOnly struct{ meta }

// readAndDecode is what a call does with an answer.
func readAndDecode(resp *http.Response, now time.Time) ([]byte, error) {
	body, err := readAnswer(resp, now)
	if err != nil {
		return nil, err
	}
	_, err = decode[metaOnly]("DescribeSkillScanPayInfo", body, noRedact)
	return body, err
}

// TestAnswers runs each class of answer a call must sort, several members
// each, and checks the typed error, whether it is worth a retry and that
// its message names the real problem.
func TestAnswers(t *testing.T) {
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	const valid = `{"Response": {"RequestId": "r-ok"}}`
	json := map[string]string{"Content-Type": "application/json"}
	tests := []struct {
		name       string
		resp       *http.Response
		wantErr    any // nil, or a pointer to the wanted error type
		retry      bool
		wantIn     string
		retryAfter time.Duration
	}{
		{name: "well formed", resp: answerWith(200, json, valid)},
		{name: "JSON with a charset", resp: answerWith(200, map[string]string{"Content-Type": "application/json; charset=utf-8"}, valid)},
		{name: "no content type", resp: answerWith(200, nil, valid)},
		{name: "a +json type", resp: answerWith(200, map[string]string{"Content-Type": "application/vnd.tc+json"}, valid)},

		{name: "gateway 502", resp: answerWith(502, nil, "<html>bad gateway</html>"), wantErr: new(*HTTPStatusError), retry: true, wantIn: "HTTP status"},
		{name: "500", resp: answerWith(500, json, valid), wantErr: new(*HTTPStatusError), retry: true},
		{name: "501 will not change", resp: answerWith(501, nil, ""), wantErr: new(*HTTPStatusError)},
		{name: "403", resp: answerWith(403, nil, ""), wantErr: new(*HTTPStatusError)},
		{name: "redirect not followed", resp: answerWith(302, map[string]string{"Location": "https://evil.example/"}, ""), wantErr: new(*HTTPStatusError)},
		{name: "429 with seconds", resp: answerWith(429, map[string]string{"Retry-After": "7"}, ""), wantErr: new(*HTTPStatusError), retry: true, retryAfter: 7 * time.Second},
		{name: "503 with a date", resp: answerWith(503, map[string]string{"Retry-After": now.Add(90 * time.Second).Format(http.TimeFormat)}, ""), wantErr: new(*HTTPStatusError), retry: true, retryAfter: 90 * time.Second},
		{name: "503 with a past date", resp: answerWith(503, map[string]string{"Retry-After": now.Add(-time.Hour).Format(http.TimeFormat)}, ""), wantErr: new(*HTTPStatusError), retry: true},
		{name: "503 with nonsense", resp: answerWith(503, map[string]string{"Retry-After": "soon"}, ""), wantErr: new(*HTTPStatusError), retry: true},
		{name: "503 asking for a day", resp: answerWith(503, map[string]string{"Retry-After": "86400"}, ""), wantErr: new(*HTTPStatusError), retry: true, retryAfter: maxRetryAfter},

		{name: "event stream", resp: answerWith(200, map[string]string{"Content-Type": "text/event-stream"}, "data: x\n\n"), wantErr: new(*MalformedAnswerError), wantIn: "content type text/event-stream"},
		{name: "octet stream", resp: answerWith(200, map[string]string{"Content-Type": "application/octet-stream"}, valid), wantErr: new(*MalformedAnswerError), wantIn: "content type application/octet-stream"},
		{name: "HTML page with 200", resp: answerWith(200, map[string]string{"Content-Type": "text/html"}, "<html>login</html>"), wantErr: new(*MalformedAnswerError), wantIn: "content type text/html"},
		{name: "garbled content type", resp: answerWith(200, map[string]string{"Content-Type": ";;;"}, valid), wantErr: new(*MalformedAnswerError), wantIn: `content type ";;;"`},
		{name: "larger than 1 MiB", resp: answerWith(200, json, `{"Response": {"X": "`+strings.Repeat("a", maxAnswerBytes)+`"}}`), wantErr: new(*MalformedAnswerError), wantIn: "larger than 1 MiB"},
		{name: "endless", resp: &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: io.NopCloser(endless{})}, wantErr: new(*MalformedAnswerError), wantIn: "larger than 1 MiB"},

		{name: "cut short", resp: answerWith(200, json, `{"Response": {"Req`), wantErr: new(*MalformedAnswerError), retry: true, wantIn: "cut short"},
		{name: "cut short after a value", resp: answerWith(200, json, `{"Response": {"RequestId": "r"}`), wantErr: new(*MalformedAnswerError), retry: true, wantIn: "cut short"},
		{name: "empty", resp: answerWith(200, json, ""), wantErr: new(*MalformedAnswerError), retry: true, wantIn: "is empty"},
		{name: "a sign-in page served as JSON", resp: answerWith(200, json, "<html>login</html>"), wantErr: new(*MalformedAnswerError), wantIn: "not JSON: syntax error at byte 1"},
		{name: "a sign-in page without a content type", resp: answerWith(200, nil, "<!DOCTYPE html><html>login</html>"), wantErr: new(*MalformedAnswerError), wantIn: "not JSON"},
		{name: "a bare OK", resp: answerWith(200, json, "OK"), wantErr: new(*MalformedAnswerError), wantIn: "not JSON"},
		{name: "JSON and then garbage", resp: answerWith(200, json, valid+" trailing"), wantErr: new(*MalformedAnswerError), wantIn: "not JSON"},

		{name: "null", resp: answerWith(200, json, "null"), wantErr: new(*DecodeError), wantIn: "got null"},
		{name: "an array", resp: answerWith(200, json, `[{"Response": {}}]`), wantErr: new(*DecodeError), wantIn: "got array"},
		{name: "a string", resp: answerWith(200, json, `"Response"`), wantErr: new(*DecodeError), wantIn: "got string"},
		{name: "a number", resp: answerWith(200, json, `1e3`), wantErr: new(*DecodeError), wantIn: "got number"},
		{name: "a boolean", resp: answerWith(200, json, `true`), wantErr: new(*DecodeError), wantIn: "got bool"},
		{name: "Response null", resp: answerWith(200, json, `{"Response": null}`), wantErr: new(*DecodeError), wantIn: "missing"},
		{name: "Response a string", resp: answerWith(200, json, `{"Response": "ok"}`), wantErr: new(*DecodeError), wantIn: "got string"},
		{name: "Error not an object", resp: answerWith(200, json, `{"Response": {"Error": "boom", "RequestId": "r-e"}}`), wantErr: new(*DecodeError), wantIn: "Error"},

		{name: "an error answer", resp: answerWith(200, json, `{"Response": {"Error": {"Code": "InternalError", "Message": "boom"}, "RequestId": "r-1"}}`), wantErr: new(*APIError), retry: true, wantIn: "[InternalError] boom (request ID r-1)"},
		{name: "an error without a code", resp: answerWith(200, json, `{"Response": {"Error": {"Code": "", "Message": "the backend fell over"}, "RequestId": "r-2"}}`), wantErr: new(*APIError), wantIn: "[none] the backend fell over"},
		{name: "an error with only a message", resp: answerWith(200, json, `{"Response": {"Error": {"Message": "nope"}}}`), wantErr: new(*APIError), wantIn: "[none] nope"},
		{name: "an error of odd types", resp: answerWith(200, json, `{"Response": {"Error": {"Code": 5, "Message": ["x"]}, "RequestId": 7}}`), wantErr: new(*APIError), wantIn: "[none] (none) (request ID none)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, err := readAndDecode(tt.resp, now)
			if tt.wantErr == nil {
				if err != nil || len(body) == 0 {
					t.Fatalf("read = %q, %v; want the body", body, err)
				}
				return
			}
			if !errors.As(err, tt.wantErr) {
				t.Fatalf("read = %T %v, want %T", err, err, tt.wantErr)
			}
			if Retryable(err) != tt.retry {
				t.Errorf("Retryable(%v) = %v, want %v", err, !tt.retry, tt.retry)
			}
			if !strings.Contains(err.Error(), tt.wantIn) {
				t.Errorf("error %q does not say %q", err, tt.wantIn)
			}
			if strings.Contains(err.Error(), "login") || strings.Contains(err.Error(), "bad gateway") {
				t.Errorf("error %q quotes the body", err)
			}
			var statusErr *HTTPStatusError
			if errors.As(err, &statusErr) && statusErr.RetryAfter != tt.retryAfter {
				t.Errorf("RetryAfter = %v, want %v", statusErr.RetryAfter, tt.retryAfter)
			}
		})
	}
}

type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

func TestCheckHeadersNamesTheSettingWithoutTheValue(t *testing.T) {
	const secret = "token-with-a-newline-inside"
	for _, tt := range []struct{ header, value, want string }{
		{"X-Tc-Token", secret[:10] + "\n" + secret[10:], "the security token contains a control character"},
		{"X-Tc-Token", secret + "\r", "the security token"},
		{"X-Tc-Token", "\x00" + secret, "the security token"},
		{"X-Tc-Region", "ap-singapore\n", "the region contains a control character"},
		{"Authorization", "TC3-HMAC-SHA256 Credential=AKID\x7f/", "the secret ID"},
		{"X-Tc-Action", "Describe\nX", "header X-Tc-Action"},
	} {
		h := http.Header{}
		h.Set(tt.header, tt.value)
		err := checkHeaders("A", h)
		var clientErr *ClientError
		if !errors.As(err, &clientErr) || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), secret[:10]) || Retryable(err) {
			t.Errorf("%s %q: got %v, want a ClientError about %q, not retryable, without the value", tt.header, tt.value, err, tt.want)
		}
	}
	h := http.Header{}
	h.Set("X-Tc-Token", "tab\tis fine")
	if err := checkHeaders("A", h); err != nil {
		t.Errorf("a tab is a valid header character: %v", err)
	}
}
