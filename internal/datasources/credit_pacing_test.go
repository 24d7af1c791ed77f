package datasources_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/tcintl/terraform-provider-tcintl/internal/acctest"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
)

// A plan alone keeps to the documented limits, 5 per second for the credit
// actions and 1 for the bill by product, whatever its blocks ask at once:
// the fake throttles nothing. The provider is left at its defaults; the
// fake allows the bill by product 1.1 per second, since with a burst of one
// a busy machine's scheduling alone can bring two calls paced a second
// apart closer than that (a plan that does not pace is throttled all the
// same).
func TestGuardrails_aPlanAloneIsNeverThrottled(t *testing.T) {
	t.Parallel()
	srv := fakeserver.StartTest(t, fakeserver.Config{Book: &fakeserver.Book{Size: 230}, Limits: map[string]float64{productsAction: 1.1}}, "partner-credit")
	config := acctest.ProviderBlock(srv) + partnerCreditBlock + creditsBlock("all")
	// Filters that each make a read of their own, all at once.
	for i := range 6 {
		config += creditsBlock(fmt.Sprintf("uin%d", i), `  filter_type = "ClientUin"`, fmt.Sprintf(`  filter = "%d"`, fakeserver.BookUIN(i)))
	}
	for _, month := range []string{"2026-01", "2026-02", "2026-03"} {
		config += productsBlock("p"+month, fmt.Sprint(fakeserver.BookUIN(0)), fmt.Sprintf("%q", month))
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories(t),
		Steps:                    []resource.TestStep{{Config: config}},
	})
	for _, action := range []string{partnerCreditAction, creditsAction, productsAction} {
		if n := srv.CountAnswered(action, fakeserver.CodeRequestLimitExceeded); n != 0 || srv.CountAnswered(action, "") == 0 {
			t.Errorf("%s: %d calls answered, %d throttled; want some, and none throttled", action, srv.CountAnswered(action, ""), n)
		}
	}
}
