// Package decimal keeps amounts as the exact decimals the API writes and adds
// them exactly, for the data sources' sums and the decimal_sum function.
//
// Binary floats cannot do either: 0.1 has no exact binary value at any
// precision, so a hundred of them do not make 10, and float64 turns
// 98765432109876.54321 into 98765432109876.55. A Decimal is a whole number of
// units of 10^-scale, kept as a big.Int.
//
// Terraform's numbers are 512-bit binary floats, which hold any decimal of up
// to 153 significant digits so that it renders back digit for digit. Amounts
// are therefore bounded to MaxIntegerDigits before the point and
// MaxFractionDigits after it: any sum of them, of any length a plan can
// hold, stays within those 153 digits and so is exact in state too.
package decimal

import (
	"encoding/json"
	"fmt"
	"math/big"
	"reflect"
	"strconv"
	"strings"
)

// Precision is the precision of Terraform's numbers (cty and
// terraform-plugin-go parse them with 512 bits).
const Precision = 512

// The bounds of an amount, after its exponent is applied.
const (
	MaxIntegerDigits  = 40
	MaxFractionDigits = 40
)

// maxText bounds the text Parse reads, so that an absurd answer costs no
// time; the longest amount within the bounds, trailing zeros and all, is far
// shorter.
const maxText = 200

// Decimal is an exact decimal. The zero value is 0.
type Decimal struct {
	units *big.Int
	scale int
}

// Parse reads a decimal written as a JSON number: "12.5", "-0.1", "1E2".
// The error describes the problem and quotes s, clipped: amounts are not
// secret, and the value is what makes the error useful.
func Parse(s string) (Decimal, error) {
	if len(s) > maxText {
		return Decimal{}, fmt.Errorf("%s is longer than %d characters", quote(s), maxText)
	}
	if !isJSONNumber(s) {
		return Decimal{}, fmt.Errorf("%s is not a decimal number", quote(s))
	}
	mantissa, exponent := strings.ToLower(s), 0
	if m, e, ok := strings.Cut(mantissa, "e"); ok {
		n, err := strconv.Atoi(strings.TrimPrefix(e, "+"))
		if err != nil || n > 2*MaxIntegerDigits || n < -2*MaxFractionDigits {
			return Decimal{}, fmt.Errorf("%s is out of range", quote(s))
		}
		mantissa, exponent = m, n
	}
	whole, frac, _ := strings.Cut(mantissa, ".")
	units, _ := new(big.Int).SetString(whole+frac, 10) // digits and a sign, checked above
	d := Decimal{units: units, scale: len(frac) - exponent}
	if d.scale < 0 {
		d.units.Mul(d.units, pow10(-d.scale))
		d.scale = 0
	}
	d = d.trimmed()
	if d.scale > MaxFractionDigits {
		return Decimal{}, fmt.Errorf("%s has more than %d digits after the point", quote(s), MaxFractionDigits)
	}
	if intDigits := len(new(big.Int).Abs(d.units).String()) - d.scale; intDigits > MaxIntegerDigits {
		return Decimal{}, fmt.Errorf("%s has more than %d digits before the point", quote(s), MaxIntegerDigits)
	}
	return d, nil
}

// FromNumber is the decimal a Terraform number stands for: the shortest
// decimal that is the same number at its precision, as Terraform renders it.
func FromNumber(f *big.Float) (Decimal, error) {
	if f == nil || f.IsInf() {
		return Decimal{}, fmt.Errorf("%v is not a finite number", f)
	}
	return Parse(f.Text('g', -1))
}

// UnmarshalJSON accepts a JSON number literal only: a quoted amount where the
// API documents a number is a change of its contract worth reporting, not
// guessing around. The error is a *json.UnmarshalTypeError, so encoding/json
// adds the field's path.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	var quoted string
	if json.Unmarshal(b, &quoted) == nil {
		return &json.UnmarshalTypeError{Value: "string " + quote(quoted), Type: reflect.TypeFor[Decimal]()}
	}
	parsed, err := Parse(string(b))
	if err != nil {
		return &json.UnmarshalTypeError{Value: err.Error(), Type: reflect.TypeFor[Decimal]()}
	}
	*d = parsed
	return nil
}

// Quoted is a decimal the API sends as a JSON string, such as "12.34000000".
type Quoted struct {
	Decimal
}

// UnmarshalJSON accepts a JSON string holding a decimal number.
func (q *Quoted) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return &json.UnmarshalTypeError{Value: "not a string", Type: reflect.TypeFor[Quoted]()}
	}
	parsed, err := Parse(s)
	if err != nil {
		return &json.UnmarshalTypeError{Value: err.Error(), Type: reflect.TypeFor[Quoted]()}
	}
	q.Decimal = parsed
	return nil
}

// String is the decimal in plain notation, without an exponent or trailing
// zeros: "10", "98765432109876.64321", "-0.5".
func (d Decimal) String() string {
	if d.units == nil || d.units.Sign() == 0 {
		return "0"
	}
	digits := new(big.Int).Abs(d.units).String()
	if len(digits) <= d.scale {
		digits = strings.Repeat("0", d.scale-len(digits)+1) + digits
	}
	out := digits[:len(digits)-d.scale]
	if frac := digits[len(digits)-d.scale:]; frac != "" {
		out += "." + frac
	}
	if d.units.Sign() < 0 {
		out = "-" + out
	}
	return out
}

// Number is the decimal as a Terraform number, which renders back as the
// same digits.
func (d Decimal) Number() *big.Float {
	f, _, _ := big.ParseFloat(d.String(), 10, Precision, big.ToNearestEven) // String always writes a plain decimal
	return f
}

// Add returns d + e, exactly.
func (d Decimal) Add(e Decimal) Decimal {
	a, b := d.at(max(d.scale, e.scale)), e.at(max(d.scale, e.scale))
	return Decimal{units: a.Add(a, b), scale: max(d.scale, e.scale)}.trimmed()
}

// Sum adds ds exactly; the sum of nothing is 0.
func Sum(ds ...Decimal) Decimal {
	var total Decimal
	for _, d := range ds {
		total = total.Add(d)
	}
	return total
}

// at is a copy of d's units at scale (≥ d.scale).
func (d Decimal) at(scale int) *big.Int {
	u := new(big.Int)
	if d.units != nil {
		u.Set(d.units)
	}
	return u.Mul(u, pow10(scale-d.scale))
}

// trimmed drops trailing zeros after the point.
func (d Decimal) trimmed() Decimal {
	ten, r := big.NewInt(10), new(big.Int)
	for d.scale > 0 {
		q, m := new(big.Int).QuoRem(d.units, ten, r)
		if m.Sign() != 0 {
			break
		}
		d.units, d.scale = q, d.scale-1
	}
	return d
}

// isJSONNumber reports whether s is a JSON number literal: an optional minus,
// digits without a leading zero, an optional fraction and exponent.
func isJSONNumber(s string) bool {
	i := 0
	digits := func() int {
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i - start
	}
	if i < len(s) && s[i] == '-' {
		i++
	}
	start := i
	if n := digits(); n == 0 || (n > 1 && s[start] == '0') {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

func pow10(n int) *big.Int {
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
}

// quote quotes s for an error, clipped so an absurd value cannot make an
// absurd message.
func quote(s string) string {
	const limit = 40
	if len(s) <= limit {
		return strconv.Quote(s)
	}
	return strconv.Quote(s[:limit]) + fmt.Sprintf("…(%d bytes)", len(s))
}
