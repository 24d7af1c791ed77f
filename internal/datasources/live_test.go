package datasources_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tcintl/terraform-provider-tcintl/internal/acctest"
)

// The TestAcc tests call the live API with the keys of the environment
// (make testacc); resource.Test skips them unless TF_ACC is set, and CI never
// sets it.

func TestAccLiveSkillScanPayInfo(t *testing.T) {
	rfc3339 := knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$`))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.LiveProviderFactories(),
		Steps: []resource.TestStep{{
			Config: `data "tcintl_skillscan_pay_info" "this" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(skillScanAddress, tfjsonpath.New("time_now"), rfc3339),
				statecheck.ExpectKnownValue(skillScanAddress, tfjsonpath.New("beta_end_time"), rfc3339),
				statecheck.ExpectKnownValue(skillScanAddress, tfjsonpath.New("order_status"), knownvalue.NotNull()),
				statecheck.ExpectKnownValue(skillScanAddress, tfjsonpath.New("request_id"), knownvalue.NotNull()),
			},
		}},
	})
}
