package months

import (
	"slices"
	"testing"
)

func TestBetween(t *testing.T) {
	tests := []struct {
		from, to string
		want     []string
	}{
		{"2026-01", "2026-01", []string{"2026-01"}},
		{"2025-11", "2026-02", []string{"2025-11", "2025-12", "2026-01", "2026-02"}},
		{"0000-12", "0001-01", []string{"0000-12", "0001-01"}},
		{"9999-12", "9999-12", []string{"9999-12"}},
	}
	for _, tt := range tests {
		n, err := Count(tt.from, tt.to)
		if err != nil || n != len(tt.want) {
			t.Errorf("Count(%s, %s) = %d, %v; want %d", tt.from, tt.to, n, err, len(tt.want))
		}
		if got := Between(tt.from, tt.to); !slices.Equal(got, tt.want) {
			t.Errorf("Between(%s, %s) = %v, want %v", tt.from, tt.to, got, tt.want)
		}
	}
	if n, err := Count("2026-02", "2026-01"); err != nil || n != 0 {
		t.Errorf("a range that runs backwards: Count = %d, %v; want 0", n, err)
	}
	if got := Between("2026-02", "2026-01"); len(got) != 0 {
		t.Errorf("a range that runs backwards: Between = %v", got)
	}
}

func TestCountRefusesWhatIsNotAMonth(t *testing.T) {
	for _, bad := range []string{"", "2026-00", "2026-13", "2026-1", "26-01", "2026/01", "2026-01-01", " 2026-01", "２０２６-01"} {
		if _, err := Count(bad, "2026-01"); err == nil {
			t.Errorf("Count(%q, ...): no error", bad)
		}
		if _, err := Count("2026-01", bad); err == nil {
			t.Errorf("Count(..., %q): no error", bad)
		}
	}
}
