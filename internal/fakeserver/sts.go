package fakeserver

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
)

// TemporaryCredential is a key pair issued by the fake AssumeRole. Tests read
// them (IssuedCredentials) to assert that none of these values leak into logs,
// state or error messages.
type TemporaryCredential struct {
	SecretID        string
	SecretKey       string
	Token           string
	Expiry          time.Time
	RoleArn         string
	RoleSessionName string
	// Source is the action or service that issued the keys: AssumeRole,
	// AssumeRoleWithWebIdentity, MetadataCredentials or "test".
	Source string
}

const (
	defaultSTSDuration = 7200 * time.Second
	maxSTSDuration     = 43200 * time.Second
)

// validRoleArn accepts qcs::cam::uin/<digits>:roleName/<name>.
func validRoleArn(arn string) bool {
	rest, ok := strings.CutPrefix(arn, "qcs::cam::uin/")
	if !ok {
		return false
	}
	uin, name, ok := strings.Cut(rest, ":roleName/")
	if !ok || uin == "" || name == "" || strings.Trim(uin, "0123456789") != "" {
		return false
	}
	return onlyNameChars(name)
}

func validSessionName(name string) bool {
	return len(name) >= 2 && len(name) <= 128 && onlyNameChars(name)
}

// onlyNameChars is the character set CAM allows in role and session names.
func onlyNameChars(s string) bool {
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case strings.ContainsRune("_+=,.@-", r):
		default:
			return false
		}
	}
	return true
}

// lookupKey finds the secret key for a SecretId: long-term keys first, then
// temporary ones (returned with their record so the token can be checked).
func (s *Server) lookupKey(id string) (key string, temp *TemporaryCredential, found bool) {
	if k, ok := s.keys[id]; ok {
		return k, nil, true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.temps[id]; ok {
		c := t
		return c.SecretKey, &c, true
	}
	return "", nil, false
}

// IssuedCredentials returns every temporary credential issued so far, oldest
// first.
func (s *Server) IssuedCredentials() []TemporaryCredential {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]TemporaryCredential, 0, len(s.temps))
	for _, t := range s.temps {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return s.issueOrder[out[i].SecretID] < s.issueOrder[out[j].SecretID] })
	return out
}

type assumeRoleAnswer struct {
	Response struct {
		Credentials struct {
			Token        string `json:"Token"`
			TmpSecretId  string `json:"TmpSecretId"`
			TmpSecretKey string `json:"TmpSecretKey"`
		} `json:"Credentials"`
		ExpiredTime int64  `json:"ExpiredTime"`
		Expiration  string `json:"Expiration"`
		RequestId   string `json:"RequestId"`
	} `json:"Response"`
}

// stsAnswer computes the answer of the STS actions, which issue keys.
func (s *Server) stsAnswer(action string, body []byte) ([]byte, *apiError) {
	if action == apispec.AssumeRoleWithWebIdentity {
		return s.assumeRoleWithWebIdentity(body)
	}
	return s.assumeRole(body)
}

// assumeRole validates the request like the live STS does (for the fields the
// provider uses) and issues a fresh random key pair.
func (s *Server) assumeRole(body []byte) ([]byte, *apiError) {
	params, apiErr := stsParams(body, "RoleArn", "RoleSessionName", "DurationSeconds", "Policy", "ExternalId")
	if apiErr != nil {
		return nil, apiErr
	}
	roleArn, session, apiErr := roleAndSession(params)
	if apiErr != nil {
		return nil, apiErr
	}
	for _, k := range []string{"Policy", "ExternalId"} {
		if v, ok := params[k]; ok {
			if _, isString := v.(string); !isString {
				return nil, newAPIError(CodeInvalidParameter, "The parameter `%s` must be a string.", k)
			}
		}
	}
	lifetime, apiErr := s.lifetime(params)
	if apiErr != nil {
		return nil, apiErr
	}
	return encodeSTSAnswer(s.issue(apispec.AssumeRole, roleArn, session, lifetime))
}

// stsParams decodes a request body, refusing parameters not in known.
func stsParams(body []byte, known ...string) (map[string]any, *apiError) {
	params := map[string]any{}
	if len(bytes.TrimSpace(body)) > 0 {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		if err := dec.Decode(&params); err != nil {
			return nil, newAPIError(CodeInvalidParameter, "The request body is not a JSON object.")
		}
	}
	for k := range params {
		if !slices.Contains(known, k) {
			return nil, newAPIError(CodeUnknownParameter, "The parameter `%s` is not recognized.", clip(k, 64))
		}
	}
	return params, nil
}

func roleAndSession(params map[string]any) (roleArn, session string, apiErr *apiError) {
	roleArn, apiErr = requiredString(params, "RoleArn")
	if apiErr != nil {
		return "", "", apiErr
	}
	if !validRoleArn(roleArn) {
		return "", "", newAPIError(CodeInvalidParameter,
			"RoleArn %q is not of the form qcs::cam::uin/<uin>:roleName/<name>.", clip(roleArn, 200))
	}
	session, apiErr = requiredString(params, "RoleSessionName")
	if apiErr != nil {
		return "", "", apiErr
	}
	if !validSessionName(session) {
		return "", "", newAPIError(CodeInvalidParameter,
			"RoleSessionName must be 2 to 128 characters from [a-zA-Z0-9_+=,.@-].")
	}
	return roleArn, session, nil
}

// lifetime is DurationSeconds, or the default, capped by STSMaxLifetime.
func (s *Server) lifetime(params map[string]any) (time.Duration, *apiError) {
	lifetime := defaultSTSDuration
	if v, ok := params["DurationSeconds"]; ok {
		n, isNumber := v.(json.Number)
		secs, err := n.Int64()
		if !isNumber || err != nil || secs < 1 || secs > int64(maxSTSDuration/time.Second) {
			return 0, newAPIError(CodeInvalidParameterVal,
				"DurationSeconds must be an integer from 1 to %d.", int64(maxSTSDuration/time.Second))
		}
		lifetime = time.Duration(secs) * time.Second
	}
	return s.capLifetime(lifetime), nil
}

func (s *Server) capLifetime(lifetime time.Duration) time.Duration {
	if s.stsMaxLifetime > 0 && lifetime > s.stsMaxLifetime {
		return s.stsMaxLifetime
	}
	return lifetime
}

func encodeSTSAnswer(cred TemporaryCredential) ([]byte, *apiError) {
	var ans assumeRoleAnswer
	ans.Response.Credentials.Token = cred.Token
	ans.Response.Credentials.TmpSecretId = cred.SecretID
	ans.Response.Credentials.TmpSecretKey = cred.SecretKey
	ans.Response.ExpiredTime = cred.Expiry.Unix()
	ans.Response.Expiration = cred.Expiry.UTC().Format(time.RFC3339)
	ans.Response.RequestId = newRequestID()
	b, err := json.Marshal(ans)
	if err != nil {
		return nil, newAPIError(CodeInternalError, "Encoding the answer failed.")
	}
	return b, nil
}

// IssueCredential issues temporary keys for roleArn directly, as if STS had
// answered an AssumeRole: tests use them as base keys with a token.
func (s *Server) IssueCredential(roleArn string, lifetime time.Duration) TemporaryCredential {
	return s.issue("test", roleArn, "issued-by-test", lifetime)
}

func (s *Server) issue(source, roleArn, session string, lifetime time.Duration) TemporaryCredential {
	cred := TemporaryCredential{
		SecretID:        "AKID" + randomText(32),
		SecretKey:       randomText(32),
		Token:           randomText(96),
		Expiry:          s.now().Add(lifetime),
		RoleArn:         roleArn,
		RoleSessionName: session,
		Source:          source,
	}
	s.mu.Lock()
	s.temps[cred.SecretID] = cred
	s.issueOrder[cred.SecretID] = len(s.issueOrder)
	s.mu.Unlock()
	return cred
}

func requiredString(params map[string]any, name string) (string, *apiError) {
	v, ok := params[name]
	if !ok || v == nil {
		return "", newAPIError(CodeMissingParameter, "The request is missing a required parameter `%s`.", name)
	}
	s, ok := v.(string)
	if !ok {
		return "", newAPIError(CodeInvalidParameter, "The parameter `%s` must be a string.", name)
	}
	if s == "" {
		return "", newAPIError(CodeMissingParameter, "The request is missing a required parameter `%s`.", name)
	}
	return s, nil
}

// randomText returns n URL-safe characters from crypto/rand: issued keys must
// be unguessable even in a fake, since tests check nothing leaks them.
func randomText(n int) string {
	b := make([]byte, (n*3+3)/4)
	_, _ = rand.Read(b) // never fails on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)[:n]
}
