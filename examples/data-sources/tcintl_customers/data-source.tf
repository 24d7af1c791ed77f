# Every customer of the distributor or reseller account the keys belong to.
data "tcintl_customers" "all" {}

output "customers" {
  value = {
    # Sorted ascending, each UIN once: plans stay stable.
    uins = data.tcintl_customers.all.customer_uins
    # The API's own count; equal to length(uins) unless the list changed
    # while it was read (the read warns then).
    total = data.tcintl_customers.all.total
  }
}
