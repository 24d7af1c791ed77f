package credentials

import (
	"errors"
	"unicode"
	"unicode/utf8"
)

// checkSecretText vets a secret ID, key or token before anything is sent.
// Whitespace at either end is almost always a copy-paste or `echo` slip,
// and trimming it silently would hide which value is wrong; a control
// character cannot travel in an HTTP header. The error describes the
// problem and never quotes the value.
func checkSecretText(s string) error {
	if s == "" {
		return nil
	}
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	switch {
	case !utf8.ValidString(s):
		return errors.New("is not valid UTF-8")
	case unicode.IsSpace(first) && unicode.IsSpace(last):
		return errors.New("begins and ends with whitespace (a space, tab or newline); the provider does not trim it")
	case unicode.IsSpace(first):
		return errors.New("begins with whitespace (a space, tab or newline); the provider does not trim it")
	case unicode.IsSpace(last):
		return errors.New("ends with whitespace (a space, tab or newline, often from echo or an editor); the provider does not trim it")
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return errors.New("contains a control character (such as a newline or a tab), which cannot be sent in an HTTP header")
		}
	}
	return nil
}
