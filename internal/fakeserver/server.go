package fakeserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
)

const (
	jsonContentType = "application/json"
	maxBodyBytes    = 1 << 20
	defaultAddr     = "127.0.0.1:0"
)

// Config configures a Server. The zero value is usable: no cassettes, the
// test key pair, live rate limits, the real clock.
type Config struct {
	// Cassettes are merged; when two interactions match the same request the
	// one loaded first wins.
	Cassettes []Cassette
	// Keys maps SecretId to SecretKey for long-term keys. nil means just
	// TestSecretID/TestSecretKey.
	Keys map[string]string
	// Limits overrides the per-second limit of actions (see newActionLimiter
	// for +Inf and 0).
	Limits map[string]float64
	// Now is the server clock for signature timestamps and token expiry.
	Now func() time.Time
	// STSMaxLifetime caps the lifetime of issued temporary keys when > 0, so
	// tests can watch them expire.
	STSMaxLifetime time.Duration
	// Addr is the listen address; it must be a loopback address. Default
	// 127.0.0.1:0 (a random port).
	Addr string
	// OnRequest, if set, is called after each request is logged (from the
	// request's goroutine).
	OnRequest func(Request)
	// CAMRole is the CAM role bound to the CVM instance whose metadata
	// service the server also plays (GET /latest/meta-data/...); none when
	// empty, which the service answers with 404.
	CAMRole string
	// Book, when set, answers the requests of the customer actions
	// (DescribeCustomerUin, QueryCustomersCredit, DescribeCustomerBillSummary,
	// DescribeBillSummaryByProduct) no cassette answers (see Book).
	Book *Book
}

// Server is a running fake API endpoint. All methods are safe for concurrent
// use.
type Server struct {
	keys           map[string]string
	now            func() time.Time
	stsMaxLifetime time.Duration
	camRole        string
	answers        map[matchKey]servedAnswer
	limiters       map[string]*actionLimiter
	onRequest      func(Request)
	book           *book

	listener  net.Listener
	http      *http.Server
	closeOnce sync.Once
	closeErr  error

	mu         sync.Mutex
	faults     map[string][]Fault
	log        []Request
	temps      map[string]TemporaryCredential
	issueOrder map[string]int
	// exchanges and refusedTokens are the fake STS's web identity record.
	exchanges     []WebIdentityExchange
	refusedTokens []string
}

// Start validates the configuration and starts serving on a loopback port.
func Start(cfg Config) (*Server, error) {
	answers, err := buildIndex(cfg.Cassettes)
	if err != nil {
		return nil, err
	}
	bk, err := newBook(cfg.Book)
	if err != nil {
		return nil, err
	}
	s := &Server{
		keys:           map[string]string{TestSecretID: TestSecretKey},
		now:            cfg.Now,
		stsMaxLifetime: cfg.STSMaxLifetime,
		camRole:        cfg.CAMRole,
		answers:        answers,
		limiters:       map[string]*actionLimiter{},
		onRequest:      cfg.OnRequest,
		book:           bk,
		faults:         map[string][]Fault{},
		temps:          map[string]TemporaryCredential{},
		issueOrder:     map[string]int{},
	}
	if cfg.Keys != nil {
		s.keys = make(map[string]string, len(cfg.Keys))
		for id, key := range cfg.Keys {
			if id == "" || key == "" {
				return nil, errors.New("fakeserver: Config.Keys has an empty SecretId or SecretKey")
			}
			s.keys[id] = key
		}
	}
	if s.now == nil {
		s.now = time.Now
	}
	for action := range cfg.Limits {
		if _, ok := apispec.Lookup(action); !ok {
			return nil, fmt.Errorf("fakeserver: Config.Limits names unknown action %q (known: %s)", action, knownActionNames())
		}
	}
	for _, a := range apispec.Actions() {
		limit := defaultLimit(a)
		if l, ok := cfg.Limits[a.Name]; ok {
			limit = l
		}
		s.limiters[a.Name] = newActionLimiter(limit)
	}

	addr := cfg.Addr
	if addr == "" {
		addr = defaultAddr
	}
	if err := CheckLoopback(addr); err != nil {
		return nil, err
	}
	ln, err := new(net.ListenConfig).Listen(context.Background(), "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("fakeserver: %w", err)
	}
	s.listener = ln
	s.http = &http.Server{Handler: http.HandlerFunc(s.serveHTTP), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.http.Serve(ln) }() // returns ErrServerClosed on Close
	return s, nil
}

// CheckLoopback refuses listen addresses other people's machines could reach:
// the fake accepts a published key pair.
func CheckLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("fakeserver: listen address %q: %w", addr, err)
	}
	if !apispec.IsLoopback(host) {
		return fmt.Errorf("fakeserver: listen address %q is not a loopback address", addr)
	}
	return nil
}

// URL is the base URL, e.g. http://127.0.0.1:38211.
func (s *Server) URL() string { return "http://" + s.Host() }

// Host is host:port, what the SDK wants as HttpProfile.Endpoint.
func (s *Server) Host() string { return s.listener.Addr().String() }

// ProviderBlock is a tcintl provider block that sends every service to this
// server, with lines (arguments such as `max_retries = 1`) inside it. In an
// *_override.tf file it points an existing configuration at the server.
func (s *Server) ProviderBlock(lines ...string) string {
	var b strings.Builder
	b.WriteString("provider \"tcintl\" {\n")
	for _, l := range lines {
		b.WriteString("  " + l + "\n")
	}
	b.WriteString("  endpoints {\n")
	services := apispec.Services()
	width := 0
	for _, service := range services {
		width = max(width, len(service))
	}
	for _, service := range services {
		fmt.Fprintf(&b, "    %-*s = %q\n", width, service, s.URL())
	}
	b.WriteString("  }\n}\n")
	return b.String()
}

// Close stops the server and cuts open connections (which also ends pending
// delays). It is safe to call more than once.
func (s *Server) Close() error {
	s.closeOnce.Do(func() { s.closeErr = s.http.Close() })
	return s.closeErr
}

// reply is what a request gets.
type reply struct {
	status      int
	contentType string
	body        []byte
	code        string // error code inside the answer
	drop        bool   // close the connection without answering
	matched     bool
	header      map[string]string
	// trickle writes the body one byte at a time, this far apart.
	trickle time.Duration
}

func errorReply(e *apiError) reply {
	return reply{status: http.StatusOK, contentType: jsonContentType, body: encodeError(e.Code, e.Message), code: e.Code}
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	entry := Request{
		Time:     s.now(),
		Action:   r.Header.Get("X-TC-Action"),
		Version:  r.Header.Get("X-TC-Version"),
		Region:   r.Header.Get("X-TC-Region"),
		Language: r.Header.Get("X-TC-Language"),
		Header:   r.Header.Clone(),
	}
	if a, err := parseAuthorization(r.Header.Get("Authorization")); err == nil {
		entry.Service, entry.SecretID = a.Service, a.SecretID
	}
	body, bodyErr := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	entry.Body = body
	if canon, err := canonicalBody(body); err == nil && bodyErr == nil {
		entry.CanonicalBody = canon
	}

	var rep reply
	func() {
		// Garbage must never take the server down; a bug becomes an
		// InternalError answer that the log shows.
		defer func() {
			if p := recover(); p != nil {
				rep = errorReply(newAPIError(CodeInternalError, "The fake server failed: %v", p))
			}
		}()
		if isMetadataRequest(r) {
			entry.Action = MetadataCredentials
			rep = s.metadataAnswer(r, &entry)
			return
		}
		rep = s.answer(r, body, bodyErr, &entry)
	}()

	// Log before answering: a client that got its answer (or saw the
	// connection drop) must find the request in the log.
	entry.Code, entry.Status, entry.Matched = rep.code, rep.status, rep.matched
	entry.Duration = time.Since(start)
	s.appendLog(entry)

	switch {
	case rep.drop:
		dropConnection(w)
	case rep.status == 0:
		// The client left during a delay; nobody is there to answer.
	default:
		w.Header().Set("Content-Type", rep.contentType)
		for k, v := range rep.header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(rep.status)
		if rep.trickle > 0 {
			trickle(r.Context(), w, rep.body, rep.trickle)
		} else {
			_, _ = w.Write(rep.body)
		}
	}
}

// answer decides the reply, following the documented order: fault, action
// lookup, authentication, rate limit, answer.
func (s *Server) answer(r *http.Request, body []byte, bodyErr error, entry *Request) reply {
	if f, ok := s.nextFault(entry.Action); ok {
		entry.Fault = f.Kind
		rep, final, gone := faultReply(r, body, f)
		if gone {
			return reply{}
		}
		if final {
			return rep
		}
	}
	if r.Method != http.MethodPost || r.URL.Path != "/" {
		return errorReply(newAPIError(CodeUnsupportedOperation,
			"The fake server only answers POST / (got %s %s).", r.Method, clip(r.URL.Path, 80)))
	}
	if bodyErr != nil {
		return errorReply(newAPIError(CodeInvalidParameter, "The request body could not be read (the limit is %d bytes).", maxBodyBytes))
	}
	if entry.Action == "" {
		return errorReply(newAPIError(CodeMissingParameter, "The request is missing a required parameter `X-TC-Action`."))
	}
	spec, ok := apispec.Lookup(entry.Action)
	if !ok || entry.Version != spec.Version {
		return errorReply(newAPIError(CodeInvalidAction,
			"The action `%s` of version `%s` is not found.", clip(entry.Action, 80), clip(entry.Version, 40)))
	}

	if r.Header.Get("Authorization") == unsignedAuthorization {
		entry.Unsigned = true
		if apiErr := checkUnsigned(r, spec); apiErr != nil {
			return errorReply(apiErr)
		}
	} else {
		id, apiErr := s.authenticate(r, body, spec.Service)
		if id != "" {
			entry.SecretID = id
		}
		if apiErr != nil {
			return errorReply(apiErr)
		}
	}
	if apiErr := s.limiters[spec.Name].take(); apiErr != nil {
		return errorReply(apiErr)
	}

	if dynamic(spec.Name) {
		b, apiErr := s.stsAnswer(spec.Name, body)
		if apiErr != nil {
			return errorReply(apiErr)
		}
		return reply{status: http.StatusOK, contentType: jsonContentType, body: b}
	}
	canon, err := canonicalBody(body)
	if err != nil {
		return errorReply(newAPIError(CodeInvalidParameter, "The request body is %v.", err))
	}
	a, ok := s.answers[matchKey{spec.Name, spec.Version, canon}]
	if !ok {
		if rep, answered := s.book.answer(r, spec.Name, body); answered {
			return rep
		}
		return errorReply(newAPIError(CodeNoAnswer,
			"No answer for action %s version %s with body %s.", spec.Name, spec.Version, clip(canon, 512)))
	}
	return reply{status: http.StatusOK, contentType: jsonContentType, body: a.body, code: a.code, matched: true}
}

// trickle writes body a byte at a time until it is written or the client
// has left.
func trickle(ctx context.Context, w http.ResponseWriter, body []byte, every time.Duration) {
	flush := http.NewResponseController(w)
	for i := range body {
		if _, err := w.Write(body[i : i+1]); err != nil || flush.Flush() != nil {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
}

// dropConnection closes the TCP connection without writing a response, the
// way a crashed gateway or a network cut looks to the client.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// Not hijackable (never the case for this server's HTTP/1 listener):
		// the closest thing is an answer the client cannot use.
		w.WriteHeader(http.StatusBadGateway)
		return
	}
	_ = conn.Close()
}
