package datasources_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/tcintl/terraform-provider-tcintl/internal/acctest"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
)

const skillScanAddress = "data.tcintl_skillscan_pay_info.this"

func TestSkillScanPayInfo(t *testing.T) {
	t.Parallel()
	tests := []struct {
		scenario string
		want     map[string]knownvalue.Check
	}{
		{
			scenario: "skillscan-trial-order",
			want: map[string]knownvalue.Check{
				"app_id":        knownvalue.Int64Exact(260083796),
				"uin":           knownvalue.StringExact("700002365149"),
				"nick_name":     knownvalue.StringExact("multi-account-admin"),
				"order_status":  knownvalue.Int64Exact(6),
				"total_quota":   knownvalue.Int64Exact(1000),
				"used_count":    knownvalue.Int64Exact(0),
				"pay_mode":      knownvalue.Int64Exact(0),
				"auto_renew":    knownvalue.Int64Exact(0),
				"resource_id":   knownvalue.StringExact("skillscan-a1b2c3d4"),
				"time_span":     knownvalue.Int64Exact(0),
				"time_unit":     knownvalue.StringExact("m"),
				"begin_time":    knownvalue.StringExact("2026-05-14T00:48:15+08:00"),
				"end_time":      knownvalue.StringExact("2026-06-30T23:59:59+08:00"),
				"beta_end_time": knownvalue.StringExact("2026-06-30T23:59:59+08:00"),
				"time_now":      knownvalue.StringExact("2026-05-14T00:48:25+08:00"),
				"request_id":    knownvalue.StringExact("023e3667-87d4-4fae-9a86-83cfbb7c583a"),
			},
		},
		{
			// Zero values: text becomes null, numbers stay as answered.
			scenario: "skillscan-no-order",
			want: map[string]knownvalue.Check{
				"app_id":        knownvalue.Int64Exact(0),
				"uin":           knownvalue.Null(),
				"nick_name":     knownvalue.Null(),
				"order_status":  knownvalue.Int64Exact(0),
				"total_quota":   knownvalue.Int64Exact(0),
				"used_count":    knownvalue.Int64Exact(0),
				"pay_mode":      knownvalue.Int64Exact(0),
				"auto_renew":    knownvalue.Int64Exact(0),
				"resource_id":   knownvalue.Null(),
				"time_span":     knownvalue.Int64Exact(0),
				"time_unit":     knownvalue.Null(),
				"begin_time":    knownvalue.Null(),
				"end_time":      knownvalue.Null(),
				"beta_end_time": knownvalue.StringExact("2026-06-30T23:59:59+08:00"),
				"time_now":      knownvalue.StringExact("2026-05-14T00:48:25+08:00"),
				"request_id":    knownvalue.StringExact("5b1f0c2e-7a4d-4c39-9e61-0d8a2f3b4c5d"),
			},
		},
		{
			scenario: "skillscan-paid-unicode",
			want: map[string]knownvalue.Check{
				"app_id":        knownvalue.Int64Exact(251000123),
				"uin":           knownvalue.StringExact("700000000123"),
				"nick_name":     knownvalue.StringExact("测试账号-Ünïcødé-🚀"),
				"order_status":  knownvalue.Int64Exact(1),
				"total_quota":   knownvalue.Int64Exact(5000),
				"used_count":    knownvalue.Int64Exact(4870),
				"pay_mode":      knownvalue.Int64Exact(1),
				"auto_renew":    knownvalue.Int64Exact(1),
				"resource_id":   knownvalue.StringExact("skillscan-p9q8r7s6"),
				"time_span":     knownvalue.Int64Exact(12),
				"time_unit":     knownvalue.StringExact("m"),
				"begin_time":    knownvalue.StringExact("2025-07-01T10:00:00+08:00"),
				"end_time":      knownvalue.StringExact("2026-07-01T10:00:00+08:00"),
				"beta_end_time": knownvalue.StringExact("2026-06-30T23:59:59+08:00"),
				"time_now":      knownvalue.StringExact("2026-05-14T00:48:25+08:00"),
				"request_id":    knownvalue.StringExact("9c4e2a71-3d5b-4f08-a6e2-1b7c9d0e8f34"),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.scenario, func(t *testing.T) {
			t.Parallel()
			srv := fakeserver.StartTest(t, fakeserver.Config{}, tt.scenario)
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories(t),
				Steps: []resource.TestStep{{
					Config:            acctest.ProviderBlock(srv) + `data "tcintl_skillscan_pay_info" "this" {}`,
					ConfigStateChecks: []statecheck.StateCheck{acctest.ExpectAllAttributes(skillScanAddress, tt.want)},
				}},
			})
			for _, r := range srv.Requests() {
				if r.Language != "en-US" || r.Region != "" {
					t.Errorf("request sent X-TC-Language %q, X-TC-Region %q; want en-US and none", r.Language, r.Region)
				}
			}
		})
	}
}
