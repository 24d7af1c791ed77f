# The whole book's bills for the last three complete months against one
# budget. In a check block a bill over budget, or a read that fails, warns
# without failing the plan; policy/book_budget.rego is the same budget as a
# hard gate on the saved plan (see README.md). At the API's 1 lookup per
# second, 300 customers × 3 months take about 15 minutes.
terraform {
  required_providers {
    tcintl = {
      source = "tcintl/tcintl"
    }
  }
}

provider "tcintl" {}

variable "budget" {
  description = "Budget for the whole book over the three months, an exact decimal."
  type        = number
}

locals {
  # Months counted from year 0, so that going back crosses years.
  this_month = tonumber(formatdate("YYYY", plantimestamp())) * 12 + tonumber(formatdate("M", plantimestamp())) - 1
  from_month = format("%04d-%02d", floor((local.this_month - 3) / 12), (local.this_month - 3) % 12 + 1)
  to_month   = format("%04d-%02d", floor((local.this_month - 1) / 12), (local.this_month - 1) % 12 + 1)
}

# Every customer of the account: a failed read here fails the plan.
data "tcintl_customers" "all" {}

check "book_budget" {
  # Scoped to the check: read at plan time, and its failure is a warning.
  data "tcintl_customer_bill_summaries" "quarter" {
    customer_uins = data.tcintl_customers.all.customer_uins
    from_month    = local.from_month
    to_month      = local.to_month
  }

  assert {
    # total_cost is the exact sum; sum() over the bills would add floats.
    condition     = data.tcintl_customer_bill_summaries.quarter.total_cost <= var.budget
    error_message = "The bills of ${length(data.tcintl_customer_bill_summaries.quarter.totals_by_customer)} customers for ${local.from_month} to ${local.to_month} add up to ${data.tcintl_customer_bill_summaries.quarter.total_cost}, over the budget of ${var.budget}."
  }
}

output "months" {
  value = "${local.from_month} to ${local.to_month}"
}
