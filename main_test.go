package main

import "testing"

func TestQuietLoggingOnlyWhenNobodyAsksForLogs(t *testing.T) {
	tests := []struct {
		environ []string
		quiet   bool
	}{
		{[]string{"HOME=/root", "TF_CLI_CONFIG_FILE=/x"}, true},
		{[]string{"TF_LOG_PATH=/tmp/tf.log"}, true}, // a path without a level logs nothing
		{[]string{"TF_LOG_CORE=TRACE"}, true},       // terraform's own logs only
		{[]string{"TF_LOG=DEBUG"}, false},
		{[]string{"TF_LOG=trace", "TF_LOG_PATH=/tmp/tf.log"}, false},
		{[]string{"TF_LOG_PROVIDER=INFO"}, false},
		{[]string{"TF_LOG_PROVIDER_TCINTL=DEBUG"}, false},
		{[]string{"TF_LOG_SDK_FRAMEWORK=TRACE"}, false},
	}
	for _, tt := range tests {
		got := quietLogging(tt.environ)
		if quiet := got != nil; quiet != tt.quiet {
			t.Errorf("quietLogging(%q) = %v, want quiet %v", tt.environ, got, tt.quiet)
		}
		if got != nil && (got["TF_LOG_PROVIDER"] != "OFF" || got["TF_LOG_SDK"] != "OFF") {
			t.Errorf("quietLogging(%q) = %v, want the provider and SDK loggers off", tt.environ, got)
		}
	}
}
