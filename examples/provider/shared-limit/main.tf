terraform {
  required_providers {
    tcintl = {
      source = "tcintl/tcintl"
    }
  }
}

# A nightly job that reads a reseller's whole book at half the API's limit of
# 1 bill per second.
provider "tcintl" {
  rate_limits = {
    DescribeCustomerBillSummary = 0.5
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
