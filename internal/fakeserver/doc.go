// Package fakeserver is a recorded stand-in for the two Tencent Cloud API 3.0
// actions the provider calls (csip DescribeSkillScanPayInfo and
// intlpartnersmgt DescribeCustomerBillSummary) plus STS AssumeRole.
//
// It is a real net/http server on a loopback port, so the code under test runs
// its whole HTTP stack, including TC3-HMAC-SHA256 signing: the server verifies
// signatures instead of trusting them, which is what lets tests catch signing,
// clock and token bugs before they reach the live API.
//
// Answers for the two product actions come from cassettes (JSON files under
// testdata/cassettes, embedded in the binary); AssumeRole is answered
// dynamically with random temporary keys that the server then accepts (with
// their token, until they expire). Faults can be queued per action, every
// request is logged, and per-action token buckets mimic the live rate limits.
//
// Processing order for each request:
//
//	injected fault → action lookup → authentication → rate limit → answer
//
// The recorder (Record, RecordFile) replays a cassette's requests against the
// live API and rewrites the cassette with scrubbed live answers; it refuses to
// run unless TCINTL_RECORD=1.
package fakeserver
