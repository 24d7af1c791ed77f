# Unit tests of bill_budget.rego on hand-written plans: opa test policy/
package tcintl.bill_budget_test

import data.tcintl.bill_budget

budgets := {"default": 1000, "customers": {"100000000002": 50.5}}

bill(name, uin, cost) := {
	"address": sprintf("data.tcintl_customer_bill_summary.customer[%q]", [name]),
	"mode": "data",
	"type": "tcintl_customer_bill_summary",
	"values": {"customer_uin": uin, "month": "2026-03", "total_cost": cost},
}

plan(resources) := {"prior_state": {"values": {"root_module": {"resources": resources}}}}

test_under_budget_allowed if {
	count(bill_budget.deny) == 0 with input as plan([bill("a", 100000000001, 1000)])
		with data.tcintl_budgets as budgets
}

test_one_cent_over_default_budget_denied if {
	bill_budget.deny == {`data.tcintl_customer_bill_summary.customer["a"]: customer 100000000001's bill for 2026-03 is 1000.01, over its budget of 1000`} with input as plan([bill("a", 100000000001, 1000.01)])
		with data.tcintl_budgets as budgets
}

test_customer_budget_wins_over_default if {
	count(bill_budget.deny) == 1 with input as plan([bill("b", 100000000002, 51)])
		with data.tcintl_budgets as budgets
}

test_bill_in_child_module_checked if {
	count(bill_budget.deny) == 1 with input as {"prior_state": {"values": {"root_module": {
		"resources": [],
		"child_modules": [{"address": "module.billing", "resources": [bill("c", 100000000003, 5000)]}],
	}}}}
		with data.tcintl_budgets as budgets
}

test_other_data_sources_ignored if {
	count(bill_budget.deny) == 0 with input as plan([object.union(bill("d", 100000000001, 5000), {"type": "tcintl_skillscan_pay_info"})])
		with data.tcintl_budgets as budgets
}

test_bill_read_at_apply_warned if {
	bill_budget.warn == {`data.tcintl_customer_bill_summary.customer["e"]: the bill is read only at apply time, so its budget cannot be checked in this plan`} with input as {"resource_changes": [read_change("e", {"total_cost": true})]}
}

test_bill_read_in_check_block_not_warned if {
	count(bill_budget.warn) == 0 with input as {"resource_changes": [read_change("f", {})]}
}

read_change(name, after_unknown) := {
	"address": sprintf("data.tcintl_customer_bill_summary.customer[%q]", [name]),
	"mode": "data",
	"type": "tcintl_customer_bill_summary",
	"change": {"actions": ["read"], "after_unknown": after_unknown},
}
