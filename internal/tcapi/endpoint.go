package tcapi

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
)

// DefaultDomain is the international site's API domain; a service's host is
// <service>.<domain>.
const DefaultDomain = "intl.tencentcloudapi.com"

// ParseEndpoint validates an endpoint override: an http or https URL with a
// host and no path beyond "/". Plain http is refused unless the host is a
// loopback address, because the request carries a signature and may carry a
// session token that anyone on the path could replay.
func ParseEndpoint(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%q is not a URL such as https://csip.%s or http://127.0.0.1:8080", raw, DefaultDomain)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("scheme must be https (or http for a loopback address), got %q", u.Scheme)
	case u.Hostname() == "":
		return nil, fmt.Errorf("no host in %q", raw)
	case u.Path != "" && u.Path != "/", u.RawQuery != "", u.Fragment != "", u.User != nil:
		return nil, fmt.Errorf("give only scheme, host and port, as in https://csip.%s; the API is always at /", DefaultDomain)
	case u.Scheme == "http" && !apispec.IsLoopback(u.Hostname()):
		return nil, fmt.Errorf("plain http is allowed only for a loopback address (127.0.0.1, ::1, localhost), got host %q; use https", u.Hostname())
	}
	return u, nil
}

// ValidateDomain checks a domain such as intl.tencentcloudapi.com.
func ValidateDomain(domain string) error {
	if domain == "" || strings.ContainsAny(domain, "/:@?# ") {
		return fmt.Errorf("expected a bare domain such as %s, got %q", DefaultDomain, domain)
	}
	return nil
}
