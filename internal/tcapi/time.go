package tcapi

import (
	"encoding/json"
	"reflect"
	"strconv"
	"time"
)

// The API writes times as wall-clock China Standard Time without a zone,
// and some backends "no time" as zeroAPITime. CST is UTC+8 without daylight
// saving time: a fixed zone is exact and needs no tzdata on the machine.
const (
	apiTimeLayout = "2006-01-02 15:04:05"
	zeroAPITime   = "0000-00-00 00:00:00"
)

var chinaStandardTime = time.FixedZone("CST", 8*60*60)

// Time is a time the API writes as "YYYY-MM-DD hh:mm:ss" in China Standard
// Time. The zero Time is the API's "no time": "" or 0000-00-00 00:00:00.
type Time struct {
	t time.Time
}

// UnmarshalJSON accepts exactly the documented form. time.Parse alone also
// takes a one-digit hour, so the text must also survive the round trip.
func (t *Time) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return &json.UnmarshalTypeError{Value: kindOf(b), Type: reflect.TypeFor[Time]()}
	}
	if s == "" || s == zeroAPITime {
		*t = Time{}
		return nil
	}
	parsed, err := time.ParseInLocation(apiTimeLayout, s, chinaStandardTime)
	if err != nil || parsed.Format(apiTimeLayout) != s {
		// A time is no secret, and the value is what makes the error useful.
		return &json.UnmarshalTypeError{Value: "string " + strconv.Quote(clipText(s, 40)), Type: reflect.TypeFor[Time]()}
	}
	t.t = parsed
	return nil
}

// IsZero reports the API's "no time".
func (t Time) IsZero() bool { return t.t.IsZero() }

// RFC3339 returns the time with the +08:00 offset, which Terraform's
// timecmp() and plantimestamp() understand; "" for the zero Time.
func (t Time) RFC3339() string {
	if t.IsZero() {
		return ""
	}
	return t.t.Format(time.RFC3339)
}
