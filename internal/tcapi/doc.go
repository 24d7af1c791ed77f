// Package tcapi is the one Tencent Cloud API client of the provider.
//
// A Client is built once per configured provider and shared by every data
// source. Requests are signed by the SDK's common client (TC3-HMAC-SHA256);
// around it this package adds what Terraform needs and the SDK does not give:
//
//   - a token-bucket limiter per action at the documented limits, shared by all
//     reads of one provider instance, whose waits honour the context;
//   - bounded retries with exponential backoff and jitter that honour the
//     context (the SDK's own sleep-based retries stay off);
//   - identical calls (same action, same parameters) sent once per process;
//   - exact decoding: a monetary amount never passes through float64;
//   - typed errors (APIError, DecodeError, HTTPStatusError, RetryError).
//
// The request and response types follow the shape of the SDK's generated
// product packages, which the module proxy here does not serve.
package tcapi
