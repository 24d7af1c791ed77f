// Command tcintl-fakeserver runs the fake Tencent Cloud API on a loopback
// port for scripts, manual testing and users' own pipelines.
//
//	tcintl-fakeserver [-listen 127.0.0.1:0] [-scenarios a,b | -cassettes-dir DIR]
//	                  [-book N] [-url-file PATH] [-limit Action=N ...]
//	                  [-cam-role NAME] [-key-lifetime DURATION]
//
// It prints its URL, the published test key pair and a provider block that
// points a configuration at it. Its STS also answers AssumeRole (signed by
// the test keys) and AssumeRoleWithWebIdentity (unsigned; any JWT-shaped
// token, for any role), and with -cam-role it plays the metadata service of
// a CVM instance that role is bound to (TCINTL_METADATA_URL=<url>). -book N
// adds a constructed reseller's book of N customers (UINs 300000000001 to
// 300000000000+N), whose pages DescribeCustomerUin and QueryCustomersCredit
// answer and whose bills DescribeCustomerBillSummary and
// DescribeBillSummaryByProduct answer for any month (see fakeserver.Book).
// The book's customers are then the ones listed: embedded scenarios that
// answer those two list actions (customer-credits) are left out unless
// -scenarios names them.
//
// When several cassettes answer the same request the first loaded wins;
// with all embedded scenarios loaded that is the alphabetical order (so
// skillscan-no-order answers DescribeSkillScanPayInfo, and partner-credit
// QueryPartnerCredit).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/fakeserver"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := serve(ctx, args, os.Stdout, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 2
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "tcintl-fakeserver:", err)
		return 1
	}
	return 0
}

// limitFlags collects repeated -limit Action=N.
type limitFlags map[string]float64

func (l limitFlags) String() string { return fmt.Sprint(map[string]float64(l)) }

func (l limitFlags) Set(v string) error {
	action, n, ok := strings.Cut(v, "=")
	if !ok || action == "" {
		return fmt.Errorf("want Action=N, got %q", v)
	}
	f, err := strconv.ParseFloat(n, 64)
	if err != nil {
		return fmt.Errorf("limit for %s: %w", action, err)
	}
	l[action] = f
	return nil
}

// listsCustomers reports a cassette that answers a list of customers, which
// would hide the book's.
func listsCustomers(c fakeserver.Cassette) bool {
	return slices.ContainsFunc(c.Interactions, func(in fakeserver.Interaction) bool {
		return in.Request.Action == apispec.CustomerUin || in.Request.Action == apispec.CustomersCredit
	})
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("tcintl-fakeserver", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:0", "loopback `address` to listen on")
	scenarios := fs.String("scenarios", "", "comma-separated embedded scenarios (default all: "+strings.Join(fakeserver.ScenarioNames(), ",")+")")
	dir := fs.String("cassettes-dir", "", "load every *.json cassette of this `directory` instead of the embedded ones")
	urlFile := fs.String("url-file", "", "write the server URL to this `file` once listening")
	bookSize := fs.Int("book", 0, "answer DescribeCustomerUin, QueryCustomersCredit, DescribeCustomerBillSummary and DescribeBillSummaryByProduct from a constructed book of `N` customers (0: none)")
	limits := limitFlags{}
	fs.Var(limits, "limit", "per-second limit override `Action=N` (repeatable; inf for none, 0 to refuse all)")
	camRole := fs.String("cam-role", "", "play the metadata service of a CVM instance with this CAM role `name` bound (none when empty: 404)")
	keyLifetime := fs.Duration("key-lifetime", 0, "cap the lifetime of the temporary keys STS and the metadata service issue (e.g. 2m), to watch renewals; 0 for none")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if *dir != "" && *scenarios != "" {
		return errors.New("-scenarios and -cassettes-dir exclude each other")
	}
	if err := fakeserver.CheckLoopback(*listen); err != nil {
		return err
	}
	if *keyLifetime < 0 {
		return fmt.Errorf("-key-lifetime must not be negative, got %s", *keyLifetime)
	}
	if *bookSize < 0 {
		return fmt.Errorf("-book must be 0 or more, got %d", *bookSize)
	}
	var book *fakeserver.Book
	if *bookSize > 0 {
		book = &fakeserver.Book{Size: *bookSize}
	}

	var cassettes []fakeserver.Cassette
	var err error
	if *dir != "" {
		cassettes, err = fakeserver.LoadCassetteDir(*dir)
	} else {
		var names []string
		if *scenarios != "" {
			names = strings.Split(*scenarios, ",")
		}
		cassettes, err = fakeserver.Cassettes(names...)
		if book != nil && len(names) == 0 {
			cassettes = slices.DeleteFunc(cassettes, listsCustomers)
		}
	}
	if err != nil {
		return err
	}

	s, err := fakeserver.Start(fakeserver.Config{
		Cassettes:      cassettes,
		Limits:         limits,
		Addr:           *listen,
		CAMRole:        *camRole,
		STSMaxLifetime: *keyLifetime,
		Book:           book,
		OnRequest:      func(r fakeserver.Request) { fmt.Fprintln(stderr, r) },
	})
	if err != nil {
		return err
	}
	defer s.Close()

	if *urlFile != "" {
		if err := os.WriteFile(*urlFile, []byte(s.URL()+"\n"), 0o600); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "url %s\nsecret_id %s\nsecret_key %s\n", s.URL(), fakeserver.TestSecretID, fakeserver.TestSecretKey)
	if *camRole != "" {
		fmt.Fprintf(stdout, "metadata_url %s (set TCINTL_METADATA_URL to it, and cam_role_name = %q)\n", s.URL(), *camRole)
	}
	fmt.Fprintf(stdout, "web_identity any token of the form header.payload.signature, for any role ARN\n\n%s", s.ProviderBlock())
	<-ctx.Done()
	return s.Close()
}
