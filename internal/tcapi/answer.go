package tcapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/decimal"
)

// maxAnswerBytes bounds how much of an answer is read: the largest real
// ones, a page of 100 customers with their credit, are far smaller.
const maxAnswerBytes = 1 << 20

// maxRetryAfter bounds a Retry-After; the lookup's deadline bounds it too.
const maxRetryAfter = time.Hour

// readAnswer reads the body of a 200 with a JSON (or no) content type, or
// returns a typed error: for a redirect too, which is never followed.
func readAnswer(resp *http.Response, now time.Time) ([]byte, error) {
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode == http.StatusOK && ct != "" && !isJSON(ct) {
		resp.Body.Close()
		return nil, &MalformedAnswerError{Problem: "has content type " + mediaType(ct) + ", not JSON"}
	}
	return readBody(resp, now)
}

// readBody reads the body of a 200, bounded, or returns a typed error.
func readBody(resp *http.Response, now time.Time) ([]byte, error) {
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, &HTTPStatusError{StatusCode: resp.StatusCode, Status: resp.Status, RetryAfter: retryAfter(resp.Header.Get("Retry-After"), now)}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswerBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading the answer: %w", err)
	}
	if len(body) > maxAnswerBytes {
		return nil, &MalformedAnswerError{Problem: fmt.Sprintf("is larger than %d MiB", maxAnswerBytes>>20)}
	}
	return body, nil
}

// meta is what the Response object of every answer carries, besides the
// action's own fields: an error, and the request's ID.
type meta struct {
	Error     *errorBody `json:"Error,omitempty"`
	RequestId *string    `json:"RequestId,omitempty" tcapi:"required"` //nolint:revive // the API's name
}

// errorBody is lenient: an Error without a Code, or with a Code of another
// type, is still an error, and its message is what the user needs to see.
type errorBody struct {
	Code    any `json:"Code"`
	Message any `json:"Message"`
}

func (m *meta) answerMeta() *meta { return m }

// requestIDOf is the request ID of an answer, "" without one.
func requestIDOf(p any) string {
	if m, ok := p.(interface{ answerMeta() *meta }); ok && m.answerMeta().RequestId != nil {
		return *m.answerMeta().RequestId
	}
	return ""
}

// decode reads an answer's body, once, into the Response object of P: an
// Error in it is an *APIError (its message redacted), anything but the
// documented shape a *DecodeError naming the field, never a silent zero. A
// field the API always sends (tagged `tcapi:"required"`, or "nonempty") is
// one when missing: an answer of nulls must not pass a policy check by
// saying nothing. Unknown fields are ignored, as the API adds fields.
func decode[P any](action string, body []byte, redact func(string) string) (*P, error) {
	var envelope struct {
		Response *P `json:"Response"`
	}
	if err := json.Unmarshal(body, &envelope); err != nil {
		return nil, decodeFailure(action, body, err, redact)
	}
	if trimmed := bytes.TrimSpace(body); trimmed[0] != '{' { // null: the only value that is no object and decodes
		return nil, &DecodeError{Action: action, Problem: "expected a JSON object with a Response object, got " + kindOf(trimmed)}
	}
	if envelope.Response == nil {
		return nil, &DecodeError{Action: action, Field: "Response", Problem: "missing"}
	}
	if m, ok := any(envelope.Response).(interface{ answerMeta() *meta }); ok && m.answerMeta().Error != nil {
		return nil, apiError(action, m.answerMeta(), redact)
	}
	if field, problem := missingField(reflect.ValueOf(envelope.Response), ""); field != "" {
		return nil, &DecodeError{Action: action, RequestID: requestIDOf(envelope.Response), Field: field, Problem: problem}
	}
	return envelope.Response, nil
}

func apiError(action string, m *meta, redact func(string) string) *APIError {
	code, _ := m.Error.Code.(string)
	message, _ := m.Error.Message.(string)
	if message == "" {
		message = "(none)"
	}
	var id string
	if m.RequestId != nil {
		id = clipText(*m.RequestId, 128)
	}
	return &APIError{Action: action, Code: clipText(code, 128), Message: redact(clipText(message, 2048)), RequestID: id}
}

// decodeFailure explains why body did not decode. An error answer whose
// other fields are odd is still the error it reports, so the failure path
// (and only it) looks at the body a second time, leniently.
func decodeFailure(action string, body []byte, err error, redact func(string) string) error {
	var syntaxErr *json.SyntaxError
	if errors.As(err, &syntaxErr) {
		if len(bytes.TrimSpace(body)) == 0 {
			return &MalformedAnswerError{Problem: "is empty", Transient: true}
		}
		if syntaxErr.Offset >= int64(len(body)) {
			return &MalformedAnswerError{Problem: fmt.Sprintf("(%d bytes) is cut short: not valid JSON", len(body)), Transient: true}
		}
		return &MalformedAnswerError{Problem: fmt.Sprintf("(%d bytes) is not JSON: syntax error at byte %d", len(body), syntaxErr.Offset)}
	}
	var typeErr *json.UnmarshalTypeError
	switch {
	case !errors.As(err, &typeErr):
		return &DecodeError{Action: action, Problem: "not the documented shape"}
	case typeErr.Field == "":
		return &DecodeError{Action: action, Problem: "expected a JSON object with a Response object, got " + typeOf(typeErr)}
	case typeErr.Field == "Response":
		return &DecodeError{Action: action, Field: "Response", Problem: "expected an object, got " + typeOf(typeErr)}
	}
	var probe struct {
		Response struct {
			Error     json.RawMessage `json:"Error"`
			RequestID any             `json:"RequestId"`
		} `json:"Response"`
	}
	_ = json.Unmarshal(body, &probe) // a valid object with an object Response: it decodes
	id, _ := probe.Response.RequestID.(string)
	id = clipText(id, 128)
	if raw := bytes.TrimSpace(probe.Response.Error); len(raw) > 0 && !bytes.Equal(raw, []byte("null")) {
		var e errorBody
		if json.Unmarshal(raw, &e) != nil {
			return &DecodeError{Action: action, RequestID: id, Field: "Error", Problem: "expected an object, got " + kindOf(raw)}
		}
		return apiError(action, &meta{Error: &e, RequestId: &id}, redact)
	}
	// A value of the wrong type or out of range, named by its field.
	return &DecodeError{Action: action, RequestID: id, Field: strings.TrimPrefix(typeErr.Field, "Response."),
		Problem: fmt.Sprintf("expected %s, got %s", describeType(typeErr.Type), typeErr.Value)}
}

// missingField finds the first tagged field of v (a pointer to a struct of
// pointers) that the answer left out, null or, for nonempty, empty.
func missingField(v reflect.Value, prefix string) (field, problem string) {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return "", ""
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return "", ""
	}
	for i := range v.NumField() {
		f := v.Type().Field(i)
		value := v.Field(i)
		if f.Anonymous {
			if field, problem := missingField(value, prefix); field != "" {
				return field, problem
			}
			continue
		}
		name := prefix + jsonName(f)
		rule := f.Tag.Get("tcapi")
		switch {
		case rule != "" && value.Kind() == reflect.Pointer && value.IsNil():
			return name, "missing or null"
		case rule == "nonempty" && value.Elem().Kind() == reflect.String && value.Elem().String() == "":
			return name, "empty"
		}
		if value.Kind() == reflect.Pointer && value.Elem().Kind() == reflect.Struct && f.Type.Elem().PkgPath() == v.Type().PkgPath() {
			if field, problem := missingField(value, name+"."); field != "" {
				return field, problem
			}
		}
	}
	return "", ""
}

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "" {
		return f.Name
	}
	return name
}

func describeType(t reflect.Type) string {
	if t == nil {
		return "a value"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t {
	case reflect.TypeFor[decimal.Decimal]():
		return "a number"
	case reflect.TypeFor[decimal.Quoted]():
		return "a decimal number in a string"
	case reflect.TypeFor[Time]():
		return "a time in the form YYYY-MM-DD hh:mm:ss"
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "an integer within int64"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a non-negative integer within uint64"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Struct:
		return "an object"
	}
	return t.Kind().String()
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
		d = time.Duration(min(max(secs, 0), int(maxRetryAfter/time.Second))) * time.Second
	} else if at, err := http.ParseTime(v); err == nil {
		d = at.Sub(now)
	}
	return min(max(d, 0), maxRetryAfter)
}

// kindOf names the JSON type of raw, a valid JSON value, the way
// encoding/json does in its errors, without echoing the value (an answer
// may carry credentials).
func kindOf(raw []byte) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "invalid JSON"
	}
	switch raw[0] {
	case '"':
		return "string"
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	}
	return "number"
}

// typeOf is the JSON type an UnmarshalTypeError reports ("number 5" is a
// number), without the value.
func typeOf(e *json.UnmarshalTypeError) string {
	kind, _, _ := strings.Cut(e.Value, " ")
	return kind
}

// clipText shortens s to at most n bytes on a rune boundary.
func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
