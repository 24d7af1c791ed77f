package credentials

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// WebIdentity trades an OIDC token (from a CI pipeline or a TKE pod) for
// temporary keys of a CAM role, through STS AssumeRoleWithWebIdentity,
// which is not signed: the token is the proof.
type WebIdentity struct {
	// ProviderID is the identity provider's name in CAM.
	ProviderID string
	// Token is the OIDC token itself; TokenFile names a file holding it,
	// read again at every renewal because pipelines and pods rotate it.
	// Exactly one is set.
	Token       string
	TokenFile   string
	RoleArn     string
	SessionName string
	Duration    time.Duration
	// Region is the STS region when it is not the provider's (TKE_REGION).
	Region string
	// ProviderIDFrom and TokenFileFrom name the settings that gave those
	// values (provider_id, TKE_PROVIDER_ID...), for hints.
	ProviderIDFrom string
	TokenFileFrom  string
}

const webIdentityBlock = "assume_role_with_web_identity"

// resolveWebIdentity reads the assume_role_with_web_identity block (nil
// when only the environment asks for it), each argument falling back on its
// TENCENTCLOUD_ASSUME_ROLE_* variable.
func resolveWebIdentity(b *WebIdentitySettings, env Env, ps *problems) Resolved {
	if b == nil {
		b = &WebIdentitySettings{}
	}
	var wi WebIdentity
	var providerFrom string
	wi.ProviderID, providerFrom = firstWithSource(b.ProviderID, "provider_id", env, EnvWebIdentityProvider)
	wi.ProviderIDFrom = cmp.Or(providerFrom, "the default provider_id")
	wi.ProviderID = cmp.Or(wi.ProviderID, DefaultWebIdentityProvider)
	wi.RoleArn = first(b.RoleArn, env.get(EnvAssumeRoleArn))
	wi.SessionName = sessionName(b.SessionName, webIdentityBlock+".session_name", env, ps)
	wi.Duration = sessionDuration(b.SessionDuration, webIdentityBlock+".session_duration", env, ps)
	if wi.RoleArn == "" {
		ps.errorAt(webIdentityBlock+".role_arn", "Missing role_arn",
			"The OIDC web identity exchange needs the role to assume: set role_arn in assume_role_with_web_identity, or "+EnvAssumeRoleArn+".")
	} else {
		checkRoleArn(ps, webIdentityBlock+".role_arn", wi.RoleArn, b.RoleArn, EnvAssumeRoleArn)
	}

	// The token and its file go together: the block's pair, else the
	// variables', so that one from each never mixes.
	var token, tokenFrom, file, fileFrom string
	switch {
	case first(b.Token, "") != "" || first(b.TokenFile, "") != "":
		token, tokenFrom = first(b.Token, ""), "web_identity_token"
		file, fileFrom = first(b.TokenFile, ""), "web_identity_token_file"
	default:
		token, tokenFrom = env.get(EnvWebIdentityToken), EnvWebIdentityToken
		file, fileFrom = env.get(EnvWebIdentityTokenFile), EnvWebIdentityTokenFile
	}
	var description string
	switch {
	case token != "" && file != "":
		ps.errorAt(webIdentityBlock+".web_identity_token_file", "Conflicting "+tokenFrom+" and "+fileFrom,
			"Give the OIDC token one way: "+tokenFrom+" or "+fileFrom+", not both.")
	case token == "" && file == "":
		ps.errorAt(webIdentityBlock+".web_identity_token", "Missing web_identity_token",
			"The OIDC web identity exchange needs a token: set web_identity_token or web_identity_token_file (or "+EnvWebIdentityToken+" or "+EnvWebIdentityTokenFile+").")
	case token != "":
		checkSecret(ps, webIdentityBlock+".web_identity_token", "The OIDC token from "+tokenFrom, token)
		wi.Token = token
		description = "token from " + tokenFrom
	default:
		wi.TokenFile, wi.TokenFileFrom = file, fileFrom
		checkTokenFile(ps, webIdentityBlock+".web_identity_token_file", file, fileFrom)
		description = "token file " + file
	}
	return Resolved{
		WebIdentity: &wi,
		Description: fmt.Sprintf("OIDC web identity (%s, provider %s), role %s", description, wi.ProviderID, wi.RoleArn),
	}
}

// resolvePodOIDC takes what TKE gives a pod whose service account is bound
// to a CAM role, all four variables being required.
func resolvePodOIDC(env Env, ps *problems) Resolved {
	const path = "enable_pod_oidc"
	var missing []string
	for _, v := range []string{EnvTKERegion, EnvTKEProviderID, EnvTKETokenFile, EnvTKERoleArn} {
		if env.get(v) == "" {
			missing = append(missing, v)
		}
	}
	if len(missing) > 0 {
		ps.errorAt(path, "Missing "+strings.Join(missing, ", "),
			"enable_pod_oidc reads "+EnvTKERegion+", "+EnvTKEProviderID+", "+EnvTKETokenFile+" and "+EnvTKERoleArn+
				", which TKE sets in pods whose service account is bound to a CAM role (the pod identity webhook); missing here: "+
				strings.Join(missing, ", ")+". Run the plan in such a pod, or give keys another way.")
		return Resolved{}
	}
	if err := checkSecretText(env.get(EnvTKERegion)); err != nil {
		ps.errorAt(path, "Invalid "+EnvTKERegion, EnvTKERegion+" "+err.Error()+".")
	}
	wi := WebIdentity{
		ProviderID: env.get(EnvTKEProviderID), ProviderIDFrom: EnvTKEProviderID,
		TokenFile: env.get(EnvTKETokenFile), TokenFileFrom: EnvTKETokenFile,
		RoleArn: env.get(EnvTKERoleArn), SessionName: DefaultSessionName,
		Duration: DefaultSessionDuration, Region: env.get(EnvTKERegion),
	}
	checkTokenFile(ps, path, wi.TokenFile, EnvTKETokenFile)
	return Resolved{
		WebIdentity: &wi,
		Description: fmt.Sprintf("TKE pod OIDC (token file %s from %s, provider %s), role %s", wi.TokenFile, EnvTKETokenFile, wi.ProviderID, wi.RoleArn),
	}
}

// checkTokenFile reads the token file once at configure time, so that a
// wrong path fails the plan before any call; renewals read it again.
func checkTokenFile(ps *problems, path, file, from string) {
	if _, err := readTokenFile(file); err != nil {
		ps.errorAt(path, "Cannot use the OIDC token file "+file, fmt.Sprintf("The token file from %s cannot be used: %v.", from, err))
	}
}

// readTokenFile reads an OIDC token from a file holding either the token
// alone (what TKE and most pipelines write) or the JSON object
// {"web_identity_token": "..."} of the official provider's token files. The
// token is used as it is: whitespace around it is an error, not trimmed.
// Errors name the file and never quote it.
func readTokenFile(name string) (string, error) {
	data, err := readLocalFile(name)
	if err != nil {
		return "", err
	}
	token := string(data)
	if bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) {
		var doc struct {
			Token *string `json:"web_identity_token"`
		}
		if err := json.Unmarshal(data, &doc); err != nil || doc.Token == nil {
			return "", fmt.Errorf("%s starts like JSON but is not an object with a web_identity_token string", name)
		}
		token = *doc.Token
	}
	if token == "" {
		return "", fmt.Errorf("%s holds no token: it is empty", name)
	}
	if err := checkSecretText(token); err != nil {
		return "", fmt.Errorf("the token in %s %w", name, err)
	}
	return token, nil
}
