# The credit guardrail against the repository's fake API, through the real
# provider: its HTTP calls, request signing, answer decoding and pacing,
# none of which a mock runs, and customers, which a mock cannot give (see
# tests/). Start the fake with the partner's and the customers' credit of
# its partner-credit and customer-credits scenarios:
#
#   go run ./cmd/tcintl-fakeserver -scenarios partner-credit,customer-credits
#
# save the provider block it prints as fake_api_override.tf in this
# directory, and run, with the key pair it prints:
#
#   TENCENTCLOUD_SECRET_ID=... TENCENTCLOUD_SECRET_KEY=... \
#     terraform test -test-directory=tests-fake-server
#
# The fake's customers: 100000000003 is in arrears ("1"), 100000000004 has
# 99.99 of 1000 left, 100000000002 has no credit at all. The partner has
# 1000.1 left.

run "customers_short_of_credit_warn" {
  command = plan

  variables {
    min_remaining_credit = 1000.1
  }

  assert {
    condition     = output.short_of_credit == [100000000003, 100000000004]
    error_message = "short_of_credit is ${jsonencode(output.short_of_credit)}, want [100000000003, 100000000004]."
  }

  # The partner's check holds at exactly its credit; the customers' fails.
  expect_failures = [check.customer_credit]
}

run "partner_one_cent_under_the_floor_warns" {
  command = plan

  variables {
    min_remaining_credit = 1000.11
  }

  expect_failures = [check.partner_credit, check.customer_credit]
}

# At 0 % only the customer in arrears is named.
run "only_arrears_at_zero_percent" {
  command = plan

  variables {
    min_remaining_credit = 0
    min_customer_percent = 0
  }

  assert {
    condition     = output.short_of_credit == [100000000003]
    error_message = "short_of_credit is ${jsonencode(output.short_of_credit)}, want only the customer in arrears."
  }

  expect_failures = [check.customer_credit]
}
