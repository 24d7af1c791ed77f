package datasources_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/tcintl/terraform-provider-tcintl/internal/acctest"
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
		{"hangs past the timeout", fakeserver.Fault{Kind: fakeserver.FaultDelay, Delay: 30e9}, "no answer within the request timeout of 1s"},
		{"drops the connection", fakeserver.Fault{Kind: fakeserver.FaultDropConnection}, "EOF"},
		{"truncated JSON", fakeserver.Fault{Kind: fakeserver.FaultMalformedJSON}, "is not valid JSON: truncated"},
		{"not JSON at all", fakeserver.Fault{Kind: fakeserver.FaultBody, Body: "<html>maintenance</html>"}, "is not valid JSON: syntax error at byte 1"},
	}
	for _, ds := range dataSources {
		for _, f := range faults {
			t.Run(ds.action+"/"+f.name, func(t *testing.T) {
				t.Parallel()
				srv := fakeserver.StartTest(t, fakeserver.Config{}, "skillscan-trial-order", "bill-amounts")
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

func TestFaults_badAnswersAreNamed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		action string
		block  string
		body   string
		want   *regexp.Regexp
	}{
		{
			"DescribeSkillScanPayInfo", dataSources[0].block, `{"Other": {"RequestId": "r-1"}}`,
			acctest.ErrorMatching("DescribeSkillScanPayInfo returned an answer the provider cannot read", "field Response: missing", "Request ID: none"),
		},
		{
			"DescribeSkillScanPayInfo", dataSources[0].block, `{"Response": {"AppID": "260083796", "RequestId": "r-wrong-type"}}`,
			acctest.ErrorMatching("field AppID: expected an integer within int64, got string", "Request ID: r-wrong-type"),
		},
		{
			"DescribeSkillScanPayInfo", dataSources[0].block, `{"Response": {"TotalQuota": 9223372036854775808, "RequestId": "r-huge"}}`,
			acctest.ErrorMatching("field TotalQuota: expected an integer within int64, got number 9223372036854775808", "Request ID: r-huge"),
		},
		{
			billAction, dataSources[1].block, `{"Response": {"TotalCost": "12.5", "RequestId": "r-string-cost"}}`,
			acctest.ErrorMatching("field TotalCost: expected a number, got string", "Request ID: r-string-cost"),
		},
		{
			billAction, dataSources[1].block, `{"Response": {"TotalCost": null, "RequestId": "r-null-cost"}}`,
			acctest.ErrorMatching("field TotalCost: missing or null", "Request ID: r-null-cost"),
		},
		{
			billAction, dataSources[1].block, `{"RequestId": "r-no-response"}`,
			acctest.ErrorMatching("field Response: missing"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.action+"/"+tt.body, func(t *testing.T) {
			t.Parallel()
			srv := fakeserver.StartTest(t, fakeserver.Config{})
			srv.InjectFaults(tt.action, fakeserver.Fault{Kind: fakeserver.FaultBody, Body: tt.body, Times: 1000})
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories(t),
				Steps:                    []resource.TestStep{{Config: faultyProvider.Block(srv) + tt.block, ExpectError: tt.want}},
			})
			// A shape problem is not transient: no retries.
			if n := srv.Count(tt.action); n < 1 || n > 2 {
				t.Errorf("%d requests; a bad answer must not be retried (one per terraform command)", n)
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
			name: "null fields become null attributes", action: "DescribeSkillScanPayInfo", block: dataSources[0].block,
			body: `{"Response": {"AppID": null, "Uin": null, "OrderStatus": 0, "BeginTime": null, "TimeNow": "2026-05-14 00:48:25", "RequestId": "r-nulls"}}`,
			checks: []statecheck.StateCheck{acctest.ExpectAllAttributes(skillScanAddress, map[string]knownvalue.Check{
				"app_id": knownvalue.Null(), "uin": knownvalue.Null(), "nick_name": knownvalue.Null(),
				"order_status": knownvalue.Int64Exact(0), "total_quota": knownvalue.Null(), "used_count": knownvalue.Null(),
				"pay_mode": knownvalue.Null(), "auto_renew": knownvalue.Null(), "resource_id": knownvalue.Null(),
				"time_span": knownvalue.Null(), "time_unit": knownvalue.Null(), "begin_time": knownvalue.Null(),
				"end_time": knownvalue.Null(), "beta_end_time": knownvalue.Null(),
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
