# Fails the plan when a customer's spend on a product for a month passes
# that product's budget.
terraform {
  required_version = ">= 1.8.0" # provider functions

  required_providers {
    tcintl = {
      source = "tcintl/tcintl"
    }
  }
}

provider "tcintl" {}

variable "customer_uin" {
  description = "UIN of the customer whose bill is checked."
  type        = number
}

variable "month" {
  description = "Month of the bill, YYYY-MM."
  type        = string
}

variable "budgets" {
  description = "Most each product may cost that month, by product code (p_cvm, p_cbs...); products without a budget are not checked."
  type        = map(number)
}

data "tcintl_customer_bill_by_product" "this" {
  customer_uin = var.customer_uin
  month        = var.month

  lifecycle {
    # totals_by_product holds each product's exact total_cost; a product the
    # customer did not use is not in it, and costs 0.
    postcondition {
      condition = alltrue([for code, budget in var.budgets : lookup(self.totals_by_product, code, 0) <= budget])
      error_message = format("Customer %d's bill for %s is over budget for %s (request %s).", self.customer_uin, self.month,
        join(", ", [
          for code, budget in var.budgets : format("%s: %s, budget %s", code, lookup(self.totals_by_product, code, 0), budget)
          if lookup(self.totals_by_product, code, 0) > budget
      ]), self.request_id)
    }
  }
}

output "budgeted_spend" {
  description = "What the products with a budget cost in all: decimal_sum is exact where sum() adds binary floats."
  value       = provider::tcintl::decimal_sum([for code in keys(var.budgets) : lookup(data.tcintl_customer_bill_by_product.this.totals_by_product, code, 0)])
}

output "total_cost" {
  value = data.tcintl_customer_bill_by_product.this.total_cost
}
