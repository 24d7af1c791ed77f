package fakeserver

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// Request is one entry of the request log. Every request is logged, also the
// faulted, rejected and throttled ones.
type Request struct {
	Time     time.Time // by Config.Now
	Service  string    // from the credential scope, when parseable
	Action   string
	Version  string
	Region   string
	Language string
	Header   http.Header
	Body     []byte
	// CanonicalBody is the body as matched against cassettes; empty when the
	// body is not a JSON object.
	CanonicalBody string
	SecretID      string
	// Unsigned reports "Authorization: SKIP" instead of a signature.
	Unsigned bool
	// Code is the error code answered ("" for a success or a non-envelope
	// answer), Status the HTTP status (0 when nothing was sent).
	Code   string
	Status int
	Fault  FaultKind // "" when no fault was injected
	// Matched reports an answer from a cassette (an error answer too) or a
	// successful one from the book.
	Matched bool
	// Duration is the time from arrival to the decision (including injected
	// delays), not counting the write of the answer.
	Duration time.Duration
}

// String is the request's one-line log entry: time, action, outcome and how
// long the server took. It never shows headers or bodies, which may hold
// tokens.
func (r Request) String() string {
	outcome := "ok"
	switch {
	case r.Status == 0:
		outcome = "no answer"
	case r.Code != "":
		outcome = r.Code
	case r.Status != http.StatusOK:
		outcome = "HTTP " + strconv.Itoa(r.Status)
	}
	if r.Fault != "" {
		outcome += " (fault " + string(r.Fault) + ")"
	}
	return fmt.Sprintf("%s %s %s %s", r.Time.UTC().Format("15:04:05.000"), cmp.Or(r.Action, "-"), outcome, r.Duration.Round(100*time.Microsecond))
}

// Throttled reports that the rate limiter (not an injected fault) refused the
// request.
func (r Request) Throttled() bool {
	return r.Code == CodeRequestLimitExceeded && r.Fault != FaultErrorCode
}

// Succeeded reports a normal successful answer.
func (r Request) Succeeded() bool {
	return r.Code == "" && r.Status == http.StatusOK && (r.Fault == "" || r.Fault == FaultDelay)
}

// Unanswered reports that neither a cassette nor the book answers this
// request.
func (r Request) Unanswered() bool {
	return r.Code == CodeNoAnswer
}

func (r Request) clone() Request {
	r.Header = r.Header.Clone()
	r.Body = slices.Clone(r.Body)
	return r
}

func (s *Server) appendLog(r Request) {
	s.mu.Lock()
	s.log = append(s.log, r)
	s.mu.Unlock()
	if s.onRequest != nil {
		s.onRequest(r.clone())
	}
}

// Requests returns a copy of the log, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.log))
	for i, r := range s.log {
		out[i] = r.clone()
	}
	return out
}

// Count is the number of logged requests for an action, whatever the answer.
func (s *Server) Count(action string) int {
	return s.countWhere(func(r Request) bool { return r.Action == action })
}

// CountAnswered is the number of requests for an action answered with the
// error code; code "" counts successful answers (HTTP 200, no error, no
// fault other than a delay). CountAnswered(a, CodeRequestLimitExceeded)
// includes injected RequestLimitExceeded faults; Request.Throttled tells them
// apart.
func (s *Server) CountAnswered(action, code string) int {
	return s.countWhere(func(r Request) bool {
		if r.Action != action || r.Code != code {
			return false
		}
		return code != "" || r.Succeeded()
	})
}

func (s *Server) countWhere(keep func(Request) bool) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.log {
		if keep(r) {
			n++
		}
	}
	return n
}

// Unmatched returns the logged requests neither a cassette nor the book
// answers.
func (s *Server) Unmatched() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Request
	for _, r := range s.log {
		if r.Unanswered() {
			out = append(out, r.clone())
		}
	}
	return out
}

// ResetLog empties the log (and so forgets unmatched requests).
func (s *Server) ResetLog() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = nil
}
