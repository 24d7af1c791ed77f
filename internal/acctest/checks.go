package acctest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// exactNumber checks that a number in state is written exactly as text:
// stricter than knownvalue.NumberExact, which compares values at 512 bits
// and so would accept 0.10 for 0.1.
type exactNumber struct {
	text string
}

var _ knownvalue.Check = exactNumber{}

// ExactNumber checks a state number digit for digit.
func ExactNumber(text string) knownvalue.Check {
	return exactNumber{text: text}
}

func (c exactNumber) CheckValue(v any) error {
	n, ok := v.(json.Number)
	if !ok {
		return fmt.Errorf("expected a number, got %T", v)
	}
	if n.String() != c.text {
		return fmt.Errorf("expected exactly %s, got %s", c.text, n.String())
	}
	return nil
}

func (c exactNumber) String() string { return c.text }

// expectAllAttributes checks every attribute of one resource or data source
// in state: each must have an expectation and each expectation must match,
// so an attribute added to a schema without a test fails the test.
type expectAllAttributes struct {
	address string
	want    map[string]knownvalue.Check
}

// ExpectAllAttributes checks that the attributes of address in state are
// exactly the keys of want, each matching its check.
func ExpectAllAttributes(address string, want map[string]knownvalue.Check) statecheck.StateCheck {
	return expectAllAttributes{address: address, want: want}
}

func (e expectAllAttributes) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
		resp.Error = fmt.Errorf("%s: no state", e.address)
		return
	}
	var found *tfjson.StateResource
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address == e.address {
			found = r
		}
	}
	if found == nil {
		resp.Error = fmt.Errorf("%s: not in state", e.address)
		return
	}
	var errs []error
	for name, value := range found.AttributeValues {
		check, ok := e.want[name]
		if !ok {
			errs = append(errs, fmt.Errorf("%s.%s = %v has no expectation", e.address, name, value))
			continue
		}
		if err := check.CheckValue(value); err != nil {
			errs = append(errs, fmt.Errorf("%s.%s: %w", e.address, name, err))
		}
	}
	for name := range e.want {
		if _, ok := found.AttributeValues[name]; !ok {
			errs = append(errs, fmt.Errorf("%s.%s: expected, but not in state", e.address, name))
		}
	}
	resp.Error = errors.Join(errs...)
}

// ErrorMatching matches terraform's rendering of a diagnostic that contains
// each part in order. Terraform wraps long lines and prefixes them with "│",
// so a space in a part matches any run of spaces, newlines and bars.
func ErrorMatching(parts ...string) *regexp.Regexp {
	quoted := make([]string, len(parts))
	for i, p := range parts {
		words := strings.Fields(p)
		for j, w := range words {
			words[j] = regexp.QuoteMeta(w)
		}
		quoted[i] = strings.Join(words, `[\s│]+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, `.*`))
}
