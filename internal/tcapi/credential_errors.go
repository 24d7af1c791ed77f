package tcapi

import (
	"fmt"
	"net/http"
)

// CredentialKind says which way of obtaining temporary keys failed.
type CredentialKind int

const (
	// KindAssumeRole is STS AssumeRole signed with the base keys.
	KindAssumeRole CredentialKind = iota
	// KindWebIdentity is STS AssumeRoleWithWebIdentity with an OIDC token.
	KindWebIdentity
	// KindCVMRole is the CVM metadata service.
	KindCVMRole
)

// CredentialError is a failure to obtain the keys that sign a call: STS
// refusing AssumeRole or an OIDC token, the metadata service answering no
// keys, a token file that cannot be used. Its own retries are already spent.
type CredentialError struct {
	Kind CredentialKind
	// RoleArn is the role of AssumeRole or of the web identity exchange.
	RoleArn string
	// RoleName is the CVM instance role.
	RoleName string
	Err      error
	// hint is what to do, from the source that knows its settings' names.
	hint string
}

func (e *CredentialError) Error() string {
	switch e.Kind {
	case KindWebIdentity:
		return fmt.Sprintf("assuming role %s with web identity: %v", e.RoleArn, e.Err)
	case KindCVMRole:
		return fmt.Sprintf("getting the keys of CVM instance role %s: %v", e.RoleName, e.Err)
	}
	return fmt.Sprintf("assuming role %s: %v", e.RoleArn, e.Err)
}

func (e *CredentialError) Unwrap() error { return e.Err }

// Summary completes "<action> failed: ..." in a diagnostic's summary.
func (e *CredentialError) Summary() string {
	switch e.Kind {
	case KindWebIdentity:
		return "could not assume role with web identity"
	case KindCVMRole:
		return "could not get the CVM instance role's keys"
	}
	return "could not assume role"
}

// Failure is the first sentence of a diagnostic's detail, without a full
// stop: the error follows it.
func (e *CredentialError) Failure() string {
	switch e.Kind {
	case KindWebIdentity:
		return fmt.Sprintf("Exchanging the OIDC token for keys of the role %s through STS AssumeRoleWithWebIdentity failed", e.RoleArn)
	case KindCVMRole:
		return fmt.Sprintf("Getting the keys of the CVM instance role %s from the instance metadata service failed", e.RoleName)
	}
	return fmt.Sprintf("Assuming the role %s through STS failed", e.RoleArn)
}

// Hint says what to do, or "" when the error code's own advice applies.
func (e *CredentialError) Hint() string {
	return e.hint
}

// MetadataError is an answer of the CVM metadata service that holds no
// keys. It never quotes the answer, which may hold some.
type MetadataError struct {
	// Path is the metadata path asked for.
	Path string
	// StatusCode is the HTTP status, when that was the problem.
	StatusCode int
	// Code is the answer's Code when it was not Success.
	Code string
	// Problem describes any other defect of the answer.
	Problem string
}

func (e *MetadataError) Error() string {
	switch {
	case e.StatusCode == http.StatusNotFound:
		return fmt.Sprintf("the metadata service has nothing at %s (HTTP 404)", e.Path)
	case e.StatusCode != 0:
		return fmt.Sprintf("the metadata service answered %s with HTTP status %d", e.Path, e.StatusCode)
	case e.Code != "":
		return fmt.Sprintf("the metadata service answered %s with Code %q instead of Success", e.Path, e.Code)
	}
	return fmt.Sprintf("the metadata service's answer for %s %s", e.Path, e.Problem)
}
