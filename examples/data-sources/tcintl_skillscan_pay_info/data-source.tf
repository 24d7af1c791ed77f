data "tcintl_skillscan_pay_info" "this" {}

locals {
  skillscan = data.tcintl_skillscan_pay_info.this

  order_status_names = {
    0 = "not purchased"
    1 = "normal"
    2 = "isolated"
    6 = "in trial"
    7 = "expired"
    8 = "trial expired"
  }
}

output "skillscan_order" {
  value = {
    status      = lookup(local.order_status_names, local.skillscan.order_status, "unknown")
    quota_left  = local.skillscan.total_quota - local.skillscan.used_count
    auto_renews = local.skillscan.auto_renew == 1
    # RFC 3339 with +08:00, or null when there is no order.
    ends = local.skillscan.end_time
    # True once the order has ended, by the clock of this plan.
    ended = local.skillscan.end_time != null && timecmp(local.skillscan.end_time, plantimestamp()) < 0
  }
}
