# Warns (without failing the plan) when the partner's remaining credit
# drops under a floor, and names the customers in arrears or under a share
# of their credit. policy/credit_guardrail.rego is the same guardrail as a
# gate on the saved plan (see README.md).
terraform {
  required_version = ">= 1.8.0" # provider functions

  required_providers {
    tcintl = {
      source = "tcintl/tcintl"
    }
  }
}

provider "tcintl" {}

variable "min_remaining_credit" {
  description = "Least credit the partner may have left, in USD, before the check warns."
  type        = number
}

variable "min_customer_percent" {
  description = "Least share of its credit, in percent, a customer may have left before the check names it."
  type        = number
  default     = 10
}

check "partner_credit" {
  # Scoped to the check: a read that fails warns too, and never blocks
  # unrelated changes.
  data "tcintl_partner_credit" "this" {}

  assert {
    # Exact: the credit is the decimal the API answered.
    condition     = data.tcintl_partner_credit.this.remaining_credit >= var.min_remaining_credit
    error_message = "The partner has ${data.tcintl_partner_credit.this.remaining_credit} USD of credit left, under the floor of ${var.min_remaining_credit} (request ${data.tcintl_partner_credit.this.request_id})."
  }
}

# Every customer with its credit. Outside the check block, so that locals can
# pick the customers once: a read that fails therefore fails the plan, as a
# guardrail that cannot see the customers should.
data "tcintl_customer_credits" "all" {}

locals {
  # In arrears, or under the share of their credit. Multiplied, not divided,
  # so a credit of 0 needs no guard. The API does not document the arrears
  # flag's values; "1" is what the provider's fake API answers for a
  # customer in arrears: check what yours answers.
  short_of_credit = [
    for c in data.tcintl_customer_credits.all.customers : c
    if c.arrears == "1" || c.remaining_credit * 100 < var.min_customer_percent * c.credit
  ]
}

check "customer_credit" {
  assert {
    condition = length(local.short_of_credit) == 0
    error_message = format("%d customers are in arrears or have less than %g %% of their credit left (%s USD left in all): %s.",
      length(local.short_of_credit),
      var.min_customer_percent,
      # decimal_sum is exact where sum() adds binary floats.
      provider::tcintl::decimal_sum(local.short_of_credit[*].remaining_credit),
      join(", ", [
        for c in local.short_of_credit :
        format("%d %s (%s%s of %s left)", c.customer_uin, coalesce(c.name, "-"), c.arrears == "1" ? "in arrears, " : "", c.remaining_credit, c.credit)
      ]),
    )
  }
}

output "short_of_credit" {
  value = local.short_of_credit[*].customer_uin
}
