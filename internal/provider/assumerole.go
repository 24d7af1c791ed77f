package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"
)

// resolveAssumeRole reads the assume_role block, each argument falling back
// on its TENCENTCLOUD_ASSUME_ROLE_* variable; nil when no role is named.
func resolveAssumeRole(s *assumeRoleSettings, env environment) (*tcapi.AssumeRole, diag.Diagnostics) {
	var diags diag.Diagnostics
	if s == nil {
		s = &assumeRoleSettings{}
	}
	arn := first(s.RoleArn, env.get(envAssumeRoleArn))
	if arn == "" {
		if s.SessionName != nil || s.SessionDuration != nil || s.Policy != nil || s.ExternalID != nil {
			diags.AddAttributeError(path.Root("assume_role").AtName("role_arn"), "Missing role_arn",
				"The assume_role block needs role_arn (or "+envAssumeRoleArn+").")
		}
		return nil, diags
	}
	role := &tcapi.AssumeRole{
		RoleArn:     arn,
		SessionName: first(s.SessionName, env.get(envAssumeRoleSession)),
		Policy:      first(s.Policy, ""),
		ExternalID:  first(s.ExternalID, env.get(envAssumeRoleExternalID)),
	}
	if role.SessionName == "" {
		role.SessionName = defaultSessionName
	}
	duration, d := sessionDuration(s.SessionDuration, path.Root("assume_role").AtName("session_duration"), env)
	diags.Append(d...)
	role.Duration = duration
	return role, diags
}
