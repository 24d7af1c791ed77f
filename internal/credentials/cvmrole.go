package credentials

import (
	"encoding/json"
	"fmt"
	"net/url"
)

// DefaultMetadataURL is the CVM instance metadata service, reachable from
// inside an instance only.
const DefaultMetadataURL = "http://metadata.tencentyun.com"

// MetadataCredentialsPath is where the metadata service answers a bound
// role's temporary keys, under the role's name.
const MetadataCredentialsPath = "/latest/meta-data/cam/security-credentials/" //nolint:gosec // a URL path, not a credential

// CVMRole has the calls signed with the temporary keys of the CAM role bound
// to the CVM instance the provider runs on, from the metadata service.
type CVMRole struct {
	RoleName string
	// MetadataURL is the metadata service's base URL.
	MetadataURL *url.URL
	// RoleNameFrom names the setting that gave the role name, for hints.
	RoleNameFrom string
}

// KeysURL is where the metadata service answers the role's keys.
func (r CVMRole) KeysURL() string {
	return r.MetadataURL.String() + MetadataCredentialsPath + url.PathEscape(r.RoleName)
}

// resolveCVMRole takes the role bound to the CVM instance, by name.
func resolveCVMRole(arg *string, env Env, ps *problems) Resolved {
	name, from := firstWithSource(arg, "cam_role_name", env, EnvCAMRoleName)
	if !RoleNamePattern.MatchString(name) {
		// The argument passed its validator at plan time; the variable is
		// checked here.
		ps.errorAt("cam_role_name", "Invalid "+from, from+" "+RoleNameRule+".")
	}
	role := &CVMRole{RoleName: name, RoleNameFrom: from}
	role.MetadataURL, _ = url.Parse(DefaultMetadataURL)
	if raw := env.get(EnvMetadataURL); raw != "" {
		u, err := parseMetadataURL(raw)
		if err != nil {
			ps.errorAt("cam_role_name", "Invalid "+EnvMetadataURL, EnvMetadataURL+" (for tests only): "+err.Error()+".")
		}
		role.MetadataURL = u
	}
	return Resolved{CVMRole: role, Description: "CVM instance role " + name + " (from " + from + ")"}
}

// parseMetadataURL validates a metadata service base URL: scheme, host and
// port only. Plain http is allowed, as for the real service.
func parseMetadataURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return nil, fmt.Errorf("%q is not a URL such as %s", raw, DefaultMetadataURL)
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("scheme must be http or https, got %q", u.Scheme)
	case u.Hostname() == "":
		return nil, fmt.Errorf("no host in %q", raw)
	case u.Path != "" && u.Path != "/", u.RawQuery != "", u.Fragment != "", u.User != nil:
		return nil, fmt.Errorf("give only scheme, host and port, as in %s", DefaultMetadataURL)
	}
	u.Path = ""
	return u, nil
}

// MetadataError is an answer of the CVM metadata service that holds no
// keys. It never quotes the answer, which may hold some.
type MetadataError struct {
	// Code is the answer's Code when it was not Success, clipped.
	Code string
	// Problem describes any other defect of the answer.
	Problem string
}

func (e *MetadataError) Error() string {
	if e.Code != "" {
		return fmt.Sprintf("the metadata service answered with Code %q instead of Success", e.Code)
	}
	return "the metadata service's answer " + e.Problem
}

// metadataSession reads the metadata service's answer of a role's keys.
func metadataSession(body []byte) (Session, error) {
	var a struct {
		TmpSecretID  string `json:"TmpSecretId"`
		TmpSecretKey string `json:"TmpSecretKey"`
		Token        string `json:"Token"`
		ExpiredTime  *int64 `json:"ExpiredTime"`
		Code         string `json:"Code"`
	}
	if err := json.Unmarshal(body, &a); err != nil {
		return Session{}, &MetadataError{Problem: "is not a JSON object of keys"}
	}
	problem := ""
	switch {
	case a.Code != "Success":
		return Session{}, &MetadataError{Code: clip(a.Code, 64)}
	case a.TmpSecretID == "":
		problem = "lacks TmpSecretId"
	case a.TmpSecretKey == "":
		problem = "lacks TmpSecretKey"
	case a.Token == "":
		problem = "lacks Token"
	case a.ExpiredTime == nil:
		problem = "lacks ExpiredTime"
	}
	if problem != "" {
		return Session{}, &MetadataError{Problem: problem}
	}
	return Session{Keys: Keys{SecretID: a.TmpSecretID, SecretKey: a.TmpSecretKey, Token: a.Token}, ExpiredTime: *a.ExpiredTime}, nil
}

// clip shortens s to at most n bytes on a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
