package provider_test

import (
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/tcintl/terraform-provider-tcintl/internal/acctest"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
	"github.com/tcintl/terraform-provider-tcintl/internal/pacing/redistest"
)

const coordinatorPassword = "pw-must-never-show-7f3a"

// Every class of URL that is no coordinator's fails the plan before any
// call, naming coordination.url, or the variable that gave the URL. (That
// the password never shows, there or in a log, the e2e tests check on the
// CLI's whole output.)
func TestCoordination_badURLs(t *testing.T) {
	t.Parallel()
	urls := map[string][]string{
		"wrong scheme":          {"http://:" + coordinatorPassword + "@127.0.0.1:6379", "redis:/127.0.0.1:6379", "valkey://127.0.0.1"},
		"no host":               {"redis://", "redis://:" + coordinatorPassword + "@:6379", "rediss:///0"},
		"port out of range":     {"redis://127.0.0.1:0", "redis://:" + coordinatorPassword + "@127.0.0.1:65536", "redis://h:99999999999999999999"},
		"port not a number":     {"redis://h:six", "redis://h:"},
		"database not a number": {"redis://:" + coordinatorPassword + "@h:6379/zero", "redis://h/1.5", "redis://h/-1"},
		"malformed":             {"redis://h:6379?db=1", "redis://h#x", "redis:// h", "redis://[::1"},
		"empty":                 {" "},
	}
	for class, members := range urls {
		for i, url := range members {
			t.Run(fmt.Sprintf("%s %d", class, i), func(t *testing.T) {
				t.Parallel()
				srv := fakeserver.StartTest(t, fakeserver.Config{}, "skillscan-trial-order")
				// In the block, the schema's validator names the attribute.
				config := acctest.ProviderBlock(srv, fmt.Sprintf("coordination {\n    url = %q\n  }", url)) + readSkillScan
				acctest.ExpectErrorWithoutCalls(t, srv, acctest.ProviderFactories(t), config, acctest.ErrorMatching("Invalid coordination.url"))
				// From the environment, the configuration names the variable.
				if strings.TrimSpace(url) != "" {
					acctest.ExpectErrorWithoutCalls(t, srv, acctest.ProviderFactories(t, "TCINTL_COORDINATION_URL="+url),
						acctest.ProviderBlock(srv)+readSkillScan, acctest.ErrorMatching("Invalid TCINTL_COORDINATION_URL"))
				}
			})
		}
	}
}

// A coordinator that refuses this configuration fails the plan at
// configure, before any call: the password, the user's rights or the
// certificate do not fix themselves.
func TestCoordination_refused(t *testing.T) {
	t.Parallel()
	plain := redistest.Start(t)
	secure := redistest.StartWith(t, redistest.Options{TLS: true})
	host, port, _ := net.SplitHostPort(plain.Addr)
	tests := []struct {
		name  string
		block string
		want  []string
	}{
		{"wrong password", fmt.Sprintf("url = %q", fmt.Sprintf("redis://:%s@%s:%s", coordinatorPassword, host, port)),
			[]string{"The coordinator cannot be used", "redis://:***@127.0.0.1", "refused", "Check the user and password"}},
		{"no password", fmt.Sprintf("url = %q", "redis://"+plain.Addr),
			[]string{"The coordinator cannot be used", "refused", "NOAUTH"}},
		{"a user without the rights", fmt.Sprintf("url = %q", plain.AddUser("reader", coordinatorPassword, "~*", "+get", "+ping")),
			[]string{"The coordinator cannot be used", "reader:***@", "may run PING, EVAL, EVALSHA, TIME, GET and SET"}},
		{"a certificate that does not verify", fmt.Sprintf("url = %q", strings.Replace(secure.URL, "127.0.0.1", "localhost", 1)),
			[]string{"The coordinator cannot be used", "TLS failed", "give the CA that signed it in ca_file"}},
		{"an unrelated CA", fmt.Sprintf("url = %q\n    ca_file = %q", secure.URL, redistest.WriteCA(t)),
			[]string{"The coordinator cannot be used", "TLS failed"}},
		{"a CA file for plain redis://", fmt.Sprintf("url = %q\n    ca_file = %q", plain.URL, secure.CAFile),
			[]string{"The coordinator cannot be used", "TLS is rediss://"}},
		{"a CA file that is none", fmt.Sprintf("url = %q\n    ca_file = %q", secure.URL, "/dev/null"),
			[]string{"The coordinator cannot be used", "holds no PEM certificate"}},
		{"a bad key prefix", fmt.Sprintf("url = %q\n    key_prefix = %q", plain.URL, "a b"),
			[]string{"Invalid coordination.key_prefix", "letters, digits"}},
		{"a block without a URL", `key_prefix = "ci"`,
			[]string{"Missing coordination.url", "TCINTL_COORDINATION_URL"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fakeserver.StartTest(t, fakeserver.Config{}, "skillscan-trial-order")
			config := acctest.ProviderBlock(srv, "coordination {\n    "+tt.block+"\n  }") + readSkillScan
			acctest.ExpectErrorWithoutCalls(t, srv, acctest.ProviderFactories(t), config, acctest.ErrorMatching(tt.want...))
		})
	}
}

// Plans pointed at one coordinator keep one pace in it, under key_prefix,
// in keys that name no credential.
func TestCoordination_keepsThePaceInTheCoordinator(t *testing.T) {
	t.Parallel()
	redis := redistest.Start(t)
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "skillscan-trial-order")
	for _, tt := range []struct {
		config string
		env    []string
		prefix string
	}{
		{acctest.ProviderBlock(srv, fmt.Sprintf("coordination {\n    url = %q\n    key_prefix = \"ci/tcintl\"\n  }", redis.URL)), nil, "ci/tcintl"},
		{acctest.ProviderBlock(srv), []string{"TCINTL_COORDINATION_URL=" + redis.URL}, "tcintl"},
	} {
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: acctest.ProviderFactories(t, tt.env...),
			Steps:                    []resource.TestStep{{Config: tt.config + readSkillScan, ConfigStateChecks: trialOrderRead}},
		})
		keys, err := redis.Admin().Keys(t.Context(), "*").Result()
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, k := range keys {
			found = found || strings.HasPrefix(k, tt.prefix+":pace:")
			if strings.Contains(k, fakeserver.TestSecretID) || strings.Contains(k, "DescribeSkillScanPayInfo") {
				t.Errorf("key %q names the credentials or the action", k)
			}
		}
		if !found {
			t.Errorf("no key under %s:pace: among %v", tt.prefix, keys)
		}
		redis.FlushAll()
	}
}
