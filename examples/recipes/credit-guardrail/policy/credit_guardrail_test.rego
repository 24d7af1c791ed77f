# Unit tests of credit_guardrail.rego on hand-written plans: opa test policy/
package tcintl.credit_guardrail_test

import data.tcintl.credit_guardrail

limits := {"min_remaining_credit": 2000, "min_customer_percent": 10}

partner(remaining) := {
	"address": "data.tcintl_partner_credit.this",
	"mode": "data",
	"type": "tcintl_partner_credit",
	"values": {"remaining_credit": remaining, "total_credit": 98765432109876.54321},
}

customer(uin, arrears, credit, remaining) := {
	"customer_uin": uin, "name": sprintf("Customer %d", [uin]),
	"arrears": arrears, "credit": credit, "remaining_credit": remaining,
}

customers(list) := {
	"address": "data.tcintl_customer_credits.all",
	"mode": "data",
	"type": "tcintl_customer_credits",
	"values": {"customers": list},
}

plan(resources) := {"prior_state": {"values": {"root_module": {"resources": resources}}}}

test_credit_at_the_floor_allowed if {
	count(credit_guardrail.deny) == 0 with input as plan([partner(2000)])
		with data.tcintl_credit as limits
}

test_credit_under_the_floor_denied_with_every_digit if {
	credit_guardrail.deny == {`data.tcintl_partner_credit.this: the partner has 98765432109876.54321 USD of credit left, under the floor of 98765432109876.54322`} with input as plan([partner(98765432109876.54321)])
		with data.tcintl_credit as {"min_remaining_credit": 98765432109876.54322, "min_customer_percent": 10}
}

test_customer_in_arrears_denied if {
	credit_guardrail.deny == {`data.tcintl_customer_credits.all: customer 100000000003 (Customer 100000000003) is in arrears, with 0 of its credit of 500.5 left`} with input as plan([customers([customer(100000000003, "1", 500.5, 0)])])
		with data.tcintl_credit as limits
}

test_customer_just_under_the_share_denied if {
	credit_guardrail.deny == {`data.tcintl_customer_credits.all: customer 100000000004 (Customer 100000000004) has 99.99 of its credit of 1000 left, under 10 %`} with input as plan([customers([customer(100000000004, "0", 1000, 99.99)])])
		with data.tcintl_credit as limits
}

test_customers_at_the_share_or_without_credit_allowed if {
	count(credit_guardrail.deny) == 0 with input as plan([customers([
		customer(100000000001, "0", 1000, 100),
		customer(100000000002, "0", 0, 0),
	])])
		with data.tcintl_credit as limits
}

test_read_in_a_child_module_checked if {
	count(credit_guardrail.deny) == 1 with input as {"prior_state": {"values": {"root_module": {
		"resources": [],
		"child_modules": [{"address": "module.guardrail", "resources": [partner(1)]}],
	}}}}
		with data.tcintl_credit as limits
}

test_read_at_apply_warned if {
	credit_guardrail.warn == {`data.tcintl_partner_credit.this: read only at apply time, so the credit cannot be checked in this plan`} with input as {"resource_changes": [{
		"address": "data.tcintl_partner_credit.this",
		"mode": "data",
		"type": "tcintl_partner_credit",
		"change": {"actions": ["read"], "after_unknown": {"remaining_credit": true}},
	}]}
}
