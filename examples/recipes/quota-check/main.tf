# Warns (without failing the plan) when the Skill scan quota is nearly used
# up, or when an order without auto-renewal ends soon.
terraform {
  required_version = ">= 1.5.0" # check blocks

  required_providers {
    tcintl = {
      source = "tcintl/tcintl"
    }
  }
}

provider "tcintl" {}

variable "quota_warning_ratio" {
  description = "Warn once more than this share of the detection quota is used."
  type        = number
  default     = 0.9

  validation {
    condition     = var.quota_warning_ratio > 0 && var.quota_warning_ratio <= 1
    error_message = "quota_warning_ratio must be more than 0 and at most 1."
  }
}

variable "expiry_warning_days" {
  description = "Warn when an order without auto-renewal ends within this many days."
  type        = number
  default     = 30
}

check "skillscan_order" {
  # Scoped to the check: if the API cannot be read, the plan gets a warning
  # rather than an error, so monitoring never blocks unrelated changes.
  data "tcintl_skillscan_pay_info" "this" {}

  assert {
    # No division: total_quota is 0 when there is no order.
    condition = data.tcintl_skillscan_pay_info.this.used_count <= var.quota_warning_ratio * data.tcintl_skillscan_pay_info.this.total_quota
    error_message = format(
      "Skill scan quota nearly used up: %d of %d detections used (%.1f%%, the warning starts above %.0f%%). Buy more quota before scans are refused.",
      data.tcintl_skillscan_pay_info.this.used_count,
      data.tcintl_skillscan_pay_info.this.total_quota,
      100 * data.tcintl_skillscan_pay_info.this.used_count / max(1, data.tcintl_skillscan_pay_info.this.total_quota),
      100 * var.quota_warning_ratio,
    )
  }

  assert {
    # Conditionals rather than ||: Terraform evaluates both sides of ||, and
    # timecmp() refuses the null end_time of an account without an order.
    condition = (
      data.tcintl_skillscan_pay_info.this.end_time == null ? true :
      data.tcintl_skillscan_pay_info.this.auto_renew == 1 ? true :
      timecmp(data.tcintl_skillscan_pay_info.this.end_time, timeadd(plantimestamp(), "${var.expiry_warning_days * 24}h")) > 0
    )
    # Terraform evaluates the message even when the condition holds, so it
    # must not call timecmp() or format() on a null end_time either.
    error_message = data.tcintl_skillscan_pay_info.this.end_time == null ? "" : format(
      "Skill scan order %s %s %s, and auto-renewal is off: renew it or turn auto-renewal on.",
      data.tcintl_skillscan_pay_info.this.resource_id,
      timecmp(data.tcintl_skillscan_pay_info.this.end_time, plantimestamp()) < 0 ? "ended at" : "ends at",
      data.tcintl_skillscan_pay_info.this.end_time,
    )
  }
}
