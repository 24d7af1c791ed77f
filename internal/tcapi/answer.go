package tcapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
)

// decodeAnswer decodes the Response object of a successful answer into
// params, strictly: a value of the wrong JSON type or out of range is a
// DecodeError naming the field, never a silent zero. Unknown fields are
// ignored, as the API adds fields over time.
//
// The SDK's own decoder is bypassed on purpose (see the response types'
// ParseErrorFromHTTPResponse): its errors quote the whole body.
func decodeAnswer(action string, body []byte, params any) error {
	var envelope struct {
		Response json.RawMessage `json:"Response"`
	}
	if err := json.Unmarshal(body, &envelope); err != nil {
		return &DecodeError{Action: action, Problem: "expected a JSON object with a Response object, got " + jsonKind(bytes.TrimSpace(body))}
	}
	raw := bytes.TrimSpace(envelope.Response)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return &DecodeError{Action: action, Field: "Response", Problem: "missing"}
	}
	if raw[0] != '{' {
		return &DecodeError{Action: action, Field: "Response", Problem: "expected an object, got " + jsonKind(raw)}
	}
	if err := json.Unmarshal(raw, params); err != nil {
		decErr := &DecodeError{Action: action, RequestID: lenientRequestID(raw), Problem: err.Error()}
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			decErr.Field = typeErr.Field
			decErr.Problem = fmt.Sprintf("expected %s, got %s", describeType(typeErr.Type), typeErr.Value)
		}
		return decErr
	}
	return nil
}

// lenientRequestID digs the request ID out of an answer that failed strict
// decoding, so the diagnostic can still name the request.
func lenientRequestID(raw []byte) string {
	var probe struct {
		RequestID any `json:"RequestId"`
	}
	if json.Unmarshal(raw, &probe) != nil {
		return ""
	}
	id, _ := probe.RequestID.(string)
	return id
}

func describeType(t reflect.Type) string {
	if t == nil {
		return "a value"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
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
		switch t {
		case reflect.TypeFor[Decimal]():
			return "a number"
		case reflect.TypeFor[Time]():
			return "a time in the form YYYY-MM-DD hh:mm:ss"
		}
		return "an object"
	default:
		return t.Kind().String()
	}
}
