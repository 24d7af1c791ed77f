package credentials

import "fmt"

// CredentialError is a failure to obtain the keys that sign a call: STS
// refusing AssumeRole or an OIDC token, the metadata service answering no
// keys, a token file that cannot be used, keys that arrived expired. Its
// own retries are already spent. Exactly one of AssumeRole, WebIdentity and
// CVMRole says which way of obtaining keys failed.
type CredentialError struct {
	AssumeRole  *AssumeRole
	WebIdentity *WebIdentity
	CVMRole     *CVMRole
	Err         error
}

func (e *CredentialError) Error() string {
	switch {
	case e.WebIdentity != nil:
		return fmt.Sprintf("assuming role %s with web identity: %v", e.WebIdentity.RoleArn, e.Err)
	case e.CVMRole != nil:
		return fmt.Sprintf("getting the keys of CVM instance role %s: %v", e.CVMRole.RoleName, e.Err)
	case e.AssumeRole != nil:
		return fmt.Sprintf("assuming role %s: %v", e.AssumeRole.RoleArn, e.Err)
	}
	return e.Err.Error()
}

func (e *CredentialError) Unwrap() error { return e.Err }

// TokenFileError is an OIDC token file that cannot be used (at a renewal;
// Resolve reports it as a Problem).
type TokenFileError struct {
	Err error
}

func (e *TokenFileError) Error() string { return "reading the OIDC token: " + e.Err.Error() }

func (e *TokenFileError) Unwrap() error { return e.Err }

// MissingError is a call that needs keys when the settings give none.
// Detail lists the ways of giving them.
type MissingError struct {
	Detail string
}

func (e *MissingError) Error() string { return "no credentials for Tencent Cloud" }
