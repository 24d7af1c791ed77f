package provider

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"
)

// hostLabel is one label of a host name as DNS allows it (and, leniently,
// an underscore some private gateways use).
const hostLabel = `[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?`

var (
	domainPattern = regexp.MustCompile(`^` + hostLabel + `(\.` + hostLabel + `)+$`)
	hostPattern   = regexp.MustCompile(`^` + hostLabel + `(\.` + hostLabel + `)*$`)
)

// parseEndpoint validates an endpoint override and returns it normalised:
// an http or https URL with a host and no path beyond "/", the host in
// lower case (it is signed as sent, and compared), the port, if any, from 1
// to 65535. Plain http is refused unless the host is a loopback address,
// because the request carries a signature and may carry a session token
// that anyone on the path could replay.
func parseEndpoint(raw string) (*url.URL, error) {
	if strings.ContainsFunc(raw, unicode.IsControl) {
		return nil, fmt.Errorf("%q contains a control character", raw)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%q is not a URL such as https://csip.%s or http://127.0.0.1:8080", raw, tcapi.DefaultDomain)
	}
	host, port := strings.ToLower(u.Hostname()), u.Port()
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("scheme must be https (or http for a loopback address), got %q", u.Scheme)
	case host == "":
		return nil, fmt.Errorf("no host in %q", raw)
	case u.Path != "" && u.Path != "/", u.RawQuery != "", u.Fragment != "", u.User != nil, u.Opaque != "":
		return nil, fmt.Errorf("give only scheme, host and port, as in https://csip.%s; the API is always at /", tcapi.DefaultDomain)
	case net.ParseIP(host) == nil && !hostPattern.MatchString(host):
		return nil, fmt.Errorf("%q is not a host name or an IP address", u.Hostname())
	case strings.HasSuffix(u.Host, ":"):
		return nil, fmt.Errorf("the port in %q is empty", raw)
	case u.Scheme == "http" && !apispec.IsLoopback(host):
		return nil, fmt.Errorf("plain http is allowed only for a loopback address (127.0.0.1, ::1, localhost), got host %q; use https", u.Hostname())
	}
	normal := &url.URL{Scheme: u.Scheme, Host: host}
	if strings.Contains(host, ":") {
		normal.Host = "[" + host + "]"
	}
	if port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("the port must be from 1 to 65535, got %q", port)
		}
		normal.Host = net.JoinHostPort(host, port)
	}
	return normal, nil
}

// normalizeDomain checks a domain such as intl.tencentcloudapi.com and
// returns it in lower case, the form it is signed in.
func normalizeDomain(domain string) (string, error) {
	lower := strings.ToLower(domain)
	if len(lower) > 253 || !domainPattern.MatchString(lower) {
		return "", fmt.Errorf("expected a bare domain such as %s (letters, digits, hyphens and dots, no scheme, port or path), got %q", tcapi.DefaultDomain, domain)
	}
	return lower, nil
}
