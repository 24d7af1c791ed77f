package tcapi

import (
	"encoding/json"
	"errors"
	"math/big"
	"strings"
	"testing"
)

func TestDecimalKeepsTheExactNumber(t *testing.T) {
	for _, text := range []string{"0", "0.1", "1234567.89", "98765432109876.54321", "-12.5", "100", "0.000000000000000000000000001"} {
		t.Run(text, func(t *testing.T) {
			var d Decimal
			if err := json.Unmarshal([]byte(text), &d); err != nil {
				t.Fatalf("Unmarshal(%s): %v", text, err)
			}
			if d.String() != text {
				t.Errorf("String() = %q, want %q", d.String(), text)
			}
			// Terraform renders a number as its shortest text at 512 bits;
			// that must give back the API's text, digit for digit.
			if got := d.BigFloat().Text('f', -1); got != text {
				t.Errorf("BigFloat().Text = %q, want %q", got, text)
			}
			want, _, _ := big.ParseFloat(text, 10, DecimalPrecision, big.ToNearestEven)
			if d.BigFloat().Cmp(want) != 0 {
				t.Errorf("BigFloat() = %s, want %s", d.BigFloat().Text('g', 30), want.Text('g', 30))
			}
			out, err := json.Marshal(d)
			if err != nil || string(out) != text {
				t.Errorf("Marshal = %s, %v; want %s", out, err, text)
			}
		})
	}
}

func TestDecimalFloat64WouldHaveLostDigits(t *testing.T) {
	// Guards the premise of Decimal: if this ever passes through float64 the
	// amount changes.
	var f float64
	if err := json.Unmarshal([]byte("98765432109876.54321"), &f); err != nil {
		t.Fatal(err)
	}
	if got := big.NewFloat(f).Text('f', -1); got == "98765432109876.54321" {
		t.Fatalf("float64 kept %s; the test no longer shows why Decimal exists", got)
	}
}

func TestDecimalRejectsWhatIsNotANumber(t *testing.T) {
	for name, raw := range map[string]string{
		"string":          `"12.5"`,
		"bool":            `true`,
		"object":          `{}`,
		"array":           `[1]`,
		"exponent huge":   `1e99999999999`,
		"exponent slow":   `1E0033603360`,
		"tiny exponent":   `1e-401`,
		"too many digits": "1" + strings.Repeat("0", 201),
	} {
		t.Run(name, func(t *testing.T) {
			var d Decimal
			err := d.UnmarshalJSON([]byte(raw))
			var typeErr *json.UnmarshalTypeError
			if !errors.As(err, &typeErr) {
				t.Fatalf("UnmarshalJSON(%s) = %v, want *json.UnmarshalTypeError", raw, err)
			}
		})
	}
}
