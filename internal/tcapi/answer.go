package tcapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
)

// decodeAnswer decodes the Response object of a successful answer into
// params, strictly: a value of the wrong JSON type or out of range is a
// DecodeError naming the field, never a silent zero, and so is a field the
// API always sends (tagged `tcapi:"required"`, or `tcapi:"nonempty"` for a
// string that must not be empty either) but this answer lacks: an answer of
// nulls must not pass a policy check by saying nothing. Unknown fields are
// ignored, as the API adds fields over time.
//
// The SDK's own decoder is bypassed on purpose (see the response types'
// ParseErrorFromHTTPResponse): its errors quote the whole body.
func decodeAnswer(action string, body []byte, params any) error {
	raw, err := responseObject(action, body)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(raw, params); err != nil {
		decErr := &DecodeError{Action: action, RequestID: lenientRequestID(raw), Problem: "not the documented shape"}
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			decErr.Field = typeErr.Field
			decErr.Problem = fmt.Sprintf("expected %s, got %s", describeType(typeErr.Type), typeErr.Value)
		}
		return decErr
	}
	if field, problem := missingField(reflect.ValueOf(params), ""); field != "" {
		return &DecodeError{Action: action, RequestID: lenientRequestID(raw), Field: field, Problem: problem}
	}
	return nil
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
		name := prefix + jsonName(f)
		rule := f.Tag.Get("tcapi")
		value := v.Field(i)
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
	return clipText(id, 128)
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
