# Every customer of the account, with its credit.
data "tcintl_customer_credits" "all" {}

# One customer, by UIN. filter_type is ClientUin, Name, Remark or Email;
# the API matches the text it is given.
data "tcintl_customer_credits" "one" {
  filter_type = "ClientUin"
  filter      = "100000000003"
}

locals {
  customers = data.tcintl_customer_credits.all.customers
}

output "credits" {
  value = {
    # Exact decimal sums over every customer.
    total_credit    = data.tcintl_customer_credits.all.total_credit
    total_remaining = data.tcintl_customer_credits.all.total_remaining_credit
    # The API does not document the arrears flag's values: check what yours
    # answers. "1" is what the provider's fake API answers.
    in_arrears = [for c in local.customers : c.customer_uin if c.arrears == "1"]
    # Less than 10 % of the credit left, without dividing by a credit of 0.
    under_10_percent = [for c in local.customers : c.customer_uin if c.remaining_credit * 10 < c.credit]
    one              = data.tcintl_customer_credits.one.customers[0].name
  }
}
