# Unit tests of the budget postcondition with a mocked provider: no API, no
# keys, no network. Run `terraform test` (or `tofu test`) in this directory.

# Amounts are HCL number literals, which the mock keeps exactly as written:
# 1234567.89 stays 1234567.89, as total_cost does from the API.
mock_provider "tcintl" {
  mock_data "tcintl_customer_bill_summary" {
    defaults = {
      total_cost = 1234567.89
      request_id = "00000000-0000-4000-8000-000000000001"
    }
  }
}

variables {
  customer_uin = 100000000001
  month        = "2026-03"
}

run "budget_met" {
  command = plan

  variables {
    budget = 1234567.89
  }

  assert {
    condition     = output.total_cost == 1234567.89
    error_message = "total_cost is ${output.total_cost}, want 1234567.89."
  }
}

run "one_cent_over_fails" {
  command = plan

  variables {
    budget = 1234567.88
  }

  # The postcondition must fail, with the plan.
  expect_failures = [data.tcintl_customer_bill_summary.this]
}

# Beyond a float64's 15-17 digits the comparison still holds to the last
# digit: the two amounts below differ in the 19th.
run "large_amount_one_unit_over_fails" {
  command = plan

  variables {
    budget = 98765432109876.54320
  }

  override_data {
    target = data.tcintl_customer_bill_summary.this
    values = {
      total_cost = 98765432109876.54321
      request_id = "00000000-0000-4000-8000-000000000002"
    }
  }

  expect_failures = [data.tcintl_customer_bill_summary.this]
}
