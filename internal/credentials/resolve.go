package credentials

import (
	"fmt"
	"strings"
)

// Resolved says where the keys come from: fixed Keys, or a WebIdentity or a
// CVMRole that gives temporary ones, optionally wrapped in an AssumeRole.
type Resolved struct {
	Keys        Keys
	WebIdentity *WebIdentity
	CVMRole     *CVMRole
	AssumeRole  *AssumeRole
	// STSRegion is where STS is called: a web identity's own region first
	// (TKE_REGION), then this, then DefaultSTSRegion.
	STSRegion string
	// Description says where the keys come from, for hints; never a secret.
	Description string
	// Missing says how to give keys when the settings give none at all:
	// every call that needs keys then fails with a *MissingError.
	Missing string
}

// Identity names the keys that sign API calls in a way that does not
// change with how they were configured or renewed: the role's ARN for a
// role's keys, the secret ID for fixed keys. The API counts its rate limits
// per account, so calls with the same identity share one pace. It is not a
// secret, but it is hashed before it names anything on disk or in a
// coordinator.
func (r Resolved) Identity() string {
	switch {
	case r.AssumeRole != nil:
		return "role " + r.AssumeRole.RoleArn
	case r.WebIdentity != nil:
		return "role " + r.WebIdentity.RoleArn
	case r.CVMRole != nil:
		// The metadata service names no ARN; an instance belongs to one
		// account, where the role's name is unique.
		return "cvm-role " + r.CVMRole.RoleName
	}
	return "keys " + r.Keys.SecretID
}

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
	// path is the attribute a problem with it is about.
	path string
}

func (o offer) String() string {
	if o.explicit {
		return o.by + " in the provider block"
	}
	return o.by
}

// Resolve picks one source of keys (the provider block's, else the
// environment's by precedence, else the tccli profile), resolves it and the
// assume_role around it, and reports every problem with the settings. The
// result is usable only when no problem is an error.
func Resolve(s Settings, env Env) (Resolved, []Problem) {
	var ps problems
	explicit := explicitOffers(s)
	if len(explicit) > 1 {
		names := make([]string, len(explicit))
		for i, o := range explicit {
			names[i] = o.by
		}
		ps.errorAt(explicit[1].path, "Conflicting credential sources",
			fmt.Sprintf("The provider block gives credentials in %d ways: %s. The provider uses one way at a time: keep one of them.",
				len(explicit), strings.Join(names, " and ")))
		return Resolved{}, ps
	}
	offered := environmentOffers(env)
	chosen := offer{kind: sourceProfile, by: "the tccli profile", path: "profile"}
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
		ps.warnAt("", "Credentials in the environment not used",
			fmt.Sprintf("The keys come from %s, which takes precedence, so %s (set in the environment) %s not used. "+
				"The provider uses one way of getting keys at a time; unset what you do not mean it to see.", chosen, strings.Join(unused, " and "), isOrAre(unused)))
	}

	var out Resolved
	switch chosen.kind {
	case sourceKeys:
		out = resolveKeys(s, env, &ps)
	case sourceProfile:
		out = resolveProfile(s, env, &ps)
	case sourceWebIdentity:
		out = resolveWebIdentity(s.WebIdentity, env, &ps)
	case sourcePodOIDC:
		out = resolvePodOIDC(env, &ps)
	case sourceCVMRole:
		out = resolveCVMRole(s.CAMRoleName, env, &ps)
	}
	if chosen.kind != sourceKeys && chosen.kind != sourceProfile {
		if token, tokenFrom := firstWithSource(s.SecurityToken, "security_token", env, EnvSecurityToken); token != "" {
			ps.warnAt("security_token", "security_token ignored",
				fmt.Sprintf("The keys come from %s, which issues its own token, so the token from %s is not used.", chosen, tokenFrom))
		}
	}
	if ps.hasError() {
		return Resolved{}, ps
	}
	wrapInRole(s.AssumeRole, env, chosen, &out, &ps)
	if ps.hasError() {
		return Resolved{}, ps
	}
	out.STSRegion = s.Region
	return out, ps
}

// explicitOffers lists the sources the provider block names. More than one
// is an error: which to use is the author's call, not a precedence rule's.
func explicitOffers(s Settings) []offer {
	set := func(v *string) bool { return v != nil && *v != "" }
	var out []offer
	if set(s.SecretID) || set(s.SecretKey) {
		p := "secret_id"
		if !set(s.SecretID) {
			p = "secret_key"
		}
		out = append(out, offer{kind: sourceKeys, by: "secret_id/secret_key", explicit: true, path: p})
	}
	switch {
	case set(s.Profile):
		out = append(out, offer{kind: sourceProfile, by: "profile", explicit: true, path: "profile"})
	case set(s.SharedCredentialsDir):
		out = append(out, offer{kind: sourceProfile, by: "shared_credentials_dir", explicit: true, path: "shared_credentials_dir"})
	}
	if s.WebIdentity != nil {
		out = append(out, offer{kind: sourceWebIdentity, by: "assume_role_with_web_identity", explicit: true, path: "assume_role_with_web_identity"})
	}
	if s.EnablePodOIDC != nil && *s.EnablePodOIDC {
		out = append(out, offer{kind: sourcePodOIDC, by: "enable_pod_oidc", explicit: true, path: "enable_pod_oidc"})
	}
	if set(s.CAMRoleName) {
		out = append(out, offer{kind: sourceCVMRole, by: "cam_role_name", explicit: true, path: "cam_role_name"})
	}
	return out
}

// environmentOffers lists the sources the environment asks for, highest
// precedence first: the order of the official provider, where a later
// source overrides an earlier one. The tccli profile comes last, and only
// when nothing else is offered.
func environmentOffers(env Env) []offer {
	var out []offer
	if by := setVariables(env, EnvWebIdentityToken, EnvWebIdentityTokenFile); by != "" {
		out = append(out, offer{kind: sourceWebIdentity, by: by, path: "assume_role_with_web_identity"})
	}
	if by := setVariables(env, EnvCAMRoleName); by != "" {
		out = append(out, offer{kind: sourceCVMRole, by: by, path: "cam_role_name"})
	}
	if by := setVariables(env, EnvSecretID, EnvSecretKey); by != "" {
		out = append(out, offer{kind: sourceKeys, by: by, path: "secret_id"})
	}
	return out
}

// setVariables names those of vars that are set and not empty.
func setVariables(env Env, vars ...string) string {
	var set []string
	for _, v := range vars {
		if env.get(v) != "" {
			set = append(set, v)
		}
	}
	return strings.Join(set, " and ")
}

// wrapInRole adds assume_role around keys, a tccli profile or a CVM role.
// It does not wrap an OIDC exchange, which already yields a role's keys:
// there the TENCENTCLOUD_ASSUME_ROLE_* variables belong to the exchange.
func wrapInRole(block *AssumeRoleSettings, env Env, chosen offer, out *Resolved, ps *problems) {
	if chosen.kind == sourceWebIdentity || chosen.kind == sourcePodOIDC {
		if block != nil {
			ps.errorAt("assume_role", "Conflicting credential sources",
				fmt.Sprintf("assume_role cannot wrap the OIDC web identity of %s, which already gives the keys of a role. "+
					"Name the role you want in that exchange's role ARN and remove the assume_role block.", chosen))
		} else if chosen.kind == sourcePodOIDC && env.get(EnvAssumeRoleArn) != "" {
			ps.warnAt("", EnvAssumeRoleArn+" ignored",
				"With enable_pod_oidc the role is "+EnvTKERoleArn+"; "+EnvAssumeRoleArn+", which would wrap it in assume_role, is not used.")
		}
		return
	}
	// Beside the web identity variables, TENCENTCLOUD_ASSUME_ROLE_ARN is the
	// web identity's role, even when something else gives the keys.
	if block == nil && setVariables(env, EnvWebIdentityToken, EnvWebIdentityTokenFile) != "" {
		return
	}
	if role := resolveAssumeRole(block, env, ps); role != nil {
		out.AssumeRole = role
		out.Description += ", then assume_role " + role.RoleArn
	}
}

func isOrAre(list []string) string {
	if len(list) == 1 && !strings.Contains(list[0], " and ") {
		return "is"
	}
	return "are"
}
