package credentials

import (
	"strings"
	"testing"
)

func TestParseMetadataURL(t *testing.T) {
	for raw, want := range map[string]string{
		"http://metadata.tencentyun.com":  "",
		"http://127.0.0.1:8080/":          "",
		"https://10.0.0.1":                "",
		"ftp://metadata.tencentyun.com":   "scheme must be http or https",
		"metadata.tencentyun.com":         "scheme must be http or https",
		"http://":                         "no host",
		"http://x/latest/meta-data":       "only scheme, host and port",
		"http://x/?a=b":                   "only scheme, host and port",
		"http://user:pw@x":                "only scheme, host and port",
		"http://x\n":                      "not a URL",
		"http://[::1]:8080":               "",
		"http://metadata.tencentyun.com#": "",
	} {
		u, err := parseMetadataURL(raw)
		switch {
		case want == "" && err != nil:
			t.Errorf("%q: %v", raw, err)
		case want == "" && u.Path != "":
			t.Errorf("%q: path %q kept", raw, u.Path)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%q: got %v, want an error about %q", raw, err, want)
		}
	}
}
