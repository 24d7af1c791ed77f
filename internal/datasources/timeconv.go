package datasources

import (
	"fmt"
	"time"
)

// apiTimeLayout is how the API writes times: wall-clock China Standard Time
// without a zone.
const apiTimeLayout = "2006-01-02 15:04:05"

// chinaStandardTime is fixed at UTC+8 with no daylight saving time, so a
// fixed zone is exact and needs no tzdata on the machine.
var chinaStandardTime = time.FixedZone("CST", 8*60*60)

// zeroAPITime is how some backends write "no time" instead of "".
const zeroAPITime = "0000-00-00 00:00:00"

// apiTimeToRFC3339 converts an API time to RFC 3339 with the +08:00 offset,
// which timecmp() and plantimestamp() understand. ok is false for the empty
// values the API sends when there is no order.
func apiTimeToRFC3339(s string) (rfc3339 string, ok bool, err error) {
	if s == "" || s == zeroAPITime {
		return "", false, nil
	}
	// time.Parse also accepts a one-digit hour; the round trip rejects
	// anything that is not exactly the documented form.
	t, err := time.ParseInLocation(apiTimeLayout, s, chinaStandardTime)
	if err != nil || t.Format(apiTimeLayout) != s {
		return "", false, fmt.Errorf("%q is not a time in the form YYYY-MM-DD hh:mm:ss", s)
	}
	return t.Format(time.RFC3339), true, nil
}
