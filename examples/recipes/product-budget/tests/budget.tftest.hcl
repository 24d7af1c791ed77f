# Unit tests of the budget per product with a mocked provider: no API, no
# keys, no network. Run `terraform test` (or `tofu test`) in this directory.

# totals_by_product is a map of numbers, which a mock keeps exactly as
# written: 1134.5678 stays 1134.5678, as it does from the API.
mock_provider "tcintl" {
  mock_data "tcintl_customer_bill_by_product" {
    defaults = {
      totals_by_product = {
        p_cbs = 12.34
        p_cdn = 0
        p_cos = 0.00000001
        p_cvm = 1134.5678
      }
      total_cost = 1146.90780001
      request_id = "00000000-0000-4000-8000-000000000001"
    }
  }
}

variables {
  customer_uin = 100000000001
  month        = "2026-01"
}

run "within_budget" {
  command = plan

  variables {
    budgets = { p_cvm = 1134.5678, p_cbs = 20 }
  }

  assert {
    # 1134.5678 + 12.34, exactly.
    condition     = output.budgeted_spend == 1146.9078
    error_message = "budgeted_spend is ${output.budgeted_spend}, want 1146.9078."
  }
}

run "cvm_one_cent_over_fails" {
  command = plan

  variables {
    budgets = { p_cvm = 1134.56, p_cbs = 20 }
  }

  # The postcondition must fail, with the plan.
  expect_failures = [data.tcintl_customer_bill_by_product.this]
}

# A product the customer did not use costs 0: within any budget of 0 or more.
run "unused_product_counts_as_zero" {
  command = plan

  variables {
    budgets = { p_tke = 0 }
  }

  assert {
    condition     = output.budgeted_spend == 0
    error_message = "budgeted_spend is ${output.budgeted_spend}, want 0."
  }
}

# Beyond a float64's 15-17 digits the comparison still holds to the last
# digit: the two amounts below differ in the 19th.
run "large_amount_one_unit_over_fails" {
  command = plan

  variables {
    budgets = { p_cdb = 98765432109876.54320 }
  }

  override_data {
    target = data.tcintl_customer_bill_by_product.this
    values = {
      totals_by_product = { p_cdb = 98765432109876.54321 }
      request_id        = "00000000-0000-4000-8000-000000000002"
    }
  }

  expect_failures = [data.tcintl_customer_bill_by_product.this]
}
