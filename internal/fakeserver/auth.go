package fakeserver

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The published test key pair. It has no value outside the fake server; it is
// exported so tests and the standalone binary's users can sign requests.
const (
	TestSecretID  = "AKIDtcintlFakeServerTestKey000000001" //nolint:gosec // a published test key, valid only here
	TestSecretKey = "tcintlFakeServerTestSecret0000001"    //nolint:gosec // a published test key, valid only here
)

const (
	tc3Algorithm  = "TC3-HMAC-SHA256"
	signedHeaders = "content-type;host"
	// maxClockSkew is the live API's tolerance for X-TC-Timestamp.
	maxClockSkew = 300 * time.Second
	// unsignedPayload is the SDK's opt-out of body hashing
	// (ClientProfile.UnsignedPayload); the live API accepts it, so do we.
	unsignedPayload = "UNSIGNED-PAYLOAD"
)

// authorization is a parsed Authorization header.
type authorization struct {
	SecretID      string
	Date          string
	Service       string
	SignedHeaders string
	Signature     string
}

// parseAuthorization reads
// "TC3-HMAC-SHA256 Credential=ID/DATE/SERVICE/tc3_request, SignedHeaders=..., Signature=hex".
// Errors describe the problem without echoing the header back.
func parseAuthorization(h string) (authorization, error) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(h), tc3Algorithm+" ")
	if !ok {
		return authorization{}, errors.New("the Authorization header does not start with " + tc3Algorithm)
	}
	var a authorization
	var credential string
	for part := range strings.SplitSeq(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return authorization{}, errors.New("the Authorization header has a part without '='")
		}
		switch k {
		case "Credential":
			credential = v
		case "SignedHeaders":
			a.SignedHeaders = v
		case "Signature":
			a.Signature = v
		default:
			return authorization{}, fmt.Errorf("the Authorization header has an unknown part %q", clip(k, 40))
		}
	}
	scope := strings.Split(credential, "/")
	if len(scope) != 4 || scope[0] == "" || scope[3] != "tc3_request" {
		return authorization{}, errors.New("the Authorization Credential is not <SecretId>/<date>/<service>/tc3_request")
	}
	a.SecretID, a.Date, a.Service = scope[0], scope[1], scope[2]
	if a.Signature == "" || a.SignedHeaders == "" {
		return authorization{}, errors.New("the Authorization header lacks SignedHeaders or Signature")
	}
	return a, nil
}

// authenticate verifies a request's TC3 signature and, for temporary keys,
// its token. It returns the SecretId it accepted. Checks run from the
// cheapest to the one that needs the key; messages never include a secret
// key or a token.
func (s *Server) authenticate(r *http.Request, body []byte, service string) (string, *apiError) {
	header := r.Header.Get("Authorization")
	if header == "" {
		return "", newAPIError(CodeSignatureFailure, "The request has no Authorization header; it must be signed with %s.", tc3Algorithm)
	}
	a, err := parseAuthorization(header)
	if err != nil {
		return "", newAPIError(CodeSignatureFailure, "The provided credentials could not be validated: %v.", err)
	}

	tsText := r.Header.Get("X-TC-Timestamp")
	if tsText == "" {
		return a.SecretID, newAPIError(CodeMissingParameter, "The request is missing a required parameter `X-TC-Timestamp`.")
	}
	ts, err := strconv.ParseInt(tsText, 10, 64)
	if err != nil {
		return a.SecretID, newAPIError(CodeSignatureFailure, "X-TC-Timestamp %q is not a Unix time in seconds.", clip(tsText, 40))
	}
	now := s.now()
	if skew := now.Sub(time.Unix(ts, 0)); skew > maxClockSkew || skew < -maxClockSkew {
		return a.SecretID, newAPIError(CodeSignatureExpire,
			"Signature expired. Timestamp is %d, server time is %d, the difference exceeds %d seconds.",
			ts, now.Unix(), int(maxClockSkew/time.Second))
	}
	date := time.Unix(ts, 0).UTC().Format(time.DateOnly)
	if a.Date != date {
		return a.SecretID, newAPIError(CodeSignatureFailure,
			"The credential scope date %q does not match the UTC date %s of X-TC-Timestamp.", clip(a.Date, 40), date)
	}
	if a.Service != service {
		return a.SecretID, newAPIError(CodeSignatureFailure,
			"The credential scope service %q is not the service %q of the requested action.", clip(a.Service, 40), service)
	}
	if a.SignedHeaders != signedHeaders {
		return a.SecretID, newAPIError(CodeSignatureFailure,
			"SignedHeaders must be %q, got %q.", signedHeaders, clip(a.SignedHeaders, 80))
	}

	key, temp, found := s.lookupKey(a.SecretID)
	if !found {
		return a.SecretID, newAPIError(CodeSecretIDNotFound,
			"The SecretId is not found, please ensure that your SecretId is correct.")
	}
	given, err := hex.DecodeString(a.Signature)
	want := tc3Signature(key, service, date, tsText, r.Header.Get("Content-Type"), r.Host, payloadHash(r, body))
	if err != nil || !hmac.Equal(given, want) {
		return a.SecretID, newAPIError(CodeSignatureFailure,
			"The provided credentials could not be validated. Please check your signature is correct.")
	}

	token := r.Header.Get("X-TC-Token")
	switch {
	case temp == nil && token != "":
		return a.SecretID, newAPIError(CodeTokenFailure,
			"An X-TC-Token was sent with a long-term SecretId; tokens belong to temporary credentials only.")
	case temp == nil:
		return a.SecretID, nil
	case token == "":
		return a.SecretID, newAPIError(CodeTokenFailure,
			"The SecretId is a temporary credential but the request carries no X-TC-Token.")
	case subtle.ConstantTimeCompare([]byte(token), []byte(temp.Token)) != 1:
		return a.SecretID, newAPIError(CodeTokenFailure,
			"The X-TC-Token does not belong to this temporary SecretId.")
	case !now.Before(temp.Expiry):
		return a.SecretID, newAPIError(CodeTokenFailure,
			"The token has expired: the temporary credential expired at %s.", temp.Expiry.UTC().Format(time.RFC3339))
	}
	return a.SecretID, nil
}

// payloadHash is the hex SHA-256 of the body, or of the literal
// UNSIGNED-PAYLOAD when the client opted out of body signing.
func payloadHash(r *http.Request, body []byte) string {
	if r.Header.Get("X-TC-Content-SHA256") == unsignedPayload {
		return sha256Hex([]byte(unsignedPayload))
	}
	return sha256Hex(body)
}

// tc3Signature computes the TC3-HMAC-SHA256 signature of a POST / request
// whose signed headers are content-type and host.
func tc3Signature(secretKey, service, date, timestamp, contentType, host, hashedPayload string) []byte {
	canonical := "POST\n/\n\n" +
		"content-type:" + contentType + "\n" +
		"host:" + host + "\n\n" +
		signedHeaders + "\n" +
		hashedPayload
	stringToSign := tc3Algorithm + "\n" +
		timestamp + "\n" +
		date + "/" + service + "/tc3_request\n" +
		sha256Hex([]byte(canonical))
	k := hmacSHA256([]byte("TC3"+secretKey), date)
	k = hmacSHA256(k, service)
	k = hmacSHA256(k, "tc3_request")
	return hmacSHA256(k, stringToSign)
}

func hmacSHA256(key []byte, msg string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
