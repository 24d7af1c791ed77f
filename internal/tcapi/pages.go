package tcapi

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/tcintl/terraform-provider-tcintl/internal/flight"
)

// PageSize is how many entries a list read asks for per page. The API
// documents no maximum for its list actions; the service's sibling list
// actions accept 1 to 100, so 100 is the fewest calls sure to be accepted.
const PageSize = 100

// MaxListed bounds the entries of one list read: a first page whose Total
// is larger is refused before another page is read, so that no answer can
// keep a read going or fill memory. It is 1,000 pages, under a minute at 20
// requests per second and under four at 5.
const MaxListed = 100_000

// List is every entry of a list action, each once, sorted by its key.
type List[T any] struct {
	Entries []T
	// Total is the API's Total on the last page read.
	Total int64
	// Totals is the Total of each page read, in page order: they differ
	// when the list changed while it was read.
	Totals []int64
	// Cut reports that the read stopped at the last page the first page's
	// Total allowed for, every page full: the list grew while it was read.
	Cut bool
}

// Consistent reports whether the list read agrees with itself: one Total
// on every page, as many entries as it says, and no cut.
func (l *List[T]) Consistent() bool {
	differs := func(t int64) bool { return t != l.Total }
	return !l.Cut && int64(len(l.Entries)) == l.Total && !slices.ContainsFunc(l.Totals, differs)
}

// ListTooLongError is a list whose first page claims more entries than a
// read takes.
type ListTooLongError struct {
	Action string
	Total  int64
}

func (e *ListTooLongError) Error() string {
	return fmt.Sprintf("%s: the first page says there are %d entries, more than the %d one read takes", e.Action, e.Total, MaxListed)
}

// page is one page of a list action, its entries converted.
type page[T any] struct {
	entries []T
	total   int64
}

// readList reads every page of a list action through fetch, key naming an
// entry (a customer's UIN). Pages are taken in order until a short or empty
// page, a page that adds no new entry (an API that ignored Page cannot keep
// the read going), or Total entries (the latest page's, so a list that grew
// is read to its new end). The first page's Total bounds the read: at most
// MaxListed entries and one page more than it needs. Pages after the first
// are read in windows as wide as the action's pace keeps in flight; a page
// past the end that fails (the list shrank) does not fail the read.
func readList[T any](ctx context.Context, c *Client, action string, fetch func(ctx context.Context, n int64) (*page[T], error), key func(T) int64) (*List[T], error) {
	first, err := fetch(ctx, 1)
	if err != nil {
		return nil, err
	}
	if first.total > MaxListed {
		return nil, &ListTooLongError{Action: action, Total: first.total}
	}
	r := listReader[T]{action: action, key: key, seen: make(map[int64]bool)}
	if done, err := r.take(first, 1); err != nil || done {
		return r.list(false), err
	}
	last := (first.total+PageSize-1)/PageSize + 1
	for next := int64(2); next <= last; {
		left := (r.totals[len(r.totals)-1] - r.read + PageSize - 1) / PageSize
		window := min(max(left, 1), int64(c.inFlight(action)), last-next+1)
		pages := make([]*page[T], window)
		errs := flight.FanOut(ctx, int(window), int(window), func(ctx context.Context, i int) error {
			p, err := fetch(ctx, next+int64(i))
			pages[i] = p
			return err
		})
		for i, p := range pages {
			if errs[i] != nil {
				return nil, errs[i]
			}
			if done, err := r.take(p, next+int64(i)); err != nil || done {
				return r.list(false), err
			}
		}
		next += window
	}
	return r.list(true), nil
}

// listReader gathers pages in order and decides when the list is read.
type listReader[T any] struct {
	action  string
	key     func(T) int64
	seen    map[int64]bool
	entries []T
	read    int64 // entries read, duplicates included
	totals  []int64
}

// take adds page p, number n, and reports whether the read is over.
func (r *listReader[T]) take(p *page[T], n int64) (done bool, err error) {
	if len(p.entries) > PageSize {
		return true, &DecodeError{Action: r.action, Field: "Data", Problem: fmt.Sprintf("page %d has %d entries, more than the %d asked for", n, len(p.entries), PageSize)}
	}
	r.totals = append(r.totals, p.total)
	r.read += int64(len(p.entries))
	fresh := 0
	for _, e := range p.entries {
		if k := r.key(e); !r.seen[k] {
			r.seen[k] = true
			r.entries = append(r.entries, e)
			fresh++
		}
	}
	return len(p.entries) < PageSize || r.read >= p.total || fresh == 0, nil
}

func (r *listReader[T]) list(cut bool) *List[T] {
	if len(r.totals) == 0 {
		return nil
	}
	slices.SortFunc(r.entries, func(a, b T) int { return cmp.Compare(r.key(a), r.key(b)) })
	return &List[T]{Entries: r.entries, Total: r.totals[len(r.totals)-1], Totals: r.totals, Cut: cut}
}
