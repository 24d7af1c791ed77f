// Package months does the arithmetic of the months the API takes, written
// YYYY-MM: checking one, and listing those of an inclusive range. The bill
// data sources and the months() function share it.
package months

import (
	"fmt"
	"regexp"
	"strconv"
)

// Pattern is YYYY-MM with the month from 01 to 12.
var Pattern = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[0-2])$`)

// Rule says what Pattern accepts, for messages.
const Rule = "a month in the form YYYY-MM with the month from 01 to 12, e.g. 2023-01"

// Count is how many months from from to to, inclusive: 0 or less when from
// is after to. Both must match Pattern.
func Count(from, to string) (int, error) {
	f, err := index(from)
	if err != nil {
		return 0, err
	}
	t, err := index(to)
	if err != nil {
		return 0, err
	}
	return t - f + 1, nil
}

// Between lists the months from from to to, inclusive; the caller has
// checked that Count is at least 1 and bounded it.
func Between(from, to string) []string {
	f, _ := index(from)
	t, _ := index(to)
	out := make([]string, 0, max(t-f+1, 0))
	for i := f; i <= t; i++ {
		out = append(out, fmt.Sprintf("%04d-%02d", i/12, i%12+1))
	}
	return out
}

// index counts months from the year 0.
func index(month string) (int, error) {
	if !Pattern.MatchString(month) {
		return 0, fmt.Errorf("%q is not %s", month, Rule)
	}
	year, _ := strconv.Atoi(month[:4])
	mon, _ := strconv.Atoi(month[5:])
	return year*12 + mon - 1, nil
}
