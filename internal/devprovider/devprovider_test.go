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
		if !strings.Contains(got, `"registry.terraform.io/tcintl/tcintl" = `+want) {
			t.Errorf("CLIConfig(%q) =\n%s\nwant the override %s", dir, got, want)
		}
	}
}
