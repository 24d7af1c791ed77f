# The budget postcondition against the repository's fake API, through the
# real provider: its HTTP calls, request signing, answer decoding and
# pacing, none of which a mock runs. Start the fake with the bills of its
# bill-amounts scenario:
#
#   go run ./cmd/tcintl-fakeserver -scenarios bill-amounts
#
# save the provider block it prints as fake_api_override.tf in this
# directory (an *_override.tf file is merged into the configuration's own
# provider block; a provider block here could not take the fake's URL from a
# variable under both CLIs), and run, with the key pair it prints:
#
#   TENCENTCLOUD_SECRET_ID=... TENCENTCLOUD_SECRET_KEY=... \
#     terraform test -test-directory=tests-fake-server

variables {
  customer_uin = 100000000001
}

run "budget_met" {
  command = plan

  variables {
    month  = "2026-03"
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
    month  = "2026-03"
    budget = 1234567.88
  }

  expect_failures = [data.tcintl_customer_bill_summary.this]
}

# The API answers 98765432109876.54321 for April: every digit reaches the
# comparison.
run "large_bill_one_unit_over_fails" {
  command = plan

  variables {
    month  = "2026-04"
    budget = 98765432109876.54320
  }

  expect_failures = [data.tcintl_customer_bill_summary.this]
}
