package tcapi

import (
	"context"
	"net/url"
	"time"
)

// AssumeRole has the client sign its calls with temporary keys of a CAM role,
// obtained from STS with the base keys and refreshed before they expire.
type AssumeRole struct {
	RoleArn     string
	SessionName string
	Duration    time.Duration
	// Policy is a CAM policy document (JSON) narrowing the role's rights.
	Policy     string
	ExternalID string
}

// assumeRoleRenewer renews the role's keys through STS AssumeRole, signed
// by sts (whose own keys may be renewed in turn).
func (c *Client) assumeRoleRenewer(role AssumeRole, sts *target, signing *signingCredential) *renewer {
	return &renewer{
		logMessage: "Assumed role",
		logFields:  map[string]any{"role_arn": role.RoleArn},
		fetch: func(ctx context.Context) (*session, error) {
			return c.newRoleSession(ctx, role, sts)
		},
		fail: func(err error) *CredentialError {
			e := &CredentialError{Kind: KindAssumeRole, RoleArn: role.RoleArn, Err: err}
			if ErrorCode(err) == "" {
				e.hint = "Check role_arn and that the base keys may call sts:AssumeRole on it (the role's trust policy, and external_id if it asks for one)."
			}
			return e
		},
		signing: signing,
		flights: newFlights(false),
	}
}

func (c *Client) newRoleSession(ctx context.Context, role AssumeRole, sts *target) (*session, error) {
	req := NewAssumeRoleRequest()
	req.RoleArn = &role.RoleArn
	req.RoleSessionName = &role.SessionName
	if role.Duration > 0 {
		seconds := uint64(role.Duration / time.Second)
		req.DurationSeconds = &seconds
	}
	if role.Policy != "" {
		// STS wants the policy document URL-encoded inside the JSON body.
		policy := url.QueryEscape(role.Policy)
		req.Policy = &policy
	}
	if role.ExternalID != "" {
		req.ExternalId = &role.ExternalID
	}
	obtained := c.clock.Now()
	resp, err := c.assumeRole(ctx, sts, req)
	if err != nil {
		return nil, err
	}
	return resp.Response.session(obtained), nil
}
