// Package datasources holds the provider's data sources, one per file, each
// mapping one API answer to schema attributes.
package datasources

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"
)

// notConfigured stands in for a nil client: Terraform configures the
// provider before any read, but a mistake there must not become a panic.
func notConfigured(action string) diag.Diagnostic {
	return diag.NewErrorDiagnostic(action+" cannot run: the provider is not configured",
		"The data source got no API client from the provider. This is a bug in the provider; please report it.")
}

// clientFrom extracts the provider's shared client. ProviderData is nil
// while Terraform validates a configuration before configuring the provider.
func clientFrom(providerData any, diags *diag.Diagnostics) *tcapi.Client {
	if providerData == nil {
		return nil
	}
	client, ok := providerData.(*tcapi.Client)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *tcapi.Client, got %T. This is a bug in the provider; please report it.", providerData))
		return nil
	}
	return client
}
