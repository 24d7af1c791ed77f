# The credit of the distributor or reseller account the keys belong to.
data "tcintl_partner_credit" "this" {}

output "partner_credit" {
  value = {
    # Exactly the decimals the API answered, in USD.
    total     = data.tcintl_partner_credit.this.total_credit
    allocated = data.tcintl_partner_credit.this.allocated_credit
    remaining = data.tcintl_partner_credit.this.remaining_credit
    # Null when the API leaves it out, as its reference example does.
    customers_remaining = data.tcintl_partner_credit.this.customer_remaining_credit
    # No division needed to compare with a share of the total.
    under_a_tenth = data.tcintl_partner_credit.this.remaining_credit < 0.1 * data.tcintl_partner_credit.this.total_credit
  }
}
