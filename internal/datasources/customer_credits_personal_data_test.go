package datasources_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/tcintl/terraform-provider-tcintl/internal/acctest"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
)

// personalData are the mobile numbers and emails a scenario's
// QueryCustomersCredit answers carry.
func personalData(t *testing.T, scenario string) []string {
	t.Helper()
	cs, err := fakeserver.Cassettes(scenario)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var out []string
	for _, c := range cs {
		for _, it := range c.Interactions {
			var answer struct {
				Response struct {
					Data []struct{ Mobile, Email string }
				}
			}
			if err := json.Unmarshal(it.Response, &answer); err != nil {
				t.Fatal(err)
			}
			for _, d := range answer.Response.Data {
				for _, v := range []string{d.Mobile, d.Email} {
					if v != "" && !seen[v] {
						seen[v] = true
						out = append(out, v)
					}
				}
			}
		}
	}
	if len(out) < 10 {
		t.Fatalf("scenario %s has %d mobile numbers and emails; the test needs the five customers' ten", scenario, len(out))
	}
	return out
}

// leakCheck fails when the JSON of the state or of a saved plan (as
// `terraform show -json` writes them) contains any of absent. It also
// wants present in it, so that it cannot pass on a document without the
// customers at all.
type leakCheck struct {
	absent  []string
	present string
}

var (
	_ statecheck.StateCheck = leakCheck{}
	_ plancheck.PlanCheck   = leakCheck{}
)

func (c leakCheck) find(what string, doc any) error {
	b, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	text := string(b)
	if !strings.Contains(text, c.present) {
		return fmt.Errorf("the %s does not contain %q: it cannot show what is left out", what, c.present)
	}
	var found []string
	for _, v := range c.absent {
		if strings.Contains(text, v) {
			found = append(found, v)
		}
	}
	if len(found) > 0 {
		return fmt.Errorf("the %s contains personal data: %q", what, found)
	}
	return nil
}

func (c leakCheck) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = c.find("state", req.State)
}

func (c leakCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = c.find("saved plan", req.Plan)
}

// The API sends every customer's mobile number and email; neither reaches
// the state or a saved plan (whose JSON holds the data sources read while
// planning), and searching by email still works.
func TestCustomerCredits_noMobileNumberOrEmailInStateOrPlan(t *testing.T) {
	t.Parallel()
	srv := fakeserver.StartTest(t, fakeserver.Config{}, "customer-credits")
	leaks := leakCheck{absent: personalData(t, "customer-credits"), present: "Under Ten Percent Ltd"}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories(t),
		Steps: []resource.TestStep{{
			Config: acctest.ProviderBlock(srv) + creditsBlock("all") +
				creditsBlock("by_email", `  filter_type = "Email"`, `  filter = "@example.com"`) + `
output "by_email" {
  value = length(data.tcintl_customer_credits.by_email.customers)
}
`,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{leaks},
				PostApplyPostRefresh: []plancheck.PlanCheck{leaks},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				leaks,
				statecheck.ExpectKnownOutputValue("by_email", acctest.ExactNumber("5")),
			},
		}},
	})
}
