package credentials

import (
	"fmt"
	"strconv"
	"time"
)

// AssumeRole has the calls signed with temporary keys of a CAM role,
// obtained from STS AssumeRole with the keys beneath and renewed before they
// expire.
type AssumeRole struct {
	RoleArn     string
	SessionName string
	Duration    time.Duration
	// Policy is a CAM policy document (JSON) narrowing the role's rights.
	Policy     string
	ExternalID string
}

// resolveAssumeRole reads the assume_role block, each argument falling back
// on its TENCENTCLOUD_ASSUME_ROLE_* variable; nil when no role is named.
func resolveAssumeRole(s *AssumeRoleSettings, env Env, ps *problems) *AssumeRole {
	if s == nil {
		s = &AssumeRoleSettings{}
	}
	arn := first(s.RoleArn, env.get(EnvAssumeRoleArn))
	if arn == "" {
		if s.SessionName != nil || s.SessionDuration != nil || s.Policy != nil || s.ExternalID != nil {
			ps.errorAt("assume_role.role_arn", "Missing role_arn", "The assume_role block needs role_arn (or "+EnvAssumeRoleArn+").")
		}
		return nil
	}
	checkRoleArn(ps, "assume_role.role_arn", arn, s.RoleArn, EnvAssumeRoleArn)
	return &AssumeRole{
		RoleArn:     arn,
		SessionName: sessionName(s.SessionName, "assume_role.session_name", env, ps),
		Duration:    sessionDuration(s.SessionDuration, "assume_role.session_duration", env, ps),
		Policy:      first(s.Policy, ""),
		ExternalID:  first(s.ExternalID, env.get(EnvAssumeRoleExternalID)),
	}
}

// checkRoleArn checks a role ARN from the environment; an argument passed the
// schema's validator at plan time.
func checkRoleArn(ps *problems, path, arn string, arg *string, variable string) {
	if first(arg, "") == "" && !RoleArnPattern.MatchString(arn) {
		ps.errorAt(path, "Invalid "+variable, variable+" "+RoleArnRule+".")
	}
}

// sessionName is the argument, else TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME,
// else the default.
func sessionName(arg *string, path string, env Env, ps *problems) string {
	name, from := firstWithSource(arg, "", env, EnvAssumeRoleSession)
	if from == EnvAssumeRoleSession && !SessionNamePattern.MatchString(name) {
		ps.errorAt(path, "Invalid "+EnvAssumeRoleSession, EnvAssumeRoleSession+" "+SessionNameRule+".")
	}
	if name == "" {
		return DefaultSessionName
	}
	return name
}

// sessionDuration is the argument, else
// TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION, else the default.
func sessionDuration(arg *int64, path string, env Env, ps *problems) time.Duration {
	switch raw := env.get(EnvAssumeRoleDuration); {
	case arg != nil:
		return time.Duration(*arg) * time.Second
	case raw != "":
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || time.Duration(n)*time.Second > MaxSessionDuration {
			ps.errorAt(path, "Invalid "+EnvAssumeRoleDuration,
				fmt.Sprintf("%s must be a number of seconds from 1 to %d, got %q.", EnvAssumeRoleDuration, int(MaxSessionDuration.Seconds()), raw))
			return DefaultSessionDuration
		}
		return time.Duration(n) * time.Second
	}
	return DefaultSessionDuration
}
