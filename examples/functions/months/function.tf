locals {
  # From November to February, across the new year:
  # ["2025-11", "2025-12", "2026-01", "2026-02"]
  months = provider::tcintl::months("2025-11", "2026-02")
}

# One bill per month.
data "tcintl_customer_bill_summary" "month" {
  for_each = toset(local.months)

  customer_uin = 100000000001
  month        = each.key
}

output "months" {
  value = local.months
}

output "bills" {
  value = { for month, bill in data.tcintl_customer_bill_summary.month : month => bill.total_cost }
}

output "total_cost" {
  # Exact, unlike sum(): see decimal_sum.
  value = provider::tcintl::decimal_sum([for bill in data.tcintl_customer_bill_summary.month : bill.total_cost])
}
