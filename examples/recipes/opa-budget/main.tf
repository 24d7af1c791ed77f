# The bills a policy engine checks against budgets: save a plan, convert it
# to JSON, evaluate policy/bill_budget.rego on it (see README.md).
terraform {
  required_providers {
    tcintl = {
      source = "tcintl/tcintl"
    }
  }
}

provider "tcintl" {}

variable "customers" {
  description = "Customers to check: a name of your choice => customer UIN."
  type        = map(number)
}

variable "month" {
  description = "Month of the bills, YYYY-MM."
  type        = string
}

# Read at plan time, so the values are in the saved plan's prior_state.
data "tcintl_customer_bill_summary" "customer" {
  for_each = var.customers

  customer_uin = each.value
  month        = var.month
}

output "total_cost" {
  value = { for name, bill in data.tcintl_customer_bill_summary.customer : name => bill.total_cost }
}
