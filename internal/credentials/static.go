package credentials

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
)

// resolveKeys takes the key pair from the arguments, each half falling back
// on its variable on its own.
func resolveKeys(s Settings, env Env, ps *problems) Resolved {
	id, idFrom := firstWithSource(s.SecretID, "secret_id", env, EnvSecretID)
	key, keyFrom := firstWithSource(s.SecretKey, "secret_key", env, EnvSecretKey)
	token, tokenFrom := firstWithSource(s.SecurityToken, "security_token", env, EnvSecurityToken)
	switch {
	case id == "":
		ps.errorAt("secret_id", "Missing secret_id",
			fmt.Sprintf("A secret key was given (%s) without its secret ID: set secret_id or %s.", keyFrom, EnvSecretID))
		return Resolved{}
	case key == "":
		ps.errorAt("secret_key", "Missing secret_key",
			fmt.Sprintf("A secret ID was given (%s) without its secret key: set secret_key or %s.", idFrom, EnvSecretKey))
		return Resolved{}
	}
	checkSecret(ps, "secret_id", "The secret ID from "+idFrom, id)
	checkSecret(ps, "secret_key", "The secret key from "+keyFrom, key)
	checkSecret(ps, "security_token", "The security token from "+tokenFrom, token)
	description := idFrom
	if keyFrom != idFrom {
		description += " and " + keyFrom
	}
	if token != "" && tokenFrom != idFrom {
		description += " with " + tokenFrom
	}
	return Resolved{Keys: Keys{SecretID: id, SecretKey: key, Token: token}, Description: description}
}

// checkSecret refuses a secret with whitespace at either end or a control
// character in it, naming where it came from (what) but never its value.
func checkSecret(ps *problems, path, what, value string) {
	if err := checkSecretText(value); err != nil {
		ps.errorAt(path, "Invalid "+path, fmt.Sprintf("%s %s. Correct it where it is set (its value is never shown).", what, err))
	}
}

// resolveProfile reads the tccli profile: named, or the default one when
// nothing else gives keys.
func resolveProfile(s Settings, env Env, ps *problems) Resolved {
	file, explicit, err := profileFile(s, env)
	if err != nil {
		ps.errorAt("shared_credentials_dir", "Cannot locate the tccli profile", err.Error())
		return Resolved{}
	}
	keys, err := readProfile(file)
	switch {
	case errors.Is(err, fs.ErrNotExist) && !explicit:
		// Not an error yet: a configuration that only calls the provider's
		// functions needs no keys, and OpenTofu configures the provider
		// before calling them. The first call that needs keys fails.
		return Resolved{Missing: noCredentialsDetail(file), Description: "no credentials"}
	case err != nil:
		ps.errorAt("profile", "Cannot use the tccli profile "+file, err.Error())
		return Resolved{}
	}
	if token, tokenFrom := firstWithSource(s.SecurityToken, "security_token", env, EnvSecurityToken); token != "" {
		ps.warnAt("security_token", "security_token ignored",
			fmt.Sprintf("The keys come from the tccli profile %s, so the token from %s, which belongs to other keys, is not used.", file, tokenFrom))
	}
	return Resolved{Keys: keys, Description: "tccli profile " + file}
}

// profileFile is <dir>/<profile>.credential; explicit reports whether the
// user named the profile or the directory, making a missing file an error
// rather than a sign that this way of giving credentials is not in use.
func profileFile(s Settings, env Env) (file string, explicit bool, err error) {
	profile, profileFrom := firstWithSource(s.Profile, "profile", env, EnvProfile)
	dir, dirFrom := firstWithSource(s.SharedCredentialsDir, "shared_credentials_dir", env, EnvSharedCredentialsDir)
	explicit = profileFrom != "" || dirFrom != ""
	if profile == "" {
		profile = DefaultProfile
	}
	if strings.ContainsAny(profile, `/\`) {
		return "", explicit, fmt.Errorf("profile %q must be a name, not a path", profile)
	}
	if dir == "" || dir == "~" || strings.HasPrefix(dir, "~/") {
		home, err := env.HomeDir()
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
// size. Errors name the file but never quote it: it holds a secret key.
func readProfile(file string) (Keys, error) {
	data, err := readLocalFile(file)
	if err != nil {
		return Keys{}, err
	}
	var doc struct {
		SecretID  string `json:"secretId"`
		SecretKey string `json:"secretKey"`
		Token     string `json:"token"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return Keys{}, fmt.Errorf("%s is not a tccli credential file: expected a JSON object with secretId and secretKey", file)
	}
	if doc.SecretID == "" || doc.SecretKey == "" {
		return Keys{}, fmt.Errorf("%s has no secretId and secretKey", file)
	}
	for _, field := range []struct{ name, value string }{{"secretId", doc.SecretID}, {"secretKey", doc.SecretKey}, {"token", doc.Token}} {
		if err := checkSecretText(field.value); err != nil {
			return Keys{}, fmt.Errorf("the %s in %s %w; correct the file (the value is never shown)", field.name, file, err)
		}
	}
	return Keys{SecretID: doc.SecretID, SecretKey: doc.SecretKey, Token: doc.Token}, nil
}

func noCredentialsDetail(profileFile string) string {
	return "The provider found no keys. Give them in one of these ways:\n\n" +
		"  - secret_id and secret_key (and security_token for temporary keys) in the provider block, from sensitive variables,\n" +
		"    or the environment variables " + EnvSecretID + " and " + EnvSecretKey + " (and " + EnvSecurityToken + ");\n" +
		"  - a tccli profile file, looked for at " + profileFile + " (choose it with profile / " + EnvProfile +
		" and shared_credentials_dir / " + EnvSharedCredentialsDir + ");\n" +
		"  - an OIDC token: an assume_role_with_web_identity block, or " + EnvWebIdentityTokenFile + " with " + EnvAssumeRoleArn + ";\n" +
		"  - in a TKE pod with a role bound to its service account: enable_pod_oidc = true;\n" +
		"  - on a CVM instance with a CAM role bound: cam_role_name (or " + EnvCAMRoleName + ").\n\n" +
		"To act as a CAM role, add an assume_role block (or " + EnvAssumeRoleArn + "); it is signed with the keys found above."
}
