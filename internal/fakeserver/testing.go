package fakeserver

import "testing"

// StartTest starts a server for a test with cfg.Cassettes followed by the
// named embedded scenarios (so cfg's cassettes win on conflicts), closes it
// when the test ends, and then fails the test once for each request neither
// a cassette nor the book answered: an unanswered request is a gap in the scenario, not
// something to shrug off. A test that sends such requests on purpose can
// call ResetLog before it ends.
func StartTest(t testing.TB, cfg Config, scenarios ...string) *Server {
	t.Helper()
	if len(scenarios) > 0 {
		named, err := Cassettes(scenarios...)
		if err != nil {
			t.Fatalf("fakeserver: %v", err)
		}
		cfg.Cassettes = append(append([]Cassette(nil), cfg.Cassettes...), named...)
	}
	s, err := Start(cfg)
	if err != nil {
		t.Fatalf("fakeserver: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("fakeserver: close: %v", err)
		}
		for _, r := range s.Unmatched() {
			t.Errorf("fakeserver: no answer for %s (version %s) with body %s", r.Action, r.Version, r.CanonicalBody)
		}
	})
	return s
}
