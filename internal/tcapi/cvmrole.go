package tcapi

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"
)

// DefaultMetadataURL is the CVM instance metadata service, reachable from
// inside an instance only.
const DefaultMetadataURL = "http://metadata.tencentyun.com"

// metadataCredentialsPath is where the metadata service answers a bound
// role's temporary keys, under the role's name.
const metadataCredentialsPath = "/latest/meta-data/cam/security-credentials/" //nolint:gosec // a URL path, not a credential

// CVMRole has the client sign its calls with the temporary keys of the CAM
// role bound to the CVM instance it runs on, from the metadata service.
type CVMRole struct {
	RoleName string
	// MetadataURL is the metadata service's base URL; DefaultMetadataURL
	// when nil.
	MetadataURL *url.URL
	// RoleNameFrom names the setting that gave the role name, for hints.
	RoleNameFrom string
}

// ParseMetadataURL validates a metadata service base URL: scheme, host and
// port only. Plain http is allowed, as for the real service.
func ParseMetadataURL(raw string) (*url.URL, error) {
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

func (c *Client) cvmRoleRenewer(role CVMRole, transport http.RoundTripper, signing *signingCredential) *renewer {
	base := role.MetadataURL
	if base == nil {
		base, _ = url.Parse(DefaultMetadataURL)
	}
	path := metadataCredentialsPath + url.PathEscape(role.RoleName)
	endpoint := base.String() + path
	client := &http.Client{
		Transport: metadataTransport(transport),
		// Keys come from the metadata service itself or not at all.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return &renewer{
		logMessage: "Obtained the keys of the CVM instance role",
		logFields:  map[string]any{"role_name": role.RoleName, "metadata_url": base.String()},
		fetch: func(ctx context.Context) (*session, error) {
			return c.newCVMRoleSession(ctx, client, endpoint, path)
		},
		fail: func(err error) *CredentialError {
			return &CredentialError{Kind: KindCVMRole, RoleName: role.RoleName, Err: err, hint: cvmRoleHint(err, role, base)}
		},
		signing: signing,
		flights: newFlights(false),
	}
}

// metadataTransport never goes through a proxy: the metadata service
// answers only the instance itself.
func metadataTransport(rt http.RoundTripper) http.RoundTripper {
	if rt != nil {
		return rt
	}
	t := http.DefaultTransport.(*http.Transport).Clone() //nolint:forcetypeassert // the standard library's own type
	t.Proxy = nil
	t.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	return t
}

// newCVMRoleSession asks the metadata service for the role's keys,
// retrying what may pass (timeouts, HTTP 5xx, dropped connections).
func (c *Client) newCVMRoleSession(ctx context.Context, client *http.Client, endpoint, path string) (*session, error) {
	for attempt := 1; ; attempt++ {
		obtained := c.clock.Now()
		cred, expires, err := c.metadataAttempt(ctx, client, endpoint, path)
		if err == nil {
			return newSession(cred, obtained, expires), nil
		}
		switch {
		case ctx.Err() != nil:
			return nil, fmt.Errorf("metadata service: %w", ctx.Err())
		case !Retryable(err):
			return nil, err
		case attempt > c.maxRetries:
			if attempt == 1 {
				return nil, err
			}
			return nil, &RetryError{Action: "metadata service", Attempts: attempt, Err: err}
		}
		if err := c.clock.Sleep(ctx, c.backoff.delay(attempt)); err != nil {
			return nil, fmt.Errorf("metadata service: waiting to retry: %w", err)
		}
	}
}

type metadataAnswer struct {
	TmpSecretID  string `json:"TmpSecretId"`
	TmpSecretKey string `json:"TmpSecretKey"`
	Token        string `json:"Token"`
	ExpiredTime  *int64 `json:"ExpiredTime"`
	Code         string `json:"Code"`
}

func (c *Client) metadataAttempt(ctx context.Context, client *http.Client, endpoint, path string) (Credential, time.Time, error) {
	actx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodGet, endpoint, http.NoBody)
	if err != nil {
		return Credential{}, time.Time{}, fmt.Errorf("metadata service: %w", err)
	}
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() == nil && errors.Is(actx.Err(), context.DeadlineExceeded) {
			return Credential{}, time.Time{}, fmt.Errorf("metadata service: %w", &TimeoutError{Timeout: c.timeout})
		}
		return Credential{}, time.Time{}, fmt.Errorf("metadata service: %w", err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotFound:
		return Credential{}, time.Time{}, &MetadataError{Path: path, StatusCode: resp.StatusCode}
	case resp.StatusCode != http.StatusOK:
		return Credential{}, time.Time{}, fmt.Errorf("metadata service %s: %w", path, &HTTPStatusError{StatusCode: resp.StatusCode, Status: resp.Status})
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswerBytes+1))
	if err != nil {
		return Credential{}, time.Time{}, fmt.Errorf("metadata service: reading the answer: %w", err)
	}
	if len(body) > maxAnswerBytes {
		return Credential{}, time.Time{}, &MetadataError{Path: path, Problem: fmt.Sprintf("is larger than %d bytes", maxAnswerBytes)}
	}
	var a metadataAnswer
	if err := json.Unmarshal(body, &a); err != nil {
		return Credential{}, time.Time{}, &MetadataError{Path: path, Problem: "is not a JSON object of keys"}
	}
	problem := ""
	switch {
	case a.Code != "Success":
		return Credential{}, time.Time{}, &MetadataError{Path: path, Code: a.Code}
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
		return Credential{}, time.Time{}, &MetadataError{Path: path, Problem: problem}
	}
	return Credential{SecretID: a.TmpSecretID, SecretKey: a.TmpSecretKey, Token: a.Token}, time.Unix(*a.ExpiredTime, 0), nil
}

func cvmRoleHint(err error, role CVMRole, base *url.URL) string {
	var (
		metaErr *MetadataError
		dnsErr  *net.DNSError
		netErr  net.Error
	)
	switch {
	case errors.As(err, &metaErr) && metaErr.StatusCode == http.StatusNotFound:
		return fmt.Sprintf("The metadata service says no CAM role is bound to this instance, or not the role %q named by %s. "+
			"Bind the role to the instance in the CVM console, or correct the name.", role.RoleName, role.RoleNameFrom)
	case errors.As(err, &metaErr) && metaErr.Code != "":
		return fmt.Sprintf("The metadata service would not hand out keys for the role %q: check that it is the role bound to this instance (%s).", role.RoleName, role.RoleNameFrom)
	case errors.As(err, &metaErr):
		return "The answer did not come from a CVM metadata service. TCINTL_METADATA_URL, if set, must point at one (it exists for tests only)."
	case errors.As(err, &dnsErr), errors.As(err, &netErr):
		return fmt.Sprintf("The metadata service (%s) answers only inside a Tencent Cloud CVM instance: use %s there, and give keys another way elsewhere.", base, role.RoleNameFrom)
	}
	return ""
}
