// Package datasources holds the provider's data sources, one per file, each
// with a function that maps its API answer to its model.
package datasources

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"
)

// All are the provider's data sources.
func All() []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewSkillScanPayInfoDataSource,
		NewCustomerBillSummaryDataSource,
		NewCustomersDataSource,
		NewCustomerBillSummariesDataSource,
		NewPartnerCreditDataSource,
		NewCustomerCreditsDataSource,
		NewCustomerBillByProductDataSource,
	}
}

// apiDataSource is embedded by every data source: it takes the provider's
// one client at Configure and reports failed calls.
type apiDataSource struct {
	client *tcapi.Client
}

// Configure keeps the provider's client. ProviderData is nil while Terraform
// validates a configuration before configuring the provider.
func (d *apiDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	if req.ProviderData == nil {
		return
	}
	client, ok := req.ProviderData.(*tcapi.Client)
	if !ok {
		resp.Diagnostics.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *tcapi.Client, got %T. This is a bug in the provider; please report it.", req.ProviderData))
		return
	}
	d.client = client
}

// start begins a Read of action: it reads the configuration into model and
// reports whether the read may call the API. Terraform configures the
// provider before any read, but a mistake there must be a diagnostic, not a
// panic.
func (d *apiDataSource) start(ctx context.Context, req datasource.ReadRequest, model any, action string, diags *diag.Diagnostics) bool {
	if d.client == nil {
		diags.AddError(action+" cannot run: the provider is not configured",
			"The data source got no API client from the provider. This is a bug in the provider; please report it.")
		return false
	}
	diags.Append(req.Config.Get(ctx, model)...)
	return !diags.HasError()
}

// reportPacingFallback gives, once per run, the warning that pacing went
// on without a store it was configured with. Reads defer it: the store
// fails while a read waits for its turn, after every read running then has
// started.
func (d *apiDataSource) reportPacingFallback(diags *diag.Diagnostics) {
	if d.client == nil {
		return
	}
	if why := d.client.PacingFallback(); why != "" {
		diags.AddWarning(PacingWarning(d.client.Redact(why)))
	}
}

// failed reports a failed call of action. Every secret the client holds is
// masked in it, whoever wrote the text: the server may quote a token.
func (d *apiDataSource) failed(action string, err error, diags *diag.Diagnostics) {
	summary, detail := errorDiagnostic(action, err, d.client.CredentialSource())
	diags.AddError(d.client.Redact(summary), d.client.Redact(detail))
}

// requestIDAttribute is a request_id attribute for the answer that produced
// what.
func requestIDAttribute(what string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "ID of the API request that produced " + what + "; quote it to Tencent Cloud support.",
		Computed:            true,
	}
}

// paceNote says how fast the API lets action be called, from the one table
// of limits.
func paceNote(action string) string {
	a, _ := apispec.Lookup(action)
	rate := strconv.FormatFloat(a.RateLimit, 'g', -1, 64)
	if a.RateLimit == 1 {
		return "The API allows 1 request per second."
	}
	return "The API allows " + rate + " requests per second."
}

// nonEmptyString maps the API's "no value" (absent, null or "") to null, so
// a policy can test for it with == null rather than guessing at "".
func nonEmptyString(s *string) types.String {
	if s == nil || *s == "" {
		return types.StringNull()
	}
	return types.StringValue(*s)
}

// rfc3339 maps an API time to RFC 3339 with the +08:00 offset, and the API's
// "no time" to null.
func rfc3339(t *tcapi.Time) types.String {
	if t == nil || t.IsZero() {
		return types.StringNull()
	}
	return types.StringValue(t.RFC3339())
}
