package datasources

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/credentials"
	"github.com/tcintl/terraform-provider-tcintl/internal/flight"
	"github.com/tcintl/terraform-provider-tcintl/internal/pacing"
	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"
)

// errorDiagnostic turns a failed call into the summary and detail of a
// diagnostic: the summary names the action, the detail has the code, the
// message, the request ID and what to do about it. keysFrom says where the
// keys came from.
func errorDiagnostic(action string, err error, keysFrom string) (summary, detail string) {
	if errors.Is(err, context.Canceled) {
		return action + " cancelled", "The read was cancelled before the API answered."
	}
	var missing *credentials.MissingError
	if errors.As(err, &missing) {
		return "No credentials for Tencent Cloud", missing.Detail
	}

	var b strings.Builder
	var (
		apiErr  *tcapi.APIError
		decErr  *tcapi.DecodeError
		credErr *credentials.CredentialError
	)
	summary = action + " failed"
	switch {
	case errors.As(err, &credErr):
		what, failure := credentialFailure(credErr)
		summary = action + " failed: " + what
		b.WriteString(failure)
		if errors.As(err, &apiErr) {
			b.WriteString(".\n\n" + apiDetail(apiErr))
		} else {
			fmt.Fprintf(&b, ": %v", credErr.Err)
		}
	case errors.As(err, &apiErr):
		b.WriteString(apiDetail(apiErr))
	case errors.As(err, &decErr):
		summary = action + " returned an answer the provider cannot read"
		fmt.Fprintf(&b, "Problem: %s: %s\nRequest ID: %s", decErr.Where(), decErr.Problem, cmp.Or(decErr.RequestID, "none"))
	default:
		fmt.Fprintf(&b, "Error: %v", err)
	}
	var retryErr *tcapi.RetryError
	switch n := tcapi.Attempts(err); {
	case errors.As(err, &retryErr) && retryErr.Deadline > 0:
		fmt.Fprintf(&b, "\nAttempts: %d (the lookup's deadline ended the retries)", n)
	case n > 1:
		fmt.Fprintf(&b, "\nAttempts: %d (the retry budget, max_retries, is spent)", n)
	}
	b.WriteString("\n\n")
	b.WriteString(hint(action, err, keysFrom))
	return summary, b.String()
}

func apiDetail(e *tcapi.APIError) string {
	return fmt.Sprintf("Error code: %s\nMessage: %s\nRequest ID: %s", cmp.Or(e.Code, "none"), e.Message, cmp.Or(e.RequestID, "none"))
}

// credentialFailure completes "<action> failed: ..." and says what failed,
// as the first sentence of the detail without a full stop: the error
// follows it.
func credentialFailure(e *credentials.CredentialError) (summary, failure string) {
	switch {
	case e.WebIdentity != nil:
		return "could not assume role with web identity",
			fmt.Sprintf("Exchanging the OIDC token for keys of the role %s through STS AssumeRoleWithWebIdentity failed", e.WebIdentity.RoleArn)
	case e.CVMRole != nil:
		return "could not get the CVM instance role's keys",
			fmt.Sprintf("Getting the keys of the CVM instance role %s from the instance metadata service failed", e.CVMRole.RoleName)
	case e.AssumeRole != nil:
		return "could not assume role", fmt.Sprintf("Assuming the role %s through STS failed", e.AssumeRole.RoleArn)
	}
	return "could not get keys", "Getting keys failed"
}

// hint says what to do about err.
func hint(action string, err error, keysFrom string) string {
	var (
		decErr    *tcapi.DecodeError
		timeout   *tcapi.TimeoutError
		statusErr *tcapi.HTTPStatusError
		malformed *tcapi.MalformedAnswerError
		credErr   *credentials.CredentialError
		clientErr *tcapi.ClientError
		panicErr  *flight.PanicError
		retryErr  *tcapi.RetryError
		apiErr    *tcapi.APIError
		waitErr   *pacing.WaitError
		tooLong   *tcapi.ListTooLongError
	)
	code := tcapi.ErrorCode(err)
	switch {
	case errors.As(err, &panicErr):
		return "This is a bug in the provider. Please report it to the maintainers with the provider's log (TF_LOG_PROVIDER=DEBUG)."
	case errors.As(err, &clientErr):
		return "The request was not sent: a setting makes it invalid. Fix the setting the message names; retrying cannot help."
	case errors.As(err, &credErr):
		if h := credentialHint(credErr); h != "" {
			return h
		}
	case errors.As(err, &waitErr):
		return fmt.Sprintf("Every turn under %s's rate limit went to other calls with the same keys for as long as a lookup waits for its turns "+
			"(its longest wait for a turn once per attempt): other plans on this machine, or on other machines through the coordinator. "+
			"Let long jobs leave room (rate_limits below the limit), or raise max_retries, which lets a lookup wait longer.", waitErr.Action)
	case errors.As(err, &tooLong):
		return "The provider reads at most that many entries in one read, so that no answer can keep a plan reading. " +
			"If the account really has that many, narrow the read (a filter where the data source has one) or tell the provider's maintainers."
	}
	switch {
	case code == "UnauthorizedOperation.UinNoAuth" && (action == apispec.CustomerUin || action == apispec.PartnerCredit || action == apispec.CustomersCredit):
		return "Only distributors, second-level resellers and resellers have customers and credit to read, and the provider's credentials (from " + keysFrom +
			") are not a partner account's. Use the keys of the distributor or reseller account, or of a CAM user of it."
	case code == "InvalidParameterValue.InvalidUin":
		return "The API does not take that customer UIN: check filter (with filter_type ClientUin it is a customer's UIN)."
	case code == "FailedOperation":
		return "The API could not do it and said no more than the message. Try again later; if it persists, open a ticket quoting the request ID."
	case code == "UnauthorizedOperation.UinNoAuth":
		return "Only distributors, second-level resellers and resellers can read a customer's bill, and only for customers they manage. " +
			"Check customer_uin, and that the provider's credentials (from " + keysFrom + ") belong to the partner account that manages this customer."
	case code == "InvalidParameterValue.InvalidMonth":
		return "Check month: it must be YYYY-MM (e.g. 2023-01) and a month the API has bills for; a month in the future has none."
	case code == "AuthFailure.SignatureFailure":
		return "The signature did not match: the secret key does not belong to the secret ID. Check the keys from " + keysFrom +
			" (their values are never shown here), and that nothing re-wrote the request on the way, such as a proxy."
	case code == "AuthFailure.SecretIdNotFound":
		return "The secret ID does not exist or was disabled. Check the secret ID from " + keysFrom + ", and that the key is active in the CAM console."
	case code == "AuthFailure.SignatureExpire":
		return "The request's timestamp is more than 5 minutes away from Tencent Cloud's clock. Synchronise this machine's clock (NTP), then retry."
	case code == "AuthFailure.TokenFailure":
		return "The security token is invalid or has expired (the keys came from " + keysFrom + "). Keys given with a token expire: " +
			"get new ones, or let the provider obtain and renew them (assume_role, assume_role_with_web_identity, cam_role_name). " +
			"Keys the provider renews itself expire only if this machine's clock is wrong: synchronise it (NTP)."
	case code == "AuthFailure.UnauthorizedOperation", tcapi.HasCodePrefix(code, "UnauthorizedOperation"):
		return fmt.Sprintf("The CAM identity behind the credentials (from %s) may not call %s. Grant it in CAM, or use other credentials.", keysFrom, action)
	case tcapi.HasCodePrefix(code, "AuthFailure"):
		return "Check the credentials (from " + keysFrom + ") and this machine's clock."
	case tcapi.HasCodePrefix(code, "RequestLimitExceeded"):
		limit := ""
		if a, ok := apispec.Lookup(action); ok && a.RateLimit > 0 {
			limit = fmt.Sprintf(" (%g per second for %s)", a.RateLimit, action)
		}
		return "The API's rate limit" + limit + " was still exceeded after every retry: another client uses this account's limit, " +
			"such as a run on another machine with the same keys, or another tool. A run that calls at the full limit for minutes " +
			"(a whole book of bills) leaves nothing to the others until it ends: give such runs rate_limits below the limit to leave room, " +
			"or point every machine at one coordinator (coordination) to share the limit exactly, or raise max_retries here to wait longer."
	case code == "OperationDenied.ServiceBusy":
		return "The service stayed busy through every retry. Try again in a few minutes, or raise max_retries."
	case tcapi.HasCodePrefix(code, "InternalError"):
		return "Tencent Cloud failed internally through every retry. Try again later; if it persists, open a ticket quoting the request ID."
	case code == "InvalidAction", code == "UnsupportedOperation":
		return "The API does not offer this action at this endpoint. Check domain (the international site is " + tcapi.DefaultDomain + ") and endpoints."
	case code != "":
		return "See the Tencent Cloud API documentation for this error code, and quote the request ID when contacting support."
	case errors.As(err, &apiErr) && code == "":
		return "The API reported an error without a code; the message is all it said. Quote the request ID when contacting support."
	case errors.As(err, &decErr):
		return "The API answered in a shape the provider does not expect. Please report this to the provider's maintainers with the request ID."
	case errors.As(err, &retryErr) && retryErr.Deadline > 0:
		return fmt.Sprintf("The lookup used up its deadline of %s (request_timeout plus the backoff of max_retries retries) on an endpoint that answers slowly or not at all. "+
			"Check the network path to the endpoint (proxy settings: HTTPS_PROXY, NO_PROXY) and the endpoints block, or raise request_timeout.", retryErr.Deadline)
	case errors.As(err, &timeout):
		return "The API did not answer in time. Check the network path to the endpoint (proxy settings: HTTPS_PROXY, NO_PROXY), or raise request_timeout."
	case errors.As(err, &malformed) && !malformed.Transient:
		return "That is not an answer of the Tencent Cloud API: check endpoints and any proxy in between (HTTPS_PROXY) that may answer in its stead."
	case errors.As(err, &statusErr), errors.As(err, &malformed):
		return "Something between the provider and the API (a gateway or proxy) failed. Try again later; check HTTPS_PROXY and endpoints if it persists."
	}
	return "Check the network path to the endpoint (DNS, firewall, proxy settings HTTPS_PROXY and NO_PROXY) and the endpoints block."
}

// credentialHint says what to do about keys that could not be had, or ""
// when the error code's own advice applies.
func credentialHint(e *credentials.CredentialError) string {
	var expired *credentials.ExpiredError
	if errors.As(e, &expired) {
		return "Temporary keys live minutes to hours, so keys that arrive expired mean this machine's clock is wrong (or the service's): synchronise it (NTP), then retry."
	}
	switch {
	case e.WebIdentity != nil:
		return webIdentityHint(e.Err, e.WebIdentity)
	case e.CVMRole != nil:
		return cvmRoleHint(e.Err, e.CVMRole)
	case tcapi.ErrorCode(e.Err) == "":
		return "Check role_arn and that the base keys may call sts:AssumeRole on it (the role's trust policy, and external_id if it asks for one)."
	}
	return ""
}

func webIdentityHint(err error, wi *credentials.WebIdentity) string {
	var fileErr *credentials.TokenFileError
	code := tcapi.ErrorCode(err)
	switch {
	case errors.As(err, &fileErr):
		return fmt.Sprintf("Check %s: it must name a regular file holding only the OIDC token, kept current by your pipeline or by TKE.", wi.TokenFileFrom)
	case code == "InvalidParameter.WebIdentityTokenError":
		return fmt.Sprintf("The OIDC token was refused: check provider_id and the token's audience. provider_id (%q, from %s) must name the identity provider configured in CAM, "+
			"and the token must be issued for the audience (client ID) registered there, by that provider, and not be expired.", wi.ProviderID, wi.ProviderIDFrom)
	case code == "InternalError.GetRoleError", tcapi.HasCodePrefix(code, "ResourceNotFound"):
		return "STS could not use the role: check role_arn, and that the role's trust policy lets the identity provider " + wi.ProviderID +
			" call sts:AssumeRoleWithWebIdentity on it."
	case tcapi.HasCodePrefix(code, "InvalidParameter"):
		return "STS refused a parameter of the exchange: check role_arn, session_name (" + credentials.SessionNameRule + ") and session_duration (at most " +
			fmt.Sprint(int(credentials.MaxSessionDuration.Seconds())) + ")."
	}
	return ""
}

func cvmRoleHint(err error, role *credentials.CVMRole) string {
	var (
		statusErr *tcapi.HTTPStatusError
		metaErr   *credentials.MetadataError
		retryErr  *tcapi.RetryError
		timeout   *tcapi.TimeoutError
		dnsErr    *net.DNSError
		netErr    net.Error
	)
	switch {
	case errors.As(err, &statusErr) && statusErr.StatusCode == http.StatusNotFound:
		return fmt.Sprintf("The metadata service says no CAM role is bound to this instance, or not the role %q named by %s. "+
			"Bind the role to the instance in the CVM console, or correct the name.", role.RoleName, role.RoleNameFrom)
	case errors.As(err, &metaErr) && metaErr.Code != "":
		return fmt.Sprintf("The metadata service would not hand out keys for the role %q: check that it is the role bound to this instance (%s).", role.RoleName, role.RoleNameFrom)
	case errors.As(err, &metaErr), errors.As(err, &statusErr):
		return "The answer did not come from a CVM metadata service. " + credentials.EnvMetadataURL + ", if set, must point at one (it exists for tests only)."
	case errors.As(err, &retryErr) && retryErr.Deadline > 0, errors.As(err, &timeout):
		return fmt.Sprintf("The metadata service (%s) took the whole deadline of a lookup without answering: it answers only inside a Tencent Cloud CVM instance, at once. "+
			"Use %s there, and give keys another way elsewhere.", role.MetadataURL, role.RoleNameFrom)
	case errors.As(err, &dnsErr), errors.As(err, &netErr):
		return fmt.Sprintf("The metadata service (%s) answers only inside a Tencent Cloud CVM instance: use %s there, and give keys another way elsewhere.", role.MetadataURL, role.RoleNameFrom)
	}
	return ""
}

// PacingWarning is the warning that pacing went on without a store shared
// with other processes or machines, which failed for why.
func PacingWarning(why string) (summary, detail string) {
	return "Pacing on this machine only", "Pacing with other processes or machines failed (" + why + "), so this run goes on pacing its calls without them. " +
		"Other machines or plans calling with the same keys may now have calls throttled, which are retried."
}
