# Fails the plan when a customer's bill for a month is over budget.
terraform {
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

variable "budget" {
  description = "Most the bill may total, in the same currency as total_cost."
  type        = number
}

data "tcintl_customer_bill_summary" "this" {
  customer_uin = var.customer_uin
  month        = var.month

  lifecycle {
    # total_cost is an exact decimal, so a bill one cent over budget fails.
    postcondition {
      condition     = self.total_cost <= var.budget
      error_message = "Customer ${self.customer_uin}'s bill for ${self.month} is ${self.total_cost}, over the budget of ${var.budget} (request ${self.request_id})."
    }
  }
}

output "total_cost" {
  value = data.tcintl_customer_bill_summary.this.total_cost
}
