# Unit tests of book_budget.rego on hand-written plans: opa test policy/
package tcintl.book_budget_test

import data.tcintl.book_budget

book(total) := {
	"address": "data.tcintl_customer_bill_summaries.quarter",
	"mode": "data",
	"type": "tcintl_customer_bill_summaries",
	"values": {
		"total_cost": total,
		"totals_by_customer": {"100000000001": 1, "100000000002": 2},
		"totals_by_month": {"2026-03": 1, "2026-01": 1, "2026-02": 1},
	},
}

plan(resources) := {"prior_state": {"values": {"root_module": {"resources": resources}}}}

test_within_budget_allowed if {
	count(book_budget.deny) == 0 with input as plan([book(1000)])
		with data.tcintl_book_budget as {"budget": 1000}
}

test_one_cent_over_denied_with_every_digit if {
	book_budget.deny == {`data.tcintl_customer_bill_summaries.quarter: the bills of 2 customers for 2026-01 to 2026-03 add up to 98765432109876.54321, over the budget of 98765432109876.54`} with input as plan([book(98765432109876.54321)])
		with data.tcintl_book_budget as {"budget": 98765432109876.54}
}

test_book_in_child_module_checked if {
	count(book_budget.deny) == 1 with input as {"prior_state": {"values": {"root_module": {
		"resources": [],
		"child_modules": [{"address": "module.billing", "resources": [book(5000)]}],
	}}}}
		with data.tcintl_book_budget as {"budget": 1}
}

test_single_bills_ignored if {
	count(book_budget.deny) == 0 with input as plan([object.union(book(5000), {"type": "tcintl_customer_bill_summary"})])
		with data.tcintl_book_budget as {"budget": 1}
}

test_book_read_at_apply_warned if {
	book_budget.warn == {`data.tcintl_customer_bill_summaries.quarter: the bills are read only at apply time, so the budget cannot be checked in this plan`} with input as {"resource_changes": [{
		"address": "data.tcintl_customer_bill_summaries.quarter",
		"mode": "data",
		"type": "tcintl_customer_bill_summaries",
		"change": {"actions": ["read"], "after_unknown": {"total_cost": true}},
	}]}
}
