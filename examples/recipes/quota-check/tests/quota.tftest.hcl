# Unit tests of the quota check with a mocked provider: no API, no keys, no
# network. Run `terraform test` (or `tofu test`) in this directory.

# A bare `mock_provider "tcintl" {}` breaks this recipe: the mock fills every
# computed string with random characters, so end_time is something like
# "q1nfsdya" and timecmp() stops the run with "not a valid RFC3339
# timestamp". Give the attributes the checks read values the API could
# answer: times in RFC 3339 with the +08:00 offset, as the provider gives.
mock_provider "tcintl" {
  mock_data "tcintl_skillscan_pay_info" {
    defaults = {
      order_status = 1
      resource_id  = "skillscan-mock0001"
      total_quota  = 5000
      used_count   = 1200
      auto_renew   = 2 # off: the expiry assertion applies
      begin_time   = "2025-07-01T10:00:00+08:00"
      end_time     = "2099-07-01T10:00:00+08:00"
    }
  }
}

# Both assertions hold. A failed check, a warning in a plain plan, fails a
# test run; with a bare mock this run fails on timecmp() instead.
run "order_in_good_standing" {
  command = plan
}

run "quota_nearly_used_warns" {
  command = plan

  # override_data replaces the whole answer, not just the attributes it
  # names: the mock_data defaults do not apply, so give every value the
  # checks read again.
  override_data {
    target = data.tcintl_skillscan_pay_info.this
    values = {
      resource_id = "skillscan-mock0001"
      total_quota = 5000
      used_count  = 4870
      auto_renew  = 1
      end_time    = "2099-07-01T10:00:00+08:00"
    }
  }

  # expect_failures turns it round: the run passes only if the check fails.
  expect_failures = [check.skillscan_order]
}

run "order_ended_without_auto_renewal_warns" {
  command = plan

  override_data {
    target = data.tcintl_skillscan_pay_info.this
    values = {
      resource_id = "skillscan-mock0001"
      total_quota = 5000
      used_count  = 1200
      auto_renew  = 2
      end_time    = "2025-12-31T23:59:59+08:00"
    }
  }

  expect_failures = [check.skillscan_order]
}
