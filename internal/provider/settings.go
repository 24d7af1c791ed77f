package provider

import (
	"cmp"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
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

	envWebIdentityProviderID = "TENCENTCLOUD_ASSUME_ROLE_PROVIDER_ID"
	envWebIdentityToken      = "TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN"
	envWebIdentityTokenFile  = "TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE"
	envCAMRoleName           = "TENCENTCLOUD_CAM_ROLE_NAME"

	// What TKE gives a pod whose service account is bound to a CAM role.
	envTKERegion     = "TKE_REGION"
	envTKEProviderID = "TKE_PROVIDER_ID"
	envTKETokenFile  = "TKE_WEB_IDENTITY_TOKEN_FILE" //nolint:gosec // a variable name, not a credential
	envTKERoleArn    = "TKE_ROLE_ARN"

	// envMetadataURL points cam_role_name at a fake metadata service; it
	// exists for tests, not for users.
	envMetadataURL = "TCINTL_METADATA_URL"
)

const (
	defaultProfile         = "default"
	defaultSessionName     = "terraform-provider-tcintl"
	defaultSessionDuration = 7200
	maxSessionDuration     = 43200
	// defaultWebIdentityProvider is the official provider's default.
	defaultWebIdentityProvider = "OIDC"
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
	CAMRoleName          *string
	EnablePodOIDC        *bool
	// RateLimits overrides the documented limit of actions.
	RateLimits map[string]float64
	// AssumeRole and WebIdentity are nil when their block is absent.
	AssumeRole  *assumeRoleSettings
	WebIdentity *webIdentitySettings
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

type webIdentitySettings struct {
	ProviderID      *string
	Token           *string
	TokenFile       *string
	RoleArn         *string
	SessionName     *string
	SessionDuration *int64
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

// resolve applies the precedence of arguments over environment variables
// and, for credentials, of one source over another (sources.go).
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

	creds, credDiags := resolveCredentials(s, env)
	diags.Append(credDiags...)
	out.Credential, out.WebIdentity, out.CVMRole, out.CredentialSource = creds.keys, creds.webIdentity, creds.cvmRole, creds.description
	out.AssumeRole = creds.assumeRole
	return out, diags
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
