package fakeserver

import (
	"bytes"
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
)

// The answer shapes of the credit and by-product actions, from the SDK
// models: every answer the fake serves for them, from a cassette or the
// book, must have them.
var (
	// customerCreditFields are the fields of QueryCustomersCreditData and
	// their JSON kinds.
	customerCreditFields = map[string]string{
		"ClientUin": "integer", "Name": "string", "Type": "string", "Mobile": "string", "Email": "string",
		"Arrears": "string", "AssociationTime": "time", "RecentExpiry": "time", "Credit": "number",
		"RemainingCredit": "number", "IdentifyType": "integer", "Remark": "string", "Force": "integer",
	}
	partnerCreditFields = []string{"TotalCredit", "AllocatedCredit", "RemainingCredit", "CustomerTotalCredit", "CustomerRemainingCredit"}
	productFields       = []string{"BusinessCode", "BusinessCodeName", "OriginalCost", "VoucherPayAmount", "TotalCost"}
	eightDecimals       = regexp.MustCompile(`^-?(0|[1-9][0-9]*)\.[0-9]{8}$`)
	integerLiteral      = regexp.MustCompile(`^-?(0|[1-9][0-9]*)$`)
)

// decodeResponse decodes {"Response": {...}} with numbers kept as written.
func decodeResponse(t testing.TB, raw []byte) map[string]any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var env struct{ Response map[string]any }
	if err := dec.Decode(&env); err != nil || env.Response == nil {
		t.Fatalf("not a Response document (%v): %s", err, raw)
	}
	if _, ok := env.Response["RequestId"].(string); !ok {
		t.Errorf("no RequestId string: %s", raw)
	}
	return env.Response
}

// checkKind reports how a value breaks its kind, "" when it does not.
func checkKind(v any, kind string) string {
	switch kind {
	case "string":
		if _, ok := v.(string); !ok {
			return "not a string"
		}
	case "time":
		s, ok := v.(string)
		if !ok {
			return "not a string"
		}
		if _, err := time.Parse(time.DateTime, s); s != "" && err != nil {
			return "neither empty nor YYYY-MM-DD hh:mm:ss"
		}
	case "number", "integer":
		n, ok := v.(json.Number)
		if !ok {
			return "not a number"
		}
		if kind == "integer" && !integerLiteral.MatchString(string(n)) {
			return "not an integer literal"
		}
	}
	return ""
}

// checkCustomersCreditAnswer checks a successful QueryCustomersCredit answer
// and that its contact data is fake.
func checkCustomersCreditAnswer(t testing.TB, raw []byte) {
	t.Helper()
	resp := decodeResponse(t, raw)
	if problem := checkKind(resp["Total"], "integer"); problem != "" {
		t.Errorf("Total is %s: %s", problem, raw)
	}
	data, isList := resp["Data"].([]any)
	if !isList && resp["Data"] != nil {
		t.Fatalf("Data is neither a list nor null: %s", raw)
	}
	for i, d := range data {
		entry, ok := d.(map[string]any)
		if !ok || len(entry) != len(customerCreditFields) {
			t.Errorf("Data[%d] = %v: want the %d fields of QueryCustomersCreditData", i, d, len(customerCreditFields))
			continue
		}
		for field, kind := range customerCreditFields {
			if problem := checkKind(entry[field], kind); problem != "" {
				t.Errorf("Data[%d].%s = %#v is %s", i, field, entry[field], problem)
			}
		}
		if email, _ := entry["Email"].(string); !strings.HasSuffix(email, "@example.com") && !strings.HasSuffix(email, "@example.org") {
			t.Errorf("Data[%d].Email %q is not at a reserved example domain", i, email)
		}
		if mobile, _ := entry["Mobile"].(string); !strings.HasPrefix(mobile, "+00-") {
			t.Errorf("Data[%d].Mobile %q does not start with the non-existent country code +00", i, mobile)
		}
	}
}

// checkByProductAnswer checks a successful DescribeBillSummaryByProduct answer.
func checkByProductAnswer(t testing.TB, raw []byte) {
	t.Helper()
	resp := decodeResponse(t, raw)
	items, isList := resp["SummaryOverview"].([]any)
	if !isList && resp["SummaryOverview"] != nil {
		t.Fatalf("SummaryOverview is neither a list nor null: %s", raw)
	}
	for i, it := range items {
		item, ok := it.(map[string]any)
		if !ok || len(item) != len(productFields) {
			t.Errorf("SummaryOverview[%d] = %v: want the fields %v", i, it, productFields)
			continue
		}
		for _, field := range productFields {
			s, ok := item[field].(string)
			if !ok {
				t.Errorf("SummaryOverview[%d].%s = %#v is not a string", i, field, item[field])
			}
			if strings.HasSuffix(field, "Cost") || strings.HasSuffix(field, "Amount") {
				if !eightDecimals.MatchString(s) {
					t.Errorf("SummaryOverview[%d].%s = %q has not 8 decimals", i, field, s)
				}
			}
		}
	}
}

// checkPartnerCreditAnswer checks a successful QueryPartnerCredit answer.
func checkPartnerCreditAnswer(t testing.TB, raw []byte) {
	t.Helper()
	resp := decodeResponse(t, raw)
	for field, v := range resp {
		switch {
		case field == "RequestId":
		case !slices.Contains(partnerCreditFields, field):
			t.Errorf("unknown field %s: %s", field, raw)
		case checkKind(v, "number") != "":
			t.Errorf("%s = %#v is not a number", field, v)
		}
	}
}

// TestCassetteAnswerShapes holds every success answer of the credit and
// by-product cassettes to the SDK models.
func TestCassetteAnswerShapes(t *testing.T) {
	checks := map[string]func(testing.TB, []byte){
		apispec.PartnerCredit:        checkPartnerCreditAnswer,
		apispec.CustomersCredit:      checkCustomersCreditAnswer,
		apispec.BillSummaryByProduct: checkByProductAnswer,
	}
	cassettes, err := Cassettes()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, c := range cassettes {
		for i, in := range c.Interactions {
			check, ok := checks[in.Request.Action]
			if !ok {
				continue
			}
			a, err := in.check()
			if err != nil {
				t.Fatal(err)
			}
			if a.code == "" {
				t.Run(c.Scenario+"/"+strconv.Itoa(i), func(t *testing.T) { check(t, a.body) })
				seen[in.Request.Action]++
			}
		}
	}
	for action := range checks {
		if seen[action] == 0 {
			t.Errorf("no cassette answers %s", action)
		}
	}
}
