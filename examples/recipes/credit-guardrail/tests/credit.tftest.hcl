# Unit tests of the credit guardrail with a mocked provider: no API, no keys,
# no network. Run `terraform test` (or `tofu test`) in this directory.

# Give the attributes the checks read values the API could answer: a bare
# mock fills every number at random.
#
# The customers are not mocked: Terraform 1.11 refuses a mocked value with
# elements for a list of nested attributes such as customers ("incompatible
# types; expected object type, found tuple", hashicorp/terraform#38369), and
# its mock gives an empty list. So these runs test the partner's check and
# an account without customers; tests-fake-server/ tests the customers'
# check through the real provider.
mock_provider "tcintl" {
  mock_data "tcintl_partner_credit" {
    defaults = {
      total_credit     = 10000
      allocated_credit = 4000
      remaining_credit = 6000
      request_id       = "00000000-0000-4000-8000-000000000001"
    }
  }
}

variables {
  min_remaining_credit = 2000
}

# Both checks hold: 6000 left of the partner's credit, and no customer. A
# failed check, a warning in a plain plan, fails a test run.
run "credit_in_good_standing" {
  command = plan

  assert {
    condition     = length(data.tcintl_customer_credits.all.customers) == 0 && output.short_of_credit == []
    error_message = "short_of_credit is ${jsonencode(output.short_of_credit)}, want none of no customers."
  }
}

# Exact at the floor: one unit of the 19th digit under it warns.
run "partner_one_unit_under_the_floor_warns" {
  command = plan

  variables {
    min_remaining_credit = 98765432109876.54322
  }

  override_data {
    target = data.tcintl_partner_credit.this
    values = {
      total_credit     = 98765432109876.54321
      allocated_credit = 0
      remaining_credit = 98765432109876.54321
      request_id       = "00000000-0000-4000-8000-000000000002"
    }
  }

  # expect_failures turns it round: the run passes only if the check fails.
  expect_failures = [check.partner_credit]
}
