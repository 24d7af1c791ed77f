terraform {
  required_providers {
    tcintl = {
      source = "tcintl/tcintl"
    }
  }
}

# A nightly job that reads a reseller's whole book. At the API's 1 bill per
# second it would take every call the account's limit allows until it ends;
# at half of it, pipelines planning on other machines with the same keys get
# the other half.
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
