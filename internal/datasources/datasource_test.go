package datasources

import (
	"encoding/json"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"
)

// An unconfigured data source reports an error instead of dereferencing a
// nil client.
func TestReadWithoutAClientIsADiagnostic(t *testing.T) {
	for _, newDataSource := range All() {
		ds := newDataSource()
		var resp datasource.ReadResponse
		ds.Read(t.Context(), datasource.ReadRequest{}, &resp)
		if !resp.Diagnostics.HasError() {
			t.Errorf("%T: Read without a client reported nothing", ds)
		}
	}
}

func TestAPITimeToRFC3339(t *testing.T) {
	tests := []struct {
		api  *string // nil: the API sent null or nothing
		want types.String
	}{
		{api: ptr("2026-05-14 00:48:15"), want: types.StringValue("2026-05-14T00:48:15+08:00")},
		{api: ptr("2024-02-29 12:00:00"), want: types.StringValue("2024-02-29T12:00:00+08:00")},
		{api: ptr(""), want: types.StringNull()},
		{api: ptr("0000-00-00 00:00:00"), want: types.StringNull()},
		{api: nil, want: types.StringNull()},
	}
	for _, tt := range tests {
		var in *tcapi.Time
		if tt.api != nil {
			in = new(tcapi.Time)
			if err := json.Unmarshal([]byte(strconv.Quote(*tt.api)), in); err != nil {
				t.Fatal(err)
			}
		}
		if got := rfc3339(in); !got.Equal(tt.want) {
			t.Errorf("rfc3339(%v) = %v, want %v", deref(tt.api), got, tt.want)
		}
	}
}

func TestNonEmptyString(t *testing.T) {
	for in, want := range map[*string]types.String{
		nil:        types.StringNull(),
		ptr(""):    types.StringNull(),
		ptr(" "):   types.StringValue(" "),
		ptr("多账号"): types.StringValue("多账号"),
	} {
		if got := nonEmptyString(in); !got.Equal(want) {
			t.Errorf("nonEmptyString(%q) = %v, want %v", deref(in), got, want)
		}
	}
}

func ptr[T any](v T) *T { return &v }

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}
