package fakeserver

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
)

// Cassette is one scenario: a list of requests and the answers to serve for
// them, transcribed from the API reference or constructed.
type Cassette struct {
	Scenario string `json:"scenario"`
	// Source says where the answers come from (transcribed or constructed),
	// so nobody mistakes a hand-written answer for live behaviour.
	Source       string        `json:"source"`
	Interactions []Interaction `json:"interactions"`
}

// Interaction is one request and its answer.
type Interaction struct {
	Request InteractionRequest `json:"request"`
	// Response is the whole `{"Response": {...}}` document. It stays raw so
	// numbers reach the client exactly as written (a float64 round trip
	// would turn 98765432109876.54321 into something else).
	Response json.RawMessage `json:"response"`
}

// InteractionRequest identifies a request. Body is compared by canonical JSON.
type InteractionRequest struct {
	Action  string          `json:"action"`
	Version string          `json:"version"`
	Body    json.RawMessage `json:"body,omitempty"`
}

//go:embed testdata/cassettes/*.json
var embeddedCassettes embed.FS

const embeddedDir = "testdata/cassettes"

// ScenarioNames lists the embedded cassettes, sorted.
func ScenarioNames() []string {
	entries, err := embeddedCassettes.ReadDir(embeddedDir)
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".json"); ok && !e.IsDir() {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// Cassettes loads embedded cassettes by scenario name, in the order given.
// With no names it loads all of them in ScenarioNames order.
func Cassettes(names ...string) ([]Cassette, error) {
	if len(names) == 0 {
		names = ScenarioNames()
	}
	out := make([]Cassette, 0, len(names))
	for _, name := range names {
		b, err := embeddedCassettes.ReadFile(embeddedDir + "/" + name + ".json")
		if err != nil {
			return nil, fmt.Errorf("fakeserver: no embedded scenario %q (have %s)", name, strings.Join(ScenarioNames(), ", "))
		}
		c, err := ParseCassette(b)
		if err != nil {
			return nil, fmt.Errorf("fakeserver: embedded scenario %q: %w", name, err)
		}
		out = append(out, c)
	}
	return out, nil
}

// LoadCassetteFile reads and validates one cassette file.
func LoadCassetteFile(path string) (Cassette, error) {
	b, err := os.ReadFile(path) //nolint:gosec // the caller names the cassette to load
	if err != nil {
		return Cassette{}, fmt.Errorf("fakeserver: %w", err)
	}
	c, err := ParseCassette(b)
	if err != nil {
		return Cassette{}, fmt.Errorf("fakeserver: %s: %w", path, err)
	}
	return c, nil
}

// LoadCassetteDir loads every *.json file of dir, sorted by file name (which
// decides who wins when two cassettes answer the same request).
func LoadCassetteDir(dir string) ([]Cassette, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, fmt.Errorf("fakeserver: %w", err)
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("fakeserver: no *.json cassettes in %s", dir)
	}
	sort.Strings(paths)
	out := make([]Cassette, 0, len(paths))
	for _, p := range paths {
		c, err := LoadCassetteFile(p)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// ParseCassette decodes and validates a cassette document. Unknown fields are
// rejected so a typo in a hand-written cassette fails loudly.
func ParseCassette(b []byte) (Cassette, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var c Cassette
	if err := dec.Decode(&c); err != nil {
		return Cassette{}, fmt.Errorf("decoding cassette: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Cassette{}, errors.New("decoding cassette: trailing data after the document")
	}
	if c.Scenario == "" {
		return Cassette{}, errors.New("cassette has no scenario name")
	}
	for i, in := range c.Interactions {
		if _, err := in.check(); err != nil {
			return Cassette{}, fmt.Errorf("interaction %d: %w", i, err)
		}
	}
	return c, nil
}

// servedAnswer is an interaction prepared for serving.
type servedAnswer struct {
	body     []byte // compact; numbers untouched
	code     string // error code inside the answer, "" for success
	scenario string
}

// check validates an interaction and prepares its answer.
func (in Interaction) check() (servedAnswer, error) {
	spec, ok := apispec.Lookup(in.Request.Action)
	switch {
	case !ok:
		return servedAnswer{}, fmt.Errorf("unknown action %q (known: %s)", in.Request.Action, knownActionNames())
	case dynamic(spec.Name):
		return servedAnswer{}, fmt.Errorf("action %s is answered by the server itself, not by cassettes", spec.Name)
	case in.Request.Version != spec.Version:
		return servedAnswer{}, fmt.Errorf("action %s has version %s, not %q", spec.Name, spec.Version, in.Request.Version)
	}
	if _, err := canonicalBody(in.Request.Body); err != nil {
		return servedAnswer{}, fmt.Errorf("request body: %w", err)
	}
	code, err := answerCode(in.Response)
	if err != nil {
		return servedAnswer{}, fmt.Errorf("response: %w", err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, in.Response); err != nil {
		return servedAnswer{}, fmt.Errorf("response: %w", err)
	}
	return servedAnswer{body: compact.Bytes(), code: code}, nil
}

// matchKey is what a request is matched on.
type matchKey struct {
	action, version, body string
}

// buildIndex merges the interactions of all cassettes. When two interactions
// match the same request the first one loaded wins, so callers control
// precedence by the order of Config.Cassettes.
func buildIndex(cassettes []Cassette) (map[matchKey]servedAnswer, error) {
	index := make(map[matchKey]servedAnswer)
	for _, c := range cassettes {
		for i, in := range c.Interactions {
			a, err := in.check()
			if err != nil {
				return nil, fmt.Errorf("fakeserver: cassette %q interaction %d: %w", c.Scenario, i, err)
			}
			body, _ := canonicalBody(in.Request.Body) // checked above
			k := matchKey{in.Request.Action, in.Request.Version, body}
			if _, taken := index[k]; taken {
				continue
			}
			a.scenario = c.Scenario
			index[k] = a
		}
	}
	return index, nil
}

// canonicalBody decodes a request body (numbers kept as written) and
// re-encodes it with sorted keys and no insignificant whitespace, so key order
// and formatting do not affect matching. An empty body is the same as {}.
// Numbers are compared by their literal: 1 and 1.0 differ.
func canonicalBody(body []byte) (string, error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return "{}", nil
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return "", fmt.Errorf("not valid JSON: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return "", errors.New("not valid JSON: trailing data after the object")
	}
	if _, ok := v.(map[string]any); !ok {
		return "", errors.New("not a JSON object")
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.TrimSuffix(out.String(), "\n"), nil
}

// encodeCassette renders a cassette the way the committed files look:
// two-space indent, no HTML escaping, key order inside bodies preserved.
func encodeCassette(c Cassette) ([]byte, error) {
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(c); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
