package devprovider

import (
	"strings"
	"testing"
)

func TestCLIConfigQuotesTheDirectory(t *testing.T) {
	tests := map[string]string{
		"/tmp/plain":              `"/tmp/plain"`,
		`/tmp/with "quotes"`:      `"/tmp/with \"quotes\""`,
		"/tmp/${not_a_template}":  `"/tmp/$${not_a_template}"`,
		"/tmp/%{not_a_directive}": `"/tmp/%%{not_a_directive}"`,
		`C:\Users\ci`:             `"C:\\Users\\ci"`,
	}
	for dir, want := range tests {
		got := CLIConfig(dir)
		for _, address := range []string{"registry.terraform.io/tcintl/tcintl", "registry.opentofu.org/tcintl/tcintl"} {
			if !strings.Contains(got, `"`+address+`" = `+want) {
				t.Errorf("CLIConfig(%q) =\n%s\nwant the override %s = %s", dir, got, address, want)
			}
		}
	}
}
