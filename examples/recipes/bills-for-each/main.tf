# Reads the bill of every customer for every month, and adds them up.
terraform {
  required_providers {
    tcintl = {
      source = "tcintl/tcintl"
    }
  }
}

provider "tcintl" {}

variable "customer_uins" {
  description = "UINs of the customers."
  type        = set(number)
}

variable "months" {
  description = "Months, YYYY-MM."
  type        = set(string)
}

locals {
  # One lookup per customer and month, keyed "<uin>/<month>". The API allows
  # 1 lookup per second, so 60 of them take about a minute.
  lookups = {
    for pair in setproduct(var.customer_uins, var.months) :
    "${pair[0]}/${pair[1]}" => { customer_uin = pair[0], month = pair[1] }
  }
}

data "tcintl_customer_bill_summary" "this" {
  for_each = local.lookups

  customer_uin = each.value.customer_uin
  month        = each.value.month
}

output "total_cost_by_lookup" {
  value = { for key, bill in data.tcintl_customer_bill_summary.this : key => bill.total_cost }
}

# sum() adds in binary floating point: over many bills a tail can appear far
# down the digits (seven bills of 0.1 sum to 0.7000…0006); round it before
# comparing it with a budget.
output "total_cost" {
  value = sum(concat([0], [for bill in data.tcintl_customer_bill_summary.this : bill.total_cost]))
}
