package tcapi

import (
	"encoding/json"
	"errors"
	"math/big"
	"net/http"
	"strings"
	"testing"
	"time"

	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"

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
}

func FuzzDecodeAnswers(f *testing.F) {
	addCassetteAnswers(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, resp := range []answer{new(DescribeSkillScanPayInfoResponse), new(DescribeCustomerBillSummaryResponse), new(AssumeRoleResponse)} {
			err := resp.ParseErrorFromHTTPResponse(body)
			if err == nil {
				if bill, ok := resp.(*DescribeCustomerBillSummaryResponse); ok && bill.Response.TotalCost == nil {
					t.Fatalf("accepted a bill without TotalCost: %s", body)
				}
				continue
			}
			var decErr *DecodeError
			if !errors.As(err, &decErr) {
				t.Fatalf("%T: error %T %v, want *DecodeError", resp, err, err)
			}
			// An error may carry the request ID, never another value of the
			// answer: STS answers hold secret keys. (Short values could match
			// the error's own words, so only longer ones are checked.)
			withoutID := strings.ReplaceAll(err.Error(), decErr.RequestID, "")
			for _, s := range stringValues(body) {
				if len(s) >= 8 && !strings.Contains(decErr.RequestID, s) && strings.Contains(withoutID, s) {
					t.Fatalf("%T: error %q quotes the answer's value %q", resp, err, s)
				}
			}
		}
	})
}

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

func FuzzDecimal(f *testing.F) {
	for _, s := range []string{"0", "0.1", "1234567.89", "98765432109876.54321", "-1e-7", "1E+30", `"1"`, "01", "1.", "-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		d, err := ParseDecimal(text)
		if err != nil {
			return
		}
		if d.String() != text {
			t.Fatalf("String() = %q, want %q", d.String(), text)
		}
		want, _, perr := big.ParseFloat(text, 10, DecimalPrecision, big.ToNearestEven)
		if perr != nil || d.BigFloat().Cmp(want) != 0 {
			t.Fatalf("BigFloat() = %v, want %v (%v)", d.BigFloat(), want, perr)
		}
		// What Terraform sends back must parse to the same value.
		back, _, berr := big.ParseFloat(d.BigFloat().Text('f', -1), 10, DecimalPrecision, big.ToNearestEven)
		if berr != nil || back.Cmp(want) != 0 {
			t.Fatalf("round trip of %q gave %v (%v)", text, back, berr)
		}
	})
}

// FuzzAnswer runs whole HTTP answers (status, content type, Retry-After,
// body) through the client's decoding path, the gate and then the SDK's
// parsing into each action's answer, as a call would: whatever arrives, no
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
	gate := &answerGate{redact: func(s string) string { return s }}
	f.Fuzz(func(t *testing.T, status int, contentType, retryAfterValue string, body []byte) {
		if status < 100 || status > 999 {
			return
		}
		header := map[string]string{"Content-Type": contentType, "Retry-After": retryAfterValue}
		for _, a := range []struct {
			name   string
			answer answer
		}{
			{apispec.SkillScanPayInfo, new(DescribeSkillScanPayInfoResponse)},
			{apispec.CustomerBillSummary, new(DescribeCustomerBillSummaryResponse)},
			{apispec.AssumeRole, new(AssumeRoleResponse)},
		} {
			out, err := gate.readAnswer(a.name, answerWith(status, header, string(body)), now)
			if err == nil {
				err = tchttp.ParseFromHttpResponse(answerWith(http.StatusOK, header, string(out)), a.answer)
			}
			if err == nil {
				continue
			}
			err = fromSDK(apispec.Action{Name: a.name}, err)
			var (
				apiErr    *APIError
				decErr    *DecodeError
				statusErr *HTTPStatusError
				malformed *MalformedAnswerError
			)
			if !errors.As(err, &apiErr) && !errors.As(err, &decErr) && !errors.As(err, &statusErr) && !errors.As(err, &malformed) {
				t.Fatalf("%s: %T %v is not one of the client's typed errors", a.name, err, err)
			}
		}
	})
}
