// Package credentials decides where the provider's keys come from and keeps
// temporary ones fresh.
//
// Resolve applies the precedence of the provider block over the environment
// and of one way of giving keys over another, reads the files involved (a
// tccli profile, an OIDC token file) and reports what is wrong with the
// settings it was given, naming them. New turns the result into a Source:
// the one value the rest of the provider uses, which yields the current keys
// (renewing temporary ones through STS or the CVM metadata service before
// they expire), the secrets to mask, a description for hints and a stable
// identity for pacing. The network calls go through an Exchanger, which the
// API client implements, so they share its transport, retries and deadline.
package credentials

import (
	"fmt"
	"time"
)

// Keys are a key pair with an optional session token.
type Keys struct {
	SecretID  string
	SecretKey string
	Token     string
}

// Session is a set of temporary keys as an answer gave them.
type Session struct {
	Keys Keys
	// ExpiredTime is when they expire, in Unix seconds.
	ExpiredTime int64
}

// latestExpiry is 9999-12-31T23:59:59Z: an expiry past it is no time at
// all, and in a time.Time it would overflow into the past.
const latestExpiry = 253402300799

// expiry checks a session as it arrives: its keys must be usable in an HTTP
// header and not already expired by this machine's clock. Keys that arrive
// expired would be fetched again before every call, so they are an error
// that names the clock, which is the usual culprit.
func (s Session) expiry(now time.Time) (time.Time, error) {
	for _, part := range []struct{ name, value string }{{"TmpSecretId", s.Keys.SecretID}, {"TmpSecretKey", s.Keys.SecretKey}, {"Token", s.Keys.Token}} {
		if err := checkSecretText(part.value); err != nil {
			return time.Time{}, fmt.Errorf("the answer's %s %w", part.name, err)
		}
	}
	if s.ExpiredTime <= 0 || s.ExpiredTime > latestExpiry {
		return time.Time{}, fmt.Errorf("the answer's ExpiredTime %d is not a time", s.ExpiredTime)
	}
	expires := time.Unix(s.ExpiredTime, 0)
	if !expires.After(now) {
		return time.Time{}, &ExpiredError{Expires: expires, Now: now}
	}
	return expires, nil
}

// ExpiredError is a set of keys that had expired when it arrived.
type ExpiredError struct {
	Expires, Now time.Time
}

func (e *ExpiredError) Error() string {
	return fmt.Sprintf("the keys arrived already expired: they expire at %s, and this machine's clock says %s",
		e.Expires.UTC().Format(time.RFC3339), e.Now.UTC().Format(time.RFC3339))
}
