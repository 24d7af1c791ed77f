package tcapi

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
	"github.com/tcintl/terraform-provider-tcintl/internal/pacing"
)

const customerAction = apispec.CustomerUin

func TestDescribeCustomerUinDecoding(t *testing.T) {
	tests := []struct {
		name      string
		body      string
		wantField string // "" for success
		wantIn    string
		wantReqID string
	}{
		{name: "documented answer", body: `{"Response": {"Data": [{"CustomerUin": "123"}], "Total": "123", "RequestId": "abc"}}`},
		{name: "Data null is an empty page", body: `{"Response": {"Data": null, "Total": "0", "RequestId": "abc"}}`},
		{name: "no RequestId", body: `{"Response": {"Data": [], "Total": "0"}}`, wantField: "RequestId", wantIn: "missing or null"},
		{name: "no Total", body: `{"Response": {"Data": [], "RequestId": "r-1"}}`, wantField: "Total", wantIn: "missing or null", wantReqID: "r-1"},
		{name: "Total null", body: `{"Response": {"Data": [], "Total": null, "RequestId": "r-2"}}`, wantField: "Total", wantIn: "missing or null", wantReqID: "r-2"},
		{name: "Total a number", body: `{"Response": {"Total": 3, "RequestId": "r-3"}}`, wantField: "Total", wantIn: "expected a string, got number", wantReqID: "r-3"},
		{name: "UIN a number", body: `{"Response": {"Data": [{"CustomerUin": 12}], "Total": "1", "RequestId": "r-4"}}`,
			wantField: "Data.CustomerUin", wantIn: "expected a string, got number", wantReqID: "r-4"},
		{name: "Data an object", body: `{"Response": {"Data": {}, "Total": "1"}}`, wantField: "Data", wantIn: "got object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decode[customerUinPage](customerAction, []byte(tt.body), noRedact)
			if tt.wantField == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			var decErr *DecodeError
			if !errors.As(err, &decErr) || decErr.Field != tt.wantField || !strings.Contains(decErr.Problem, tt.wantIn) || decErr.RequestID != tt.wantReqID {
				t.Errorf("got %#v, want field %s, problem with %q, request %q", err, tt.wantField, tt.wantIn, tt.wantReqID)
			}
		})
	}
}

func TestParseDecimalInt(t *testing.T) {
	good := map[string]int64{"0": 0, "1": 1, "100000000001": 100000000001, "9223372036854775807": math.MaxInt64}
	for s, want := range good {
		if got, ok := parseDecimalInt(s); !ok || got != want {
			t.Errorf("parseDecimalInt(%q) = %d, %v; want %d", s, got, ok, want)
		}
	}
	for _, s := range []string{"", " 12", "12 ", "+12", "-1", "012", "00", "1.5", "1e3", "１２", "٣", "12a", "0x1F",
		"9223372036854775808", "9999999999999999999999", "\u200b12"} {
		if got, ok := parseDecimalInt(s); ok {
			t.Errorf("parseDecimalInt(%q) accepted as %d", s, got)
		}
	}
}

// bookClient is a client and a fake serving book, DescribeCustomerUin
// unthrottled on both sides unless a test says otherwise.
func bookClient(t *testing.T, book *fakeserver.Book, limits map[string]float64) (*Client, *fakeserver.Server) {
	t.Helper()
	if limits == nil {
		limits = map[string]float64{customerAction: 1e6, billAction: 1e6}
	}
	srv := fakeserver.StartTest(t, fakeserver.Config{Book: book, Limits: limits})
	c := testClient(t, srv, pacing.RealClock{}, func(cfg *Config) {
		for action, l := range limits {
			cfg.RateLimits[action] = l
		}
	})
	return c, srv
}

// bookUINs are the UINs of a book made by Size, ascending.
func bookUINs(n int) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = fakeserver.BookUIN(i)
	}
	return out
}

func TestCustomerBookPages(t *testing.T) {
	tests := []struct {
		name      string
		book      fakeserver.Book
		wantUINs  []int64
		wantTotal int64
		wantPages int
		wantCalls int
		consist   bool
	}{
		{name: "empty book", book: fakeserver.Book{}, wantUINs: nil, wantPages: 1, wantCalls: 1, consist: true},
		{name: "one customer", book: fakeserver.Book{Size: 1}, wantUINs: bookUINs(1), wantTotal: 1, wantPages: 1, wantCalls: 1, consist: true},
		{name: "one short of a page", book: fakeserver.Book{Size: 99}, wantUINs: bookUINs(99), wantTotal: 99, wantPages: 1, wantCalls: 1, consist: true},
		{name: "exactly one full page: no second call", book: fakeserver.Book{Size: 100}, wantUINs: bookUINs(100), wantTotal: 100, wantPages: 1, wantCalls: 1, consist: true},
		{name: "one over a page", book: fakeserver.Book{Size: 101}, wantUINs: bookUINs(101), wantTotal: 101, wantPages: 2, wantCalls: 2, consist: true},
		{name: "exactly three pages", book: fakeserver.Book{Size: 300}, wantUINs: bookUINs(300), wantTotal: 300, wantPages: 3, wantCalls: 3, consist: true},
		{name: "several hundred, last page short", book: fakeserver.Book{Size: 750}, wantUINs: bookUINs(750), wantTotal: 750, wantPages: 8, wantCalls: 8, consist: true},
		{
			name: "duplicates within and across pages count once",
			book: fakeserver.Book{UINs: append(slices.Repeat([]string{"5"}, 99), "7", "7", "5", "3")},
			// 103 entries: page 1 is 99 fives and a seven, page 2 the rest.
			wantUINs: []int64{3, 5, 7}, wantTotal: 103, wantPages: 2, wantCalls: 2,
		},
		{
			name: "the book grew while read: the newer Total is followed",
			book: fakeserver.Book{Size: 300, Totals: map[int]string{1: "150"}},
			// Page 1 says 150, so page 2 is read; it is full and says 300,
			// so page 3 is read after it.
			wantUINs: bookUINs(300), wantTotal: 300, wantPages: 3, wantCalls: 3,
		},
		{
			name: "the book shrank while read: the short page ends it",
			book: fakeserver.Book{Size: 150, Totals: map[int]string{1: "300"}},
			// Pages 2 and 3 are read together; page 2 is short.
			wantUINs: bookUINs(150), wantTotal: 150, wantPages: 2, wantCalls: 3,
		},
		{
			name:     "Total changes between pages, list consistent at the end",
			book:     fakeserver.Book{Size: 250, Totals: map[int]string{2: "260"}},
			wantUINs: bookUINs(250), wantTotal: 250, wantPages: 3, wantCalls: 3,
		},
		{
			name: "Total reached before a short page",
			book: fakeserver.Book{Size: 250, Totals: map[int]string{1: "200", 2: "200"}},
			// The third page exists but Total says the book ends at 200.
			wantUINs: bookUINs(250)[50:], wantTotal: 200, wantPages: 2, wantCalls: 2, consist: true,
		},
		{
			name: "an API ignoring Page cannot keep the read going",
			book: fakeserver.Book{UINs: slices.Repeat(strings.Fields(strings.Repeat("42 ", 100)), 3), Totals: map[int]string{1: "2", 2: "2"}},
			// Page 1 is full and says 2 in all, which ends the read.
			wantUINs: []int64{42}, wantTotal: 2, wantPages: 1, wantCalls: 1,
		},
		{
			name: "a full page with nothing new ends the read",
			book: fakeserver.Book{UINs: slices.Concat(seq(1, 100), seq(1, 100), seq(101, 150)), Totals: map[int]string{1: "250"}},
			// Pages 2 and 3 are read together; page 2 repeats page 1.
			wantUINs: int64s(1, 100), wantTotal: 250, wantPages: 2, wantCalls: 3,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, srv := bookClient(t, &tt.book, nil)
			book, err := c.CustomerBook(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(book.Entries, tt.wantUINs) || book.Entries == nil && len(tt.wantUINs) > 0 {
				t.Errorf("UINs %v…(%d), want %v…(%d)", head(book.Entries), len(book.Entries), head(tt.wantUINs), len(tt.wantUINs))
			}
			if book.Total != tt.wantTotal || len(book.Totals) != tt.wantPages || book.Consistent() != tt.consist {
				t.Errorf("Total %d, pages %d, consistent %v; want %d, %d, %v (totals %v)", book.Total, len(book.Totals), book.Consistent(), tt.wantTotal, tt.wantPages, tt.consist, book.Totals)
			}
			if n := srv.Count(customerAction); n != tt.wantCalls {
				t.Errorf("%d calls, want %d", n, tt.wantCalls)
			}
			for _, r := range srv.Requests() {
				var page int
				if _, err := fmt.Sscanf(string(r.Body), `{"Page":%d,"PageSize":100}`, &page); err != nil {
					t.Errorf("request body %s, want Page and PageSize 100 in the SDK's order", r.Body)
				}
			}
		})
	}
}

func seq(from, to int) []string {
	var out []string
	for i := from; i <= to; i++ {
		out = append(out, strconv.Itoa(i))
	}
	return out
}

func int64s(from, to int64) []int64 {
	var out []int64
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out
}

func head(s []int64) []int64 { return s[:min(3, len(s))] }

func TestCustomerBookRefusesBadValues(t *testing.T) {
	full := seq(1, 100)
	tests := []struct {
		name string
		book fakeserver.Book
		want string
	}{
		{"empty UIN", fakeserver.Book{UINs: []string{"1", ""}}, `field Data[1].CustomerUin: page 1: customer UIN "" is not a positive integer`},
		{"zero", fakeserver.Book{UINs: []string{"0"}}, `Data[0].CustomerUin: page 1: customer UIN "0" is not`},
		{"negative", fakeserver.Book{UINs: []string{"-1"}}, `customer UIN "-1" is not`},
		{"fraction", fakeserver.Book{UINs: []string{"1.5"}}, `customer UIN "1.5" is not`},
		{"full-width digits", fakeserver.Book{UINs: []string{"１２"}}, `customer UIN "１２" is not`},
		{"beyond int64", fakeserver.Book{UINs: []string{"9999999999999999999999"}}, `customer UIN "9999999999999999999999" is not a positive integer (1 to 9223372036854775807)`},
		{"leading space", fakeserver.Book{UINs: []string{" 12"}}, `customer UIN " 12" is not`},
		{"leading zero", fakeserver.Book{UINs: []string{"012"}}, `customer UIN "012" is not`},
		{"on page 3", fakeserver.Book{UINs: slices.Concat(full, seq(101, 200), []string{"201", "x"})}, `field Data[1].CustomerUin: page 3: customer UIN "x" is not`},
		{"absurdly long", fakeserver.Book{UINs: []string{strings.Repeat("9", 5000)}}, `"9999999999999999999999999999999999999999"…(5000 bytes) is not`},
		{"Total not a number", fakeserver.Book{Size: 1, Totals: map[int]string{1: "many"}}, `field Total: page 1: "many" is not a number of customers`},
		{"Total negative", fakeserver.Book{Size: 1, Totals: map[int]string{1: "-1"}}, `"-1" is not a number of customers`},
		{"Total empty on page 2", fakeserver.Book{Size: 150, Totals: map[int]string{2: ""}}, `field Total: page 2: "" is not a number of customers`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := bookClient(t, &tt.book, nil)
			book, err := c.CustomerBook(t.Context())
			var decErr *DecodeError
			if !errors.As(err, &decErr) || !strings.Contains(err.Error(), tt.want) || book != nil {
				t.Fatalf("got %v, %v; want a DecodeError with %q", book, err, tt.want)
			}
			if decErr.RequestID == "" || !strings.HasPrefix(decErr.RequestID, "book-customers-page-") {
				t.Errorf("request ID %q, want the page's", decErr.RequestID)
			}
		})
	}
}

// A Total far too large costs one window of pages, not the pages it says.
func TestCustomerBookTrustsTotalOneWindowAtATime(t *testing.T) {
	c, srv := bookClient(t, &fakeserver.Book{Size: 150, Totals: map[int]string{1: strconv.Itoa(MaxListed)}}, map[string]float64{customerAction: 20, billAction: 1})
	book, err := c.CustomerBook(t.Context())
	if err != nil || len(book.Entries) != 150 {
		t.Fatalf("got %v", err)
	}
	// Page 1, then a window of 41 pages at 20/s, of which page 2 is short.
	if n := srv.Count(customerAction); n != 1+c.inFlight(customerAction) || n != 42 {
		t.Errorf("%d calls, want 42", n)
	}
}

func TestCustomerBookFailures(t *testing.T) {
	t.Run("a page refused fails the read", func(t *testing.T) {
		c, _ := bookClient(t, &fakeserver.Book{Size: 350, PageFaults: map[int]fakeserver.Fault{
			3: {Kind: fakeserver.FaultErrorCode, Code: "UnauthorizedOperation.UinNoAuth", Times: 10},
		}}, nil)
		_, err := c.CustomerBook(t.Context())
		if ErrorCode(err) != "UnauthorizedOperation.UinNoAuth" || Attempts(err) != 1 {
			t.Errorf("got %v", err)
		}
	})
	t.Run("a busy page is retried", func(t *testing.T) {
		c, srv := bookClient(t, &fakeserver.Book{Size: 350, PageFaults: map[int]fakeserver.Fault{
			2: {Kind: fakeserver.FaultErrorCode, Code: "OperationDenied.ServiceBusy"},
		}}, nil)
		book, err := c.CustomerBook(t.Context())
		if err != nil || len(book.Entries) != 350 || srv.Count(customerAction) != 5 {
			t.Errorf("got %v after %d calls; want 350 UINs after 5", err, srv.Count(customerAction))
		}
	})
	t.Run("no answer on page 1", func(t *testing.T) {
		c, _ := bookClient(t, &fakeserver.Book{Size: 10, PageFaults: map[int]fakeserver.Fault{
			1: {Kind: fakeserver.FaultBody, Body: `{"Response": {"Data": [], "RequestId": "r-x"}}`},
		}}, nil)
		_, err := c.CustomerBook(t.Context())
		var decErr *DecodeError
		if !errors.As(err, &decErr) || decErr.Field != "Total" || decErr.RequestID != "r-x" {
			t.Errorf("got %v", err)
		}
	})
}

// The pages after the first are read together: with every page answering
// after 300 ms, pages are sent while those before them are still awaited.
func TestCustomerBookReadsPagesTogether(t *testing.T) {
	faults := map[int]fakeserver.Fault{}
	for page := 1; page <= 10; page++ {
		faults[page] = fakeserver.Fault{Kind: fakeserver.FaultDelay, Delay: 300 * time.Millisecond}
	}
	limits := map[string]float64{customerAction: 20, billAction: 1}
	c, srv := bookClient(t, &fakeserver.Book{Size: 1000, PageFaults: faults}, limits)
	book, err := c.CustomerBook(t.Context())
	if err != nil || len(book.Entries) != 1000 {
		t.Fatalf("got %v", err)
	}
	if n := srv.CountAnswered(customerAction, fakeserver.CodeRequestLimitExceeded); n != 0 || srv.Count(customerAction) != 10 {
		t.Errorf("%d calls, %d throttled; want 10, 0", srv.Count(customerAction), n)
	}
	if most := mostInFlight(srv.Requests()); most < 2 {
		t.Errorf("at most %d pages were awaited at once: the pages were read one by one", most)
	}
}

// What a hostile or broken API answers cannot keep a read going, nor fail
// a read that is complete: the first page's Total bounds the pages, a Total
// beyond MaxListed is refused at once, a page longer than asked for is
// refused, and a page after the end that fails does not matter.
func TestCustomerBookBounds(t *testing.T) {
	big := seq(1, 10_000)
	tests := []struct {
		name      string
		book      fakeserver.Book
		wantErr   string
		wantUINs  int
		wantCalls int
		cut       bool
	}{
		{
			name: "a list that keeps growing stops one page past the first page's Total",
			book: fakeserver.Book{UINs: big, Totals: map[int]string{1: "300", 2: "10000", 3: "10000", 4: "10000"}},
			// ceil(300/100) + 1 pages, all full.
			wantUINs: 400, wantCalls: 4, cut: true,
		},
		{
			name:      "a Total beyond what one read takes",
			book:      fakeserver.Book{UINs: seq(1, 100), Totals: map[int]string{1: "1000000000000000"}},
			wantErr:   "the first page says there are 1000000000000000 entries, more than the 100000 one read takes",
			wantCalls: 1,
		},
		{
			name:      "one over MaxListed",
			book:      fakeserver.Book{Size: 10, Totals: map[int]string{1: strconv.Itoa(MaxListed + 1)}},
			wantErr:   "more than the 100000 one read takes",
			wantCalls: 1,
		},
		{
			name: "a page after the short one is refused",
			book: fakeserver.Book{Size: 150, Totals: map[int]string{1: "300"}, PageFaults: map[int]fakeserver.Fault{
				3: {Kind: fakeserver.FaultErrorCode, Code: "InvalidParameter.Page", Times: 10},
			}},
			wantUINs: 150, wantCalls: 3,
		},
		{
			name: "a page after the short one fails inside",
			book: fakeserver.Book{Size: 150, Totals: map[int]string{1: "300"}, PageFaults: map[int]fakeserver.Fault{
				3: {Kind: fakeserver.FaultErrorCode, Code: "InternalError", Times: 10},
			}},
			wantUINs: 150,
		},
		{
			name: "a page before the short one that fails still fails the read",
			book: fakeserver.Book{Size: 250, Totals: map[int]string{1: "400"}, PageFaults: map[int]fakeserver.Fault{
				2: {Kind: fakeserver.FaultErrorCode, Code: "InvalidParameter.Page", Times: 10},
			}},
			wantErr: "InvalidParameter.Page",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, srv := bookClient(t, &tt.book, map[string]float64{customerAction: 20, billAction: 1})
			book, err := c.CustomerBook(t.Context())
			switch {
			case tt.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || book != nil {
					t.Fatalf("got %v, %v; want an error with %q", book, err, tt.wantErr)
				}
			case err != nil:
				t.Fatal(err)
			case len(book.Entries) != tt.wantUINs || book.Cut != tt.cut || tt.cut && book.Consistent():
				t.Errorf("%d UINs, cut %v, consistent %v; want %d, cut %v", len(book.Entries), book.Cut, book.Consistent(), tt.wantUINs, tt.cut)
			}
			if n := srv.Count(customerAction); tt.wantCalls > 0 && n != tt.wantCalls {
				t.Errorf("%d calls, want %d", n, tt.wantCalls)
			}
		})
	}
}

// A page with more entries than asked for is refused, however the API
// came to send it.
func TestCustomerPageLongerThanAsked(t *testing.T) {
	entries := make([]string, 101)
	for i := range entries {
		entries[i] = fmt.Sprintf(`{"CustomerUin": "%d"}`, i+1)
	}
	srv := fakeserver.StartTest(t, fakeserver.Config{Limits: unlimited})
	srv.InjectFaults(customerAction, fakeserver.Fault{Kind: fakeserver.FaultBody, Body: `{"Response": {"Data": [` + strings.Join(entries, ",") + `], "Total": "101", "RequestId": "r-long"}}`})
	c := testClient(t, srv, pacing.RealClock{}, nil)
	_, err := c.CustomerBook(t.Context())
	var decErr *DecodeError
	if !errors.As(err, &decErr) || decErr.Field != "Data" || !strings.Contains(decErr.Problem, "page 1 has 101 entries, more than the 100 asked for") {
		t.Fatalf("got %v", err)
	}
}

// Cancelling a read whose pages are in flight or queued ends it with the
// cancellation, whatever the moment: never a crash, never a book.
func TestCustomerBookCancelled(t *testing.T) {
	for _, after := range []int{1, 2, 5, 20} {
		t.Run(fmt.Sprintf("after %d pages", after), func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			var answered atomic.Int64
			srv := fakeserver.StartTest(t, fakeserver.Config{Limits: map[string]float64{customerAction: 1000}, Book: &fakeserver.Book{Size: 5000},
				OnRequest: func(r fakeserver.Request) {
					if r.Action == customerAction && answered.Add(1) == int64(after) {
						cancel()
					}
				}})
			// Paced in this process only: a call abandoned by the cancel may
			// still unwind after the test, and must find nothing to write.
			c := testClient(t, srv, pacing.RealClock{}, func(cfg *Config) {
				cfg.RateLimits, cfg.Pacing = map[string]float64{customerAction: 1000}, nil
			})
			book, err := c.CustomerBook(ctx)
			if book != nil || !errors.Is(err, context.Canceled) {
				t.Fatalf("got %v, %v; want the cancellation", book, err)
			}
		})
	}
}
