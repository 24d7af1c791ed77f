# Two customers' bills for the first quarter of 2026: six lookups, about
# five seconds at the API's 1 lookup per second.
data "tcintl_customer_bill_summaries" "q1" {
  customer_uins = [100000000001, 100000000002]
  from_month    = "2026-01"
  to_month      = "2026-03"
}

# Every customer of the account, for two months.
data "tcintl_customers" "all" {}

data "tcintl_customer_bill_summaries" "book" {
  customer_uins = data.tcintl_customers.all.customer_uins
  months        = ["2026-04", "2026-05"]
}

output "q1" {
  value = {
    # Exact decimal sums: no float rounding however many bills there are.
    total       = data.tcintl_customer_bill_summaries.q1.total_cost
    by_customer = data.tcintl_customer_bill_summaries.q1.totals_by_customer
    # One bill per customer and month, sorted by customer, then month.
    march = [for b in data.tcintl_customer_bill_summaries.q1.bills : b.total_cost if b.month == "2026-03"]
  }
}

output "book_by_month" {
  value = data.tcintl_customer_bill_summaries.book.totals_by_month
}
