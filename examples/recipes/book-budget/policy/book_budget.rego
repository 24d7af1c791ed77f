# Denies a Terraform plan in which a tcintl_customer_bill_summaries data
# source adds up to more than the budget: the check block of main.tf as a
# gate.
#
# input: `terraform show -json` of a saved plan.
# data.tcintl_book_budget: {"budget": N} (budget.json).
package tcintl.book_budget

# Data sources read during the plan, check-scoped ones included, are in
# prior_state, in the root module or in any child module.
modules contains input.prior_state.values.root_module

modules contains module if {
	walk(input.prior_state.values.root_module, [path, module])
	count(path) >= 2
	path[count(path) - 2] == "child_modules"
}

books contains book if {
	some module in modules
	some book in module.resources
	book.mode == "data"
	book.type == "tcintl_customer_bill_summaries"
}

deny contains msg if {
	some book in books
	budget := data.tcintl_book_budget.budget
	book.values.total_cost > budget
	months := sort(object.keys(book.values.totals_by_month))

	# json.marshal writes every digit; sprintf's %v would print a float64.
	msg := sprintf("%s: the bills of %d customers for %s to %s add up to %s, over the budget of %s", [
		book.address, count(book.values.totals_by_customer), months[0], months[count(months) - 1],
		json.marshal(book.values.total_cost), json.marshal(budget),
	])
}

# Bills Terraform can only read at apply time have no total in the plan.
warn contains msg if {
	some change in input.resource_changes
	change.mode == "data"
	change.type == "tcintl_customer_bill_summaries"
	change.change.after_unknown.total_cost == true
	msg := sprintf("%s: the bills are read only at apply time, so the budget cannot be checked in this plan", [change.address])
}
