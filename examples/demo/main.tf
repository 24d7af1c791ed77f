# What `make demo` plans. internal/demo copies this directory to a temporary
# one, adds an override file pointing the provider at the fake server (whose
# answers are constructed, not recorded), and gives the fake's published test
# keys through TENCENTCLOUD_*.
# Against the real API it works unchanged with your own keys and customer.
terraform {
  required_version = ">= 1.5.0"

  required_providers {
    tcintl = {
      source = "tcintl/tcintl"
    }
  }
}

provider "tcintl" {}

variable "customer_uin" {
  description = "UIN of a customer the partner account manages."
  type        = number
  default     = 100000000001
}

variable "months" {
  description = "Months whose bills are read, YYYY-MM."
  type        = set(string)
  default     = ["2026-01", "2026-02", "2026-03", "2026-04"]
}

data "tcintl_skillscan_pay_info" "this" {}

data "tcintl_customer_bill_summary" "month" {
  for_each = var.months

  customer_uin = var.customer_uin
  month        = each.key
}

check "skillscan_quota" {
  assert {
    condition = data.tcintl_skillscan_pay_info.this.used_count <= 0.9 * data.tcintl_skillscan_pay_info.this.total_quota
    error_message = format(
      "Skill scan quota nearly used up: %d of %d detections used. Buy more quota before scans are refused.",
      data.tcintl_skillscan_pay_info.this.used_count,
      data.tcintl_skillscan_pay_info.this.total_quota,
    )
  }
}

output "skillscan" {
  value = {
    nick_name    = data.tcintl_skillscan_pay_info.this.nick_name
    order_status = data.tcintl_skillscan_pay_info.this.order_status
    used_count   = data.tcintl_skillscan_pay_info.this.used_count
    total_quota  = data.tcintl_skillscan_pay_info.this.total_quota
    auto_renew   = data.tcintl_skillscan_pay_info.this.auto_renew
    begin_time   = data.tcintl_skillscan_pay_info.this.begin_time
    end_time     = data.tcintl_skillscan_pay_info.this.end_time
  }
}

output "bills" {
  description = "total_cost per month: exact decimals, as the API answered them."
  value       = { for month, bill in data.tcintl_customer_bill_summary.month : month => bill.total_cost }
}

output "bills_total" {
  value = sum(concat([0], [for bill in data.tcintl_customer_bill_summary.month : bill.total_cost]))
}
