# Denies a Terraform plan in which a tcintl_customer_bill_summary data source
# reports a total_cost over the customer's budget.
#
# input: `terraform show -json` of a saved plan.
# data.tcintl_budgets: {"default": N, "customers": {"<uin>": N}} (budgets.json);
# a customer without an entry gets the default.
package tcintl.bill_budget

# Bills read during the plan are in prior_state, in the root module or in any
# child module.
modules contains input.prior_state.values.root_module

modules contains module if {
	walk(input.prior_state.values.root_module, [path, module])
	count(path) >= 2
	path[count(path) - 2] == "child_modules"
}

bills contains bill if {
	some module in modules
	some bill in module.resources
	bill.mode == "data"
	bill.type == "tcintl_customer_bill_summary"
}

budget(uin) := limit if {
	limit := data.tcintl_budgets.customers[format_int(uin, 10)]
} else := data.tcintl_budgets.default

deny contains msg if {
	some bill in bills
	limit := budget(bill.values.customer_uin)
	bill.values.total_cost > limit

	# json.marshal writes every digit; sprintf's %v would print a float64.
	msg := sprintf("%s: customer %s's bill for %s is %s, over its budget of %s", [
		bill.address, format_int(bill.values.customer_uin, 10), bill.values.month,
		json.marshal(bill.values.total_cost), json.marshal(limit),
	])
}

# A bill Terraform can only read at apply time (its arguments depend on
# something not known yet) has no total_cost in the plan to check. Reads of
# data sources nested in check blocks are listed too, but with their values.
warn contains msg if {
	some change in input.resource_changes
	change.mode == "data"
	change.type == "tcintl_customer_bill_summary"
	change.change.after_unknown.total_cost == true
	msg := sprintf("%s: the bill is read only at apply time, so its budget cannot be checked in this plan", [change.address])
}
