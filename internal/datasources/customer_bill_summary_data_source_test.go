package datasources_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/tcintl/terraform-provider-tcintl/internal/acctest"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
)

const billAction = "DescribeCustomerBillSummary"

// billBlock is a tcintl_customer_bill_summary block named name.
func billBlock(name string, customer int64, month string, extra ...string) string {
	return fmt.Sprintf(`
data "tcintl_customer_bill_summary" %q {
  customer_uin = %d
  month        = %q
%s}
`, name, customer, month, lines(extra))
}

func billState(customer int64, month, totalCost, requestID string) map[string]knownvalue.Check {
	return map[string]knownvalue.Check{
		"customer_uin": knownvalue.Int64Exact(customer),
		"month":        knownvalue.StringExact(month),
		"pay_mode":     knownvalue.Null(),
		"action_type":  knownvalue.Null(),
		"is_confirmed": knownvalue.Null(),
		"total_cost":   acctest.ExactNumber(totalCost),
		"request_id":   knownvalue.StringExact(requestID),
	}
}

func TestCustomerBillSummary_amountsAreExact(t *testing.T) {
	t.Parallel()
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "bill-amounts")
	amounts := []struct{ month, cost, requestID string }{
		{"2026-01", "0", "6f0d9a1e-2b3c-4d5e-8f70-a1b2c3d40001"},
		{"2026-02", "0.1", "6f0d9a1e-2b3c-4d5e-8f70-a1b2c3d40002"},
		{"2026-03", "1234567.89", "6f0d9a1e-2b3c-4d5e-8f70-a1b2c3d40003"},
		{"2026-04", "98765432109876.54321", "6f0d9a1e-2b3c-4d5e-8f70-a1b2c3d40004"},
	}
	config := acctest.ProviderBlock(srv)
	var checks []statecheck.StateCheck
	for i, a := range amounts {
		name := fmt.Sprintf("m%d", i+1)
		config += billBlock(name, 100000000001, a.month)
		checks = append(checks, acctest.ExpectAllAttributes("data.tcintl_customer_bill_summary."+name,
			billState(100000000001, a.month, a.cost, a.requestID)))
	}
	// The amount must also survive an expression: a policy compares it.
	config += `
output "total" {
  value = data.tcintl_customer_bill_summary.m4.total_cost + data.tcintl_customer_bill_summary.m2.total_cost
}
`
	checks = append(checks, statecheck.ExpectKnownOutputValue("total", acctest.ExactNumber("98765432109876.64321")))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories(t),
		Steps:                    []resource.TestStep{{Config: config, ConfigStateChecks: checks}},
	})
}

func TestCustomerBillSummary_optionalArguments(t *testing.T) {
	t.Parallel()
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "bill-filters", "bill-reference")
	config := acctest.ProviderBlock(srv) +
		billBlock("filtered", 100000000001, "2026-05", `  pay_mode = "prePay"`, `  action_type = "prepay_renew"`, `  is_confirmed = "1"`) +
		billBlock("unfiltered", 100000000001, "2026-05") +
		billBlock("reference", 1, "2023-02", `  pay_mode = "postPay"`, `  action_type = "postpay_deduct_h"`, `  is_confirmed = "0"`)
	filtered := billState(100000000001, "2026-05", "4321.5", "c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d0001")
	filtered["pay_mode"] = knownvalue.StringExact("prePay")
	filtered["action_type"] = knownvalue.StringExact("prepay_renew")
	filtered["is_confirmed"] = knownvalue.StringExact("1")
	reference := billState(1, "2023-02", "0", "123456")
	reference["pay_mode"] = knownvalue.StringExact("postPay")
	reference["action_type"] = knownvalue.StringExact("postpay_deduct_h")
	reference["is_confirmed"] = knownvalue.StringExact("0")

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories(t),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.ExpectAllAttributes("data.tcintl_customer_bill_summary.filtered", filtered),
				acctest.ExpectAllAttributes("data.tcintl_customer_bill_summary.unfiltered",
					billState(100000000001, "2026-05", "8642.25", "c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d0002")),
				acctest.ExpectAllAttributes("data.tcintl_customer_bill_summary.reference", reference),
			},
		}},
	})

	// Unset optional arguments are left out of the body, and the UIN is a
	// JSON integer, not a string or a float.
	wantBodies := map[string]bool{
		`{"CustomerUin":100000000001,"Month":"2026-05"}`:                                                                  false,
		`{"CustomerUin":100000000001,"Month":"2026-05","PayMode":"prePay","ActionType":"prepay_renew","IsConfirmed":"1"}`: false,
		`{"CustomerUin":1,"Month":"2023-02","PayMode":"postPay","ActionType":"postpay_deduct_h","IsConfirmed":"0"}`:       false,
	}
	for _, r := range srv.Requests() {
		if _, ok := wantBodies[string(r.Body)]; !ok {
			t.Errorf("unexpected request body %s", r.Body)
		}
		wantBodies[string(r.Body)] = true
	}
	for body, seen := range wantBodies {
		if !seen {
			t.Errorf("no request with body %s", body)
		}
	}
}

func TestCustomerBillSummary_apiErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		customer int64
		provider acctest.Provider
		faults   []fakeserver.Fault
		want     *regexp.Regexp
	}{
		{
			name: "customer not managed", customer: 100000000002,
			want: acctest.ErrorMatching("DescribeCustomerBillSummary failed", "Error code: UnauthorizedOperation.UinNoAuth",
				"Message: The current account has no permission to query the bill of customer 100000000002.",
				"Request ID: b7e3c1d2-4a5f-4e6b-9c8d-7f1a2b3c0001", "Only distributors, second-level resellers and resellers"),
		},
		{
			name: "invalid month", customer: 100000000003,
			want: acctest.ErrorMatching("DescribeCustomerBillSummary failed", "Error code: InvalidParameterValue.InvalidMonth",
				"Message: The month value is wrong", "Request ID: b7e3c1d2-4a5f-4e6b-9c8d-7f1a2b3c0002", "Check month"),
		},
		{
			name: "wrong secret key", customer: 100000000001,
			provider: acctest.Provider{SecretKey: "not-the-right-key"},
			want: acctest.ErrorMatching("DescribeCustomerBillSummary failed", "Error code: AuthFailure.SignatureFailure",
				"Request ID:", "the secret key does not belong to the secret ID"),
		},
		{
			name: "unknown secret id", customer: 100000000001,
			provider: acctest.Provider{SecretID: "AKIDnobodyHasThisKeyId0000000000000", SecretKey: "whatever"},
			want:     acctest.ErrorMatching("Error code: AuthFailure.SecretIdNotFound", "Check the secret ID from secret_id and secret_key"),
		},
		{
			name: "throttled through every retry", customer: 100000000001,
			provider: acctest.Provider{Lines: []string{"max_retries = 1"}},
			faults:   []fakeserver.Fault{{Kind: fakeserver.FaultErrorCode, Code: "RequestLimitExceeded", Times: 1000}},
			want: acctest.ErrorMatching("DescribeCustomerBillSummary failed", "Error code: RequestLimitExceeded", "Request ID:",
				"Attempts: 2", "(1 per second for DescribeCustomerBillSummary)", "give such runs rate_limits below the limit"),
		},
		{
			name: "busy through every retry", customer: 100000000001,
			provider: acctest.Provider{Lines: []string{"max_retries = 1"}},
			faults:   []fakeserver.Fault{{Kind: fakeserver.FaultErrorCode, Code: "OperationDenied.ServiceBusy", Times: 1000}},
			want:     acctest.ErrorMatching("Error code: OperationDenied.ServiceBusy", "Attempts: 2", "stayed busy"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fakeserver.StartTest(t, fakeserver.Config{}, "bill-errors", "bill-amounts")
			srv.InjectFaults(billAction, tt.faults...)
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories(t),
				Steps: []resource.TestStep{{
					Config:      tt.provider.Block(srv) + billBlock("this", tt.customer, "2026-01"),
					ExpectError: tt.want,
				}},
			})
		})
	}
}

func TestCustomerBillSummary_busyOnceThenAnswered(t *testing.T) {
	t.Parallel()
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "bill-amounts")
	srv.InjectFaults(billAction, fakeserver.Fault{Kind: fakeserver.FaultErrorCode, Code: "OperationDenied.ServiceBusy"})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories(t),
		Steps: []resource.TestStep{{
			Config: acctest.ProviderBlock(srv) + billBlock("this", 100000000001, "2026-03"),
			ConfigStateChecks: []statecheck.StateCheck{acctest.ExpectAllAttributes("data.tcintl_customer_bill_summary.this",
				billState(100000000001, "2026-03", "1234567.89", "6f0d9a1e-2b3c-4d5e-8f70-a1b2c3d40003"))},
		}},
	})
	log := srv.Requests()
	if len(log) < 2 || log[0].Code != "OperationDenied.ServiceBusy" || !log[1].Succeeded() {
		t.Errorf("want a busy answer retried into a success, got %s", describe(log))
	}
}

func TestCustomerBillSummary_badInputFailsAtPlanWithoutACall(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		block string
		want  *regexp.Regexp
	}{
		{"month 13", billBlock("this", 1, "2023-13"), acctest.ErrorMatching("month", "YYYY-MM with the month from 01 to 12", "got: 2023-13")},
		{"month without leading zero", billBlock("this", 1, "2023-1"), acctest.ErrorMatching("month", "YYYY-MM", "got: 2023-1")},
		{"month without dash", billBlock("this", 1, "202301"), acctest.ErrorMatching("month", "YYYY-MM", "got: 202301")},
		{"customer 0", billBlock("this", 0, "2023-01"), acctest.ErrorMatching("Invalid customer_uin", "customer_uin must be a customer UIN, a whole number from 1 to 9223372036854775807, got 0")},
		{"customer negative", billBlock("this", -5, "2023-01"), acctest.ErrorMatching("customer_uin must be a customer UIN", "got -5")},
		{"customer 1.5", "data \"tcintl_customer_bill_summary\" \"this\" {\n  customer_uin = 1.5\n  month = \"2023-01\"\n}\n", acctest.ErrorMatching("customer_uin must be a customer UIN", "got 1.5")},
		{"customer beyond int64", "data \"tcintl_customer_bill_summary\" \"this\" {\n  customer_uin = 9223372036854775808\n  month = \"2023-01\"\n}\n", acctest.ErrorMatching("customer_uin must be a customer UIN", "got 9223372036854775808")},
		{"customer 1e300", "data \"tcintl_customer_bill_summary\" \"this\" {\n  customer_uin = 1e300\n  month = \"2023-01\"\n}\n", acctest.ErrorMatching("customer_uin must be a customer UIN", "got 1e+300")},
		{"pay_mode in the wrong case", billBlock("this", 1, "2023-01", `  pay_mode = "PrePay"`), acctest.ErrorMatching("pay_mode", `"prePay"`, `"postPay"`, `got: "PrePay"`)},
		{"unknown action_type", billBlock("this", 1, "2023-01", `  action_type = "refund_all"`), acctest.ErrorMatching("action_type", `"prepay_purchase"`, `"pre_downgrade"`, `got: "refund_all"`)},
		{"is_confirmed 3", billBlock("this", 1, "2023-01", `  is_confirmed = "3"`), acctest.ErrorMatching("is_confirmed", `"0"`, `"1"`, `"2"`, `got: "3"`)},
		{"missing month", "data \"tcintl_customer_bill_summary\" \"this\" {\n  customer_uin = 1\n}\n", acctest.ErrorMatching(`The argument "month" is required`)},
		{"missing customer", "data \"tcintl_customer_bill_summary\" \"this\" {\n  month = \"2023-01\"\n}\n", acctest.ErrorMatching(`The argument "customer_uin" is required`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fakeserver.StartTest(t, fakeserver.Config{}, "bill-amounts")
			acctest.ExpectErrorWithoutCalls(t, srv, acctest.ProviderFactories(t), acctest.ProviderBlock(srv)+tt.block, tt.want)
		})
	}
}

func TestCustomerBillSummary_identicalLookupsShareOneCall(t *testing.T) {
	t.Parallel()
	// Terraform runs several commands per test step, each with a fresh
	// provider process; so count the calls for one block, then for five
	// identical blocks and a sixth with the same arguments in another order
	// of attributes: sharing means the counts are equal.
	callsFor := func(t *testing.T, blocks int) int {
		srv := fakeserver.StartTest(t, fakeserver.Config{}, "bill-amounts")
		config := acctest.ProviderBlock(srv)
		for i := range blocks {
			config += billBlock(fmt.Sprintf("b%d", i), 100000000001, "2026-02")
		}
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: acctest.ProviderFactories(t),
			Steps:                    []resource.TestStep{{Config: config}},
		})
		return srv.Count(billAction)
	}
	one := callsFor(t, 1)
	six := callsFor(t, 6)
	if one == 0 || six != one {
		t.Errorf("one block made %d calls, six identical blocks %d; want the same, non-zero", one, six)
	}
}

func describe(log []fakeserver.Request) string {
	var parts []string
	for _, r := range log {
		b, _ := json.Marshal(map[string]any{"action": r.Action, "code": r.Code, "status": r.Status, "fault": r.Fault, "body": string(r.Body)})
		parts = append(parts, string(b))
	}
	return strings.Join(parts, "; ")
}

func lines(ls []string) string {
	var b strings.Builder
	for _, l := range ls {
		b.WriteString(l + "\n")
	}
	return b.String()
}
