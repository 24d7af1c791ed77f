package datasources

import (
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"
)

func TestSkillScanPayInfoFrom(t *testing.T) {
	tests := []struct {
		name   string
		answer string
		want   skillScanPayInfoModel
	}{
		{
			name: "trial order",
			answer: `{"AppID": 260083796, "AutoRenew": 0, "BeginTime": "2026-05-14 00:48:15", "BetaEndTime": "2026-06-30 23:59:59",
				"EndTime": "2026-06-30 23:59:59", "NickName": "multi-account-admin", "OrderStatus": 6, "PayMode": 0,
				"ResourceId": "skillscan-a1b2c3d4", "TimeNow": "2026-05-14 00:48:25", "TimeSpan": 0, "TimeUnit": "m",
				"TotalQuota": 1000, "Uin": "700002365149", "UsedCount": 0, "RequestId": "r-1"}`,
			want: skillScanPayInfoModel{
				AppID: types.Int64Value(260083796), Uin: types.StringValue("700002365149"), NickName: types.StringValue("multi-account-admin"),
				OrderStatus: types.Int64Value(6), TotalQuota: types.Int64Value(1000), UsedCount: types.Int64Value(0),
				PayMode: types.Int64Value(0), AutoRenew: types.Int64Value(0), ResourceID: types.StringValue("skillscan-a1b2c3d4"),
				TimeSpan: types.Int64Value(0), TimeUnit: types.StringValue("m"),
				BeginTime: types.StringValue("2026-05-14T00:48:15+08:00"), EndTime: types.StringValue("2026-06-30T23:59:59+08:00"),
				BetaEndTime: types.StringValue("2026-06-30T23:59:59+08:00"), TimeNow: types.StringValue("2026-05-14T00:48:25+08:00"),
				RequestID: types.StringValue("r-1"),
			},
		},
		{
			name: "no order: zero values, text becomes null, numbers stay",
			answer: `{"AppID": 0, "AutoRenew": 0, "BeginTime": "", "BetaEndTime": "2026-06-30 23:59:59", "EndTime": "",
				"NickName": "", "OrderStatus": 0, "PayMode": 0, "ResourceId": "", "TimeNow": "2026-05-14 00:48:25",
				"TimeSpan": 0, "TimeUnit": "", "TotalQuota": 0, "Uin": "", "UsedCount": 0, "RequestId": "r-2"}`,
			want: skillScanPayInfoModel{
				AppID: types.Int64Value(0), Uin: types.StringNull(), NickName: types.StringNull(),
				OrderStatus: types.Int64Value(0), TotalQuota: types.Int64Value(0), UsedCount: types.Int64Value(0),
				PayMode: types.Int64Value(0), AutoRenew: types.Int64Value(0), ResourceID: types.StringNull(),
				TimeSpan: types.Int64Value(0), TimeUnit: types.StringNull(),
				BeginTime: types.StringNull(), EndTime: types.StringNull(),
				BetaEndTime: types.StringValue("2026-06-30T23:59:59+08:00"), TimeNow: types.StringValue("2026-05-14T00:48:25+08:00"),
				RequestID: types.StringValue("r-2"),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p tcapi.SkillScanPayInfo
			if err := json.Unmarshal([]byte(tt.answer), &p); err != nil {
				t.Fatal(err)
			}
			if got := skillScanPayInfoFrom(&p); *got != tt.want {
				t.Errorf("got  %+v\nwant %+v", *got, tt.want)
			}
		})
	}
}
