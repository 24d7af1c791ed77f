package fakeserver

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestScrub(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"secrets",
			`{"Token":"t0k","TmpSecretKey":"k","SecretKey":"s","SecretId":"AKIDreal","Password":"p","Signature":"x","Credentials":{"Token":"t"}}`,
			`{"Token":"SCRUBBED","TmpSecretKey":"SCRUBBED","SecretKey":"SCRUBBED","SecretId":"SCRUBBED","Password":"SCRUBBED","Signature":"SCRUBBED","Credentials":{"Token":"SCRUBBED"}}`},
		{"numeric secret", `{"Token":12345}`, `{"Token":"SCRUBBED"}`},
		{"uins keep their type and map consistently",
			`{"Uin":"700002365149","OwnerUin":700002365149,"CustomerUin":700012345678,"SubAccountUin":"700012345678","Uins":[700002365149,700099999999]}`,
			`{"Uin":"100000000001","OwnerUin":100000000001,"CustomerUin":100000000002,"SubAccountUin":"100000000002","Uins":[100000000001,100000000003]}`},
		{"app ids", `{"AppID":260083796,"AppId":"260083796","OwnerAppId":251000000}`, `{"AppID":1250000001,"AppId":"1250000001","OwnerAppId":1250000002}`},
		{"zero values stay", `{"Uin":"","AppID":0,"Token":"","NickName":""}`, `{"Uin":"","AppID":0,"Token":"","NickName":""}`},
		{"personal", `{"NickName":"王小明","Email":"a@b.c","PhoneNumber":"+86 123","Mobile":"1"}`, `{"NickName":"SCRUBBED","Email":"SCRUBBED","PhoneNumber":"SCRUBBED","Mobile":"SCRUBBED"}`},
		{"identifiers in text, even before their field",
			`{"Error":{"Code":"UnauthorizedOperation.UinNoAuth","Message":"uin 700012345678 cannot read 700087654321"},"CustomerUin":700087654321,"Uin":"700012345678"}`,
			`{"Error":{"Code":"UnauthorizedOperation.UinNoAuth","Message":"uin 100000000002 cannot read 100000000001"},"CustomerUin":100000000001,"Uin":"100000000002"}`},
		{"short values not replaced in text", `{"CustomerUin":1,"Month":"2023-01"}`, `{"CustomerUin":100000000001,"Month":"2023-01"}`},
		{"order, numbers, literals kept",
			`{"z":98765432109876.54321,"a":1.10,"m":[true,false,null,{"RequestId":"023e3667"}],"s":"<&>"}`,
			`{"z":98765432109876.54321,"a":1.10,"m":[true,false,null,{"RequestId":"023e3667"}],"s":"<&>"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := newScrubber().scrub([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("\ngot  %s\nwant %s", got, tt.want)
			}
		})
	}
	for _, bad := range []string{`{"a":`, `{} {}`, strings.Repeat("[", 1000) + strings.Repeat("]", 1000)} {
		if _, err := newScrubber().scrub([]byte(bad)); err == nil {
			t.Errorf("scrub(%.20q) accepted", bad)
		}
	}
}

// The cassette to record, as a user would write it with real customers.
const recordInput = `{
  "scenario": "live-test",
  "source": "constructed (not recorded)",
  "interactions": [
    {"request": {"action": "DescribeSkillScanPayInfo", "version": "2022-11-21", "body": {}},
     "response": {"Response": {"RequestId": "placeholder"}}},
    {"request": {"action": "DescribeCustomerBillSummary", "version": "2022-09-28", "body": {"Month": "2026-01", "CustomerUin": 700012345678}},
     "response": {"Response": {"RequestId": "placeholder"}}},
    {"request": {"action": "DescribeCustomerBillSummary", "version": "2022-09-28", "body": {"CustomerUin": 700087654321, "Month": "2026-01"}},
     "response": {"Response": {"RequestId": "placeholder"}}}
  ]
}`

// liveCassette is what the stand-in "live" server answers.
const liveCassette = `{
  "scenario": "live",
  "source": "test stand-in for the live API",
  "interactions": [
    {"request": {"action": "DescribeSkillScanPayInfo", "version": "2022-11-21", "body": {}},
     "response": {"Response": {"AppID": 260083796, "Uin": "700002365149", "NickName": "Real Person", "OrderStatus": 6,
       "Token": "live-token", "TmpSecretKey": "live-key", "TimeNow": "2026-05-14 00:48:25", "RequestId": "live-req-1"}}},
    {"request": {"action": "DescribeCustomerBillSummary", "version": "2022-09-28", "body": {"CustomerUin": 700012345678, "Month": "2026-01"}},
     "response": {"Response": {"TotalCost": 98765432109876.54321, "RequestId": "live-req-2"}}},
    {"request": {"action": "DescribeCustomerBillSummary", "version": "2022-09-28", "body": {"CustomerUin": 700087654321, "Month": "2026-01"}},
     "response": {"Response": {"Error": {"Code": "UnauthorizedOperation.UinNoAuth", "Message": "Customer 700087654321 is not yours."}, "RequestId": "live-req-3"}}}
  ]
}`

const liveID, liveKey = "AKIDliveStandIn000000000000000000001", "liveStandInSecret00000000000000001"

func startLive(t *testing.T) *Server {
	t.Helper()
	c, err := ParseCassette([]byte(liveCassette))
	if err != nil {
		t.Fatal(err)
	}
	return mustStart(t, Config{
		Cassettes: []Cassette{c},
		Keys:      map[string]string{liveID: liveKey},
		Limits:    map[string]float64{ActionCustomerBillSummary: math.Inf(1)},
	})
}

func writeInput(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "live-test.json")
	if err := os.WriteFile(path, []byte(recordInput), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func recordOptions(live *Server) RecordOptions {
	return RecordOptions{
		SecretID: liveID, SecretKey: liveKey, BaseURL: live.URL(),
		Limits: map[string]float64{ActionCustomerBillSummary: 1000, ActionSkillScanPayInfo: 1000},
		Now:    func() time.Time { return time.Date(2026, 5, 14, 9, 0, 0, 0, time.UTC) },
	}
}

func TestRecordFile(t *testing.T) {
	t.Setenv(RecordEnv, "1")
	live := startLive(t)
	path := writeInput(t)
	if err := RecordFile(context.Background(), path, recordOptions(live)); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c, err := ParseCassette(raw)
	if err != nil {
		t.Fatalf("rewritten cassette: %v\n%s", err, raw)
	}
	if c.Scenario != "live-test" || c.Source != "recorded from the live API on 2026-05-14, scrubbed" {
		t.Errorf("scenario %q source %q", c.Scenario, c.Source)
	}
	text := string(raw)
	for _, leaked := range []string{"700002365149", "700012345678", "700087654321", "260083796", "Real Person", "live-token", "live-key", liveKey} {
		if strings.Contains(text, leaked) {
			t.Errorf("recorded cassette still contains %q:\n%s", leaked, text)
		}
	}
	for _, kept := range []string{
		`"RequestId": "live-req-1"`, `"RequestId": "live-req-3"`,
		`"TotalCost": 98765432109876.54321`,
		`"Token": "SCRUBBED"`, `"TmpSecretKey": "SCRUBBED"`, `"NickName": "SCRUBBED"`,
		`"AppID": 1250000001`, `"Uin": "100000000003"`,
		`"Message": "Customer 100000000002 is not yours."`,
	} {
		if !strings.Contains(text, kept) {
			t.Errorf("recorded cassette lacks %s:\n%s", kept, text)
		}
	}
	if enc, _ := encodeCassette(c); !bytes.Equal(enc, raw) {
		t.Error("the rewritten file is not in the canonical layout")
	}

	// The live stand-in verified every call: signed with the given key, en-US.
	reqs := live.Requests()
	if len(reqs) != 3 {
		t.Fatalf("live saw %d requests", len(reqs))
	}
	for _, r := range reqs {
		if r.SecretID != liveID || r.Language != "en-US" || !r.Matched {
			t.Errorf("live log %+v", r)
		}
	}

	// The recorded cassette serves the scrubbed requests.
	s := mustStart(t, Config{Cassettes: []Cassette{c}})
	got, err := sdkCall(t, sdkClient(s, TestSecretID, TestSecretKey, ""), ActionCustomerBillSummary, `{"CustomerUin": 100000000001, "Month": "2026-01"}`)
	if err != nil || !bytes.Contains(got, []byte(`"TotalCost":98765432109876.54321`)) {
		t.Errorf("replay: %s, %v", got, err)
	}
}

func TestRecordRefuses(t *testing.T) {
	live := startLive(t)
	tests := []struct {
		name    string
		env     string
		opts    func(RecordOptions) RecordOptions
		fault   *Fault
		wantErr string
	}{
		{"without TCINTL_RECORD", "", nil, nil, RecordEnv},
		{"with TCINTL_RECORD=true", "true", nil, nil, RecordEnv},
		{"without credentials", "1", func(o RecordOptions) RecordOptions {
			o.SecretID, o.SecretKey = "", ""
			return o
		}, nil, "TENCENTCLOUD_SECRET_ID"},
		{"wrong credentials", "1", func(o RecordOptions) RecordOptions { o.SecretKey = "wrong"; return o }, nil, "AuthFailure.SignatureFailure"},
		{"throttled", "1", nil, &Fault{Kind: FaultErrorCode, Code: CodeRequestLimitExceeded}, CodeRequestLimitExceeded},
		{"gateway error", "1", nil, &Fault{Kind: FaultHTTPStatus, Status: 502}, "HTTP status 502"},
		{"not an API answer", "1", nil, &Fault{Kind: FaultBody, Body: `{"TotalCost": 1}`}, "not a"},
		{"dropped", "1", nil, &Fault{Kind: FaultDropConnection}, "no answer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(RecordEnv, tt.env)
			t.Setenv("TENCENTCLOUD_SECRET_ID", "")
			t.Setenv("TENCENTCLOUD_SECRET_KEY", "")
			live.ClearFaults()
			if tt.fault != nil {
				live.InjectFaults(ActionSkillScanPayInfo, *tt.fault)
			}
			opts := recordOptions(live)
			if tt.opts != nil {
				opts = tt.opts(opts)
			}
			path := writeInput(t)
			err := RecordFile(context.Background(), path, opts)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
			}
			if tt.env != "1" && !errors.Is(err, ErrRecordDisabled) {
				t.Errorf("err = %v, want ErrRecordDisabled", err)
			}
			if b, _ := os.ReadFile(path); string(b) != recordInput {
				t.Error("a failed recording must leave the file untouched")
			}
			if strings.Contains(err.Error(), liveKey) {
				t.Error("error leaks the key")
			}
		})
	}
	t.Setenv(RecordEnv, "")
	if _, err := Record(context.Background(), Cassette{Scenario: "x"}, RecordOptions{}); !errors.Is(err, ErrRecordDisabled) {
		t.Errorf("Record without %s: %v", RecordEnv, err)
	}
}

// TestAnswerCode: the recorder only accepts API answers.
func TestAnswerCode(t *testing.T) {
	for in, want := range map[string]string{
		`{"Response":{"RequestId":"x"}}`:                     "",
		`{"Response":{"Error":{"Code":"X"},"RequestId":""}}`: "X",
	} {
		if got, err := answerCode([]byte(in)); err != nil || got != want {
			t.Errorf("answerCode(%s) = %q, %v", in, got, err)
		}
	}
	for _, in := range []string{`[]`, `{"Other":{}}`, `{"Response":{"Error":{"Message":"no code"}}}`} {
		if _, err := answerCode([]byte(in)); err == nil {
			t.Errorf("answerCode(%s) accepted", in)
		}
	}
}
