# Denies a Terraform plan in which a tcintl_partner_credit has less credit
# left than a floor, or a tcintl_customer_credits lists a customer in
# arrears or under a share of its credit: the check blocks of main.tf as a
# gate.
#
# input: `terraform show -json` of a saved plan.
# data.tcintl_credit: {"min_remaining_credit": N, "min_customer_percent": P}
# (credit.json).
package tcintl.credit_guardrail

# Data sources read during the plan, check-scoped ones included, are in
# prior_state, in the root module or in any child module.
modules contains input.prior_state.values.root_module

modules contains module if {
	walk(input.prior_state.values.root_module, [path, module])
	count(path) >= 2
	path[count(path) - 2] == "child_modules"
}

reads(type) := {read |
	some module in modules
	some read in module.resources
	read.mode == "data"
	read.type == type
}

# json.marshal writes every digit; sprintf's %v would print a float64.
deny contains msg if {
	some credit in reads("tcintl_partner_credit")
	floor := data.tcintl_credit.min_remaining_credit
	credit.values.remaining_credit < floor
	msg := sprintf("%s: the partner has %s USD of credit left, under the floor of %s", [
		credit.address, json.marshal(credit.values.remaining_credit), json.marshal(floor),
	])
}

# The API does not document the arrears flag's values; "1" is what the
# provider's fake API answers for a customer in arrears.
deny contains msg if {
	some list in reads("tcintl_customer_credits")
	some customer in list.values.customers
	customer.arrears == "1"
	msg := sprintf("%s: customer %s (%s) is in arrears, with %s of its credit of %s left", [
		list.address, format_int(customer.customer_uin, 10), customer.name,
		json.marshal(customer.remaining_credit), json.marshal(customer.credit),
	])
}

# Multiplied, not divided, so a credit of 0 needs no guard.
deny contains msg if {
	some list in reads("tcintl_customer_credits")
	some customer in list.values.customers
	customer.arrears != "1"
	percent := data.tcintl_credit.min_customer_percent
	customer.remaining_credit * 100 < percent * customer.credit
	msg := sprintf("%s: customer %s (%s) has %s of its credit of %s left, under %s %%", [
		list.address, format_int(customer.customer_uin, 10), customer.name,
		json.marshal(customer.remaining_credit), json.marshal(customer.credit), json.marshal(percent),
	])
}

# A read Terraform can only make at apply time has no values in the plan to
# check.
warn contains msg if {
	some change in input.resource_changes
	change.mode == "data"
	change.type in {"tcintl_partner_credit", "tcintl_customer_credits"}
	some attribute in ["remaining_credit", "customers"]
	change.change.after_unknown[attribute] == true
	msg := sprintf("%s: read only at apply time, so the credit cannot be checked in this plan", [change.address])
}
