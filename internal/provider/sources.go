package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"
)

// source is a way of giving the provider its base keys; assume_role may
// wrap the keys of some of them.
type source int

const (
	sourceKeys source = iota + 1
	sourceProfile
	sourceWebIdentity
	sourcePodOIDC
	sourceCVMRole
)

// offer is a source that the provider block or the environment asks for.
type offer struct {
	kind source
	// by names the argument, block or variables that ask for it.
	by       string
	explicit bool
	// path is the attribute a diagnostic about it points at.
	path path.Path
}

func (o offer) String() string {
	if o.explicit {
		return o.by + " in the provider block"
	}
	return o.by
}

// resolvedCredentials is the credential part of a tcapi.Config.
type resolvedCredentials struct {
	keys        tcapi.Credential
	webIdentity *tcapi.WebIdentity
	cvmRole     *tcapi.CVMRole
	assumeRole  *tcapi.AssumeRole
	// description says where the keys come from, for hints; never a secret.
	description string
}

// explicitOffers lists the sources the provider block names. More than one
// is an error: which to use is the author's call, not a precedence rule's.
func explicitOffers(s settings) []offer {
	set := func(v *string) bool { return v != nil && *v != "" }
	var out []offer
	if set(s.SecretID) || set(s.SecretKey) {
		p := path.Root("secret_id")
		if !set(s.SecretID) {
			p = path.Root("secret_key")
		}
		out = append(out, offer{kind: sourceKeys, by: "secret_id/secret_key", explicit: true, path: p})
	}
	switch {
	case set(s.Profile):
		out = append(out, offer{kind: sourceProfile, by: "profile", explicit: true, path: path.Root("profile")})
	case set(s.SharedCredentialsDir):
		out = append(out, offer{kind: sourceProfile, by: "shared_credentials_dir", explicit: true, path: path.Root("shared_credentials_dir")})
	}
	if s.WebIdentity != nil {
		out = append(out, offer{kind: sourceWebIdentity, by: "assume_role_with_web_identity", explicit: true, path: path.Root("assume_role_with_web_identity")})
	}
	if s.EnablePodOIDC != nil && *s.EnablePodOIDC {
		out = append(out, offer{kind: sourcePodOIDC, by: "enable_pod_oidc", explicit: true, path: path.Root("enable_pod_oidc")})
	}
	if set(s.CAMRoleName) {
		out = append(out, offer{kind: sourceCVMRole, by: "cam_role_name", explicit: true, path: path.Root("cam_role_name")})
	}
	return out
}

// environmentOffers lists the sources the environment asks for, highest
// precedence first: the order of the official provider, where a later
// source overrides an earlier one. The tccli profile comes last, and only
// when nothing else is offered.
func environmentOffers(env environment) []offer {
	var out []offer
	if by := setVariables(env, envWebIdentityToken, envWebIdentityTokenFile); by != "" {
		out = append(out, offer{kind: sourceWebIdentity, by: by, path: path.Root("assume_role_with_web_identity")})
	}
	if by := setVariables(env, envCAMRoleName); by != "" {
		out = append(out, offer{kind: sourceCVMRole, by: by, path: path.Root("cam_role_name")})
	}
	if by := setVariables(env, envSecretID, envSecretKey); by != "" {
		out = append(out, offer{kind: sourceKeys, by: by, path: path.Root("secret_id")})
	}
	return out
}

// setVariables names those of vars that are set and not empty.
func setVariables(env environment, vars ...string) string {
	var set []string
	for _, v := range vars {
		if env.get(v) != "" {
			set = append(set, v)
		}
	}
	return strings.Join(set, " and ")
}

// resolveCredentials picks one source (the provider block's, else the
// environment's by precedence, else the tccli profile), resolves it and the
// assume_role around it.
func resolveCredentials(s settings, env environment) (resolvedCredentials, diag.Diagnostics) {
	var diags diag.Diagnostics
	explicit := explicitOffers(s)
	if len(explicit) > 1 {
		names := make([]string, len(explicit))
		for i, o := range explicit {
			names[i] = o.by
		}
		diags.AddAttributeError(explicit[1].path, "Conflicting credential sources",
			fmt.Sprintf("The provider block gives credentials in %d ways: %s. The provider uses one way at a time: keep one of them.",
				len(explicit), strings.Join(names, " and ")))
		return resolvedCredentials{}, diags
	}
	offered := environmentOffers(env)
	chosen := offer{kind: sourceProfile, by: "the tccli profile", path: path.Root("profile")}
	switch {
	case len(explicit) == 1:
		chosen = explicit[0]
	case len(offered) > 0:
		chosen = offered[0]
	}
	var unused []string
	for _, o := range offered {
		if o.kind != chosen.kind {
			unused = append(unused, o.by)
		}
	}
	if len(unused) > 0 {
		diags.AddWarning("Credentials in the environment not used",
			fmt.Sprintf("The keys come from %s, which takes precedence, so %s (set in the environment) %s not used. "+
				"The provider uses one way of getting keys at a time; unset what you do not mean it to see.", chosen, strings.Join(unused, " and "), isOrAre(unused)))
	}

	var (
		out resolvedCredentials
		d   diag.Diagnostics
	)
	switch chosen.kind {
	case sourceKeys:
		out, d = resolveKeys(s, env)
	case sourceProfile:
		out, d = resolveProfile(s, env)
	case sourceWebIdentity:
		out, d = resolveWebIdentity(s.WebIdentity, env)
	case sourcePodOIDC:
		out, d = resolvePodOIDC(env)
	case sourceCVMRole:
		out, d = resolveCVMRole(s.CAMRoleName, env)
	}
	diags.Append(d...)
	if chosen.kind != sourceKeys && chosen.kind != sourceProfile {
		if token, tokenFrom := firstWithSource(s.SecurityToken, "security_token", env, envSecurityToken); token != "" {
			diags.AddAttributeWarning(path.Root("security_token"), "security_token ignored",
				fmt.Sprintf("The keys come from %s, which issues its own token, so the token from %s is not used.", chosen, tokenFrom))
		}
	}
	if diags.HasError() {
		return resolvedCredentials{}, diags
	}
	diags.Append(wrapInRole(s.AssumeRole, env, chosen, &out)...)
	return out, diags
}

// wrapInRole adds assume_role around keys, a tccli profile or a CVM role.
// It does not wrap an OIDC exchange, which already yields a role's keys:
// there the TENCENTCLOUD_ASSUME_ROLE_* variables belong to the exchange.
func wrapInRole(block *assumeRoleSettings, env environment, chosen offer, out *resolvedCredentials) diag.Diagnostics {
	var diags diag.Diagnostics
	if chosen.kind == sourceWebIdentity || chosen.kind == sourcePodOIDC {
		if block != nil {
			diags.AddAttributeError(path.Root("assume_role"), "Conflicting credential sources",
				fmt.Sprintf("assume_role cannot wrap the OIDC web identity of %s, which already gives the keys of a role. "+
					"Name the role you want in that exchange's role ARN and remove the assume_role block.", chosen))
		} else if chosen.kind == sourcePodOIDC && env.get(envAssumeRoleArn) != "" {
			diags.AddWarning(envAssumeRoleArn+" ignored",
				"With enable_pod_oidc the role is "+envTKERoleArn+"; "+envAssumeRoleArn+", which would wrap it in assume_role, is not used.")
		}
		return diags
	}
	// Beside the web identity variables, TENCENTCLOUD_ASSUME_ROLE_ARN is the
	// web identity's role, even when something else gives the keys.
	if block == nil && setVariables(env, envWebIdentityToken, envWebIdentityTokenFile) != "" {
		return diags
	}
	role, d := resolveAssumeRole(block, env)
	diags.Append(d...)
	if role != nil {
		out.assumeRole = role
		out.description += ", then assume_role " + role.RoleArn
	}
	return diags
}

func isOrAre(list []string) string {
	if len(list) == 1 && !strings.Contains(list[0], " and ") {
		return "is"
	}
	return "are"
}
