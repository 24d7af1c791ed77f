package decimal

import (
	"encoding/json"
	"errors"
	"math/big"
	"strings"
	"testing"
)

func TestParseKeepsTheExactNumber(t *testing.T) {
	for text, want := range map[string]string{
		"0":                             "0",
		"0.1":                           "0.1",
		"1234567.89":                    "1234567.89",
		"98765432109876.54321":          "98765432109876.54321",
		"-12.5":                         "-12.5",
		"100":                           "100",
		"0.000000000000000000000000001": "0.000000000000000000000000001",
		"12.34000000":                   "12.34",
		"1E2":                           "100",
		"2.5e-3":                        "0.0025",
		"-0":                            "0",
	} {
		t.Run(text, func(t *testing.T) {
			d, err := Parse(text)
			if err != nil {
				t.Fatalf("Parse(%s): %v", text, err)
			}
			if d.String() != want {
				t.Errorf("String() = %q, want %q", d.String(), want)
			}
			// Terraform renders a number as its shortest text at 512 bits;
			// that must give back the decimal, digit for digit.
			if got := d.Number().Text('f', -1); got != want {
				t.Errorf("Number().Text = %q, want %q", got, want)
			}
		})
	}
}

func TestFloat64WouldHaveLostDigits(t *testing.T) {
	// Guards the premise of the package: through float64 the amount changes.
	var f float64
	if err := json.Unmarshal([]byte("98765432109876.54321"), &f); err != nil {
		t.Fatal(err)
	}
	if got := big.NewFloat(f).Text('f', -1); got == "98765432109876.54321" {
		t.Fatalf("float64 kept %s; the test no longer shows why Decimal exists", got)
	}
}

func TestParseRefusesWhatIsNotAnAmount(t *testing.T) {
	for name, raw := range map[string]string{
		"quoted":                     `"12.5"`,
		"bool":                       `true`,
		"empty":                      ``,
		"leading zero":               `01`,
		"bare point":                 `1.`,
		"sign only":                  `-`,
		"plus":                       `+1`,
		"space":                      ` 1`,
		"exponent huge":              `1e99999999999`,
		"exponent slow":              `1E0033603360`,
		"tiny exponent":              `1e-81`,
		"too many digits before":     "1" + strings.Repeat("0", MaxIntegerDigits),
		"too many digits after":      "0." + strings.Repeat("0", MaxFractionDigits) + "1",
		"exponent makes it too big":  "1e40",
		"exponent makes it too fine": "1e-41",
		"too long":                   "1." + strings.Repeat("0", 300),
	} {
		t.Run(name, func(t *testing.T) {
			if d, err := Parse(raw); err == nil {
				t.Fatalf("Parse(%q) = %s, want an error", raw, d)
			}
			var d Decimal
			var typeErr *json.UnmarshalTypeError
			if err := d.UnmarshalJSON([]byte(raw)); !errors.As(err, &typeErr) {
				t.Fatalf("UnmarshalJSON(%q) = %v, want *json.UnmarshalTypeError", raw, err)
			}
		})
	}
}

func TestTheBoundsThemselvesAreAccepted(t *testing.T) {
	for _, s := range []string{strings.Repeat("9", MaxIntegerDigits) + "." + strings.Repeat("9", MaxFractionDigits), "1e39", "1e-40", "1.50000000000000000000000000000000000000000000000000"} {
		if _, err := Parse(s); err != nil {
			t.Errorf("Parse(%s): %v", s, err)
		}
	}
}

func TestErrorsQuoteTheValueClipped(t *testing.T) {
	_, err := Parse("abc")
	if err == nil || !strings.Contains(err.Error(), `"abc"`) {
		t.Errorf("error %v does not quote the value", err)
	}
	_, err = Parse(strings.Repeat("x", 5000))
	if err == nil || len(err.Error()) > 200 {
		t.Errorf("error for a 5,000-byte value is %d bytes: %v", len(err.Error()), err)
	}
}

func TestSum(t *testing.T) {
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
		{"the widest amounts", []string{"1e39", "1e-40"}, "1" + strings.Repeat("0", 39) + "." + strings.Repeat("0", 39) + "1"},
		{"8-decimal strings", []string{"12.34000000", "0.66000000"}, "13"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ds []Decimal
			for _, a := range tt.amounts {
				d, err := Parse(a)
				if err != nil {
					t.Fatal(err)
				}
				ds = append(ds, d)
			}
			got := Sum(ds...)
			if got.String() != tt.want {
				t.Errorf("sum %s, want %s", got, tt.want)
			}
			if n := got.Number().Text('f', -1); n != tt.want {
				t.Errorf("sum as a Number renders %s, want %s", n, tt.want)
			}
		})
	}
}

// The sum renders back as its exact digits where adding 512-bit floats does
// not, and stays exact at the widest amounts summed a million times: 81
// digits, far within the 153 a Terraform number holds exactly.
func TestSumIsExactWhereFloatsAreNot(t *testing.T) {
	tenth, _ := Parse("0.1")
	naive := new(big.Float).SetPrec(Precision)
	var sum Decimal
	for range 500 {
		sum = sum.Add(tenth)
		naive.Add(naive, tenth.Number())
	}
	if got := sum.Number().Text('f', -1); got != "50" {
		t.Errorf("500 × 0.1 renders %s, want 50", got)
	}
	if naive.Text('f', -1) == "50" {
		t.Fatal("adding 512-bit floats came out exact; this test no longer shows why Sum exists")
	}

	widest, _ := Parse(strings.Repeat("9", MaxIntegerDigits) + "." + strings.Repeat("9", MaxFractionDigits))
	total := Decimal{}
	for range 1_000_000 / 1000 {
		chunk := Decimal{}
		for range 1000 {
			chunk = chunk.Add(widest)
		}
		total = total.Add(chunk)
	}
	want := strings.Repeat("9", 46) + "." + strings.Repeat("9", 34) // 10^6 × (10^40 − 10^-40)
	if got := total.String(); got != want {
		t.Fatalf("a million of the widest amounts sum to %s, want %s", got, want)
	}
	if got := total.Number().Text('f', -1); got != total.String() {
		t.Errorf("their sum as a Number renders %s, want %s", got, total.String())
	}
}

func TestFromNumber(t *testing.T) {
	for _, text := range []string{"0.1", "50", "-12.5", "98765432109876.54321", "1e-40"} {
		f, _, _ := big.ParseFloat(text, 10, Precision, big.ToNearestEven)
		d, err := FromNumber(f)
		if err != nil {
			t.Fatalf("FromNumber(%s): %v", text, err)
		}
		want, _ := Parse(text)
		if d.String() != want.String() {
			t.Errorf("FromNumber(%s) = %s", text, d)
		}
	}
	// A number that came through float64 (Terraform sends those that fit
	// one exactly as float64) keeps its shortest decimal too.
	if d, err := FromNumber(big.NewFloat(0.5)); err != nil || d.String() != "0.5" {
		t.Errorf("FromNumber(0.5 as float64) = %s, %v", d, err)
	}
	third := new(big.Float).SetPrec(Precision).Quo(big.NewFloat(1).SetPrec(Precision), big.NewFloat(3).SetPrec(Precision))
	if _, err := FromNumber(third); err == nil {
		t.Error("1/3 at 512 bits has 154 digits after the point; want an error")
	}
	if _, err := FromNumber(new(big.Float).SetInf(false)); err == nil {
		t.Error("+Inf: want an error")
	}
}

func TestQuoted(t *testing.T) {
	var v struct {
		A Quoted `json:"a"`
	}
	if err := json.Unmarshal([]byte(`{"a": "12.34000000"}`), &v); err != nil || v.A.String() != "12.34" {
		t.Fatalf("got %s, %v", v.A, err)
	}
	for _, raw := range []string{`{"a": 12.34}`, `{"a": "12,34"}`, `{"a": ""}`, `{"a": "1e999"}`} {
		var typeErr *json.UnmarshalTypeError
		if err := json.Unmarshal([]byte(raw), &v); !errors.As(err, &typeErr) || typeErr.Field != "a" {
			t.Errorf("%s: %v, want a type error naming the field", raw, err)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"0", "0.1", "1234567.89", "98765432109876.54321", "-1e-7", "1E+30", `"1"`, "01", "1.", "-", "12.34000000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		d, err := Parse(text)
		if err != nil {
			return
		}
		// Whatever Parse takes is the same number as its text, and what
		// Terraform renders it as parses back to that number, exactly.
		want, _, perr := big.ParseFloat(text, 10, Precision, big.ToNearestEven)
		if perr != nil || d.Number().Cmp(want) != 0 {
			t.Fatalf("Number() = %v, want %v (%v)", d.Number(), want, perr)
		}
		back, err := Parse(d.Number().Text('f', -1))
		if err != nil || back.String() != d.String() {
			t.Fatalf("round trip of %q gave %v (%v)", text, back, err)
		}
		if sum := Sum(d, d); sum.String() == "" || Sum(sum, Decimal{}).String() != sum.String() {
			t.Fatalf("sums of %q: %v", text, sum)
		}
	})
}
