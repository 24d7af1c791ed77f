locals {
  # 500 charges of 0.10, e.g. from usage records.
  charges = [for i in range(500) : 0.1]
}

output "charges_total" {
  value = provider::tcintl::decimal_sum(local.charges) # 50
}

output "builtin_sum_is_50" {
  # sum() adds binary fractions: 49.99999999999999…976.
  value = sum(local.charges) == 50 # false
}

output "amounts_total" {
  # Every digit kept: 98765433344444.53321.
  value = provider::tcintl::decimal_sum([98765432109876.54321, 1234567.89, 0.1])
}

output "nothing" {
  value = provider::tcintl::decimal_sum([]) # 0
}
