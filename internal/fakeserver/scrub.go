package fakeserver

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// Scrubbing: live answers carry account identifiers and, for some actions,
// secrets. Before a recorded answer is written to a cassette that will be
// committed:
//   - secret-like fields (key contains token, secret, password or signature)
//     become "SCRUBBED";
//   - UIN-like fields (Uin, OwnerUin, CustomerUin, ...Uins) and AppID-like
//     fields become fixed fake values, the same real value always mapping to
//     the same fake value within one recording, so a request's CustomerUin
//     still matches the CustomerUin in its answer;
//   - personal fields (nickname, email, phone, mobile) become "SCRUBBED";
//   - real UINs/AppIDs seen anywhere else in a string (e.g. in an error
//     Message) are replaced by their fake values too.
//
// Key order and number literals are kept, so a re-recorded cassette diffs
// cleanly against the hand-written one.

const scrubbed = "SCRUBBED"

const (
	firstFakeUin   = 100000000001
	firstFakeAppID = 1250000001
	// Shorter real values are not replaced inside free text: "1" would
	// otherwise hit every date.
	minTextReplace = 6
	maxScrubDepth  = 200
)

type fieldKind int

const (
	plainField fieldKind = iota
	secretField
	uinField
	appIDField
	personalField
)

func classifyField(key string) fieldKind {
	k := strings.ToLower(key)
	switch {
	case strings.Contains(k, "token"), strings.Contains(k, "secret"),
		strings.Contains(k, "password"), strings.Contains(k, "signature"):
		return secretField
	case strings.HasSuffix(k, "uin"), strings.HasSuffix(k, "uins"):
		return uinField
	case strings.HasSuffix(k, "appid"), strings.HasSuffix(k, "appids"):
		return appIDField
	case strings.Contains(k, "nickname"), strings.Contains(k, "email"),
		strings.Contains(k, "phone"), strings.Contains(k, "mobile"):
		return personalField
	}
	return plainField
}

// scrubber holds the real→fake mappings of one recording.
type scrubber struct {
	uins   map[string]string
	appIDs map[string]string
}

func newScrubber() *scrubber {
	return &scrubber{uins: map[string]string{}, appIDs: map[string]string{}}
}

// scrub rewrites one JSON document. It runs the walk twice: the first pass
// learns every identifier in the document, so the second can also replace
// identifiers that appear in text before their field does.
func (s *scrubber) scrub(doc []byte) ([]byte, error) {
	if _, err := s.walkDocument(doc); err != nil {
		return nil, err
	}
	return s.walkDocument(doc)
}

func (s *scrubber) walkDocument(doc []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var out bytes.Buffer
	if err := s.walk(dec, &out, plainField, 0); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("scrub: trailing data after the JSON document")
	}
	return out.Bytes(), nil
}

// walk copies one JSON value from dec to out, scrubbing leaves according to
// kind, the classification of the key the value sits under.
func (s *scrubber) walk(dec *json.Decoder, out *bytes.Buffer, kind fieldKind, depth int) error {
	if depth > maxScrubDepth {
		return errors.New("scrub: JSON nested too deeply")
	}
	tok, err := dec.Token()
	if err != nil {
		return fmt.Errorf("scrub: %w", err)
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			out.WriteByte('{')
			for i := 0; dec.More(); i++ {
				keyTok, err := dec.Token()
				if err != nil {
					return fmt.Errorf("scrub: %w", err)
				}
				key, _ := keyTok.(string) // object keys are always strings
				if i > 0 {
					out.WriteByte(',')
				}
				writeJSONString(out, key)
				out.WriteByte(':')
				if err := s.walk(dec, out, classifyField(key), depth+1); err != nil {
					return err
				}
			}
			out.WriteByte('}')
		case '[':
			out.WriteByte('[')
			for i := 0; dec.More(); i++ {
				if i > 0 {
					out.WriteByte(',')
				}
				// Array elements inherit the key's kind: "Uins": [1, 2].
				if err := s.walk(dec, out, kind, depth+1); err != nil {
					return err
				}
			}
			out.WriteByte(']')
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return fmt.Errorf("scrub: %w", err)
		}
	case string:
		writeJSONString(out, s.scrubString(kind, t))
	case json.Number:
		switch kind {
		case secretField:
			writeJSONString(out, scrubbed)
		case uinField, appIDField:
			out.WriteString(s.fake(kind, t.String()))
		default:
			out.WriteString(t.String())
		}
	case bool:
		out.WriteString(strconv.FormatBool(t))
	case nil:
		out.WriteString("null")
	}
	return nil
}

func (s *scrubber) scrubString(kind fieldKind, v string) string {
	if v == "" {
		return v
	}
	switch kind {
	case secretField, personalField:
		return scrubbed
	case uinField, appIDField:
		return s.fake(kind, v)
	}
	return s.replaceKnown(v)
}

// fake maps a real identifier to its fake value; zero values stay as they are
// because "no order" answers use them to mean "none".
func (s *scrubber) fake(kind fieldKind, real string) string {
	if real == "" || real == "0" {
		return real
	}
	table, first := s.uins, firstFakeUin
	if kind == appIDField {
		table, first = s.appIDs, firstFakeAppID
	}
	if f, ok := table[real]; ok {
		return f
	}
	f := strconv.Itoa(first + len(table))
	table[real] = f
	return f
}

// replaceKnown replaces real identifiers inside free text in one pass (so a
// fake value that happens to equal another real one is not replaced again),
// longest first so an identifier containing another is replaced whole.
func (s *scrubber) replaceKnown(v string) string {
	type pair struct{ real, fake string }
	var pairs []pair
	for _, table := range []map[string]string{s.uins, s.appIDs} {
		for real, fake := range table {
			if len(real) >= minTextReplace && strings.Contains(v, real) {
				pairs = append(pairs, pair{real, fake})
			}
		}
	}
	if len(pairs) == 0 {
		return v
	}
	sort.Slice(pairs, func(i, j int) bool {
		if len(pairs[i].real) != len(pairs[j].real) {
			return len(pairs[i].real) > len(pairs[j].real)
		}
		return pairs[i].real < pairs[j].real
	})
	args := make([]string, 0, 2*len(pairs))
	for _, p := range pairs {
		args = append(args, p.real, p.fake)
	}
	return strings.NewReplacer(args...).Replace(v)
}

func writeJSONString(out *bytes.Buffer, v string) {
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // encoding a string cannot fail
	out.Truncate(out.Len() - 1)
}
