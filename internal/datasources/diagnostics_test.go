package datasources

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/credentials"
	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"
)

// Every way of failing to obtain keys gets the hint that fits it, naming
// the setting at fault where there is one.
func TestCredentialHints(t *testing.T) {
	metadataURL, _ := url.Parse("http://metadata.tencentyun.com")
	role := &credentials.CVMRole{RoleName: "ci-runner", MetadataURL: metadataURL, RoleNameFrom: "cam_role_name"}
	wi := &credentials.WebIdentity{ProviderID: "github-oidc", ProviderIDFrom: "TENCENTCLOUD_WEB_IDENTITY_PROVIDER_ID", TokenFileFrom: "web_identity_token_file", RoleArn: "qcs::cam::uin/1:roleName/ci"}
	assume := &credentials.AssumeRole{RoleArn: "qcs::cam::uin/1:roleName/ops"}
	sts := func(code string) error {
		return &tcapi.APIError{Action: "AssumeRole", Code: code, Message: "refused", RequestID: "r-1"}
	}
	tests := []struct {
		name string
		err  *credentials.CredentialError
		want []string
	}{
		{"no role bound to the instance", &credentials.CredentialError{CVMRole: role, Err: &tcapi.HTTPStatusError{StatusCode: http.StatusNotFound, Status: "404 Not Found"}},
			[]string{"no CAM role is bound to this instance", `"ci-runner"`, "cam_role_name"}},
		{"metadata Code not Success", &credentials.CredentialError{CVMRole: role, Err: &credentials.MetadataError{Code: "Failure"}},
			[]string{"would not hand out keys", `"ci-runner"`, "(cam_role_name)"}},
		{"metadata answer lacks a field", &credentials.CredentialError{CVMRole: role, Err: &credentials.MetadataError{Problem: "has no TmpSecretId"}},
			[]string{"did not come from a CVM metadata service", credentials.EnvMetadataURL}},
		{"metadata service answers 500", &credentials.CredentialError{CVMRole: role, Err: &tcapi.HTTPStatusError{StatusCode: http.StatusInternalServerError, Status: "500"}},
			[]string{"did not come from a CVM metadata service"}},
		{"metadata service silent to the deadline", &credentials.CredentialError{CVMRole: role, Err: &tcapi.RetryError{Attempts: 3, Deadline: 45 * time.Second, Err: &tcapi.TimeoutError{Timeout: 30 * time.Second}}},
			[]string{"took the whole deadline", "http://metadata.tencentyun.com", "Use cam_role_name there"}},
		{"metadata service refuses connections", &credentials.CredentialError{CVMRole: role, Err: &net.OpError{Op: "dial", Err: &timeoutErr{}}},
			[]string{"answers only inside a Tencent Cloud CVM instance", "cam_role_name"}},
		{"metadata host does not resolve", &credentials.CredentialError{CVMRole: role, Err: &net.DNSError{Name: "metadata.tencentyun.com", IsNotFound: true}},
			[]string{"answers only inside a Tencent Cloud CVM instance"}},
		{"OIDC token refused", &credentials.CredentialError{WebIdentity: wi, Err: sts("InvalidParameter.WebIdentityTokenError")},
			[]string{"check provider_id", `"github-oidc"`, "TENCENTCLOUD_WEB_IDENTITY_PROVIDER_ID", "audience"}},
		{"web identity: no such role", &credentials.CredentialError{WebIdentity: wi, Err: sts("ResourceNotFound.RoleNotExist")},
			[]string{"check role_arn", "trust policy lets the identity provider github-oidc"}},
		{"web identity: role lookup failed", &credentials.CredentialError{WebIdentity: wi, Err: sts("InternalError.GetRoleError")},
			[]string{"check role_arn"}},
		{"web identity: a parameter refused", &credentials.CredentialError{WebIdentity: wi, Err: sts("InvalidParameter.DurationSeconds")},
			[]string{"session_name", "session_duration (at most 43200)"}},
		{"token file unusable", &credentials.CredentialError{WebIdentity: wi, Err: &credentials.TokenFileError{Err: errors.New("is a directory")}},
			[]string{"Check web_identity_token_file", "regular file"}},
		{"keys arrived expired", &credentials.CredentialError{AssumeRole: assume, Err: &credentials.ExpiredError{Expires: time.Unix(0, 0), Now: time.Unix(3600, 0)}},
			[]string{"clock is wrong", "NTP"}},
		{"assume_role without an API code", &credentials.CredentialError{AssumeRole: assume, Err: errors.New("connection reset")},
			[]string{"Check role_arn", "sts:AssumeRole", "external_id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			summary, detail := errorDiagnostic("DescribeCustomerUin", tt.err, "secret_id and secret_key")
			if !strings.HasPrefix(summary, "DescribeCustomerUin failed: ") {
				t.Errorf("summary %q names no failing source", summary)
			}
			for _, want := range tt.want {
				if !strings.Contains(detail, want) {
					t.Errorf("detail lacks %q:\n%s", want, detail)
				}
			}
		})
	}
}

// The hint of one class must not be given for another: a role refused by
// STS is no reason to check the token file.
func TestCredentialHintsDoNotOverlap(t *testing.T) {
	wi := &credentials.WebIdentity{ProviderID: "p", TokenFileFrom: "web_identity_token_file"}
	_, detail := errorDiagnostic("A", &credentials.CredentialError{WebIdentity: wi, Err: &tcapi.APIError{Code: "ResourceNotFound.RoleNotExist"}}, "")
	if strings.Contains(detail, "web_identity_token_file") || strings.Contains(detail, "provider_id") {
		t.Errorf("a missing role got another class's hint:\n%s", detail)
	}
	if summary, _ := errorDiagnostic("A", context.Canceled, ""); summary != "A cancelled" {
		t.Errorf("a cancelled read: %q", summary)
	}
}

type timeoutErr struct{}

func (*timeoutErr) Error() string   { return "connection refused" }
func (*timeoutErr) Timeout() bool   { return false }
func (*timeoutErr) Temporary() bool { return false }
