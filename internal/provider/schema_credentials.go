package provider

import (
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/tcintl/terraform-provider-tcintl/internal/credentials"
)

var (
	roleArnValidator     = stringvalidator.RegexMatches(credentials.RoleArnPattern, credentials.RoleArnRule)
	sessionNameValidator = stringvalidator.RegexMatches(credentials.SessionNamePattern, credentials.SessionNameRule)
)

// webIdentityBlock has the official provider's names, so a configuration
// moves between the two unchanged.
func webIdentityBlock() schema.SingleNestedBlock {
	return schema.SingleNestedBlock{
		MarkdownDescription: "Trade an OIDC token (from a CI pipeline such as GitHub Actions, or any OIDC identity provider registered in CAM) for the temporary keys of a CAM role, " +
			"through STS `AssumeRoleWithWebIdentity`, which is not signed: the token is the proof. The keys are renewed before they expire, and a token file is read again at each renewal. " +
			"Each argument falls back to its `TENCENTCLOUD_ASSUME_ROLE_*` variable. Excludes `assume_role` and the other ways of giving credentials in the provider block.",
		Attributes: map[string]schema.Attribute{
			"provider_id": schema.StringAttribute{
				MarkdownDescription: "Name of the identity provider in CAM. Falls back to `TENCENTCLOUD_ASSUME_ROLE_PROVIDER_ID`, then `" + credentials.DefaultWebIdentityProvider + "`.",
				Optional:            true,
			},
			"web_identity_token": schema.StringAttribute{
				MarkdownDescription: "The OIDC token (a JWT). Falls back to `TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN`. Exactly one of `web_identity_token` and `web_identity_token_file` is needed; " +
					"prefer the file, which can be rotated while a run lasts.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{stringvalidator.ConflictsWith(path.MatchRelative().AtParent().AtName("web_identity_token_file"))},
			},
			"web_identity_token_file": schema.StringAttribute{
				MarkdownDescription: "Path of a file holding the OIDC token, alone (no trailing newline) or as the JSON object `{\"web_identity_token\": \"...\"}`. " +
					"Read again at every renewal of the keys. Falls back to `TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE`.",
				Optional: true,
			},
			"role_arn": schema.StringAttribute{
				MarkdownDescription: "ARN of the role to assume, whose trust policy must allow the identity provider. Falls back to `TENCENTCLOUD_ASSUME_ROLE_ARN`; required one way or the other.",
				Optional:            true,
				Validators:          []validator.String{roleArnValidator},
			},
			"session_name":     sessionNameAttribute(),
			"session_duration": sessionDurationAttribute(),
		},
	}
}

// sessionNameAttribute and sessionDurationAttribute are the same in
// assume_role and assume_role_with_web_identity, variables included.
func sessionNameAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "Name of the role session, shown in CloudAudit. Falls back to `TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME`, then `" + credentials.DefaultSessionName + "`.",
		Optional:            true,
		Validators:          []validator.String{sessionNameValidator},
	}
}

func sessionDurationAttribute() schema.Int64Attribute {
	return schema.Int64Attribute{
		MarkdownDescription: fmt.Sprintf("Lifetime of the temporary keys in seconds. Falls back to `TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION`, then %d. At most %d.", sessionSeconds(credentials.DefaultSessionDuration), sessionSeconds(credentials.MaxSessionDuration)),
		Optional:            true,
		Validators:          []validator.Int64{int64validator.Between(1, sessionSeconds(credentials.MaxSessionDuration))},
	}
}

func sessionSeconds(d time.Duration) int64 { return int64(d / time.Second) }
