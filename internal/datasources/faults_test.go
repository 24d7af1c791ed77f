package datasources_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/tcintl/terraform-provider-tcintl/internal/acctest"
	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
)

// The fault matrix: for each data source, each way an answer can go wrong
// gives the right value or a diagnostic that says what was wrong, with the
// request ID when there is one, and retryable faults are retried up to
// max_retries and then reported with the number of attempts.

// faultyProvider retries twice and waits at most a second per attempt, so a
// hung server costs three seconds, not minutes.
var faultyProvider = acctest.Provider{Lines: []string{"max_retries = 2", "request_timeout = 1"}}

var dataSources = []struct {
	action  string
	address string
	block   string
}{
	{"DescribeSkillScanPayInfo", skillScanAddress, `data "tcintl_skillscan_pay_info" "this" {}`},
	{billAction, "data.tcintl_customer_bill_summary.this", billBlock("this", 100000000001, "2026-01")},
	{partnerCreditAction, partnerCreditAddress, partnerCreditBlock},
	{creditsAction, "data.tcintl_customer_credits.this", creditsBlock("this")},
	{productsAction, "data.tcintl_customer_bill_by_product.this", productsBlock("this", "100000000001", `"2026-01"`)},
}

func TestFaults_retriedThenReported(t *testing.T) {
	t.Parallel()
	faults := []struct {
		name  string
		fault fakeserver.Fault
		want  string
	}{
		{"HTTP 500", fakeserver.Fault{Kind: fakeserver.FaultHTTPStatus, Status: 500}, "HTTP status 500 Internal Server Error"},
		{"HTTP 502", fakeserver.Fault{Kind: fakeserver.FaultHTTPStatus, Status: 502}, "HTTP status 502 Bad Gateway"},
		{"HTTP 503", fakeserver.Fault{Kind: fakeserver.FaultHTTPStatus, Status: 503}, "HTTP status 503 Service Unavailable"},
		{"truncated JSON", fakeserver.Fault{Kind: fakeserver.FaultMalformedJSON}, "is cut short: not valid JSON"},
		{"drops the connection", fakeserver.Fault{Kind: fakeserver.FaultDropConnection}, "EOF"},
		{"throttled", fakeserver.Fault{Kind: fakeserver.FaultErrorCode, Code: "RequestLimitExceeded"}, "Error code: RequestLimitExceeded"},
		{"internal error", fakeserver.Fault{Kind: fakeserver.FaultErrorCode, Code: "InternalError.DbError"}, "Error code: InternalError.DbError"},
	}
	for _, ds := range dataSources {
		for _, f := range faults {
			t.Run(ds.action+"/"+f.name, func(t *testing.T) {
				t.Parallel()
				srv := fakeserver.StartTest(t, fakeserver.Config{}, "skillscan-trial-order", "bill-amounts", "partner-credit", "customer-credits", "bill-by-product")
				f.fault.Times = 1000
				srv.InjectFaults(ds.action, f.fault)
				resource.UnitTest(t, resource.TestCase{
					ProtoV6ProviderFactories: acctest.ProviderFactories(t),
					Steps: []resource.TestStep{{
						Config:      faultyProvider.Block(srv) + ds.block,
						ExpectError: acctest.ErrorMatching(ds.action+" failed", f.want, "Attempts: 3"),
					}},
				})
			})
		}
	}
}

// skillScanAnswer is a complete DescribeSkillScanPayInfo answer with extra
// (or replacing) JSON members: the mandatory fields a test is not about.
func skillScanAnswer(members string) string {
	return `{"Response": {"AppID": 1, "OrderStatus": 0, "TotalQuota": 0, "UsedCount": 0, "PayMode": 0, "AutoRenew": 0, "TimeSpan": 0,
		"BetaEndTime": "2026-06-30 23:59:59", "TimeNow": "2026-05-14 00:48:25", ` + members + `}}`
}

func TestFaults_badAnswersAreNamed(t *testing.T) {
	t.Parallel()
	bigBody := `{"Response": {"Pad": "` + strings.Repeat("x", 1<<20) + `", "RequestId": "r-big"}}`
	tests := []struct {
		name   string
		action string
		block  string
		fault  fakeserver.Fault
		want   *regexp.Regexp
	}{
		// Not an object at the top level: a crash of the plugin once.
		{"null", "DescribeSkillScanPayInfo", dataSources[0].block, bodyFault("null"),
			acctest.ErrorMatching("DescribeSkillScanPayInfo returned an answer the provider cannot read", "expected a JSON object with a Response object, got null", "Request ID: none")},
		{"null", billAction, dataSources[1].block, bodyFault("null"), acctest.ErrorMatching(billAction+" returned an answer the provider cannot read", "got null")},
		{"an array", billAction, dataSources[1].block, bodyFault(`[{"Response": {}}]`), acctest.ErrorMatching("got array")},
		{"a string", "DescribeSkillScanPayInfo", dataSources[0].block, bodyFault(`"Response"`), acctest.ErrorMatching("got string")},
		{"a number", billAction, dataSources[1].block, bodyFault(`12.5`), acctest.ErrorMatching("got number")},
		{"no Response", "DescribeSkillScanPayInfo", dataSources[0].block, bodyFault(`{"Other": {"RequestId": "r-1"}}`),
			acctest.ErrorMatching("DescribeSkillScanPayInfo returned an answer the provider cannot read", "field Response: missing", "Request ID: none")},
		{"no Response", billAction, dataSources[1].block, bodyFault(`{"RequestId": "r-no-response"}`), acctest.ErrorMatching("field Response: missing")},
		// Mandatory data missing: not a success of nulls.
		{"only a request ID", "DescribeSkillScanPayInfo", dataSources[0].block, bodyFault(`{"Response": {"RequestId": "x"}}`),
			acctest.ErrorMatching("field AppID: missing or null", "Request ID: x")},
		{"TimeNow missing", "DescribeSkillScanPayInfo", dataSources[0].block, bodyFault(`{"Response": {"AppID": 1, "OrderStatus": 0, "TotalQuota": 0, "UsedCount": 0, "PayMode": 0, "AutoRenew": 0, "TimeSpan": 0, "BetaEndTime": "2026-06-30 23:59:59", "RequestId": "r-no-time"}}`),
			acctest.ErrorMatching("field TimeNow: missing or null", "Request ID: r-no-time")},
		{"a number null", "DescribeSkillScanPayInfo", dataSources[0].block, bodyFault(skillScanAnswer(`"UsedCount": null, "RequestId": "r-null-count"`)),
			acctest.ErrorMatching("field UsedCount: missing or null", "Request ID: r-null-count")},
		{"no request ID", billAction, dataSources[1].block, bodyFault(`{"Response": {"TotalCost": 1}}`), acctest.ErrorMatching("field RequestId: missing or null")},
		{"TotalCost null", billAction, dataSources[1].block, bodyFault(`{"Response": {"TotalCost": null, "RequestId": "r-null-cost"}}`),
			acctest.ErrorMatching("field TotalCost: missing or null", "Request ID: r-null-cost")},
		{"an error without a code", billAction, dataSources[1].block, bodyFault(`{"Response": {"Error": {"Code": "", "Message": "The backend fell over."}, "RequestId": "r-no-code"}}`),
			acctest.ErrorMatching(billAction+" failed", "Error code: none", "Message: The backend fell over.", "Request ID: r-no-code", "reported an error without a code")},
		// Wrong types.
		{"a string for an integer", "DescribeSkillScanPayInfo", dataSources[0].block, bodyFault(skillScanAnswer(`"AppID": "260083796", "RequestId": "r-wrong-type"`)),
			acctest.ErrorMatching("field AppID: expected an integer within int64, got string", "Request ID: r-wrong-type")},
		{"beyond int64", "DescribeSkillScanPayInfo", dataSources[0].block, bodyFault(skillScanAnswer(`"TotalQuota": 9223372036854775808, "RequestId": "r-huge"`)),
			acctest.ErrorMatching("field TotalQuota: expected an integer within int64, got number 9223372036854775808", "Request ID: r-huge")},
		{"a bad time", "DescribeSkillScanPayInfo", dataSources[0].block, bodyFault(skillScanAnswer(`"BeginTime": "14/05/2026 00:48", "RequestId": "req-bad-time"`)),
			acctest.ErrorMatching("field BeginTime: expected a time in the form YYYY-MM-DD hh:mm:ss, got string \"14/05/2026 00:48\"", "Request ID: req-bad-time")},
		{"a string amount", billAction, dataSources[1].block, bodyFault(`{"Response": {"TotalCost": "12.5", "RequestId": "r-string-cost"}}`),
			acctest.ErrorMatching(`field TotalCost: expected a number, got string "12.5"`, "Request ID: r-string-cost")},
		{"an amount beyond 40 digits", billAction, dataSources[1].block, bodyFault(`{"Response": {"TotalCost": 1e45, "RequestId": "r-huge-cost"}}`),
			acctest.ErrorMatching(`field TotalCost: expected a number, got "1e45" has more than 40 digits before the point`, "Request ID: r-huge-cost")},
		// Never an answer: not retried, and named for what it is.
		{"larger than 1 MiB", billAction, dataSources[1].block, bodyFault(bigBody), acctest.ErrorMatching(billAction+" failed", "the answer is larger than 1 MiB", "not an answer of the Tencent Cloud API")},
		{"an event stream", "DescribeSkillScanPayInfo", dataSources[0].block, typedFault("text/event-stream", "data: {}\n\n"), acctest.ErrorMatching("the answer has content type text/event-stream, not JSON")},
		{"a login page", billAction, dataSources[1].block, typedFault("text/html", "<html>sign in</html>"), acctest.ErrorMatching("the answer has content type text/html, not JSON")},
		{"a login page served as JSON", billAction, dataSources[1].block, bodyFault("<html>maintenance</html>"),
			acctest.ErrorMatching("the answer (24 bytes) is not JSON: syntax error at byte 1", "not an answer of the Tencent Cloud API")},
		{"a login page without a content type", "DescribeSkillScanPayInfo", dataSources[0].block, typedFault("", "<!DOCTYPE html><html>sign in</html>"),
			acctest.ErrorMatching("is not JSON: syntax error at byte 1")},
		{"a bare OK", billAction, dataSources[1].block, bodyFault("OK"), acctest.ErrorMatching("the answer (2 bytes) is not JSON")},
	}
	for _, tt := range tests {
		t.Run(tt.action+"/"+tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fakeserver.StartTest(t, fakeserver.Config{})
			srv.InjectFaults(tt.action, tt.fault)
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories(t),
				Steps:                    []resource.TestStep{{Config: faultyProvider.Block(srv) + tt.block, ExpectError: tt.want}},
			})
			// None of these can become valid: no retries, one call per
			// terraform command that reads.
			if n := srv.Count(tt.action); n < 1 || n > 2 {
				t.Errorf("%d requests; a hopeless answer must not be retried", n)
			}
		})
	}
}

func bodyFault(body string) fakeserver.Fault {
	return fakeserver.Fault{Kind: fakeserver.FaultBody, Body: body, Times: 1000}
}

func typedFault(contentType, body string) fakeserver.Fault {
	f := bodyFault(body)
	f.Header = map[string]string{"Content-Type": contentType}
	return f
}

// Slow servers: each lookup ends at its deadline (request_timeout 1 s plus
// the backoff of 2 retries, 0.5 s and 1 s), not after 3 whole timeouts.
func TestFaults_slowServersEndAtTheDeadline(t *testing.T) {
	t.Parallel()
	for _, ds := range dataSources {
		for _, fault := range []fakeserver.Fault{
			{Kind: fakeserver.FaultDelay, Delay: time.Minute, Times: 1000},
			{Kind: fakeserver.FaultTrickle, Delay: 100 * time.Millisecond, Times: 1000},
		} {
			t.Run(ds.action+"/"+string(fault.Kind), func(t *testing.T) {
				t.Parallel()
				srv := fakeserver.StartTest(t, fakeserver.Config{}, "skillscan-trial-order", "bill-amounts", "partner-credit", "customer-credits", "bill-by-product")
				srv.InjectFaults(ds.action, fault)
				resource.UnitTest(t, resource.TestCase{
					ProtoV6ProviderFactories: acctest.ProviderFactories(t),
					Steps: []resource.TestStep{{
						Config: faultyProvider.Block(srv) + ds.block,
						ExpectError: acctest.ErrorMatching(ds.action+" failed", "at the lookup's deadline of 2.5s", "no answer within the request timeout",
							"the lookup's deadline ended the retries", "used up its deadline of 2.5s"),
					}},
				})
			})
		}
	}
}

func TestFaults_retryAfterIsHonoured(t *testing.T) {
	t.Parallel()
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "bill-amounts")
	srv.InjectFaults(billAction, fakeserver.Fault{Kind: fakeserver.FaultHTTPStatus, Status: 503, Header: map[string]string{"Retry-After": "2"}})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories(t),
		Steps: []resource.TestStep{{
			Config: acctest.ProviderBlock(srv) + billBlock("this", 100000000001, "2026-03"),
			ConfigStateChecks: []statecheck.StateCheck{acctest.ExpectAllAttributes("data.tcintl_customer_bill_summary.this",
				billState(100000000001, "2026-03", "1234567.89", "6f0d9a1e-2b3c-4d5e-8f70-a1b2c3d40003"))},
		}},
	})
	log := srv.Requests()
	if len(log) < 2 || log[0].Status != 503 || !log[1].Succeeded() || log[1].Time.Sub(log[0].Time) < 2*time.Second {
		t.Errorf("want a 503 retried 2 s later, got %s", describe(log))
	}
}

// A request that cannot be sent (a region variable with a newline) fails
// at once with what is wrong, not as a network error retried six times.
func TestFaults_unsendableRequestsFailAtOnce(t *testing.T) {
	t.Parallel()
	for _, region := range []string{"ap-singapore\n", "ap-singapore\r\n", "ap-\x00singapore"} {
		t.Run(strconv.Quote(region), func(t *testing.T) {
			t.Parallel()
			srv := fakeserver.StartTest(t, fakeserver.Config{}, "skillscan-trial-order")
			acctest.ExpectErrorWithoutCalls(t, srv, acctest.ProviderFactories(t, "TENCENTCLOUD_REGION="+region), acctest.ProviderBlock(srv)+dataSources[0].block, acctest.ErrorMatching("the request cannot be sent: the region contains a control character", "retrying cannot help"))
		})
	}
}

func TestFaults_assumeRoleAnswersThatAreNotObjects(t *testing.T) {
	t.Parallel()
	for _, body := range []string{"null", "[]", `"x"`, "0"} {
		t.Run(body, func(t *testing.T) {
			t.Parallel()
			srv := fakeserver.StartTest(t, fakeserver.Config{})
			srv.InjectFaults(apispec.AssumeRole, bodyFault(body))
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories(t),
				Steps: []resource.TestStep{{
					Config:      acctest.ProviderBlock(srv, `assume_role {`, `  role_arn = "qcs::cam::uin/100000000001:roleName/reader"`, `}`) + dataSources[0].block,
					ExpectError: acctest.ErrorMatching("could not assume role", "AssumeRole: unexpected answer", "expected a JSON object with a Response object"),
				}},
			})
			if n := srv.Count(apispec.SkillScanPayInfo); n != 0 {
				t.Errorf("%d reads without keys", n)
			}
		})
	}
}

func TestFaults_oddButValidAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		action string
		block  string
		body   string
		checks []statecheck.StateCheck
	}{
		{
			// The text fields are optional; the numbers and the two times
			// the API always sends are not (see badAnswersAreNamed).
			name: "null or absent text becomes null attributes", action: "DescribeSkillScanPayInfo", block: dataSources[0].block,
			body: skillScanAnswer(`"Uin": null, "ResourceId": null, "BeginTime": null, "EndTime": "0000-00-00 00:00:00", "TimeUnit": "", "RequestId": "r-nulls"`),
			checks: []statecheck.StateCheck{acctest.ExpectAllAttributes(skillScanAddress, map[string]knownvalue.Check{
				"app_id": knownvalue.Int64Exact(1), "uin": knownvalue.Null(), "nick_name": knownvalue.Null(),
				"order_status": knownvalue.Int64Exact(0), "total_quota": knownvalue.Int64Exact(0), "used_count": knownvalue.Int64Exact(0),
				"pay_mode": knownvalue.Int64Exact(0), "auto_renew": knownvalue.Int64Exact(0), "resource_id": knownvalue.Null(),
				"time_span": knownvalue.Int64Exact(0), "time_unit": knownvalue.Null(), "begin_time": knownvalue.Null(),
				"end_time": knownvalue.Null(), "beta_end_time": knownvalue.StringExact("2026-06-30T23:59:59+08:00"),
				"time_now":   knownvalue.StringExact("2026-05-14T00:48:25+08:00"),
				"request_id": knownvalue.StringExact("r-nulls"),
			})},
		},
		{
			name: "unknown extra fields are ignored", action: billAction, block: dataSources[1].block,
			body: `{"Response": {"TotalCost": 42.5, "Currency": "USD", "Details": [{"a": 1}], "RequestId": "r-extra"}}`,
			checks: []statecheck.StateCheck{acctest.ExpectAllAttributes("data.tcintl_customer_bill_summary.this",
				billState(100000000001, "2026-01", "42.5", "r-extra"))},
		},
		{
			name: "an amount beyond int64 stays exact", action: billAction, block: dataSources[1].block,
			body: `{"Response": {"TotalCost": 123456789012345678901234567890.12, "RequestId": "r-big"}}`,
			checks: []statecheck.StateCheck{acctest.ExpectAllAttributes("data.tcintl_customer_bill_summary.this",
				billState(100000000001, "2026-01", "123456789012345678901234567890.12", "r-big"))},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fakeserver.StartTest(t, fakeserver.Config{})
			srv.InjectFaults(tt.action, fakeserver.Fault{Kind: fakeserver.FaultBody, Body: tt.body, Times: 1000})
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories(t),
				Steps:                    []resource.TestStep{{Config: faultyProvider.Block(srv) + tt.block, ConfigStateChecks: tt.checks}},
			})
		})
	}
}
