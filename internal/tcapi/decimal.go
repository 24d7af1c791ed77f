package tcapi

import (
	"encoding/json"
	"math/big"
	"reflect"
	"strconv"
	"strings"
)

// DecimalPrecision is the precision Terraform uses for numbers (cty and
// terraform-plugin-go parse numbers with 512 bits), so an amount parsed at it
// is rendered back as the same shortest decimal text.
const DecimalPrecision = 512

// Decimal is a JSON number kept as the exact text the API sent.
//
// The API documents TotalCost as a float; decoding it into float64 would turn
// 98765432109876.54321 into 98765432109876.55, so the text is kept and the
// value is computed at Terraform's own precision.
type Decimal struct {
	text  string
	value *big.Float
}

// ParseDecimal validates s as a JSON number.
func ParseDecimal(s string) (Decimal, error) {
	var d Decimal
	err := d.UnmarshalJSON([]byte(s))
	return d, err
}

// Bounds on a number's text. Converting 1E33603360 at 512 bits takes
// minutes, so an answer must not be able to ask for it; no amount comes
// near these bounds.
const (
	maxDecimalDigits   = 200
	maxDecimalExponent = 400
)

// UnmarshalJSON accepts a JSON number literal only: a quoted amount is a
// change of the API's contract worth reporting, not guessing around.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	// An UnmarshalTypeError gets the field's path added by encoding/json.
	if len(b) == 0 || (b[0] != '-' && (b[0] < '0' || b[0] > '9')) || !json.Valid(b) {
		return &json.UnmarshalTypeError{Value: jsonKind(b), Type: reflect.TypeFor[Decimal]()}
	}
	if !withinDecimalBounds(string(b)) {
		return &json.UnmarshalTypeError{Value: "number out of range", Type: reflect.TypeFor[Decimal]()}
	}
	v, _, err := big.ParseFloat(string(b), 10, DecimalPrecision, big.ToNearestEven)
	if err != nil {
		return &json.UnmarshalTypeError{Value: "number out of range", Type: reflect.TypeFor[Decimal]()}
	}
	d.text, d.value = string(b), v
	return nil
}

// withinDecimalBounds checks a valid JSON number's digit count and exponent.
func withinDecimalBounds(s string) bool {
	mantissa, exponent, hasExponent := strings.Cut(strings.ToLower(s), "e")
	digits := len(strings.TrimLeft(mantissa, "-"))
	if strings.Contains(mantissa, ".") {
		digits--
	}
	if digits > maxDecimalDigits {
		return false
	}
	if !hasExponent {
		return true
	}
	e, err := strconv.Atoi(exponent)
	return err == nil && e >= -maxDecimalExponent && e <= maxDecimalExponent
}

// MarshalJSON writes the number exactly as it was received.
func (d Decimal) MarshalJSON() ([]byte, error) {
	return []byte(d.String()), nil
}

// String returns the number as the API wrote it.
func (d Decimal) String() string {
	if d.text == "" {
		return "0"
	}
	return d.text
}

// BigFloat returns the value at DecimalPrecision; the caller owns the copy.
func (d Decimal) BigFloat() *big.Float {
	out := new(big.Float).SetPrec(DecimalPrecision)
	if d.value != nil {
		out.Set(d.value)
	}
	return out
}

// jsonKind names the JSON type of a raw value the way encoding/json does in
// its errors, without echoing the value (an answer may carry credentials).
func jsonKind(b []byte) string {
	if len(b) == 0 {
		return "nothing"
	}
	switch b[0] {
	case '"':
		return "string"
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return "number"
	default:
		return "invalid JSON"
	}
}
