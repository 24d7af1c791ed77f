package provider

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"
)

var webIdentityPath = path.Root("assume_role_with_web_identity")

// resolveWebIdentity reads the assume_role_with_web_identity block (nil
// when only the environment asks for it), each argument falling back on its
// TENCENTCLOUD_ASSUME_ROLE_* variable.
func resolveWebIdentity(b *webIdentitySettings, env environment) (resolvedCredentials, diag.Diagnostics) {
	var diags diag.Diagnostics
	if b == nil {
		b = &webIdentitySettings{}
	}
	var wi tcapi.WebIdentity
	var providerFrom string
	wi.ProviderID, providerFrom = firstWithSource(b.ProviderID, "provider_id", env, envWebIdentityProviderID)
	wi.ProviderIDFrom = cmp.Or(providerFrom, "the default provider_id")
	if wi.ProviderID == "" {
		wi.ProviderID = defaultWebIdentityProvider
	}
	wi.RoleArn = first(b.RoleArn, env.get(envAssumeRoleArn))
	wi.SessionName = first(b.SessionName, env.get(envAssumeRoleSession))
	if wi.SessionName == "" {
		wi.SessionName = defaultSessionName
	}
	duration, d := sessionDuration(b.SessionDuration, webIdentityPath.AtName("session_duration"), env)
	diags.Append(d...)
	wi.Duration = duration

	if wi.RoleArn == "" {
		diags.AddAttributeError(webIdentityPath.AtName("role_arn"), "Missing role_arn",
			"The OIDC web identity exchange needs the role to assume: set role_arn in assume_role_with_web_identity, or "+envAssumeRoleArn+".")
	}

	// The token and its file go together: the block's pair, else the
	// variables', so that one from each never mixes.
	token, tokenFrom, file, fileFrom := "", "", "", ""
	switch {
	case b.Token != nil && *b.Token != "" || b.TokenFile != nil && *b.TokenFile != "":
		token, tokenFrom = first(b.Token, ""), "web_identity_token"
		file, fileFrom = first(b.TokenFile, ""), "web_identity_token_file"
	default:
		token, tokenFrom = env.get(envWebIdentityToken), envWebIdentityToken
		file, fileFrom = env.get(envWebIdentityTokenFile), envWebIdentityTokenFile
	}
	var description string
	switch {
	case token != "" && file != "":
		diags.AddAttributeError(webIdentityPath.AtName("web_identity_token_file"), "Conflicting "+tokenFrom+" and "+fileFrom,
			"Give the OIDC token one way: "+tokenFrom+" or "+fileFrom+", not both.")
	case token == "" && file == "":
		diags.AddAttributeError(webIdentityPath.AtName("web_identity_token"), "Missing web_identity_token",
			"The OIDC web identity exchange needs a token: set web_identity_token or web_identity_token_file (or "+envWebIdentityToken+" or "+envWebIdentityTokenFile+").")
	case token != "":
		checkSecret(&diags, webIdentityPath.AtName("web_identity_token"), "The OIDC token from "+tokenFrom, token)
		wi.Token = token
		description = "token from " + tokenFrom
	default:
		wi.TokenFile, wi.TokenFileFrom = file, fileFrom
		checkTokenFile(&diags, webIdentityPath.AtName("web_identity_token_file"), file, fileFrom)
		description = "token file " + file
	}
	if diags.HasError() {
		return resolvedCredentials{}, diags
	}
	return resolvedCredentials{
		webIdentity: &wi,
		description: fmt.Sprintf("OIDC web identity (%s, provider %s), role %s", description, wi.ProviderID, wi.RoleArn),
	}, diags
}

// resolvePodOIDC takes what TKE gives a pod whose service account is bound
// to a CAM role, all four variables being required.
func resolvePodOIDC(env environment) (resolvedCredentials, diag.Diagnostics) {
	var diags diag.Diagnostics
	p := path.Root("enable_pod_oidc")
	var missing []string
	for _, v := range []string{envTKERegion, envTKEProviderID, envTKETokenFile, envTKERoleArn} {
		if env.get(v) == "" {
			missing = append(missing, v)
		}
	}
	if len(missing) > 0 {
		diags.AddAttributeError(p, "Missing "+strings.Join(missing, ", "),
			"enable_pod_oidc reads "+envTKERegion+", "+envTKEProviderID+", "+envTKETokenFile+" and "+envTKERoleArn+
				", which TKE sets in pods whose service account is bound to a CAM role (the pod identity webhook); missing here: "+
				strings.Join(missing, ", ")+". Run the plan in such a pod, or give keys another way.")
		return resolvedCredentials{}, diags
	}
	if err := tcapi.CheckSecretText(env.get(envTKERegion)); err != nil {
		diags.AddAttributeError(p, "Invalid "+envTKERegion, envTKERegion+" "+err.Error()+".")
	}
	wi := tcapi.WebIdentity{
		ProviderID: env.get(envTKEProviderID), ProviderIDFrom: envTKEProviderID,
		TokenFile: env.get(envTKETokenFile), TokenFileFrom: envTKETokenFile,
		RoleArn: env.get(envTKERoleArn), SessionName: defaultSessionName,
		Duration: defaultSessionDuration * time.Second, Region: env.get(envTKERegion),
	}
	checkTokenFile(&diags, p, wi.TokenFile, envTKETokenFile)
	if diags.HasError() {
		return resolvedCredentials{}, diags
	}
	return resolvedCredentials{
		webIdentity: &wi,
		description: fmt.Sprintf("TKE pod OIDC (token file %s from %s, provider %s), role %s", wi.TokenFile, envTKETokenFile, wi.ProviderID, wi.RoleArn),
	}, diags
}

// checkTokenFile reads the token file once at configure time, so that a
// wrong path fails the plan before any call; renewals read it again.
func checkTokenFile(diags *diag.Diagnostics, p path.Path, file, from string) {
	if _, err := tcapi.ReadWebIdentityTokenFile(file); err != nil {
		diags.AddAttributeError(p, "Cannot use the OIDC token file "+file,
			fmt.Sprintf("The token file from %s cannot be used: %v.", from, err))
	}
}

// sessionDuration is the argument, else TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION,
// else the default.
func sessionDuration(arg *int64, p path.Path, env environment) (time.Duration, diag.Diagnostics) {
	var diags diag.Diagnostics
	switch {
	case arg != nil:
		return time.Duration(*arg) * time.Second, nil
	case env.get(envAssumeRoleDuration) != "":
		n, err := strconv.Atoi(env.get(envAssumeRoleDuration))
		if err != nil || n < 1 || n > maxSessionDuration {
			diags.AddAttributeError(p, "Invalid "+envAssumeRoleDuration,
				fmt.Sprintf("%s must be a number of seconds from 1 to %d, got %q.", envAssumeRoleDuration, maxSessionDuration, env.get(envAssumeRoleDuration)))
		} else {
			return time.Duration(n) * time.Second, nil
		}
	}
	return defaultSessionDuration * time.Second, diags
}
