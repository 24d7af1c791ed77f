package provider

import (
	"strings"
	"testing"
)

func TestParseEndpoint(t *testing.T) {
	tests := []struct {
		raw  string
		want string // the normalised URL, or part of the error
		ok   bool
	}{
		{"https://csip.intl.tencentcloudapi.com", "https://csip.intl.tencentcloudapi.com", true},
		{"https://gateway.example.com:8443/", "https://gateway.example.com:8443", true},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080", true},
		{"http://127.9.9.9", "http://127.9.9.9", true},
		{"http://[::1]:8080", "http://[::1]:8080", true},
		{"http://[::1]", "http://[::1]", true},
		{"http://localhost:8080", "http://localhost:8080", true},
		{"HTTP://LOCALHOST:8080", "http://localhost:8080", true},
		{"https://CSIP.Example.COM", "https://csip.example.com", true},
		{"https://host:1", "https://host:1", true},
		{"https://host:65535", "https://host:65535", true},
		{"http://10.0.0.8:8080", "loopback", false},
		{"http://example.com", "loopback", false},
		{"http://127.0.0.1.nip.io", "loopback", false},
		{"http://0.0.0.0:8080", "loopback", false},
		{"ftp://127.0.0.1", "scheme", false},
		{"127.0.0.1:8080", "not a URL", false},
		{"https://", "no host", false},
		{"https://csip.example.com/v3", "only scheme, host and port", false},
		{"https://csip.example.com?x=1", "only scheme, host and port", false},
		{"https://user:pw@csip.example.com", "only scheme, host and port", false},
		{"https://host:0", "from 1 to 65535", false},
		{"https://host:65536", "from 1 to 65535", false},
		{"http://127.0.0.1:99999", "from 1 to 65535", false},
		{"https://host:", "port", false},
		{"https://host:http", "URL", false},
		{"https://ho st", "URL", false},
		{"https://host\n.example", "control character", false},
		{"https://exa$mple.com", "not a host name", false},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			u, err := parseEndpoint(tt.raw)
			switch {
			case tt.ok && err != nil:
				t.Errorf("refused: %v", err)
			case tt.ok && u.String() != tt.want:
				t.Errorf("normalised to %s, want %s", u, tt.want)
			case !tt.ok && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("got %v, %v; want an error about %q", u, err, tt.want)
			}
		})
	}
}

func TestNormalizeDomain(t *testing.T) {
	for in, want := range map[string]string{
		"intl.tencentcloudapi.com": "intl.tencentcloudapi.com",
		"INTL.TencentCloudAPI.com": "intl.tencentcloudapi.com",
		"api.example-1.test":       "api.example-1.test",
	} {
		if got, err := normalizeDomain(in); err != nil || got != want {
			t.Errorf("normalizeDomain(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "localhost", "https://intl.tencentcloudapi.com", "intl.tencentcloudapi.com:443", "intl.tencentcloudapi.com/",
		"intl tencentcloudapi.com", "intl.tencentcloudapi.com\n", "intl.tencentcloudapi.com\x00", "-intl.example.com", "intl..example.com", ".example.com",
		"user@example.com", strings.Repeat("a", 64) + ".com"} {
		if got, err := normalizeDomain(bad); err == nil {
			t.Errorf("normalizeDomain(%q) = %q, want an error", bad, got)
		}
	}
}
