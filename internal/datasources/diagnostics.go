package datasources

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
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

	var b strings.Builder
	var (
		apiErr  *tcapi.APIError
		decErr  *tcapi.DecodeError
		credErr *tcapi.CredentialError
	)
	summary = action + " failed"
	switch {
	case errors.As(err, &credErr):
		summary = action + " failed: " + credErr.Summary()
		b.WriteString(credErr.Failure())
		if errors.As(err, &apiErr) {
			b.WriteString(".\n\n" + apiErr.Detail())
		} else {
			fmt.Fprintf(&b, ": %v", credErr.Err)
		}
	case errors.As(err, &apiErr):
		b.WriteString(apiErr.Detail())
	case errors.As(err, &decErr):
		summary = action + " returned an answer the provider cannot read"
		b.WriteString(decErr.Detail())
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

// hint says what to do about err.
func hint(action string, err error, keysFrom string) string {
	var (
		decErr    *tcapi.DecodeError
		timeout   *tcapi.TimeoutError
		statusErr *tcapi.HTTPStatusError
		malformed *tcapi.MalformedAnswerError
		credErr   *tcapi.CredentialError
		clientErr *tcapi.ClientError
		panicErr  *tcapi.PanicError
		retryErr  *tcapi.RetryError
		apiErr    *tcapi.APIError
	)
	code := tcapi.ErrorCode(err)
	switch {
	case errors.As(err, &panicErr):
		return "This is a bug in the provider. Please report it to the maintainers with the provider's log (TF_LOG_PROVIDER=DEBUG)."
	case errors.As(err, &clientErr):
		return "The request was not sent: a setting makes it invalid. Fix the setting the message names; retrying cannot help."
	case errors.As(err, &credErr) && credErr.Hint() != "":
		return credErr.Hint()
	case code == "UnauthorizedOperation.UinNoAuth" && action == apispec.CustomerUin:
		return "Only distributors, second-level resellers and resellers have customers to list, and the provider's credentials (from " + keysFrom +
			") are not a partner account's. Use the keys of the distributor or reseller account, or of a CAM user of it."
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
			"or raise max_retries here to wait longer."
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
