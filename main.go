// Command terraform-provider-tcintl serves the tcintl Terraform provider.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/tcintl/terraform-provider-tcintl/internal/provider"
)

// version is set at build time: -ldflags "-X main.version=1.2.3".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	for name, value := range quietLogging(os.Environ()) {
		if err := os.Setenv(name, value); err != nil {
			log.Fatal(err.Error())
		}
	}
	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address:         provider.Address,
		Debug:           debug,
		ProtocolVersion: 6,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}

// quietLogging returns the variables that switch the provider's logs off
// when no TF_LOG variable asks for them. terraform-plugin-go and the
// framework log every call at TRACE and leave the filtering to terraform,
// which, with no TF_LOG set, reads each line only to discard it: a third of
// the provider's CPU time per data block, for nothing. Any TF_LOG,
// TF_LOG_PROVIDER* or TF_LOG_SDK* variable keeps every log line as before.
func quietLogging(environ []string) map[string]string {
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		if name == "TF_LOG" || strings.HasPrefix(name, "TF_LOG_PROVIDER") || strings.HasPrefix(name, "TF_LOG_SDK") {
			return nil
		}
	}
	return map[string]string{
		"TF_LOG_PROVIDER":      "OFF",
		"TF_LOG_SDK":           "OFF",
		"TF_LOG_SDK_PROTO":     "OFF",
		"TF_LOG_SDK_FRAMEWORK": "OFF",
	}
}
