package provider

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/tcintl/terraform-provider-tcintl/internal/datasources"
	"github.com/tcintl/terraform-provider-tcintl/internal/pacing"
)

// envCoordinationURL gives the coordinator's URL when the provider block
// has no coordination block.
const envCoordinationURL = "TCINTL_COORDINATION_URL"

type coordinationModel struct {
	URL       types.String `tfsdk:"url"`
	CAFile    types.String `tfsdk:"ca_file"`
	KeyPrefix types.String `tfsdk:"key_prefix"`
}

func coordinationBlock() schema.SingleNestedBlock {
	return schema.SingleNestedBlock{
		MarkdownDescription: "A Redis or Valkey server that every machine running plans with the same keys reaches: through it they share one pace per API action, " +
			"so that together they keep to the account's rate limits instead of throttling one another. Without it, only the plans of one machine share a pace. " +
			"A coordinator that cannot be reached, at the start or later, leaves each machine pacing on its own, with a warning.",
		Attributes: map[string]schema.Attribute{
			"url": schema.StringAttribute{
				MarkdownDescription: "`redis://[user:password@]host[:port][/db]`, or `rediss://` for TLS (verified against the system's roots and `ca_file`). " +
					"Falls back to `" + envCoordinationURL + "`; keep the password out of the configuration, in a CI secret. The password is never shown: messages write it as `***`.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{coordinatorURLValidator},
			},
			"ca_file": schema.StringAttribute{
				MarkdownDescription: "PEM file of the CA certificates that sign a private coordinator's certificate, trusted besides the system's roots; `rediss://` only.",
				Optional:            true,
			},
			"key_prefix": schema.StringAttribute{
				MarkdownDescription: "Start of every key the provider keeps in the coordinator, for a server shared with other tools or for an ACL user limited to `<key_prefix>:pace:*`. " +
					"Default `" + pacing.DefaultKeyPrefix + "`; 1 to 64 letters, digits and `- _ . : /`.",
				Optional: true,
				Validators: []validator.String{stringCheck{description: "1 to 64 letters, digits and - _ . : /", check: func(s string) error {
					return errors.Unwrap(pacing.CheckKeyPrefix(s))
				}}},
			},
		},
	}
}

var coordinatorURLValidator = stringCheck{
	description: "a redis:// or rediss:// URL",
	check: func(s string) error {
		_, err := pacing.ParseCoordinatorURL(s)
		return err
	},
}

// coordinator is the coordinator the block or the environment names; nil
// for none. An argument passed its validator at plan time, so an error
// here is the variable's.
func (m providerModel) coordinator(ctx context.Context, env environment, diags *diag.Diagnostics) *pacing.RedisConfig {
	p := path.Root("coordination")
	var block coordinationModel
	given := known(p, m.Coordination, diags) && !m.Coordination.IsNull()
	if given {
		diags.Append(m.Coordination.As(ctx, &block, basetypes.ObjectAsOptions{})...)
	}
	cfg := &pacing.RedisConfig{
		URL:       deref(knownString(p.AtName("url"), block.URL, diags)),
		CAFile:    deref(knownString(p.AtName("ca_file"), block.CAFile, diags)),
		KeyPrefix: deref(knownString(p.AtName("key_prefix"), block.KeyPrefix, diags)),
	}
	if cfg.URL == "" {
		cfg.URL = env.get(envCoordinationURL)
		if _, err := pacing.ParseCoordinatorURL(cfg.URL); cfg.URL != "" && err != nil {
			diags.AddAttributeError(p.AtName("url"), "Invalid "+envCoordinationURL, err.Error()+".")
		}
	}
	switch {
	case cfg.URL != "":
		return cfg
	case given:
		diags.AddAttributeError(p.AtName("url"), "Missing coordination.url",
			"The coordination block needs the coordinator's URL, in url or in "+envCoordinationURL+".")
	}
	return nil
}

// openCoordinator connects to the coordinator. One that refuses this
// configuration (its password, rights, certificate, CA file or key prefix)
// fails the plan: that does not fix itself. One that cannot be reached is
// a warning: the plan goes on, paced on this machine only.
func openCoordinator(ctx context.Context, cfg pacing.RedisConfig, diags *diag.Diagnostics) pacing.Store {
	store, err := pacing.NewRedisStore(ctx, cfg)
	if err == nil {
		return store
	}
	var coordErr *pacing.CoordinatorError
	if errors.As(err, &coordErr) && !coordErr.Permanent() {
		diags.AddWarning(datasources.PacingWarning(err.Error()))
		return nil
	}
	hint := ""
	switch {
	case errors.As(err, &coordErr) && coordErr.Kind == pacing.CoordinatorRefused:
		hint = "\n\nCheck the user and password of the URL, and that the user may run PING, EVAL, EVALSHA, TIME, GET and SET on the keys under key_prefix."
	case errors.As(err, &coordErr) && coordErr.Kind == pacing.CoordinatorUntrusted:
		hint = "\n\nThe coordinator's certificate must verify for the URL's host: give the CA that signed it in ca_file, or use redis:// for a server without TLS."
	}
	diags.AddAttributeError(path.Root("coordination").AtName("url"), "The coordinator cannot be used", err.Error()+"."+hint)
	return nil
}
