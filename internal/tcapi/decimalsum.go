package tcapi

import (
	"math/big"
	"strings"
)

// DecimalSum adds Decimals exactly. Binary floats cannot: at any precision
// 0.1 has no exact binary value, so a hundred of them do not make 10, and
// 98765432109876.54321 + 0.1 loses its last digits in float64. Every
// Decimal is a whole number of units of 10^-scale; the sum keeps the units
// as a big.Int at the largest scale added so far, so it is exact whatever
// the amounts, and its text is the shortest decimal of the exact value.
//
// The zero value is a sum of nothing, 0.
type DecimalSum struct {
	units *big.Int
	scale int
}

// Add adds d.
func (s *DecimalSum) Add(d Decimal) {
	units, scale := decimalUnits(d.String())
	if s.units == nil {
		s.units = new(big.Int)
	}
	switch {
	case scale > s.scale:
		s.units.Mul(s.units, pow10(scale-s.scale))
		s.scale = scale
	case scale < s.scale:
		units.Mul(units, pow10(s.scale-scale))
	}
	s.units.Add(s.units, units)
}

// String is the exact sum in plain decimal notation, without an exponent
// or trailing zeros: "10", "98765432109876.64321", "-0.5".
func (s *DecimalSum) String() string {
	if s.units == nil || s.units.Sign() == 0 {
		return "0"
	}
	digits := new(big.Int).Abs(s.units).String()
	if len(digits) <= s.scale {
		digits = strings.Repeat("0", s.scale-len(digits)+1) + digits
	}
	whole, frac := digits[:len(digits)-s.scale], strings.TrimRight(digits[len(digits)-s.scale:], "0")
	out := whole
	if frac != "" {
		out += "." + frac
	}
	if s.units.Sign() < 0 {
		out = "-" + out
	}
	return out
}

// BigFloat is the sum as a Terraform Number: its exact text parsed at
// DecimalPrecision, as an API amount with that text would be, so Terraform
// renders it back as the same digits.
func (s *DecimalSum) BigFloat() *big.Float {
	f, _, err := big.ParseFloat(s.String(), 10, DecimalPrecision, big.ToNearestEven)
	if err != nil {
		// String always writes a plain decimal, which always parses.
		return new(big.Float).SetPrec(DecimalPrecision)
	}
	return f
}

// decimalUnits splits the text of a JSON number (Decimal checked it, and
// bounded its digits and exponent) into units × 10^-scale, scale ≥ 0.
func decimalUnits(text string) (*big.Int, int) {
	mantissa, exponent := strings.ToLower(text), 0
	if m, e, ok := strings.Cut(mantissa, "e"); ok {
		mantissa = m
		e = strings.TrimPrefix(e, "+")
		for _, r := range strings.TrimPrefix(e, "-") {
			exponent = exponent*10 + int(r-'0')
		}
		if strings.HasPrefix(e, "-") {
			exponent = -exponent
		}
	}
	whole, frac, _ := strings.Cut(mantissa, ".")
	units, ok := new(big.Int).SetString(whole+frac, 10)
	if !ok {
		return new(big.Int), 0
	}
	scale := len(frac) - exponent
	if scale < 0 {
		units.Mul(units, pow10(-scale))
		scale = 0
	}
	return units, scale
}

func pow10(n int) *big.Int {
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
}
