package pacing

import (
	"crypto/tls"
	"errors"
	"fmt"
	"strings"

	"github.com/redis/go-redis/v9"
)

// CoordinatorFailure is the kind of a coordinator's failure, which says
// what to do about it.
type CoordinatorFailure int

const (
	// CoordinatorMisconfigured is a URL, CA file or key prefix that cannot
	// be used, found before any connection.
	CoordinatorMisconfigured CoordinatorFailure = iota + 1
	// CoordinatorRefused is a coordinator that answered no: a refused
	// password or user (WRONGPASS, NOAUTH), an ACL user without the rights
	// the pace needs (NOPERM), or another error it answered.
	CoordinatorRefused
	// CoordinatorUntrusted is a TLS connection that failed: a certificate
	// that does not verify against the system's roots and the CA file, a
	// name it does not cover, a server that does not speak TLS.
	CoordinatorUntrusted
	// CoordinatorUnreachable is a coordinator that could not be reached or
	// did not answer within CoordinatorTimeout, or said it is busy.
	CoordinatorUnreachable
)

// CoordinatorError is a coordinator that cannot be used. Its message quotes
// the URL with the password as *** and never holds the password.
type CoordinatorError struct {
	Kind CoordinatorFailure
	// Coordinator is the URL with its password as ***; empty when there
	// was no URL.
	Coordinator string
	Err         error
}

// Permanent reports a failure that does not fix itself (the configuration,
// the credentials, the certificate): every failure but an unreachable
// coordinator.
func (e *CoordinatorError) Permanent() bool { return e.Kind != CoordinatorUnreachable }

func (e *CoordinatorError) Error() string {
	name := "coordinator"
	if e.Coordinator != "" {
		name += " " + e.Coordinator
	}
	switch e.Kind {
	case CoordinatorRefused:
		return fmt.Sprintf("%s refused: %v", name, e.Err)
	case CoordinatorUntrusted:
		return fmt.Sprintf("%s: TLS failed: %v", name, e.Err)
	case CoordinatorUnreachable:
		return fmt.Sprintf("%s unreachable: %v", name, e.Err)
	default:
		return fmt.Sprintf("%s: %v", name, e.Err)
	}
}

func (e *CoordinatorError) Unwrap() error { return e.Err }

// transientReplies start the answers of a coordinator that is there but
// cannot serve for now (loading its data, a long script, a failover, full).
var transientReplies = []string{"LOADING", "BUSY", "TRYAGAIN", "MASTERDOWN", "CLUSTERDOWN", "READONLY", "OOM", "ERR max number of clients"}

// classify tells what kind of failure err is.
func classify(err error) CoordinatorFailure {
	var (
		verify   *tls.CertificateVerificationError
		header   tls.RecordHeaderError
		alert    tls.AlertError
		redisErr redis.Error
	)
	switch {
	case errors.As(err, &verify), errors.As(err, &header), errors.As(err, &alert):
		return CoordinatorUntrusted
	case errors.As(err, &redisErr):
		msg := redisErr.Error()
		for _, p := range transientReplies {
			if strings.HasPrefix(msg, p) {
				return CoordinatorUnreachable
			}
		}
		return CoordinatorRefused
	}
	return CoordinatorUnreachable
}
