package fakeserver

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
)

func getMetadata(t *testing.T, s *Server, path string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, s.URL()+path, http.NoBody)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

func TestMetadataServesTheBoundRole(t *testing.T) {
	clock := &testClock{}
	s := mustStart(t, Config{CAMRole: "ci-runner", Now: clock.Now, STSMaxLifetime: time.Minute}, "skillscan-trial-order")
	if status, b := getMetadata(t, s, metadataPrefix); status != 200 || string(b) != "ci-runner" {
		t.Errorf("role listing: HTTP %d %q", status, b)
	}
	status, b := getMetadata(t, s, metadataPrefix+"ci-runner")
	var keys metadataKeys
	if err := json.Unmarshal(b, &keys); err != nil || status != 200 {
		t.Fatalf("HTTP %d %s", status, b)
	}
	if keys.Code != "Success" || keys.TmpSecretID == "" || keys.TmpSecretKey == "" || keys.Token == "" {
		t.Fatalf("keys %s", b)
	}
	if exp, err := time.Parse(time.RFC3339, keys.Expiration); err != nil || exp.Unix() != keys.ExpiredTime || time.Until(exp) > 2*time.Minute {
		t.Errorf("Expiration %q ExpiredTime %d: want the lifetime capped at a minute", keys.Expiration, keys.ExpiredTime)
	}
	if issued := s.IssuedCredentials(); len(issued) != 1 || issued[0].Source != MetadataCredentials || issued[0].RoleSessionName != "ci-runner" {
		t.Errorf("issued %+v", issued)
	}
	if _, err := sdkCall(t, sdkClient(s, keys.TmpSecretID, keys.TmpSecretKey, keys.Token), apispec.SkillScanPayInfo, ""); err != nil {
		t.Errorf("the API refused the instance role's keys: %v", err)
	}
	if n := s.CountAnswered(MetadataCredentials, ""); n != 2 {
		t.Errorf("%d metadata requests logged as answered, want 2", n)
	}
}

func TestMetadataNotFound(t *testing.T) {
	tests := []struct{ name, bound, path string }{
		{"no role bound: listing", "", metadataPrefix},
		{"no role bound: keys", "", metadataPrefix + "ci-runner"},
		{"another role", "ci-runner", metadataPrefix + "other"},
		{"a path below the role", "ci-runner", metadataPrefix + "ci-runner/x"},
		{"other metadata", "ci-runner", "/latest/meta-data/instance-id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustStart(t, Config{CAMRole: tt.bound})
			if status, _ := getMetadata(t, s, tt.path); status != http.StatusNotFound {
				t.Errorf("HTTP %d, want 404", status)
			}
			if n := len(s.IssuedCredentials()); n != 0 {
				t.Errorf("issued %d keys", n)
			}
		})
	}
}

func TestMetadataFaults(t *testing.T) {
	s := mustStart(t, Config{CAMRole: "ci-runner"})
	s.InjectFaults(MetadataCredentials,
		Fault{Kind: FaultErrorCode, Code: "Failed"},
		Fault{Kind: FaultHTTPStatus, Status: 500},
	)
	status, b := getMetadata(t, s, metadataPrefix+"ci-runner")
	var keys metadataKeys
	if err := json.Unmarshal(b, &keys); err != nil || status != 200 || keys.Code != "Failed" || keys.TmpSecretID != "" {
		t.Errorf("error code fault: HTTP %d %s", status, b)
	}
	if status, _ := getMetadata(t, s, metadataPrefix+"ci-runner"); status != 500 {
		t.Errorf("HTTP %d, want the injected 500", status)
	}
	if status, _ := getMetadata(t, s, metadataPrefix+"ci-runner"); status != 200 {
		t.Errorf("HTTP %d after the faults", status)
	}
}
