// Package tcapi is the one Tencent Cloud API client of the provider.
//
// A Client is built once per configured provider and shared by every data
// source. Every call, the data source actions' and STS's alike, takes one
// path: it waits for its turn under the action's rate limit (package
// pacing), is built and signed by the SDK's common module (TC3-HMAC-SHA256),
// sent, and its answer read and decoded once, strictly, into the action's
// answer type; failures that can pass are retried with backoff and jitter
// within a deadline per lookup, and identical lookups of one run are sent
// once. Amounts are exact decimals (package decimal), never float64, and
// failures are typed errors (APIError, DecodeError, HTTPStatusError, ...)
// that carry no secret; what to tell the user about them is the data
// sources' business.
package tcapi
