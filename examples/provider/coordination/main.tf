terraform {
  required_providers {
    tcintl = {
      source = "tcintl/tcintl"
    }
  }
}

# CI runners on several machines, one account: every plan takes its turns at
# the API's rate limits from one Redis or Valkey that all the runners reach.
# Its URL, password included, comes from the CI secret
# TCINTL_COORDINATION_URL (redis://:password@host:6379/0, or rediss:// for
# TLS, with ca_file for a private CA). Keep it out of Terraform variables:
# a saved plan keeps their values.
provider "tcintl" {
  coordination {
    key_prefix = "ci/tcintl"
  }
}

variable "month" {
  type        = string
  description = "Month of the bills, YYYY-MM."
}

data "tcintl_customers" "all" {}

data "tcintl_customer_bill_summaries" "book" {
  customer_uins = data.tcintl_customers.all.customer_uins
  months        = [var.month]
}

output "book_total" {
  value = data.tcintl_customer_bill_summaries.book.total_cost
}
