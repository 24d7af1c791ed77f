package pacing

import (
	"errors"
	"strings"
	"testing"
)

func TestParseCoordinatorURLReadsWhatItAccepts(t *testing.T) {
	tests := []struct {
		raw   string
		want  CoordinatorURL
		shown string
	}{
		{"redis://127.0.0.1:6379", CoordinatorURL{Host: "127.0.0.1", Port: 6379}, "redis://127.0.0.1:6379"},
		{"redis://cache.internal", CoordinatorURL{Host: "cache.internal", Port: 6379}, "redis://cache.internal"},
		{"redis://:pw@h:1/0", CoordinatorURL{Host: "h", Port: 1, password: "pw"}, "redis://:***@h:1/0"},
		{"redis://ci:s3cret@redis.example.com:6380/15", CoordinatorURL{Username: "ci", password: "s3cret", Host: "redis.example.com", Port: 6380, DB: 15}, "redis://ci:***@redis.example.com:6380/15"},
		{"rediss://valkey_1:6380/2", CoordinatorURL{TLS: true, Host: "valkey_1", Port: 6380, DB: 2}, "rediss://valkey_1:6380/2"},
		{"REDISS://H:65535/", CoordinatorURL{TLS: true, Host: "H", Port: 65535}, "REDISS://H:65535/"},
		{"redis://[::1]:6379/3", CoordinatorURL{Host: "::1", Port: 6379, DB: 3}, "redis://[::1]:6379/3"},
		{"redis://[fd00::7]/1", CoordinatorURL{Host: "fd00::7", Port: 6379, DB: 1}, "redis://[fd00::7]/1"},
		{"redis://u:p%40ss%25@h/1", CoordinatorURL{Username: "u", password: "p@ss%", Host: "h", Port: 6379, DB: 1}, "redis://u:***@h/1"},
		// Reserved characters unescaped in a password: the user
		// information runs to the last @.
		{"redis://u:p@ss/w?rd#x:y@h:1/0", CoordinatorURL{Username: "u", password: "p@ss/w?rd#x:y", Host: "h", Port: 1}, "redis://u:***@h:1/0"},
		{"redis://only-user@h:1/0?", CoordinatorURL{Username: "only-user", Host: "h", Port: 1}, "redis://only-user@h:1/0?"},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			u, err := ParseCoordinatorURL(tt.raw)
			if err != nil {
				t.Fatal(err)
			}
			got := *u
			got.shown = ""
			if got != tt.want {
				t.Errorf("parsed %+v, want %+v", got, tt.want)
			}
			if u.String() != tt.shown {
				t.Errorf("shown as %q, want %q", u.String(), tt.shown)
			}
		})
	}
}

// Each way a URL can be wrong, several members of each; the password
// (s3cret-PW) is never in the error, and is written *** where the URL is
// quoted.
func TestParseCoordinatorURLRefusesBadURLs(t *testing.T) {
	classes := map[string]struct {
		says string
		raws []string
	}{
		"empty": {"empty", []string{"", " ", "\t\n"}},
		"another scheme": {"scheme", []string{
			"http://:s3cret-PW@h:6379/0", "valkey://h:6379", "unix:///run/redis.sock",
			"redis+sentinel://:s3cret-PW@h:26379", "tcp://u:s3cret-PW@h:1",
		}},
		"no scheme": {"does not start with redis:// or rediss://", []string{
			"h:6379", "u:s3cret-PW@h:6379", "redis:/h:6379", "redis:h:6379", "//h:6379", "://h",
			"u:s3cret-PW@redis://h", "0redis://h",
		}},
		"no host": {"no host", []string{
			"redis://", "redis://:s3cret-PW@", "redis://:s3cret-PW@:6379/0", "rediss://u:s3cret-PW@/0", "redis:///0",
		}},
		"port out of range": {"out of range 1-65535", []string{
			"redis://:s3cret-PW@h:0", "redis://h:65536", "redis://:s3cret-PW@h:99999/0", "redis://h:4294967297",
			"redis://h:99999999999999999999999",
		}},
		"port not a number": {"port", []string{
			"redis://:s3cret-PW@h:abc", "redis://h:6379x/0", "redis://h:+6379", "redis://h:-1", "redis://h:0x1f",
			"redis://:s3cret-PW@h:/0",
		}},
		"database not a number": {"not a number from 0 up", []string{
			"redis://:s3cret-PW@h:1/abc", "redis://h:1/-1", "redis://h/1.5", "redis://h/0x1", "redis://h/+1",
			"redis://:s3cret-PW@h/1/2", "redis://h/db0",
		}},
		"database out of range": {"out of range 0-2147483647", []string{"redis://h/2147483648", "redis://:s3cret-PW@h/99999999999999999999"}},
		"query parameters": {"none is supported", []string{
			"redis://:s3cret-PW@h:6379/0?db=1", "rediss://h?skip_verify=true", "redis://h/0?dial_timeout=1&pool_size=100",
			"redis://u:s3cret-PW@h/0?protocol=3",
		}},
		"malformed": {"", []string{
			"redis://:s3cret-PW@h:6379/0#frag", "redis://[::1:6379", "redis://[1.2.3.4]:1", "redis://[::1]x:1",
			"redis://::1:6379", "redis://h:1:2", "redis://h ost:6379", "redis://:s3cret-PW@h:6379/0\n",
			"redis://ho%st:1", "redis://h\x00:1", "redis://u:s3cret-PW%zz@h:1", "redis://u%:s3cret-PW@h:1",
			" redis://:s3cret-PW@h:1",
		}},
	}
	for class, c := range classes {
		for _, raw := range c.raws {
			t.Run(class+"/"+raw, func(t *testing.T) {
				u, err := ParseCoordinatorURL(raw)
				var cerr *CoordinatorError
				if !errors.As(err, &cerr) || cerr.Kind != CoordinatorMisconfigured || !cerr.Permanent() {
					t.Fatalf("parsed as %+v, %v; want a misconfiguration", u, err)
				}
				msg := err.Error()
				if !strings.Contains(msg, c.says) {
					t.Errorf("%q does not say %q", msg, c.says)
				}
				if strings.Contains(msg, "s3cret") {
					t.Errorf("%q shows the password", msg)
				}
				if strings.Contains(raw, ":s3cret-PW") && !strings.Contains(msg, ":***@") {
					t.Errorf("%q does not quote the URL with the password masked", msg)
				}
			})
		}
	}
}

func TestCheckKeyPrefix(t *testing.T) {
	for _, ok := range []string{DefaultKeyPrefix, "team-a", "ci/tcintl", "a.b:c_D9", strings.Repeat("x", 64)} {
		if err := CheckKeyPrefix(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"", " x", "a b", "ключ", "x{y}", strings.Repeat("x", 65), "a\n", "a*"} {
		var cerr *CoordinatorError
		if err := CheckKeyPrefix(bad); !errors.As(err, &cerr) || cerr.Kind != CoordinatorMisconfigured {
			t.Errorf("%q: %v, want a misconfiguration", bad, err)
		}
	}
}
