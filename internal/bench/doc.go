// Package bench measures how fast a plan runs against the API's rate limits,
// and so whether the provider sits on the floor those limits set.
//
// Run builds the provider three ways (the release build, the release build
// with its client limiter off, and a build that behaves like the official
// Tencent Cloud provider), starts the recorded fake server with the live
// per-action limits, runs the real terraform CLI against it and returns the
// figures; Render writes them as BENCHMARKS.md. The entry point is
// ./internal/bench/cmd, behind `make bench`.
//
// Nothing here runs under `go test`: the figures take minutes of wall time
// and depend on the machine, so timing them belongs to `make bench`, never
// to `make test`. The package's own tests cover only the pure parts (the
// generated configurations, the process-table readers, the rendering).
package bench
