package fakeserver

import (
	"cmp"
	"fmt"
	"net/http"
	"time"
)

// FaultKind names a kind of injected fault.
type FaultKind string

const (
	// FaultDelay sleeps Fault.Delay (or until the client gives up), then the
	// request is processed normally.
	FaultDelay FaultKind = "Delay"
	// FaultHTTPStatus answers Fault.Status (default 503) with a short text or
	// HTML body, like a gateway in front of the API would.
	FaultHTTPStatus FaultKind = "HTTPStatus"
	// FaultMalformedJSON answers HTTP 200 with a truncated JSON document.
	FaultMalformedJSON FaultKind = "MalformedJSON"
	// FaultBody answers HTTP 200 with Fault.Body as is: missing "Response",
	// wrong types, nulls, huge integers...
	FaultBody FaultKind = "Body"
	// FaultDropConnection closes the connection without answering.
	FaultDropConnection FaultKind = "DropConnection"
	// FaultErrorCode answers the common error envelope with Fault.Code and
	// Fault.Message (e.g. OperationDenied.ServiceBusy, InternalError).
	FaultErrorCode FaultKind = "ErrorCode"
	// FaultTrickle answers HTTP 200 with Fault.Body (default: a valid empty
	// Response) one byte every Fault.Delay, like a server that never quite
	// stops answering.
	FaultTrickle FaultKind = "Trickle"
	// FaultEchoCredentials answers an error envelope with Fault.Code (default
	// InvalidParameter) whose message quotes what the request carried: its
	// X-TC-Token, its Authorization header and its body, as a careless
	// server might.
	FaultEchoCredentials FaultKind = "EchoCredentials"
)

// Fault is one injected misbehaviour. Only the fields of its Kind matter.
type Fault struct {
	Kind FaultKind
	// Times is how many consecutive requests the fault applies to; 0 means 1.
	Times   int
	Delay   time.Duration // FaultDelay
	Status  int           // FaultHTTPStatus; default 503
	Body    string        // FaultHTTPStatus (optional) and FaultBody
	Code    string        // FaultErrorCode, FaultEchoCredentials
	Message string        // FaultErrorCode; a default is used when empty
	// Header is added to the answer (Retry-After, a Content-Type of its own)
	// for FaultHTTPStatus, FaultBody and FaultTrickle.
	Header map[string]string
}

// InjectFaults queues faults for an action; each request of that action
// consumes the next one, in order, before authentication and without taking
// a rate-limit token.
func (s *Server) InjectFaults(action string, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range faults {
		if f.Times < 1 {
			f.Times = 1
		}
		s.faults[action] = append(s.faults[action], f)
	}
}

// ClearFaults drops every queued fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.faults)
}

// nextFault takes one use of the action's first queued fault.
func (s *Server) nextFault(action string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	queue := s.faults[action]
	if len(queue) == 0 {
		return Fault{}, false
	}
	f := queue[0]
	if queue[0].Times--; queue[0].Times == 0 {
		queue = queue[1:]
	}
	if len(queue) == 0 {
		delete(s.faults, action)
	} else {
		s.faults[action] = queue
	}
	return f, true
}

// faultReply turns a fault into the reply to send. ok is false for
// FaultDelay, after which processing goes on; gone reports that the client
// left during the delay.
func faultReply(r *http.Request, body []byte, f Fault) (rep reply, ok, gone bool) {
	rep, ok, gone = kindReply(r, body, f)
	rep.header = f.Header
	return rep, ok, gone
}

func kindReply(r *http.Request, body []byte, f Fault) (rep reply, ok, gone bool) {
	ctx := r.Context()
	switch f.Kind {
	case FaultDelay:
		t := time.NewTimer(f.Delay)
		defer t.Stop()
		select {
		case <-t.C:
			return reply{}, false, false
		case <-ctx.Done():
			return reply{}, false, true
		}
	case FaultHTTPStatus:
		status := f.Status
		if status == 0 {
			status = http.StatusServiceUnavailable
		}
		body, contentType := f.Body, "text/plain; charset=utf-8"
		if body == "" {
			text := http.StatusText(status)
			body = fmt.Sprintf("<html>\r\n<head><title>%d %s</title></head>\r\n<body>\r\n<center><h1>%d %s</h1></center>\r\n</body>\r\n</html>\r\n",
				status, text, status, text)
			contentType = "text/html; charset=utf-8"
		}
		return reply{status: status, contentType: contentType, body: []byte(body)}, true, false
	case FaultMalformedJSON:
		return reply{status: http.StatusOK, contentType: jsonContentType,
			body: []byte(`{"Response": {"RequestId": "` + newRequestID() + `", "TotalCo`)}, true, false
	case FaultBody:
		return reply{status: http.StatusOK, contentType: jsonContentType, body: []byte(f.Body)}, true, false
	case FaultDropConnection:
		return reply{drop: true}, true, false
	case FaultErrorCode:
		code, msg := f.Code, f.Message
		if code == "" {
			code = CodeInternalError
		}
		if msg == "" {
			msg = "Injected fault " + code + "."
		}
		return reply{status: http.StatusOK, contentType: jsonContentType, body: encodeError(code, msg), code: code}, true, false
	case FaultTrickle:
		b := f.Body
		if b == "" {
			b = `{"Response": {"RequestId": "` + newRequestID() + `"}}`
		}
		return reply{status: http.StatusOK, contentType: jsonContentType, body: []byte(b), trickle: max(f.Delay, time.Millisecond)}, true, false
	case FaultEchoCredentials:
		code := cmp.Or(f.Code, CodeInvalidParameter)
		msg := fmt.Sprintf("Rejected request with token %s, authorization %s and body %s.",
			r.Header.Get("X-TC-Token"), r.Header.Get("Authorization"), body)
		return reply{status: http.StatusOK, contentType: jsonContentType, body: encodeError(code, msg), code: code}, true, false
	}
	// An unknown kind is a test bug; say so through the answer rather than panic.
	return reply{status: http.StatusOK, contentType: jsonContentType,
		body: encodeError(CodeInternalError, fmt.Sprintf("Unknown injected fault kind %q.", f.Kind)),
		code: CodeInternalError}, true, false
}
