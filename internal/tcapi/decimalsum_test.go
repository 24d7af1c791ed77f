package tcapi

import (
	"strings"
	"testing"
)

func TestDecimalSum(t *testing.T) {
	tests := []struct {
		name    string
		amounts []string
		want    string
	}{
		{"nothing", nil, "0"},
		{"the issue's example", []string{"98765432109876.54321", "0.1"}, "98765432109876.64321"},
		{"a hundred times 0.1 is 10", strings.Fields(strings.Repeat("0.1 ", 100)), "10"},
		{"ten thousand cents", strings.Fields(strings.Repeat("0.01 ", 10000)), "100"},
		{"zeros", []string{"0", "-0", "0.000", "0e5"}, "0"},
		{"trailing zeros go", []string{"1.50", "1.50"}, "3"},
		{"a refund cancels a charge", []string{"-7.5", "7.5"}, "0"},
		{"negative total", []string{"1", "-1.25"}, "-0.25"},
		{"below one", []string{"0.001", "0.002"}, "0.003"},
		{"exponents", []string{"1E2", "1e-2", "2.5e+1", "-5E-1"}, "124.51"},
		{"every digit at scale", []string{"123456789012345678901234567890.12", "0.00000000000000000001"}, "123456789012345678901234567890.12000000000000000001"},
		{"largest exponent the decoder allows", []string{"1e400", "1"}, "1" + strings.Repeat("0", 399) + "1"},
		{"smallest", []string{"1e-400", "-1e-400", "2e-400"}, "0." + strings.Repeat("0", 399) + "2"},
		{"Decimal's zero value counts as 0", []string{""}, "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s DecimalSum
			for _, a := range tt.amounts {
				var d Decimal
				if a != "" {
					var err error
					if d, err = ParseDecimal(a); err != nil {
						t.Fatal(err)
					}
				}
				s.Add(d)
			}
			if got := s.String(); got != tt.want {
				t.Errorf("sum %s, want %s", got, tt.want)
			}
		})
	}
}

// The sum as a Terraform Number renders back as its exact digits, where
// adding the amounts' own 512-bit values does not: 0.1 has no exact binary
// value at any precision.
func TestDecimalSumBigFloat(t *testing.T) {
	tenth, err := ParseDecimal("0.1")
	if err != nil {
		t.Fatal(err)
	}
	var s DecimalSum
	naive := tenth.BigFloat()
	naive.SetInt64(0)
	for range 100 {
		s.Add(tenth)
		naive.Add(naive, tenth.BigFloat())
	}
	if got := s.BigFloat().Text('f', -1); got != "10" {
		t.Errorf("sum as a Number renders %s, want 10", got)
	}
	if naive.Text('f', -1) == "10" {
		t.Fatal("adding 512-bit floats came out exact; this test no longer shows why DecimalSum exists")
	}
	big, _ := ParseDecimal("98765432109876.54321")
	var s2 DecimalSum
	s2.Add(big)
	s2.Add(tenth)
	if got := s2.BigFloat().Text('f', -1); got != "98765432109876.64321" {
		t.Errorf("renders %s", got)
	}
	if s2.BigFloat().Prec() != DecimalPrecision {
		t.Errorf("precision %d", s2.BigFloat().Prec())
	}
}
