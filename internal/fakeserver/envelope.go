package fakeserver

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"
)

// Error codes the fake server produces itself (cassettes may carry others).
const (
	CodeSignatureFailure     = "AuthFailure.SignatureFailure"
	CodeSignatureExpire      = "AuthFailure.SignatureExpire"
	CodeSecretIDNotFound     = "AuthFailure.SecretIdNotFound"
	CodeTokenFailure         = "AuthFailure.TokenFailure"
	CodeRequestLimitExceeded = "RequestLimitExceeded"
	CodeInvalidAction        = "InvalidAction"
	CodeInvalidParameter     = "InvalidParameter"
	CodeInvalidParameterVal  = "InvalidParameterValue"
	CodeMissingParameter     = "MissingParameter"
	CodeUnknownParameter     = "UnknownParameter"
	CodeUnsupportedOperation = "UnsupportedOperation"
	CodeInternalError        = "InternalError"
	// CodeNoAnswer is not a Tencent Cloud code: it marks a request that
	// neither a loaded cassette nor the book answers, so tests notice gaps
	// in their scenarios instead of silently getting some default.
	CodeNoAnswer = "FakeServer.NoAnswer"
)

// apiError is an answer in the common error envelope.
type apiError struct {
	Code    string
	Message string
}

func newAPIError(code, format string, args ...any) *apiError {
	return &apiError{Code: code, Message: fmt.Sprintf(format, args...)}
}

type errorEnvelope struct {
	Response struct {
		Error struct {
			Code    string `json:"Code"`
			Message string `json:"Message"`
		} `json:"Error"`
		RequestId string `json:"RequestId"`
	} `json:"Response"`
}

// encodeError renders the envelope exactly as the live API shapes it.
func encodeError(code, message string) []byte {
	var env errorEnvelope
	env.Response.Error.Code = code
	env.Response.Error.Message = message
	env.Response.RequestId = newRequestID()
	b, err := json.Marshal(env)
	if err != nil {
		// Marshalling a struct of strings cannot fail; keep a valid answer anyway.
		return []byte(`{"Response":{"Error":{"Code":"InternalError","Message":"encoding failed"},"RequestId":""}}`)
	}
	return b
}

// newRequestID returns a random UUID (version 4 layout) like the live API's.
func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms.
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// clip keeps client-supplied text short in messages, so a huge body cannot
// make a huge error answer.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s…(%d bytes)", s[:cut], len(s))
}

// answerCode returns the error code of an answer ("" for a success), and
// refuses what is not an API answer at all: cassettes hold only
// {"Response": ...} documents, and an Error needs a Code.
func answerCode(raw []byte) (string, error) {
	var shape struct {
		Response *struct {
			Error *struct {
				Code string `json:"Code"`
			} `json:"Error"`
		} `json:"Response"`
	}
	if err := json.Unmarshal(raw, &shape); err != nil || shape.Response == nil {
		return "", fmt.Errorf("the answer is not a {\"Response\": ...} document: %s", clip(string(raw), 300))
	}
	if shape.Response.Error == nil {
		return "", nil
	}
	if shape.Response.Error.Code == "" {
		return "", errors.New("the answer has an Error without a Code")
	}
	return shape.Response.Error.Code, nil
}
