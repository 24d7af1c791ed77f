// Package e2e tests the provider as users run it: a binary built from this
// tree, installed through dev_overrides and driven by the real terraform CLI
// against the fake server. It executes every configuration under examples/
// (the ones the docs show, the policy recipes and the demo), so the
// documentation cannot show code that does not work, and checks that no
// secret reaches a log, a diagnostic or a plan. It has tests only.
package e2e
