# A customer's whole bill for March 2026.
data "tcintl_customer_bill_summary" "march" {
  customer_uin = 100000000001
  month        = "2026-03"
}

# Only what the customer paid in May 2026 to renew monthly subscriptions.
data "tcintl_customer_bill_summary" "may_paid_renewals" {
  customer_uin = 100000000001
  month        = "2026-05"
  pay_mode     = "prePay"
  action_type  = "prepay_renew"
  is_confirmed = "1"
}

output "march_total_cost" {
  # An exact decimal Number: comparing it is exact (adding many is not).
  value = data.tcintl_customer_bill_summary.march.total_cost
}

output "may_paid_renewals" {
  value = {
    total_cost = data.tcintl_customer_bill_summary.may_paid_renewals.total_cost
    request_id = data.tcintl_customer_bill_summary.may_paid_renewals.request_id
  }
}
