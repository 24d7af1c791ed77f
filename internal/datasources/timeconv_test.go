package datasources

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
)

func TestAPITimeToRFC3339(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
		wantErr  bool
	}{
		{in: "2026-05-14 00:48:15", want: "2026-05-14T00:48:15+08:00", ok: true},
		{in: "2026-06-30 23:59:59", want: "2026-06-30T23:59:59+08:00", ok: true},
		{in: "2024-02-29 12:00:00", want: "2024-02-29T12:00:00+08:00", ok: true},
		{in: ""},
		{in: "0000-00-00 00:00:00"},
		{in: "2026-05-14T00:48:15+08:00", wantErr: true},
		{in: "2026-02-30 00:00:00", wantErr: true},
		{in: "14/05/2026 00:48", wantErr: true},
		{in: "2026-05-14", wantErr: true},
		{in: "2026-05-14 0:48:15", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok, err := apiTimeToRFC3339(tt.in)
			if (err != nil) != tt.wantErr || ok != tt.ok || got != tt.want {
				t.Errorf("apiTimeToRFC3339(%q) = %q, %v, %v; want %q, %v, error %v", tt.in, got, ok, err, tt.want, tt.ok, tt.wantErr)
			}
		})
	}
}

func FuzzAPITimeToRFC3339(f *testing.F) {
	cassettes, err := fakeserver.Cassettes(fakeserver.ScenarioNames()...)
	if err != nil {
		f.Fatal(err)
	}
	for _, c := range cassettes {
		for _, in := range c.Interactions {
			var answer struct {
				Response map[string]any
			}
			if json.Unmarshal(in.Response, &answer) != nil {
				continue
			}
			for _, field := range []string{"BeginTime", "EndTime", "BetaEndTime", "TimeNow"} {
				if s, ok := answer.Response[field].(string); ok {
					f.Add(s)
				}
			}
		}
	}
	f.Add("0000-00-00 00:00:00")
	f.Add("9999-12-31 23:59:59")
	f.Fuzz(func(t *testing.T, in string) {
		out, ok, err := apiTimeToRFC3339(in)
		if err != nil || !ok {
			return
		}
		// The conversion names the same instant and loses nothing: back in
		// China Standard Time it reads as the API wrote it.
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
