package pacing

import (
	"fmt"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// DefaultKeyPrefix starts every key the coordinator keeps, unless told
// otherwise: one Redis may serve other tools too.
const DefaultKeyPrefix = "tcintl"

// CoordinatorURL is a parsed coordinator URL,
// redis://[user:password@]host[:port][/db] or rediss://... for TLS.
type CoordinatorURL struct {
	TLS      bool
	Username string
	password string
	Host     string
	Port     int
	DB       int
	shown    string
}

// String is the URL with its password written as ***: the only way the
// URL is ever shown.
func (u *CoordinatorURL) String() string { return u.shown }

// ParseCoordinatorURL reads a coordinator URL. It refuses, naming the
// problem, an empty string, another scheme than redis or rediss, no host, a
// port that is not a number from 1 to 65535, a database that is not a
// number from 0 up, query parameters (none is supported), and whatever else
// is not such a URL. Errors are *CoordinatorError of kind
// CoordinatorMisconfigured; they quote the URL with its password as ***.
//
// The user information runs to the last @, so a password may hold the
// characters a URL reserves (/ ? # @ :) unescaped; %-escapes in it are
// decoded.
func ParseCoordinatorURL(raw string) (*CoordinatorURL, error) {
	shown := maskPassword(raw)
	fail := func(format string, a ...any) error {
		return &CoordinatorError{Kind: CoordinatorMisconfigured, Coordinator: shown, Err: fmt.Errorf(format, a...)}
	}
	if strings.TrimSpace(raw) == "" {
		return nil, &CoordinatorError{Kind: CoordinatorMisconfigured, Err: fmt.Errorf("the URL is empty")}
	}
	if strings.ContainsFunc(raw, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		shown = strconv.Quote(shown)
		return nil, fail("the URL holds a space or a control character")
	}
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok || !validScheme(scheme) {
		return nil, fail("the URL does not start with redis:// or rediss://")
	}
	u := &CoordinatorURL{shown: shown}
	switch strings.ToLower(scheme) {
	case "redis":
	case "rediss":
		u.TLS = true
	default:
		return nil, fail("the scheme is %q; want redis, or rediss for TLS", scheme)
	}
	if at := strings.LastIndex(rest, "@"); at >= 0 {
		user, password, _ := strings.Cut(rest[:at], ":")
		var errUser, errPassword error
		u.Username, errUser = url.PathUnescape(user)
		u.password, errPassword = url.PathUnescape(password)
		if errUser != nil || errPassword != nil {
			return nil, fail("the user or password holds a %% not followed by two hexadecimal digits (write %% as %%25)")
		}
		rest = rest[at+1:]
	}
	if i := strings.IndexByte(rest, '#'); i >= 0 {
		return nil, fail("the URL has a fragment (#...)")
	}
	rest, query, hasQuery := strings.Cut(rest, "?")
	if hasQuery && query != "" {
		values, err := url.ParseQuery(query)
		if err != nil {
			return nil, fail("the query %q is not name=value pairs; no query parameter is supported", query)
		}
		names := slices.Sorted(func(yield func(string) bool) {
			for name := range values {
				if !yield(name) {
					return
				}
			}
		})
		return nil, fail("the URL has query parameters (%s); none is supported", strings.Join(names, ", "))
	}
	hostport, path, _ := strings.Cut(rest, "/")
	if err := u.setHostPort(hostport); err != nil {
		return nil, fail("%s", err)
	}
	if path != "" {
		if strings.Trim(path, "0123456789") != "" {
			return nil, fail("the database %q is not a number from 0 up (the path is /db)", "/"+path)
		}
		db, err := strconv.ParseUint(path, 10, 31)
		if err != nil {
			return nil, fail("the database %s is out of range 0-%d", path, 1<<31-1)
		}
		u.DB = int(db)
	}
	return u, nil
}

func (u *CoordinatorURL) setHostPort(hostport string) error {
	host, port := hostport, ""
	if strings.HasPrefix(hostport, "[") {
		end := strings.IndexByte(hostport, ']')
		if end < 0 {
			return fmt.Errorf("the host %q has no closing ]", hostport)
		}
		host, port = hostport[1:end], hostport[end+1:]
		if addr, err := netip.ParseAddr(host); err != nil || !addr.Is6() {
			return fmt.Errorf("the host [%s] is not an IPv6 address", host)
		}
		if port != "" && port[0] != ':' {
			return fmt.Errorf("%q follows the host [%s]; want :port", port, host)
		}
	} else if i := strings.IndexByte(hostport, ':'); i >= 0 {
		host, port = hostport[:i], hostport[i:]
		if strings.Contains(port[1:], ":") {
			return fmt.Errorf("the host %q has more than one colon (write an IPv6 address in [ ])", hostport)
		}
	}
	if host == "" {
		return fmt.Errorf("the URL names no host")
	}
	if !strings.HasPrefix(hostport, "[") && !validHostname(host) {
		return fmt.Errorf("the host %q is not a host name or an IP address", host)
	}
	u.Host, u.Port = host, 6379
	if port == "" {
		return nil
	}
	digits := port[1:]
	if digits == "" {
		return fmt.Errorf("the port after %q is empty", host+":")
	}
	if strings.Trim(digits, "0123456789") != "" {
		return fmt.Errorf("the port %q is not a number", digits)
	}
	n, err := strconv.ParseUint(digits, 10, 64)
	if err != nil || n < 1 || n > 65535 {
		return fmt.Errorf("the port %s is out of range 1-65535", digits)
	}
	u.Port = int(n)
	return nil
}

func validScheme(s string) bool {
	if s == "" || !isLetter(s[0]) {
		return false
	}
	return strings.Trim(strings.ToLower(s), "abcdefghijklmnopqrstuvwxyz0123456789+.-") == ""
}

func isLetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// validHostname accepts DNS names (underscores too: container names have
// them) and IPv4 addresses.
func validHostname(h string) bool {
	return len(h) <= 253 && strings.Trim(strings.ToLower(h), "abcdefghijklmnopqrstuvwxyz0123456789.-_") == ""
}

// maskPassword writes raw with the password of its user information as
// ***. The user information runs from the scheme to the last @, as
// ParseCoordinatorURL reads it; what cannot be parsed is masked the same
// way, so that a malformed URL is never shown with its password either.
func maskPassword(raw string) string {
	at := strings.LastIndex(raw, "@")
	if at < 0 {
		return raw
	}
	start := 0
	if i := strings.Index(raw[:at], "://"); i >= 0 {
		start = i + len("://")
	}
	user, _, hasPassword := strings.Cut(raw[start:at], ":")
	if !hasPassword {
		return raw
	}
	return raw[:start] + user + ":***" + raw[at:]
}

// CheckKeyPrefix says what is wrong with a key prefix, nil when it is fine:
// 1 to 64 letters, digits and - _ . : /.
func CheckKeyPrefix(prefix string) error {
	if prefix == "" || len(prefix) > 64 {
		return &CoordinatorError{Kind: CoordinatorMisconfigured, Err: fmt.Errorf("the key prefix %q is not 1 to 64 characters long", prefix)}
	}
	if strings.Trim(strings.ToLower(prefix), "abcdefghijklmnopqrstuvwxyz0123456789-_.:/") != "" {
		return &CoordinatorError{Kind: CoordinatorMisconfigured, Err: fmt.Errorf("the key prefix %q holds characters other than letters, digits and - _ . : /", prefix)}
	}
	return nil
}
