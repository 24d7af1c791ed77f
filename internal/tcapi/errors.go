package tcapi

import (
	"cmp"
	"errors"
	"fmt"
	"strings"
	"time"
)

// APIError is an error answer of the API: Response.Error in an answer
// otherwise well formed. Message is the server's, with every secret the
// client holds masked (a server may quote what it was sent).
type APIError struct {
	Action    string
	Code      string
	Message   string
	RequestID string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("%s: [%s] %s (request ID %s)", e.Action, cmp.Or(e.Code, "none"), e.Message, cmp.Or(e.RequestID, "none"))
}

// HTTPStatusError is an answer whose HTTP status is not 200. API 3.0 answers
// every error, throttling included, with 200, so a 5xx comes from the gateway
// or a proxy in front of it and is worth retrying; so is a 429.
type HTTPStatusError struct {
	StatusCode int
	Status     string
	// RetryAfter is how long the server asked to wait (Retry-After), or 0.
	RetryAfter time.Duration
}

func (e *HTTPStatusError) Error() string {
	if e.RetryAfter > 0 {
		return fmt.Sprintf("HTTP status %s (retry after %s)", e.Status, e.RetryAfter)
	}
	return fmt.Sprintf("HTTP status %s", e.Status)
}

// MalformedAnswerError is an answer with status 200 that is no JSON
// document: cut short (worth another attempt), or one that will never be an
// API answer, too large or of another content type (not worth one).
type MalformedAnswerError struct {
	Problem   string
	Transient bool
}

func (e *MalformedAnswerError) Error() string {
	return "the answer " + e.Problem
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
	return fmt.Sprintf("%s: unexpected answer (request ID %s): %s: %s", e.Action, cmp.Or(e.RequestID, "none"), e.Where(), e.Problem)
}

// Where names the field at fault, or the answer as a whole.
func (e *DecodeError) Where() string {
	if e.Field == "" {
		return "the answer"
	}
	return "field " + e.Field
}

// ClientError is a request this side could not send as built, such as a
// header value with a control character: no attempt can succeed.
type ClientError struct {
	Action  string
	Problem string
}

func (e *ClientError) Error() string {
	return fmt.Sprintf("%s: the request cannot be sent: %s", e.Action, e.Problem)
}

// RetryError reports a retryable failure that persisted through every
// attempt the retry budget allowed. Unwrap gives the last failure.
type RetryError struct {
	Action   string
	Attempts int
	// Deadline is set when the lookup's deadline, not the number of
	// attempts, ended the retries.
	Deadline time.Duration
	Err      error
}

func (e *RetryError) Error() string {
	if e.Deadline > 0 {
		return fmt.Sprintf("%s: gave up after %d attempts, at the lookup's deadline of %s: %v", e.Action, e.Attempts, e.Deadline, e.Err)
	}
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

// TimeoutError is an attempt that got no answer within the time it had.
type TimeoutError struct {
	Timeout time.Duration
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("no answer within the request timeout of %s", e.Timeout)
}

// BatchError is the first failure of a batch: the lookup at Index failed
// with Err, and no lookup started after it.
type BatchError struct {
	Index int
	Err   error
}

func (e *BatchError) Error() string {
	return fmt.Sprintf("lookup %d of the batch: %v", e.Index, e.Err)
}

func (e *BatchError) Unwrap() error { return e.Err }
