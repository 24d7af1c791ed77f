package e2e

import (
	"testing"

	"github.com/tcintl/terraform-provider-tcintl/internal/acctest"
)

// TestMain refuses to run without TF_ACC and terraform, like the other
// acceptance tests: a silent skip would report examples as working untested.
func TestMain(m *testing.M) {
	acctest.Main(m)
}
