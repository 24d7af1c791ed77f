package tcapi

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
)

func TestParseTime(t *testing.T) {
	tests := []struct {
		in, want string
		wantErr  bool
	}{
		{in: "2026-05-14 00:48:15", want: "2026-05-14T00:48:15+08:00"},
		{in: "2026-06-30 23:59:59", want: "2026-06-30T23:59:59+08:00"},
		{in: "2024-02-29 12:00:00", want: "2024-02-29T12:00:00+08:00"},
		{in: ""},
		{in: "0000-00-00 00:00:00"},
		{in: "2026-05-14T00:48:15+08:00", wantErr: true},
		{in: "2026-02-30 00:00:00", wantErr: true},
		{in: "14/05/2026 00:48", wantErr: true},
		{in: "2026-05-14", wantErr: true},
		{in: "2026-05-14 0:48:15", wantErr: true},
		{in: " 2026-05-14 00:48:15", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseTime(tt.in)
			if (err != nil) != tt.wantErr || got.RFC3339() != tt.want || got.IsZero() != (tt.want == "") {
				t.Errorf("parseTime(%q) = %q (zero %v), %v; want %q, error %v", tt.in, got.RFC3339(), got.IsZero(), err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestTimeDecodeErrorNamesTheFieldAndValue(t *testing.T) {
	_, err := decode[SkillScanPayInfo](apispec.SkillScanPayInfo, []byte(`{"Response": {"BeginTime": "14/05/2026 00:48", "RequestId": "r-t"}}`), noRedact)
	var decErr *DecodeError
	if !errors.As(err, &decErr) || decErr.Field != "BeginTime" || decErr.RequestID != "r-t" ||
		!strings.Contains(decErr.Problem, `expected a time in the form YYYY-MM-DD hh:mm:ss, got string "14/05/2026 00:48"`) {
		t.Errorf("got %#v", err)
	}
	_, err = decode[SkillScanPayInfo](apispec.SkillScanPayInfo, []byte(`{"Response": {"TimeNow": 20260514, "RequestId": "r-n"}}`), noRedact)
	if !errors.As(err, &decErr) || decErr.Field != "TimeNow" || !strings.Contains(decErr.Problem, "got number") {
		t.Errorf("got %#v", err)
	}
}

func FuzzParseTime(f *testing.F) {
	for _, raw := range cassetteAnswers(f) {
		var answer struct {
			Response map[string]any
		}
		if json.Unmarshal(raw, &answer) != nil {
			continue
		}
		for _, field := range []string{"BeginTime", "EndTime", "BetaEndTime", "TimeNow"} {
			if s, ok := answer.Response[field].(string); ok {
				f.Add(s)
			}
		}
	}
	f.Add("0000-00-00 00:00:00")
	f.Add("9999-12-31 23:59:59")
	f.Fuzz(func(t *testing.T, in string) {
		got, err := parseTime(in)
		if err != nil || got.IsZero() {
			return
		}
		// The conversion names the same instant and loses nothing: back in
		// China Standard Time it reads as the API wrote it.
		out := got.RFC3339()
		parsed, perr := time.Parse(time.RFC3339, out)
		if perr != nil {
			t.Fatalf("%q -> %q, which is not RFC 3339: %v", in, out, perr)
		}
		if _, offset := parsed.Zone(); offset != 8*60*60 {
			t.Fatalf("%q -> %q has offset %d, want +08:00", in, out, offset)
		}
		if back := parsed.In(chinaStandardTime).Format(apiTimeLayout); back != in {
			t.Fatalf("%q -> %q -> %q", in, out, back)
		}
	})
}

// parseTime reads a time as the API writes it, as the decoder does.
func parseTime(s string) (Time, error) {
	var t Time
	err := t.UnmarshalJSON(strconv.AppendQuote(nil, s))
	return t, err
}
