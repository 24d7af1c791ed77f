// Package provider implements the tcintl provider: its configuration, and
// the one API client it hands to every data source.
package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/tcintl/terraform-provider-tcintl/internal/credentials"
	"github.com/tcintl/terraform-provider-tcintl/internal/datasources"
	"github.com/tcintl/terraform-provider-tcintl/internal/functions"
	"github.com/tcintl/terraform-provider-tcintl/internal/pacing"
	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"
)

// Source is the provider's source address as configurations write it; it
// resolves on the Terraform registry and on OpenTofu's.
const Source = "tcintl/tcintl"

// Address is the source address in full, on the Terraform registry.
const Address = "registry.terraform.io/" + Source

const maxRetriesLimit = 10

var _ provider.Provider = (*tcintlProvider)(nil)
var _ provider.ProviderWithFunctions = (*tcintlProvider)(nil)

type tcintlProvider struct {
	version string
	env     environment
}

// New returns the provider factory for a build of the given version.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &tcintlProvider{version: version, env: processEnvironment()}
	}
}

// NewWithEnvironment returns a provider that reads vars instead of the
// process environment, HOME and TMPDIR included, so that tests running side
// by side each give theirs a hermetic environment.
func NewWithEnvironment(version string, vars map[string]string) func() provider.Provider {
	return func() provider.Provider {
		return &tcintlProvider{version: version, env: mapEnvironment(vars)}
	}
}

type providerModel struct {
	SecretID             types.String `tfsdk:"secret_id"`
	SecretKey            types.String `tfsdk:"secret_key"`
	SecurityToken        types.String `tfsdk:"security_token"`
	Region               types.String `tfsdk:"region"`
	Profile              types.String `tfsdk:"profile"`
	SharedCredentialsDir types.String `tfsdk:"shared_credentials_dir"`
	Domain               types.String `tfsdk:"domain"`
	MaxRetries           types.Int64  `tfsdk:"max_retries"`
	RequestTimeout       types.Int64  `tfsdk:"request_timeout"`
	CAMRoleName          types.String `tfsdk:"cam_role_name"`
	EnablePodOIDC        types.Bool   `tfsdk:"enable_pod_oidc"`
	AssumeRole           types.Object `tfsdk:"assume_role"`
	WebIdentity          types.Object `tfsdk:"assume_role_with_web_identity"`
	Endpoints            types.Object `tfsdk:"endpoints"`
	RateLimits           types.Map    `tfsdk:"rate_limits"`
	Coordination         types.Object `tfsdk:"coordination"`
}

type assumeRoleModel struct {
	RoleArn         types.String `tfsdk:"role_arn"`
	SessionName     types.String `tfsdk:"session_name"`
	SessionDuration types.Int64  `tfsdk:"session_duration"`
	Policy          types.String `tfsdk:"policy"`
	ExternalID      types.String `tfsdk:"external_id"`
}

type webIdentityModel struct {
	ProviderID      types.String `tfsdk:"provider_id"`
	Token           types.String `tfsdk:"web_identity_token"`
	TokenFile       types.String `tfsdk:"web_identity_token_file"`
	RoleArn         types.String `tfsdk:"role_arn"`
	SessionName     types.String `tfsdk:"session_name"`
	SessionDuration types.Int64  `tfsdk:"session_duration"`
}

type endpointsModel struct {
	CSIP            types.String `tfsdk:"csip"`
	IntlPartnersMgt types.String `tfsdk:"intlpartnersmgt"`
	STS             types.String `tfsdk:"sts"`
}

func (p *tcintlProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "tcintl"
	resp.Version = p.version
}

func (p *tcintlProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	endpoint := func(service string) schema.StringAttribute {
		return schema.StringAttribute{
			MarkdownDescription: fmt.Sprintf("Full URL of the `%s` service instead of `https://%s.<domain>`, e.g. `http://127.0.0.1:8080` for a local fake server. Plain `http` is refused unless the host is a loopback address.", service, service),
			Optional:            true,
			Validators:          []validator.String{endpointValidator},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads Tencent Cloud international-site APIs: the Skill security detection billing state and partners' customer bills. " +
			"Every argument is optional. Credentials come one way at a time: keys, a tccli profile, an OIDC token (`assume_role_with_web_identity`, `enable_pod_oidc`) " +
			"or the CVM instance role (`cam_role_name`), from the provider block, else from the environment in a documented order; `assume_role` may wrap keys, a profile or the instance role.",
		Attributes: map[string]schema.Attribute{
			"secret_id": schema.StringAttribute{
				MarkdownDescription: "SecretId of an API key. Falls back to `TENCENTCLOUD_SECRET_ID`. Excludes the other ways of giving credentials in the provider block.",
				Optional:            true,
				Sensitive:           true,
			},
			"secret_key": schema.StringAttribute{
				MarkdownDescription: "SecretKey of the API key. Falls back to `TENCENTCLOUD_SECRET_KEY`. Pass it from a sensitive variable or the environment, never as a literal.",
				Optional:            true,
				Sensitive:           true,
			},
			"security_token": schema.StringAttribute{
				MarkdownDescription: "Session token that goes with temporary keys. Falls back to `TENCENTCLOUD_SECURITY_TOKEN`.",
				Optional:            true,
				Sensitive:           true,
			},
			"region": schema.StringAttribute{
				MarkdownDescription: "Region sent as `X-TC-Region`, only when set: the data source actions need none. Falls back to `TENCENTCLOUD_REGION`. STS calls (`assume_role`, `assume_role_with_web_identity`) use `" + credentials.DefaultSTSRegion + "` when it is not set; pod OIDC uses `TKE_REGION`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.RegexMatches(regexp.MustCompile(`^[a-z]{2,}(-[a-z0-9]+)+$`), "must be a region such as ap-singapore")},
			},
			"profile": schema.StringAttribute{
				MarkdownDescription: "tccli profile name; the keys are read from `<shared_credentials_dir>/<profile>.credential`. Falls back to `TENCENTCLOUD_PROFILE`, then `" + credentials.DefaultProfile + "`.",
				Optional:            true,
			},
			"shared_credentials_dir": schema.StringAttribute{
				MarkdownDescription: "Directory of tccli profile files. Falls back to `TENCENTCLOUD_SHARED_CREDENTIALS_DIR`, then `~/.tccli`.",
				Optional:            true,
			},
			"cam_role_name": schema.StringAttribute{
				MarkdownDescription: "Name of the CAM role bound to the CVM instance the provider runs on: its temporary keys come from the instance metadata service and are renewed before they expire. " +
					"Falls back to `TENCENTCLOUD_CAM_ROLE_NAME`. Works only on a CVM instance.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.RegexMatches(credentials.RoleNamePattern, credentials.RoleNameRule)},
			},
			"enable_pod_oidc": schema.BoolAttribute{
				MarkdownDescription: "In a TKE pod whose service account is bound to a CAM role: trade the pod's OIDC token for the role's keys, with what TKE puts in the pod's environment " +
					"(`TKE_REGION`, `TKE_PROVIDER_ID`, `TKE_WEB_IDENTITY_TOKEN_FILE`, `TKE_ROLE_ARN`, all required). The token file is read again at every renewal.",
				Optional: true,
			},
			"domain": schema.StringAttribute{
				MarkdownDescription: "API domain; a service's host is `<service>.<domain>`. Falls back to `TENCENTCLOUD_DOMAIN`, then `" + tcapi.DefaultDomain + "`.",
				Optional:            true,
				Validators: []validator.String{stringCheck{description: "a bare domain name", check: func(s string) error {
					_, err := normalizeDomain(s)
					return err
				}}},
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many times a throttled (`RequestLimitExceeded`), busy (`OperationDenied.ServiceBusy`), failing (`InternalError`, HTTP 5xx) or unreachable call is retried, with exponential backoff and jitter. Falls back to `TENCENTCLOUD_MAX_RETRIES`, then %d. From 0 to %d.", tcapi.DefaultMaxRetries, maxRetriesLimit),
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(0, maxRetriesLimit)},
			},
			"rate_limits": schema.MapAttribute{
				MarkdownDescription: rateLimitsDescription(),
				Optional:            true,
				ElementType:         types.Float64Type,
				Validators: []validator.Map{
					mapvalidator.KeysAre(stringvalidator.OneOf(rateLimitedActions()...)),
					mapvalidator.ValueFloat64sAre(rateBetween{min: pacing.MinRate, max: pacing.MaxRate}),
					mapvalidator.NoNullValues(),
				},
			},
			"request_timeout": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("Seconds one attempt may take, from sending the request to reading the answer. Default %d, from 1 to 300. "+
					"A whole lookup ends at a deadline of `request_timeout` plus the backoff of `max_retries` retries (%s with the defaults), "+
					"so an endpoint that answers slowly or not at all cannot hold a plan for minutes. Its waits for a turn under the API's rate limit, "+
					"once it is next in line, have a budget of their own (%s for a bill with the defaults), so other runs that take every turn cannot either.",
					int(tcapi.DefaultRequestTimeout/time.Second), tcapi.LookupDeadline(tcapi.DefaultRequestTimeout, tcapi.DefaultMaxRetries),
					tcapi.TurnBudget(tcapi.DefaultMaxRetries, billLongestWait())),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(1, 300)},
			},
		},
		Blocks: map[string]schema.Block{
			"assume_role": schema.SingleNestedBlock{
				MarkdownDescription: "Act as a CAM role: the provider calls STS `AssumeRole` with the keys found otherwise (keys, a tccli profile or the CVM instance role) and signs every call with the temporary keys, which it replaces before they expire. " +
					"It does not wrap an OIDC web identity, which already gives a role's keys.",
				Attributes: map[string]schema.Attribute{
					"role_arn": schema.StringAttribute{
						MarkdownDescription: "ARN of the role, e.g. `qcs::cam::uin/100000000001:roleName/terraform`. Falls back to `TENCENTCLOUD_ASSUME_ROLE_ARN`.",
						Optional:            true,
						Validators:          []validator.String{roleArnValidator},
					},
					"session_name":     sessionNameAttribute(),
					"session_duration": sessionDurationAttribute(),
					"policy": schema.StringAttribute{
						MarkdownDescription: "CAM policy document (JSON) that narrows what the temporary keys may do.",
						Optional:            true,
					},
					"external_id": schema.StringAttribute{
						MarkdownDescription: "External ID the role's trust policy asks for. Falls back to `TENCENTCLOUD_ASSUME_ROLE_EXTERNAL_ID`.",
						Optional:            true,
					},
				},
			},
			"assume_role_with_web_identity": webIdentityBlock(),
			"coordination":                  coordinationBlock(),
			"endpoints": schema.SingleNestedBlock{
				MarkdownDescription: "URL overrides per service, for a private gateway or a local fake server.",
				Attributes: map[string]schema.Attribute{
					"csip":            endpoint("csip"),
					"intlpartnersmgt": endpoint("intlpartnersmgt"),
					"sts":             endpoint("sts"),
				},
			},
		},
	}
}

// rateLimitedActions are the keys rate_limits accepts.
func rateLimitedActions() []string {
	var names []string
	for _, a := range apispec.RateLimited() {
		names = append(names, a.Name)
	}
	return names
}

// rateLimitsDescription documents rate_limits with the live limits, from
// the one table of them.
func rateLimitsDescription() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Requests per second the provider allows itself per API action, instead of the documented limit: for an account "+
		"whose limit Tencent Cloud raised, or to leave room for other machines and tools calling with the same keys, e.g. "+
		"`rate_limits = { DescribeCustomerBillSummary = 5 }`. Each value is %s. "+
		"The pace is shared by every plan on the machine (and, with `coordination`, on every machine) that uses the same keys and endpoint. "+
		"The documented limits:\n\n| Action | Service | Requests per second |\n|---|---|---|\n", rateBetween{min: pacing.MinRate, max: pacing.MaxRate}.Description(context.Background()))
	for _, a := range apispec.RateLimited() {
		fmt.Fprintf(&b, "| `%s` | `%s` | %g |\n", a.Name, a.Service, a.RateLimit)
	}
	return b.String()
}

// billLongestWait is the longest wait for a turn of a bill at its
// documented limit, for the budget the docs quote.
func billLongestWait() time.Duration {
	a, _ := apispec.Lookup(apispec.CustomerBillSummary)
	return pacing.New(map[string]pacing.Action{a.Name: {Limit: a.RateLimit}}, pacing.RealClock{}, nil).LongestWait(a.Name)
}

var endpointValidator = stringCheck{
	description: "an http(s) URL; plain http only for a loopback host",
	check: func(s string) error {
		_, err := parseEndpoint(s)
		return err
	},
}

func (p *tcintlProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var model providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfg, diags := model.config(ctx, p.env)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfg.UserAgent = fmt.Sprintf("terraform-provider-tcintl/%s Terraform/%s", p.version, req.TerraformVersion)
	client := tcapi.New(cfg)
	tflog.Info(ctx, "Configured the tcintl API client", map[string]any{
		"credentials_from": client.CredentialSource(),
		"domain":           cfg.Domain,
		"max_retries":      cfg.MaxRetries,
	})
	resp.DataSourceData = client
}

func (p *tcintlProvider) DataSources(context.Context) []func() datasource.DataSource {
	return datasources.All()
}

func (p *tcintlProvider) Resources(context.Context) []func() resource.Resource {
	return nil
}

func (p *tcintlProvider) Functions(context.Context) []func() function.Function {
	return functions.All()
}
