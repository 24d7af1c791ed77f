package datasources

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
)

// An unconfigured data source reports an error instead of dereferencing a
// nil client.
func TestReadWithoutAClientIsADiagnostic(t *testing.T) {
	for _, ds := range []datasource.DataSource{NewSkillScanPayInfoDataSource(), NewCustomerBillSummaryDataSource()} {
		var resp datasource.ReadResponse
		ds.Read(context.Background(), datasource.ReadRequest{}, &resp)
		if !resp.Diagnostics.HasError() {
			t.Errorf("%T: Read without a client reported nothing", ds)
		}
	}
}
