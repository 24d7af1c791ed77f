package datasources_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/tcintl/terraform-provider-tcintl/internal/acctest"
	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
)

const (
	partnerCreditAction  = apispec.PartnerCredit
	partnerCreditAddress = "data.tcintl_partner_credit.this"
	partnerCreditBlock   = "\ndata \"tcintl_partner_credit\" \"this\" {}\n"
)

// referencePartnerCredit is the state of the partner-credit scenario, the
// reference's example answer, which leaves the customer amounts out.
func referencePartnerCredit() map[string]knownvalue.Check {
	return map[string]knownvalue.Check{
		"total_credit":              acctest.ExactNumber("1050.1"),
		"allocated_credit":          acctest.ExactNumber("50"),
		"remaining_credit":          acctest.ExactNumber("1000.1"),
		"customer_total_credit":     knownvalue.Null(),
		"customer_remaining_credit": knownvalue.Null(),
		"request_id":                knownvalue.StringExact("2b7c676e-bb4b-449d-89e6-4866132036c7"),
	}
}

func TestPartnerCredit_everyAttributeExact(t *testing.T) {
	t.Parallel()
	tests := []struct {
		scenario string
		want     map[string]knownvalue.Check
	}{
		{
			// 19 significant digits, which a float64 would round, and 0.1.
			scenario: "partner-credit-amounts",
			want: map[string]knownvalue.Check{
				"total_credit":              acctest.ExactNumber("98765432109876.54321"),
				"allocated_credit":          acctest.ExactNumber("12345678901234.56789"),
				"remaining_credit":          acctest.ExactNumber("86419753208641.97532"),
				"customer_total_credit":     acctest.ExactNumber("12345678901234.56789"),
				"customer_remaining_credit": acctest.ExactNumber("0.1"),
				"request_id":                knownvalue.StringExact("c3d1e2f4-5a6b-4c7d-8e9f-0a1b2c3d0001"),
			},
		},
		{scenario: "partner-credit", want: referencePartnerCredit()},
	}
	for _, tt := range tests {
		t.Run(tt.scenario, func(t *testing.T) {
			t.Parallel()
			srv := fakeserver.StartTest(t, fakeserver.Config{}, tt.scenario)
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories(t),
				Steps: []resource.TestStep{{
					Config:            acctest.ProviderBlock(srv) + partnerCreditBlock,
					ConfigStateChecks: []statecheck.StateCheck{acctest.ExpectAllAttributes(partnerCreditAddress, tt.want)},
				}},
			})
			for _, r := range srv.Requests() {
				if r.Action != apispec.PartnerCredit || string(r.Body) != "{}" {
					t.Errorf("unexpected request %s %s", r.Action, r.Body)
				}
			}
		})
	}
}

// The amounts stay exact through an expression, as a guardrail computes
// with them: 98765432109876.54321 - 12345678901234.56789.
func TestPartnerCredit_amountsSurviveArithmetic(t *testing.T) {
	t.Parallel()
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "partner-credit-amounts")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories(t),
		Steps: []resource.TestStep{{
			Config: acctest.ProviderBlock(srv) + partnerCreditBlock + `
output "unallocated" {
  value = data.tcintl_partner_credit.this.total_credit - data.tcintl_partner_credit.this.allocated_credit
}

output "remaining_is_unallocated" {
  value = data.tcintl_partner_credit.this.remaining_credit == data.tcintl_partner_credit.this.total_credit - data.tcintl_partner_credit.this.allocated_credit
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("unallocated", acctest.ExactNumber("86419753208641.97532")),
				statecheck.ExpectKnownOutputValue("remaining_is_unallocated", knownvalue.Bool(true)),
			},
		}},
	})
}

func TestPartnerCredit_apiErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		faults []fakeserver.Fault
		want   *regexp.Regexp
	}{
		{
			name: "the keys are not a partner's",
			faults: []fakeserver.Fault{{Kind: fakeserver.FaultErrorCode, Code: "UnauthorizedOperation.UinNoAuth",
				Message: "The current account is not a partner account."}},
			want: acctest.ErrorMatching("QueryPartnerCredit failed", "Error code: UnauthorizedOperation.UinNoAuth",
				"Message: The current account is not a partner account.", "Request ID:",
				"Only distributors, second-level resellers and resellers have customers and credit to read", "are not a partner account's"),
		},
		{
			name:   "the operation failed",
			faults: []fakeserver.Fault{{Kind: fakeserver.FaultErrorCode, Code: "FailedOperation", Message: "Query failed."}},
			want: acctest.ErrorMatching("QueryPartnerCredit failed", "Error code: FailedOperation", "Message: Query failed.", "Request ID:",
				"said no more than the message", "quoting the request ID"),
		},
		{
			name:   "busy through every retry",
			faults: []fakeserver.Fault{{Kind: fakeserver.FaultErrorCode, Code: "OperationDenied.ServiceBusy", Times: 1000}},
			want:   acctest.ErrorMatching("QueryPartnerCredit failed", "Error code: OperationDenied.ServiceBusy", "Request ID:", "Attempts: 2", "stayed busy"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fakeserver.StartTest(t, fakeserver.Config{}, "partner-credit")
			srv.InjectFaults(apispec.PartnerCredit, tt.faults...)
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories(t),
				Steps:                    []resource.TestStep{{Config: acctest.ProviderBlock(srv, "max_retries = 1") + partnerCreditBlock, ExpectError: tt.want}},
			})
		})
	}
}

func TestPartnerCredit_busyOnceThenAnswered(t *testing.T) {
	t.Parallel()
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "partner-credit")
	srv.InjectFaults(apispec.PartnerCredit, fakeserver.Fault{Kind: fakeserver.FaultErrorCode, Code: "OperationDenied.ServiceBusy"})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories(t),
		Steps: []resource.TestStep{{
			Config:            acctest.ProviderBlock(srv) + partnerCreditBlock,
			ConfigStateChecks: []statecheck.StateCheck{acctest.ExpectAllAttributes(partnerCreditAddress, referencePartnerCredit())},
		}},
	})
	log := srv.Requests()
	if len(log) < 2 || log[0].Code != "OperationDenied.ServiceBusy" || !log[1].Succeeded() {
		t.Errorf("want a busy answer retried into a success, got %s", describe(log))
	}
}

// An answer without an amount the guardrail needs, or with an amount that
// is no decimal, is an error naming the field (and the value), never a
// null a check would skip.
func TestPartnerCredit_badAnswersAreNamed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want *regexp.Regexp
	}{
		{"no TotalCredit", `{"Response": {"AllocatedCredit": 50, "RemainingCredit": 1000.1, "RequestId": "r-1"}}`,
			acctest.ErrorMatching("QueryPartnerCredit returned an answer the provider cannot read", "Problem: field TotalCredit: missing or null", "Request ID: r-1")},
		{"TotalCredit null", `{"Response": {"TotalCredit": null, "AllocatedCredit": 50, "RemainingCredit": 1000.1, "RequestId": "r-2"}}`,
			acctest.ErrorMatching("field TotalCredit: missing or null", "Request ID: r-2")},
		{"no AllocatedCredit", `{"Response": {"TotalCredit": 1050.1, "RemainingCredit": 1000.1, "RequestId": "r-3"}}`,
			acctest.ErrorMatching("field AllocatedCredit: missing or null", "Request ID: r-3")},
		{"no RemainingCredit", `{"Response": {"TotalCredit": 1050.1, "AllocatedCredit": 50, "RequestId": "r-4"}}`,
			acctest.ErrorMatching("field RemainingCredit: missing or null", "Request ID: r-4")},
		{"no request ID", `{"Response": {"TotalCredit": 1050.1, "AllocatedCredit": 50, "RemainingCredit": 1000.1}}`,
			acctest.ErrorMatching("field RequestId: missing or null")},
		{"an amount in a string", `{"Response": {"TotalCredit": "1050.1", "AllocatedCredit": 50, "RemainingCredit": 1000.1, "RequestId": "r-5"}}`,
			acctest.ErrorMatching(`field TotalCredit: expected a number, got string "1050.1"`, "Request ID: r-5")},
		{"an amount that is a boolean", `{"Response": {"TotalCredit": 1050.1, "AllocatedCredit": true, "RemainingCredit": 1000.1, "RequestId": "r-6"}}`,
			acctest.ErrorMatching(`field AllocatedCredit: expected a number, got "true" is not a decimal number`, "Request ID: r-6")},
		{"an amount beyond 40 digits", `{"Response": {"TotalCredit": 1050.1, "AllocatedCredit": 50, "RemainingCredit": 1e45, "RequestId": "r-7"}}`,
			acctest.ErrorMatching(`field RemainingCredit: expected a number, got "1e45" has more than 40 digits before the point`, "Request ID: r-7")},
		{"an optional amount that is no decimal", `{"Response": {"TotalCredit": 1050.1, "AllocatedCredit": 50, "RemainingCredit": 1000.1, "CustomerRemainingCredit": "lots", "RequestId": "r-8"}}`,
			acctest.ErrorMatching(`field CustomerRemainingCredit: expected a number, got string "lots"`, "Request ID: r-8")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fakeserver.StartTest(t, fakeserver.Config{})
			srv.InjectFaults(apispec.PartnerCredit, bodyFault(tt.body))
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories(t),
				Steps:                    []resource.TestStep{{Config: faultyProvider.Block(srv) + partnerCreditBlock, ExpectError: tt.want}},
			})
		})
	}
}
