package credentials

import (
	"errors"
	"regexp"
	"strings"
	"time"
)

// Environment variables, the ones users of the official Tencent Cloud
// provider already set.
const (
	EnvSecretID             = "TENCENTCLOUD_SECRET_ID"
	EnvSecretKey            = "TENCENTCLOUD_SECRET_KEY"
	EnvSecurityToken        = "TENCENTCLOUD_SECURITY_TOKEN"
	EnvProfile              = "TENCENTCLOUD_PROFILE"
	EnvSharedCredentialsDir = "TENCENTCLOUD_SHARED_CREDENTIALS_DIR"
	EnvAssumeRoleArn        = "TENCENTCLOUD_ASSUME_ROLE_ARN"
	EnvAssumeRoleSession    = "TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME"
	EnvAssumeRoleDuration   = "TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION"
	EnvAssumeRoleExternalID = "TENCENTCLOUD_ASSUME_ROLE_EXTERNAL_ID"
	EnvWebIdentityProvider  = "TENCENTCLOUD_ASSUME_ROLE_PROVIDER_ID"
	EnvWebIdentityToken     = "TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN"
	EnvWebIdentityTokenFile = "TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE"
	EnvCAMRoleName          = "TENCENTCLOUD_CAM_ROLE_NAME"

	// What TKE gives a pod whose service account is bound to a CAM role.
	EnvTKERegion     = "TKE_REGION"
	EnvTKEProviderID = "TKE_PROVIDER_ID"
	EnvTKETokenFile  = "TKE_WEB_IDENTITY_TOKEN_FILE" //nolint:gosec // a variable name, not a credential
	EnvTKERoleArn    = "TKE_ROLE_ARN"

	// EnvMetadataURL points cam_role_name at a fake metadata service; it
	// exists for tests, not for users.
	EnvMetadataURL = "TCINTL_METADATA_URL"
)

// Defaults and limits of the settings, shared with the provider's schema.
const (
	DefaultProfile         = "default"
	DefaultSessionName     = "terraform-provider-tcintl"
	DefaultSessionDuration = 7200 * time.Second
	MaxSessionDuration     = 43200 * time.Second
	// DefaultWebIdentityProvider is the official provider's default.
	DefaultWebIdentityProvider = "OIDC"
	// DefaultSTSRegion is what the SDK's own AssumeRole provider sends: STS
	// wants a region even though the data source actions do not.
	DefaultSTSRegion = "ap-guangzhou"
)

// The rules of CAM names, which STS and the metadata service enforce.
var (
	SessionNamePattern = regexp.MustCompile(`^[\w+=,.@-]{2,128}$`)
	RoleNamePattern    = regexp.MustCompile(`^[\w+=,.@-]{1,128}$`)
	RoleArnPattern     = regexp.MustCompile(`^qcs::cam::`)
)

// The rules as messages say them.
const (
	SessionNameRule = "must be 2 to 128 letters, digits or any of +=,.@_-"
	RoleNameRule    = "must be a CAM role name: 1 to 128 letters, digits or any of +=,.@_-"
	RoleArnRule     = "must be a CAM role ARN such as qcs::cam::uin/100000000001:roleName/terraform"
)

// Settings are the provider block's credential arguments; nil means not set.
type Settings struct {
	SecretID             *string
	SecretKey            *string
	SecurityToken        *string
	Profile              *string
	SharedCredentialsDir *string
	CAMRoleName          *string
	EnablePodOIDC        *bool
	// AssumeRole and WebIdentity are nil when their block is absent.
	AssumeRole  *AssumeRoleSettings
	WebIdentity *WebIdentitySettings
	// Region is the provider's region, already resolved: STS is called
	// there (DefaultSTSRegion when empty).
	Region string
}

// AssumeRoleSettings are the assume_role block's arguments.
type AssumeRoleSettings struct {
	RoleArn         *string
	SessionName     *string
	SessionDuration *int64
	Policy          *string
	ExternalID      *string
}

// WebIdentitySettings are the assume_role_with_web_identity block's
// arguments.
type WebIdentitySettings struct {
	ProviderID      *string
	Token           *string
	TokenFile       *string
	RoleArn         *string
	SessionName     *string
	SessionDuration *int64
}

// Env is where settings fall back to: variables, and the home directory of
// the default tccli profile.
type Env struct {
	Lookup  func(name string) (string, bool)
	HomeDir func() (string, error)
}

// MapEnv is an environment of vars alone, HOME included.
func MapEnv(vars map[string]string) Env {
	return Env{
		Lookup: func(name string) (string, bool) {
			v, ok := vars[name]
			return v, ok
		},
		HomeDir: func() (string, error) {
			if home := vars["HOME"]; home != "" {
				return home, nil
			}
			return "", errors.New("HOME is not set")
		},
	}
}

func (e Env) get(name string) string {
	if e.Lookup == nil {
		return ""
	}
	v, _ := e.Lookup(name)
	return v
}

// Problem is an error or a warning about the settings. Path names the
// attribute of the provider block it is about, from the root (["assume_role",
// "role_arn"]); empty when it is about no one attribute.
type Problem struct {
	Path    []string
	Summary string
	Detail  string
	Warning bool
}

// problems collects what Resolve finds.
type problems []Problem

func (ps *problems) errorAt(path, summary, detail string) {
	*ps = append(*ps, Problem{Path: splitPath(path), Summary: summary, Detail: detail})
}

func (ps *problems) warnAt(path, summary, detail string) {
	*ps = append(*ps, Problem{Path: splitPath(path), Summary: summary, Detail: detail, Warning: true})
}

func (ps problems) hasError() bool {
	for _, p := range ps {
		if !p.Warning {
			return true
		}
	}
	return false
}

func splitPath(path string) []string {
	if path == "" {
		return nil
	}
	return strings.Split(path, ".")
}

// first returns the argument if set, else fallback.
func first(arg *string, fallback string) string {
	if arg != nil && *arg != "" {
		return *arg
	}
	return fallback
}

// firstWithSource returns the argument if set, else the variable, and names
// where the value came from ("" when neither is set).
func firstWithSource(arg *string, argName string, env Env, variable string) (value, from string) {
	if arg != nil && *arg != "" {
		return *arg, argName
	}
	if v := env.get(variable); v != "" {
		return v, variable
	}
	return "", ""
}
