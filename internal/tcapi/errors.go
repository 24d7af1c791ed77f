package tcapi

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// APIError is an error answer of the API: HTTP 200 with Response.Error.
type APIError struct {
	Action    string
	Code      string
	Message   string
	RequestID string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("%s: [%s] %s (request ID %s)", e.Action, e.Code, e.Message, orNone(e.RequestID))
}

// Detail is the error for a diagnostic, one fact per line.
func (e *APIError) Detail() string {
	return fmt.Sprintf("Error code: %s\nMessage: %s\nRequest ID: %s", e.Code, e.Message, orNone(e.RequestID))
}

// HTTPStatusError is an answer whose HTTP status is not 200. API 3.0 answers
// every error, throttling included, with 200, so a 5xx comes from the gateway
// or a proxy in front of it and is worth retrying.
type HTTPStatusError struct {
	StatusCode int
	Status     string
}

func (e *HTTPStatusError) Error() string {
	return fmt.Sprintf("HTTP status %s", e.Status)
}

// MalformedAnswerError is an answer that is not JSON at all, typically a
// truncated body or a proxy's HTML page.
type MalformedAnswerError struct {
	Length int
	Reason string
}

func (e *MalformedAnswerError) Error() string {
	return fmt.Sprintf("the answer (%d bytes) is not valid JSON: %s", e.Length, e.Reason)
}

// DecodeError is a JSON answer that does not have the documented shape.
// Field names the offending field; the value is never echoed because STS
// answers carry temporary keys.
type DecodeError struct {
	Action    string
	RequestID string
	Field     string
	Problem   string
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("%s: unexpected answer (request ID %s): %s: %s", e.Action, orNone(e.RequestID), e.where(), e.Problem)
}

// Detail is the error for a diagnostic, one fact per line.
func (e *DecodeError) Detail() string {
	return fmt.Sprintf("Problem: %s: %s\nRequest ID: %s", e.where(), e.Problem, orNone(e.RequestID))
}

func (e *DecodeError) where() string {
	if e.Field == "" {
		return "the answer"
	}
	return "field " + e.Field
}

// RetryError reports a retryable failure that persisted through every
// attempt the retry budget allowed. Unwrap gives the last failure.
type RetryError struct {
	Action   string
	Attempts int
	Err      error
}

func (e *RetryError) Error() string {
	return fmt.Sprintf("%s: gave up after %d attempts: %v", e.Action, e.Attempts, e.Err)
}

func (e *RetryError) Unwrap() error { return e.Err }

// ErrorCode returns the API error code carried by err, or "".
func ErrorCode(err error) string {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.Code
	}
	return ""
}

// RequestID returns the request ID carried by err, or "".
func RequestID(err error) string {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.RequestID
	}
	var decErr *DecodeError
	if errors.As(err, &decErr) {
		return decErr.RequestID
	}
	return ""
}

// Attempts returns how many attempts were made before err was returned:
// 1 unless the error went through the retry loop more than once.
func Attempts(err error) int {
	var retryErr *RetryError
	if errors.As(err, &retryErr) {
		return retryErr.Attempts
	}
	return 1
}

// HasCodePrefix matches a code and its sub-codes: "InternalError" matches
// "InternalError.DbError" but not "InternalErrorX".
func HasCodePrefix(code, prefix string) bool {
	return code == prefix || strings.HasPrefix(code, prefix+".")
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// TimeoutError is an attempt that got no answer within the request timeout.
type TimeoutError struct {
	Timeout time.Duration
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("no answer within the request timeout of %s", e.Timeout)
}
