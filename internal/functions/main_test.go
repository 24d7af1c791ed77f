package functions_test

import (
	"testing"

	"github.com/tcintl/terraform-provider-tcintl/internal/acctest"
)

func TestMain(m *testing.M) {
	acctest.Main(m)
}
