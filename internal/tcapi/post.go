package tcapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"strings"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tcerr "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/credentials"
)

// post sends one API 3.0 call of action with body and returns the body of
// its answer, which readAnswer has checked.
func (c *Client) post(ctx context.Context, a apispec.Action, region string, keys *credentials.Keys, body []byte, sent func()) ([]byte, error) {
	req, err := c.build(a, region, keys, body)
	if err != nil {
		return nil, err
	}
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	if err := checkHeaders(a.Name, req.Header); err != nil {
		return nil, err
	}
	req = req.WithContext(httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteRequest: func(httptrace.WroteRequestInfo) { sent() },
	}))
	resp, err := c.api.RoundTrip(req)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", a.Name, err)
	}
	return readAnswer(resp, c.clock.Now())
}

// build has the SDK build the request and sign it (TC3-HMAC-SHA256), or
// mark it unsigned when keys is nil. The SDK sends it to a capture that
// answers an empty success, so the SDK never parses or quotes a real answer
// (STS answers carry keys) and its own retries, blind to ctx, never run.
func (c *Client) build(a apispec.Action, region string, keys *credentials.Keys, body []byte) (*http.Request, error) {
	ep := c.endpoints[a.Service]
	r := &rawRequest{BaseRequest: &tchttp.BaseRequest{}, body: body}
	r.Init().WithApiInfo(a.Service, a.Version, a.Name)
	r.SetScheme(ep.Scheme)
	r.SetDomain(ep.Host)
	r.SetPath("/")
	r.SetHttpMethod(http.MethodPost)
	var cred common.CredentialIface
	if keys != nil {
		cred = sdkKeys(*keys)
	} else {
		r.SetSkipSign(true) // the SDK then sends "Authorization: SKIP"
	}
	capture := &capture{}
	if err := common.NewCommonClient(cred, region, sdkProfile).WithHttpTransport(capture).Send(r, &tchttp.BaseResponse{}); err != nil || capture.req == nil {
		var sdkErr *tcerr.TencentCloudSDKError
		if errors.As(err, &sdkErr) {
			err = errors.New(sdkErr.Code) // its message may quote the request
		}
		return nil, &ClientError{Action: a.Name, Problem: fmt.Sprintf("the SDK could not build it: %v", err)}
	}
	return capture.req, nil
}

// sdkProfile switches off what the client does itself: the region breaker
// would reroute calls to another domain.
var sdkProfile = func() *profile.ClientProfile {
	p := profile.NewClientProfile()
	p.Language = "en-US"
	p.DisableRegionBreaker = true
	p.NetworkFailureMaxRetries = 0
	p.RateLimitExceededMaxRetries = 0
	p.HttpProfile.ReqMethod = http.MethodPost
	p.HttpProfile.ReqTimeout = 0 // each attempt has a context deadline instead
	return p
}()

// rawRequest is a request whose parameters are already JSON: the provider
// encodes them with encoding/json, which keeps a 64-bit UIN exact.
type rawRequest struct {
	*tchttp.BaseRequest
	body []byte
}

func (r *rawRequest) MarshalJSON() ([]byte, error) { return r.body, nil }

// sdkKeys are keys as the SDK's signer asks for them.
type sdkKeys credentials.Keys

func (k sdkKeys) GetCredential() (string, string, string) { return k.SecretID, k.SecretKey, k.Token }
func (k sdkKeys) GetSecretId() string                     { return k.SecretID }
func (k sdkKeys) GetSecretKey() string                    { return k.SecretKey }
func (k sdkKeys) GetToken() string                        { return k.Token }

// capture is the SDK's transport: it keeps the request and answers with an
// empty success, which is all the SDK then parses.
type capture struct {
	req *http.Request
}

func (c *capture) RoundTrip(req *http.Request) (*http.Response, error) {
	c.req = req
	return &http.Response{
		StatusCode: http.StatusOK,
		Header:     http.Header{"Content-Type": {"application/json"}},
		Body:       io.NopCloser(strings.NewReader(`{"Response":{}}`)),
		Request:    req,
	}, nil
}

// headerNames says what a header carries, for messages that must not quote
// it.
var headerNames = map[string]string{
	"Authorization": "the secret ID (in the signature)",
	"X-Tc-Token":    "the security token",
	"X-Tc-Region":   "the region",
	"User-Agent":    "the user agent",
}

// checkHeaders finds the control characters net/http would refuse, so the
// failure names the setting at fault instead of passing for a network
// error. The value is never shown: it may be a credential.
func checkHeaders(action string, h http.Header) error {
	for name, values := range h {
		for _, v := range values {
			if i := strings.IndexFunc(v, func(r rune) bool { return (r < 0x20 && r != '\t') || r == 0x7f }); i >= 0 {
				what := headerNames[name]
				if what == "" {
					what = "header " + name
				}
				return &ClientError{Action: action, Problem: fmt.Sprintf("%s contains a control character (byte %d): check where it is configured", what, i)}
			}
		}
	}
	return nil
}
