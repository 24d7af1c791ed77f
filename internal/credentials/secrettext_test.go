package credentials

import (
	"strings"
	"testing"
)

func TestCheckSecretText(t *testing.T) {
	const core = "AKIDsecretValue0123"
	tests := []struct {
		name  string
		value string
		want  string // "" for accepted, else a part of the error
	}{
		{"plain", core, ""},
		{"empty, for an unset token", "", ""},
		{"a space inside", "abc def", ""},
		{"non-ASCII letters inside", "clé-секрет", ""},
		{"leading space", " " + core, "begins with whitespace"},
		{"leading tab", "\t" + core, "begins with whitespace"},
		{"leading newline", "\n" + core, "begins with whitespace"},
		{"trailing newline", core + "\n", "ends with whitespace"},
		{"trailing CRLF", core + "\r\n", "ends with whitespace"},
		{"trailing space", core + " ", "ends with whitespace"},
		{"trailing no-break space", core + "\u00a0", "ends with whitespace"},
		{"trailing ideographic space", core + "\u3000", "ends with whitespace"},
		{"both ends", " " + core + "\n", "begins and ends with whitespace"},
		{"newline inside", "abc\ndef", "control character"},
		{"carriage return inside", "abc\rdef", "control character"},
		{"NUL inside", "abc\x00def", "control character"},
		{"escape inside", "abc\x1b[31mdef", "control character"},
		{"DEL inside", "abc\x7fdef", "control character"},
		{"C1 control inside", "abc\u0085def", "control character"},
		{"line separator inside", "abc\u2028def", "control character"},
		{"invalid UTF-8", "abc\xffdef", "not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkSecretText(tt.value)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error about %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "abc") || strings.Contains(err.Error(), core) {
				t.Errorf("the error %q quotes the value", err)
			}
		})
	}
}
