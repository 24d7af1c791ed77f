package tcapi

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
)

// cassetteAnswers are the answers of every cassette, to seed fuzz targets.
func cassetteAnswers(f *testing.F) []json.RawMessage {
	cassettes, err := fakeserver.Cassettes(fakeserver.ScenarioNames()...)
	if err != nil {
		f.Fatal(err)
	}
	var out []json.RawMessage
	for _, c := range cassettes {
		for _, in := range c.Interactions {
			out = append(out, in.Response)
		}
	}
	return out
}

// addCassetteAnswers seeds a fuzz target with every cassette's answer.
func addCassetteAnswers(f *testing.F) {
	for _, raw := range cassetteAnswers(f) {
		f.Add([]byte(raw))
	}
	f.Add([]byte(`{"Response": {"Credentials": {"Token": "t0k3n-value", "TmpSecretId": "AKIDtmp", "TmpSecretKey": "tmp-secret-value"}, "ExpiredTime": 1767225600, "Expiration": "2026-01-01T00:00:00Z", "RequestId": "r"}}`))
	f.Add([]byte(`{"Response": {"TotalCost": "1", "AppID": 1e400, "Uin": 5}}`))
	f.Add([]byte(`{"Response": null}`))
	f.Add([]byte(`{"Response": {"Data": [{"CustomerUin": "123"}, null, {}], "Total": "123", "RequestId": "abc"}}`))
}

// decoders decode a body as each action's answer.
var decoders = []struct {
	name   string
	decode func([]byte) (any, error)
}{
	{apispec.SkillScanPayInfo, func(b []byte) (any, error) { return decode[SkillScanPayInfo](apispec.SkillScanPayInfo, b, noRedact) }},
	{apispec.CustomerBillSummary, func(b []byte) (any, error) { return decode[BillSummary](apispec.CustomerBillSummary, b, noRedact) }},
	{apispec.AssumeRole, func(b []byte) (any, error) { return decode[stsAnswer](apispec.AssumeRole, b, noRedact) }},
	{apispec.CustomerUin, func(b []byte) (any, error) { return decode[customerUinPage](apispec.CustomerUin, b, noRedact) }},
}

func FuzzDecodeAnswers(f *testing.F) {
	addCassetteAnswers(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, d := range decoders {
			answer, err := d.decode(body)
			if err == nil {
				if bill, ok := answer.(*BillSummary); ok && bill.TotalCost == nil {
					t.Fatalf("accepted a bill without TotalCost: %s", body)
				}
				if page, ok := answer.(*customerUinPage); ok && page.Total == nil {
					t.Fatalf("accepted a page of customers without Total: %s", body)
				}
				continue
			}
			var (
				decErr    *DecodeError
				apiErr    *APIError
				malformed *MalformedAnswerError
			)
			switch {
			case errors.As(err, &apiErr), errors.As(err, &malformed):
				continue // the server's own message is quoted on purpose, and redacted by the client
			case !errors.As(err, &decErr):
				t.Fatalf("%s: error %T %v, want one of the client's typed errors", d.name, err, err)
			}
			// An error may carry the request ID, never another value of the
			// answer: STS answers hold secret keys. (Short values could match
			// the error's own words, so only longer ones are checked.) A time
			// or an amount that is not one is quoted on purpose: it is what
			// the user must see, and neither is ever secret.
			if quotedFields[decErr.Field] {
				continue
			}
			withoutID := strings.ReplaceAll(err.Error(), decErr.RequestID, "")
			for _, s := range stringValues(body) {
				if len(s) >= 8 && !strings.Contains(decErr.RequestID, s) && strings.Contains(withoutID, s) {
					t.Fatalf("%s: error %q quotes the answer's value %q", d.name, err, s)
				}
			}
		}
	})
}

// quotedFields are the fields whose errors quote the value: times and
// amounts.
var quotedFields = map[string]bool{"BeginTime": true, "EndTime": true, "BetaEndTime": true, "TimeNow": true, "TotalCost": true}

// stringValues lists the string values (not keys) in a JSON document.
func stringValues(body []byte) []string {
	var doc any
	if json.Unmarshal(body, &doc) != nil {
		return nil
	}
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			out = append(out, v)
		case []any:
			for _, e := range v {
				walk(e)
			}
		case map[string]any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(doc)
	return out
}

// FuzzAnswer runs whole HTTP answers (status, content type, Retry-After,
// body) through the client's reading and decoding into each action's
// answer, as a call would: whatever arrives, no
// panic, and either a complete answer or one of the client's typed errors.
func FuzzAnswer(f *testing.F) {
	for _, raw := range cassetteAnswers(f) {
		f.Add(200, "application/json", "", []byte(raw))
	}
	for _, b := range []string{"null", "[]", `"x"`, "1", `{"Response": null}`, `{"Response": {"Error": {"Code": ""}}}`, `{"Response": {"Error": 5}}`, ""} {
		f.Add(200, "application/json", "", []byte(b))
	}
	f.Add(503, "text/html", "5", []byte("<html>"))
	f.Add(429, "", "Wed, 21 Oct 2015 07:28:00 GMT", []byte{})
	f.Add(200, "text/event-stream", "", []byte("data: x\n\n"))
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, status int, contentType, retryAfterValue string, body []byte) {
		if status < 100 || status > 999 {
			return
		}
		header := map[string]string{"Content-Type": contentType, "Retry-After": retryAfterValue}
		for _, d := range decoders {
			out, err := readAnswer(answerWith(status, header, string(body)), now)
			if err == nil {
				_, err = d.decode(out)
			}
			if err == nil {
				continue
			}
			var (
				apiErr    *APIError
				decErr    *DecodeError
				statusErr *HTTPStatusError
				malformed *MalformedAnswerError
			)
			if !errors.As(err, &apiErr) && !errors.As(err, &decErr) && !errors.As(err, &statusErr) && !errors.As(err, &malformed) {
				t.Fatalf("%s: %T %v is not one of the client's typed errors", d.name, err, err)
			}
		}
	})
}
