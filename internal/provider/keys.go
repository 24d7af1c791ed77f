package provider

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"
)

// resolveKeys takes the key pair from the arguments, each half falling back
// on its variable on its own.
func resolveKeys(s settings, env environment) (resolvedCredentials, diag.Diagnostics) {
	var diags diag.Diagnostics
	id, idFrom := firstWithSource(s.SecretID, "secret_id", env, envSecretID)
	key, keyFrom := firstWithSource(s.SecretKey, "secret_key", env, envSecretKey)
	token, tokenFrom := firstWithSource(s.SecurityToken, "security_token", env, envSecurityToken)
	switch {
	case id == "":
		diags.AddAttributeError(path.Root("secret_id"), "Missing secret_id",
			fmt.Sprintf("A secret key was given (%s) without its secret ID: set secret_id or %s.", keyFrom, envSecretID))
		return resolvedCredentials{}, diags
	case key == "":
		diags.AddAttributeError(path.Root("secret_key"), "Missing secret_key",
			fmt.Sprintf("A secret ID was given (%s) without its secret key: set secret_key or %s.", idFrom, envSecretKey))
		return resolvedCredentials{}, diags
	}
	checkSecret(&diags, path.Root("secret_id"), "The secret ID from "+idFrom, id)
	checkSecret(&diags, path.Root("secret_key"), "The secret key from "+keyFrom, key)
	checkSecret(&diags, path.Root("security_token"), "The security token from "+tokenFrom, token)
	source := idFrom
	if keyFrom != idFrom {
		source += " and " + keyFrom
	}
	if token != "" && tokenFrom != idFrom {
		source += " with " + tokenFrom
	}
	return resolvedCredentials{keys: tcapi.Credential{SecretID: id, SecretKey: key, Token: token}, description: source}, diags
}

// checkSecret refuses a secret with whitespace at either end or a control
// character in it, naming where it came from (what) but never its value.
func checkSecret(diags *diag.Diagnostics, p path.Path, what, value string) {
	if err := tcapi.CheckSecretText(value); err != nil {
		diags.AddAttributeError(p, "Invalid "+p.String(),
			fmt.Sprintf("%s %s. Correct it where it is set (its value is never shown).", what, err))
	}
}

// resolveProfile reads the tccli profile: named, or the default one when
// nothing else gives keys.
func resolveProfile(s settings, env environment) (resolvedCredentials, diag.Diagnostics) {
	var diags diag.Diagnostics
	file, explicit, err := profileFile(s, env)
	if err != nil {
		diags.AddAttributeError(path.Root("shared_credentials_dir"), "Cannot locate the tccli profile", err.Error())
		return resolvedCredentials{}, diags
	}
	cred, err := readProfile(file)
	switch {
	case errors.Is(err, fs.ErrNotExist) && !explicit:
		diags.AddError("No credentials for Tencent Cloud", noCredentialsDetail(file))
		return resolvedCredentials{}, diags
	case err != nil:
		diags.AddAttributeError(path.Root("profile"), "Cannot use the tccli profile "+file, err.Error())
		return resolvedCredentials{}, diags
	}
	if token, tokenFrom := firstWithSource(s.SecurityToken, "security_token", env, envSecurityToken); token != "" {
		diags.AddAttributeWarning(path.Root("security_token"), "security_token ignored",
			fmt.Sprintf("The keys come from the tccli profile %s, so the token from %s, which belongs to other keys, is not used.", file, tokenFrom))
	}
	return resolvedCredentials{keys: cred, description: "tccli profile " + file}, diags
}

// profileFile is <dir>/<profile>.credential; explicit reports whether the
// user named the profile or the directory, making a missing file an error
// rather than a sign that this way of giving credentials is not in use.
func profileFile(s settings, env environment) (file string, explicit bool, err error) {
	profile, profileFrom := firstWithSource(s.Profile, "profile", env, envProfile)
	dir, dirFrom := firstWithSource(s.SharedCredentialsDir, "shared_credentials_dir", env, envSharedCredentialsDir)
	explicit = profileFrom != "" || dirFrom != ""
	if profile == "" {
		profile = defaultProfile
	}
	if strings.ContainsAny(profile, `/\`) {
		return "", explicit, fmt.Errorf("profile %q must be a name, not a path", profile)
	}
	if dir == "" || dir == "~" || strings.HasPrefix(dir, "~/") {
		home, err := env.homeDir()
		if err != nil {
			return "", explicit, fmt.Errorf("finding the home directory for the default ~/.tccli: %w", err)
		}
		if dir == "" {
			dir = filepath.Join(home, ".tccli")
		} else {
			dir = filepath.Join(home, strings.TrimPrefix(dir, "~"))
		}
	}
	return filepath.Join(dir, profile+".credential"), explicit, nil
}

// readProfile reads a tccli credential file: a regular file of bounded
// size (tcapi.ReadLocalFile). Errors name the file but never quote it: it
// holds a secret key.
func readProfile(file string) (tcapi.Credential, error) {
	data, err := tcapi.ReadLocalFile(file)
	if err != nil {
		return tcapi.Credential{}, err
	}
	var doc struct {
		SecretID  string `json:"secretId"`
		SecretKey string `json:"secretKey"`
		Token     string `json:"token"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return tcapi.Credential{}, fmt.Errorf("%s is not a tccli credential file: expected a JSON object with secretId and secretKey", file)
	}
	if doc.SecretID == "" || doc.SecretKey == "" {
		return tcapi.Credential{}, fmt.Errorf("%s has no secretId and secretKey", file)
	}
	for _, field := range []struct{ name, value string }{{"secretId", doc.SecretID}, {"secretKey", doc.SecretKey}, {"token", doc.Token}} {
		if err := tcapi.CheckSecretText(field.value); err != nil {
			return tcapi.Credential{}, fmt.Errorf("the %s in %s %w; correct the file (the value is never shown)", field.name, file, err)
		}
	}
	return tcapi.Credential{SecretID: doc.SecretID, SecretKey: doc.SecretKey, Token: doc.Token}, nil
}

func noCredentialsDetail(profileFile string) string {
	return "The provider found no keys. Give them in one of these ways:\n\n" +
		"  - secret_id and secret_key (and security_token for temporary keys) in the provider block, from sensitive variables,\n" +
		"    or the environment variables " + envSecretID + " and " + envSecretKey + " (and " + envSecurityToken + ");\n" +
		"  - a tccli profile file, looked for at " + profileFile + " (choose it with profile / " + envProfile +
		" and shared_credentials_dir / " + envSharedCredentialsDir + ");\n" +
		"  - an OIDC token: an assume_role_with_web_identity block, or " + envWebIdentityTokenFile + " with " + envAssumeRoleArn + ";\n" +
		"  - in a TKE pod with a role bound to its service account: enable_pod_oidc = true;\n" +
		"  - on a CVM instance with a CAM role bound: cam_role_name (or " + envCAMRoleName + ").\n\n" +
		"To act as a CAM role, add an assume_role block (or " + envAssumeRoleArn + "); it is signed with the keys found above."
}
