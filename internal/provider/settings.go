package provider

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"
)

// Environment variables, the ones users of the official Tencent Cloud
// provider already set.
const (
	envSecretID             = "TENCENTCLOUD_SECRET_ID"
	envSecretKey            = "TENCENTCLOUD_SECRET_KEY"
	envSecurityToken        = "TENCENTCLOUD_SECURITY_TOKEN"
	envRegion               = "TENCENTCLOUD_REGION"
	envProfile              = "TENCENTCLOUD_PROFILE"
	envSharedCredentialsDir = "TENCENTCLOUD_SHARED_CREDENTIALS_DIR"
	envAssumeRoleArn        = "TENCENTCLOUD_ASSUME_ROLE_ARN"
	envAssumeRoleSession    = "TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME"
	envAssumeRoleDuration   = "TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION"
	envAssumeRoleExternalID = "TENCENTCLOUD_ASSUME_ROLE_EXTERNAL_ID"
	envDomain               = "TENCENTCLOUD_DOMAIN"
	envMaxRetries           = "TENCENTCLOUD_MAX_RETRIES"
)

const (
	defaultProfile         = "default"
	defaultSessionName     = "terraform-provider-tcintl"
	defaultSessionDuration = 7200
	maxSessionDuration     = 43200
)

// settings are the provider block's values; nil means not set.
type settings struct {
	SecretID             *string
	SecretKey            *string
	SecurityToken        *string
	Region               *string
	Profile              *string
	SharedCredentialsDir *string
	Domain               *string
	MaxRetries           *int64
	RequestTimeout       *int64
	// RateLimits overrides the documented limit of actions.
	RateLimits map[string]float64
	// AssumeRole is nil when the block is absent.
	AssumeRole *assumeRoleSettings
	// Endpoints maps a service to its URL override.
	Endpoints map[string]string
}

type assumeRoleSettings struct {
	RoleArn         *string
	SessionName     *string
	SessionDuration *int64
	Policy          *string
	ExternalID      *string
}

// environment is where settings fall back to: variables, then files, and
// where the provider keeps state shared by its processes.
type environment struct {
	lookup  func(string) (string, bool)
	homeDir func() (string, error)
	tempDir func() string
}

func processEnvironment() environment {
	return environment{lookup: os.LookupEnv, homeDir: os.UserHomeDir, tempDir: os.TempDir}
}

// mapEnvironment is an environment of vars alone: HOME and TMPDIR too.
func mapEnvironment(vars map[string]string) environment {
	lookup := func(name string) (string, bool) {
		v, ok := vars[name]
		return v, ok
	}
	return environment{
		lookup: lookup,
		homeDir: func() (string, error) {
			if home := vars["HOME"]; home != "" {
				return home, nil
			}
			return "", errors.New("HOME is not set")
		},
		tempDir: func() string { return cmp.Or(vars["TMPDIR"], os.TempDir()) },
	}
}

func (e environment) get(name string) string {
	v, _ := e.lookup(name)
	return v
}

// paceDir is where the provider processes of this user on this machine meet
// to pace their calls together.
func (e environment) paceDir() string {
	return filepath.Join(e.tempDir(), fmt.Sprintf("terraform-provider-tcintl-%d", os.Getuid()))
}

// resolve applies the precedence argument, then environment variable, then
// tccli profile; assume_role wraps whichever supplied the base keys.
func resolve(s settings, env environment) (tcapi.Config, diag.Diagnostics) {
	var diags diag.Diagnostics
	out := tcapi.Config{
		Region:     first(s.Region, env.get(envRegion)),
		PaceDir:    env.paceDir(),
		RateLimits: s.RateLimits,
	}
	// An argument passed its validator at plan time, so an error here is
	// the variable's; both are lower-cased, as they are signed.
	domain, err := tcapi.NormalizeDomain(cmp.Or(first(s.Domain, env.get(envDomain)), tcapi.DefaultDomain))
	if err != nil {
		diags.AddAttributeError(path.Root("domain"), "Invalid "+envDomain, err.Error()+".")
	}
	out.Domain = domain
	for service, raw := range s.Endpoints {
		u, err := tcapi.ParseEndpoint(raw)
		if err != nil {
			diags.AddAttributeError(path.Root("endpoints").AtName(service), "Invalid endpoints."+service, err.Error()+".")
			continue
		}
		if out.Endpoints == nil {
			out.Endpoints = make(map[string]*url.URL)
		}
		out.Endpoints[service] = u
	}

	out.MaxRetries = tcapi.DefaultMaxRetries
	switch {
	case s.MaxRetries != nil:
		out.MaxRetries = int(*s.MaxRetries)
	case env.get(envMaxRetries) != "":
		n, err := strconv.Atoi(env.get(envMaxRetries))
		if err != nil || n < 0 || n > maxRetriesLimit {
			diags.AddAttributeError(path.Root("max_retries"), "Invalid "+envMaxRetries,
				fmt.Sprintf("%s must be a whole number from 0 to %d, got %q.", envMaxRetries, maxRetriesLimit, env.get(envMaxRetries)))
		} else {
			out.MaxRetries = n
		}
	}
	out.RequestTimeout = tcapi.DefaultRequestTimeout
	if s.RequestTimeout != nil {
		out.RequestTimeout = time.Duration(*s.RequestTimeout) * time.Second
	}

	cred, source, credDiags := resolveCredential(s, env)
	diags.Append(credDiags...)
	out.Credential, out.CredentialSource = cred, source

	role, roleDiags := resolveAssumeRole(s.AssumeRole, env)
	diags.Append(roleDiags...)
	out.AssumeRole = role
	if role != nil {
		out.CredentialSource += ", then assume_role " + role.RoleArn
	}
	return out, diags
}

func resolveCredential(s settings, env environment) (tcapi.Credential, string, diag.Diagnostics) {
	var diags diag.Diagnostics
	id, idFrom := firstWithSource(s.SecretID, "secret_id", env, envSecretID)
	key, keyFrom := firstWithSource(s.SecretKey, "secret_key", env, envSecretKey)
	token, tokenFrom := firstWithSource(s.SecurityToken, "security_token", env, envSecurityToken)

	switch {
	case id != "" && key != "":
		source := idFrom
		if keyFrom != idFrom {
			source += " and " + keyFrom
		}
		if token != "" && tokenFrom != idFrom {
			source += " with " + tokenFrom
		}
		return tcapi.Credential{SecretID: id, SecretKey: key, Token: token}, source, nil
	case id != "":
		diags.AddAttributeError(path.Root("secret_key"), "Missing secret_key",
			fmt.Sprintf("A secret ID was given (%s) without its secret key: set secret_key or %s.", idFrom, envSecretKey))
		return tcapi.Credential{}, "", diags
	case key != "":
		diags.AddAttributeError(path.Root("secret_id"), "Missing secret_id",
			fmt.Sprintf("A secret key was given (%s) without its secret ID: set secret_id or %s.", keyFrom, envSecretID))
		return tcapi.Credential{}, "", diags
	}

	file, explicit, err := profileFile(s, env)
	if err != nil {
		diags.AddAttributeError(path.Root("shared_credentials_dir"), "Cannot locate the tccli profile", err.Error())
		return tcapi.Credential{}, "", diags
	}
	cred, err := readProfile(file)
	switch {
	case errors.Is(err, fs.ErrNotExist) && !explicit:
		diags.AddError("No credentials for Tencent Cloud", noCredentialsDetail(file))
		return tcapi.Credential{}, "", diags
	case err != nil:
		diags.AddAttributeError(path.Root("profile"), "Cannot use the tccli profile "+file, err.Error())
		return tcapi.Credential{}, "", diags
	}
	if token != "" {
		diags.AddAttributeWarning(path.Root("security_token"), "security_token ignored",
			fmt.Sprintf("The keys come from the tccli profile %s, so the token from %s, which belongs to other keys, is not used.", file, tokenFrom))
	}
	return cred, "tccli profile " + file, diags
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

// readProfile reads a tccli credential file. Errors name the file but never
// quote it: it holds a secret key.
func readProfile(file string) (tcapi.Credential, error) {
	data, err := os.ReadFile(file) //nolint:gosec // reading the user's own credential file is the point
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return tcapi.Credential{}, fmt.Errorf("the file %s does not exist: %w", file, fs.ErrNotExist)
		}
		return tcapi.Credential{}, fmt.Errorf("reading %s: %w", file, err)
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
	return tcapi.Credential{SecretID: doc.SecretID, SecretKey: doc.SecretKey, Token: doc.Token}, nil
}

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
		Duration:    defaultSessionDuration * time.Second,
		Policy:      first(s.Policy, ""),
		ExternalID:  first(s.ExternalID, env.get(envAssumeRoleExternalID)),
	}
	if role.SessionName == "" {
		role.SessionName = defaultSessionName
	}
	switch {
	case s.SessionDuration != nil:
		role.Duration = time.Duration(*s.SessionDuration) * time.Second
	case env.get(envAssumeRoleDuration) != "":
		n, err := strconv.Atoi(env.get(envAssumeRoleDuration))
		if err != nil || n < 1 || n > maxSessionDuration {
			diags.AddAttributeError(path.Root("assume_role").AtName("session_duration"), "Invalid "+envAssumeRoleDuration,
				fmt.Sprintf("%s must be a number of seconds from 1 to %d, got %q.", envAssumeRoleDuration, maxSessionDuration, env.get(envAssumeRoleDuration)))
		} else {
			role.Duration = time.Duration(n) * time.Second
		}
	}
	return role, diags
}

func noCredentialsDetail(profileFile string) string {
	return "The provider found no keys. Give them in one of these ways (the first one found wins):\n\n" +
		"  1. secret_id and secret_key (and security_token for temporary keys) in the provider block, from sensitive variables;\n" +
		"  2. the environment variables " + envSecretID + " and " + envSecretKey + " (and " + envSecurityToken + ");\n" +
		"  3. a tccli profile file, looked for at " + profileFile + " (choose it with profile / " + envProfile +
		" and shared_credentials_dir / " + envSharedCredentialsDir + ").\n\n" +
		"To act as a CAM role, add an assume_role block (or " + envAssumeRoleArn + "); it is signed with the keys found above."
}

func first(arg *string, fallback string) string {
	if arg != nil && *arg != "" {
		return *arg
	}
	return fallback
}

// firstWithSource returns the argument if set, else the variable, and names
// where the value came from ("" when neither is set).
func firstWithSource(arg *string, argName string, env environment, variable string) (string, string) {
	if arg != nil && *arg != "" {
		return *arg, argName
	}
	if v := env.get(variable); v != "" {
		return v, variable
	}
	return "", ""
}
