package provider

import (
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"
)

// camRoleNamePattern is what CAM allows in a role name; the name also goes
// into the metadata service's URL path.
var camRoleNamePattern = regexp.MustCompile(`^[\w+=,.@-]{1,128}$`)

const camRoleNameRule = "must be a CAM role name: 1 to 128 letters, digits or any of +=,.@_-"

// resolveCVMRole takes the role bound to the CVM instance, by name.
func resolveCVMRole(arg *string, env environment) (resolvedCredentials, diag.Diagnostics) {
	var diags diag.Diagnostics
	p := path.Root("cam_role_name")
	name, from := firstWithSource(arg, "cam_role_name", env, envCAMRoleName)
	if !camRoleNamePattern.MatchString(name) {
		// The argument passed its validator at plan time; the variable is
		// checked here.
		diags.AddAttributeError(p, "Invalid "+from, from+" "+camRoleNameRule+".")
	}
	role := &tcapi.CVMRole{RoleName: name, RoleNameFrom: from}
	if raw := env.get(envMetadataURL); raw != "" {
		u, err := tcapi.ParseMetadataURL(raw)
		if err != nil {
			diags.AddAttributeError(p, "Invalid "+envMetadataURL, envMetadataURL+" (for tests only): "+err.Error()+".")
		}
		role.MetadataURL = u
	}
	if diags.HasError() {
		return resolvedCredentials{}, diags
	}
	return resolvedCredentials{cvmRole: role, description: "CVM instance role " + name + " (from " + from + ")"}, diags
}
