// Package fakeserver is a stand-in for the Tencent Cloud API 3.0 actions the
// provider calls (the table of internal/apispec), for tests, the demo, the
// benchmark and users' own pipelines.
//
// It is a real net/http server on a loopback port, so the code under test runs
// its whole HTTP stack, including TC3-HMAC-SHA256 signing: the server verifies
// signatures instead of trusting them, which is what lets tests catch signing,
// clock and token bugs before they reach the live API.
//
// Answers for the product actions come from cassettes (JSON files under
// testdata/cassettes, embedded in the binary), each saying where its answers
// come from: transcribed from the API reference or constructed; none is
// recorded from the live API. A constructed Book (Config.Book) answers the
// requests of the customer actions (DescribeCustomerUin,
// QueryCustomersCredit, DescribeCustomerBillSummary and
// DescribeBillSummaryByProduct) no cassette answers, for books larger than
// cassettes are worth writing. A request neither answers gets the
// FakeServer.NoAnswer error (CodeNoAnswer). AssumeRole and
// AssumeRoleWithWebIdentity (unsigned, with "Authorization: SKIP": any
// JWT-shaped token is taken) are answered dynamically with random temporary
// keys that the server then accepts (with their token, until they expire);
// so are GETs of the CVM metadata service's credential paths, for the role
// Config.CAMRole. Faults can be queued per action, every request is logged,
// and per-action token buckets mimic the live rate limits.
//
// Processing order for each request:
//
//	injected fault → action lookup → authentication → rate limit → answer
package fakeserver
