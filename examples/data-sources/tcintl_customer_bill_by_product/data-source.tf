# One customer's bill for January 2026, by product.
data "tcintl_customer_bill_by_product" "january" {
  customer_uin = 100000000001
  month        = "2026-01"
}

output "january" {
  value = {
    # Each product's exact total_cost, keyed by product code.
    by_product = data.tcintl_customer_bill_by_product.january.totals_by_product
    # The exact sum over every product.
    total_cost = data.tcintl_customer_bill_by_product.january.total_cost
    # A product the customer did not use is not in the map: look it up
    # with a default.
    tke = lookup(data.tcintl_customer_bill_by_product.january.totals_by_product, "p_tke", 0)
    # Sorted by code, with names and what vouchers paid.
    vouchers = { for p in data.tcintl_customer_bill_by_product.january.products : p.name => p.voucher_pay_amount if p.voucher_pay_amount > 0 }
  }
}

# A quarter, one block per month (provider functions need Terraform 1.8 or
# OpenTofu 1.7): three lookups, about two seconds at 1 lookup per second.
data "tcintl_customer_bill_by_product" "quarter" {
  for_each = toset(provider::tcintl::months("2026-01", "2026-03"))

  customer_uin = 100000000001
  month        = each.key
}

output "quarter_by_month" {
  value = { for month, bill in data.tcintl_customer_bill_by_product.quarter : month => bill.total_cost }
}
