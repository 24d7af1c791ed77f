package provider

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/tcintl/terraform-provider-tcintl/internal/credentials"
	"github.com/tcintl/terraform-provider-tcintl/internal/pacing"
	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"
)

// The environment variables of the settings that are not credentials.
const (
	envRegion     = "TENCENTCLOUD_REGION"
	envDomain     = "TENCENTCLOUD_DOMAIN"
	envMaxRetries = "TENCENTCLOUD_MAX_RETRIES"
)

// environment is where settings fall back to, and where the provider keeps
// state shared by its processes.
type environment struct {
	credentials.Env
	tempDir func() string
}

func processEnvironment() environment {
	return environment{Env: credentials.Env{Lookup: os.LookupEnv, HomeDir: os.UserHomeDir}, tempDir: os.TempDir}
}

// mapEnvironment is an environment of vars alone: HOME and TMPDIR too.
func mapEnvironment(vars map[string]string) environment {
	return environment{Env: credentials.MapEnv(vars), tempDir: func() string { return cmp.Or(vars["TMPDIR"], os.TempDir()) }}
}

func (e environment) get(name string) string {
	v, _ := e.Lookup(name)
	return v
}

// config turns the provider block and the environment into the client's
// configuration, refusing values not known yet: the keys and endpoints
// decide where every read goes, so guessing is not an option. Every value
// is resolved and checked here, once.
func (m providerModel) config(ctx context.Context, env environment) (tcapi.Config, diag.Diagnostics) {
	var diags diag.Diagnostics
	str := func(p path.Path, v types.String) *string { return knownString(p, v, &diags) }
	cfg := tcapi.Config{
		Region:         cmp.Or(deref(str(path.Root("region"), m.Region)), env.get(envRegion)),
		MaxRetries:     tcapi.DefaultMaxRetries,
		RequestTimeout: tcapi.DefaultRequestTimeout,
	}

	// An argument passed its validator at plan time, so an error here is
	// the variable's; both are lower-cased, as they are signed.
	domain, err := normalizeDomain(cmp.Or(deref(str(path.Root("domain"), m.Domain)), env.get(envDomain), tcapi.DefaultDomain))
	if err != nil {
		diags.AddAttributeError(path.Root("domain"), "Invalid "+envDomain, err.Error()+".")
	}
	cfg.Domain = domain
	if known(path.Root("endpoints"), m.Endpoints, &diags) && !m.Endpoints.IsNull() {
		var ep endpointsModel
		diags.Append(m.Endpoints.As(ctx, &ep, basetypes.ObjectAsOptions{})...)
		cfg.Endpoints = make(map[string]*url.URL)
		for service, v := range map[string]types.String{"csip": ep.CSIP, "intlpartnersmgt": ep.IntlPartnersMgt, "sts": ep.STS} {
			p := path.Root("endpoints").AtName(service)
			if raw := str(p, v); raw != nil {
				u, err := parseEndpoint(*raw)
				if err != nil {
					diags.AddAttributeError(p, "Invalid endpoints."+service, err.Error()+".")
				}
				cfg.Endpoints[service] = u
			}
		}
	}
	if n := knownInt64(path.Root("max_retries"), m.MaxRetries, &diags); n != nil {
		cfg.MaxRetries = int(*n)
	} else if raw := env.get(envMaxRetries); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 0 || n > maxRetriesLimit {
			diags.AddAttributeError(path.Root("max_retries"), "Invalid "+envMaxRetries,
				fmt.Sprintf("%s must be a whole number from 0 to %d, got %q.", envMaxRetries, maxRetriesLimit, raw))
		} else {
			cfg.MaxRetries = n
		}
	}
	if n := knownInt64(path.Root("request_timeout"), m.RequestTimeout, &diags); n != nil {
		cfg.RequestTimeout = time.Duration(*n) * time.Second
	}
	cfg.RateLimits = rateLimits(m.RateLimits, &diags)

	settings := m.credentialSettings(ctx, &diags)
	settings.Region = cfg.Region
	coordinator := m.coordinator(ctx, env, &diags)
	if diags.HasError() {
		return cfg, diags
	}
	resolved, problems := credentials.Resolve(settings, env.Env)
	for _, p := range problems {
		addProblem(&diags, p)
	}
	cfg.Credentials = resolved

	if coordinator != nil {
		if store := openCoordinator(ctx, *coordinator, &diags); store != nil {
			cfg.Pacing = append(cfg.Pacing, store)
		}
	}
	dir := filepath.Join(env.tempDir(), fmt.Sprintf("terraform-provider-tcintl-%d", os.Getuid()))
	if store, err := pacing.NewFileStore(dir, pacing.RealClock{}); err == nil {
		cfg.Pacing = append(cfg.Pacing, store)
	} else {
		diags.AddWarning("Pacing with this process only",
			fmt.Sprintf("The pacing directory cannot be used (%v), so plans running at once on this machine do not share the API's rate limits and may be throttled.", err))
	}
	return cfg, diags
}

// credentialSettings are the model's arguments for the credentials package.
func (m providerModel) credentialSettings(ctx context.Context, diags *diag.Diagnostics) credentials.Settings {
	str := func(name string, v types.String) *string { return knownString(path.Root(name), v, diags) }
	s := credentials.Settings{
		SecretID:             str("secret_id", m.SecretID),
		SecretKey:            str("secret_key", m.SecretKey),
		SecurityToken:        str("security_token", m.SecurityToken),
		Profile:              str("profile", m.Profile),
		SharedCredentialsDir: str("shared_credentials_dir", m.SharedCredentialsDir),
		CAMRoleName:          str("cam_role_name", m.CAMRoleName),
	}
	if known(path.Root("enable_pod_oidc"), m.EnablePodOIDC, diags) && !m.EnablePodOIDC.IsNull() {
		s.EnablePodOIDC = m.EnablePodOIDC.ValueBoolPointer()
	}
	if known(path.Root("assume_role"), m.AssumeRole, diags) && !m.AssumeRole.IsNull() {
		var ar assumeRoleModel
		diags.Append(m.AssumeRole.As(ctx, &ar, basetypes.ObjectAsOptions{})...)
		p := path.Root("assume_role")
		s.AssumeRole = &credentials.AssumeRoleSettings{
			RoleArn:         knownString(p.AtName("role_arn"), ar.RoleArn, diags),
			SessionName:     knownString(p.AtName("session_name"), ar.SessionName, diags),
			SessionDuration: knownInt64(p.AtName("session_duration"), ar.SessionDuration, diags),
			Policy:          knownString(p.AtName("policy"), ar.Policy, diags),
			ExternalID:      knownString(p.AtName("external_id"), ar.ExternalID, diags),
		}
	}
	if known(path.Root("assume_role_with_web_identity"), m.WebIdentity, diags) && !m.WebIdentity.IsNull() {
		var wi webIdentityModel
		diags.Append(m.WebIdentity.As(ctx, &wi, basetypes.ObjectAsOptions{})...)
		p := path.Root("assume_role_with_web_identity")
		s.WebIdentity = &credentials.WebIdentitySettings{
			ProviderID:      knownString(p.AtName("provider_id"), wi.ProviderID, diags),
			Token:           knownString(p.AtName("web_identity_token"), wi.Token, diags),
			TokenFile:       knownString(p.AtName("web_identity_token_file"), wi.TokenFile, diags),
			RoleArn:         knownString(p.AtName("role_arn"), wi.RoleArn, diags),
			SessionName:     knownString(p.AtName("session_name"), wi.SessionName, diags),
			SessionDuration: knownInt64(p.AtName("session_duration"), wi.SessionDuration, diags),
		}
	}
	return s
}

// rateLimits reads rate_limits. Its elements are checked one by one: a
// null or unknown one must name the attribute, where converting the map
// at once would fail as "a bug in the provider".
func rateLimits(v types.Map, diags *diag.Diagnostics) map[string]float64 {
	p := path.Root("rate_limits")
	if !known(p, v, diags) || v.IsNull() {
		return nil
	}
	out := make(map[string]float64)
	for action, e := range v.Elements() {
		ep := p.AtMapKey(action)
		f, ok := e.(types.Float64)
		switch {
		case !ok:
			diags.AddAttributeError(ep, "Invalid "+ep.String(), "Must be a number.")
		case !known(ep, f, diags):
		case f.IsNull():
			diags.AddAttributeError(ep, "Invalid "+ep.String(), "Must be a number of requests per second, not null: leave the action out for its documented limit.")
		default:
			out[action] = f.ValueFloat64()
		}
	}
	return out
}

// addProblem reports a problem the credentials package found, on the
// attribute it names.
func addProblem(diags *diag.Diagnostics, p credentials.Problem) {
	if len(p.Path) == 0 {
		if p.Warning {
			diags.AddWarning(p.Summary, p.Detail)
		} else {
			diags.AddError(p.Summary, p.Detail)
		}
		return
	}
	at := path.Root(p.Path[0])
	for _, name := range p.Path[1:] {
		at = at.AtName(name)
	}
	if p.Warning {
		diags.AddAttributeWarning(at, p.Summary, p.Detail)
	} else {
		diags.AddAttributeError(at, p.Summary, p.Detail)
	}
}

func known(p path.Path, v attr.Value, diags *diag.Diagnostics) bool {
	if v.IsUnknown() {
		diags.AddAttributeError(p, "Unknown value for "+p.String(),
			"The provider configuration needs "+p.String()+" before any data can be read, but its value is not known until apply. "+
				"Set it from a variable, a literal or the environment, not from a resource attribute.")
		return false
	}
	return true
}

func knownString(p path.Path, v types.String, diags *diag.Diagnostics) *string {
	if !known(p, v, diags) || v.IsNull() {
		return nil
	}
	return v.ValueStringPointer()
}

func knownInt64(p path.Path, v types.Int64, diags *diag.Diagnostics) *int64 {
	if !known(p, v, diags) || v.IsNull() {
		return nil
	}
	return v.ValueInt64Pointer()
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
