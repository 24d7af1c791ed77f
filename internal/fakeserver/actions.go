package fakeserver

import (
	"math"
	"slices"
	"strings"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
)

// knownActionNames lists them for error messages.
func knownActionNames() string {
	var names []string
	for _, a := range apispec.Actions() {
		names = append(names, a.Name)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// defaultLimit is the bucket an action gets unless Config.Limits says
// otherwise: its documented limit, or none when none is documented.
func defaultLimit(a apispec.Action) float64 {
	if a.RateLimit == 0 {
		return math.Inf(1)
	}
	return a.RateLimit
}

// dynamic reports whether the server computes an action's answers itself
// instead of reading them from cassettes.
func dynamic(action string) bool {
	return action == apispec.AssumeRole || action == apispec.AssumeRoleWithWebIdentity
}
