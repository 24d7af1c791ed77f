package datasources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
	"github.com/tcintl/terraform-provider-tcintl/internal/tcapi"
)

var _ datasource.DataSourceWithConfigure = (*skillScanPayInfoDataSource)(nil)

// NewSkillScanPayInfoDataSource returns the tcintl_skillscan_pay_info data
// source.
func NewSkillScanPayInfoDataSource() datasource.DataSource {
	return &skillScanPayInfoDataSource{}
}

type skillScanPayInfoDataSource struct {
	apiDataSource
}

type skillScanPayInfoModel struct {
	AppID       types.Int64  `tfsdk:"app_id"`
	Uin         types.String `tfsdk:"uin"`
	NickName    types.String `tfsdk:"nick_name"`
	OrderStatus types.Int64  `tfsdk:"order_status"`
	TotalQuota  types.Int64  `tfsdk:"total_quota"`
	UsedCount   types.Int64  `tfsdk:"used_count"`
	PayMode     types.Int64  `tfsdk:"pay_mode"`
	AutoRenew   types.Int64  `tfsdk:"auto_renew"`
	ResourceID  types.String `tfsdk:"resource_id"`
	TimeSpan    types.Int64  `tfsdk:"time_span"`
	TimeUnit    types.String `tfsdk:"time_unit"`
	BeginTime   types.String `tfsdk:"begin_time"`
	EndTime     types.String `tfsdk:"end_time"`
	BetaEndTime types.String `tfsdk:"beta_end_time"`
	TimeNow     types.String `tfsdk:"time_now"`
	RequestID   types.String `tfsdk:"request_id"`
}

func (d *skillScanPayInfoDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_skillscan_pay_info"
}

const timeNote = " RFC 3339 with the China Standard Time offset (`2026-05-14T00:48:15+08:00`), so `timecmp()` and `plantimestamp()` can compare it; the API itself answers `YYYY-MM-DD hh:mm:ss` in China Standard Time."

func (d *skillScanPayInfoDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computedInt := func(description string) schema.Int64Attribute {
		return schema.Int64Attribute{MarkdownDescription: description, Computed: true}
	}
	computedString := func(description string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: description, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Billing state of the Skill security detection service (CSIP) of the calling account, from " +
			"`DescribeSkillScanPayInfo`. When the account has no order, the API answers zero values: text attributes are then " +
			"null and numbers stay as answered (`order_status = 0` means not purchased).",
		Attributes: map[string]schema.Attribute{
			"app_id":    computedInt("AppID of the tenant that owns the order; `0` when there is no order."),
			"uin":       computedString("UIN of the tenant; null when there is no order."),
			"nick_name": computedString("Nickname of the tenant; null when there is no order."),
			"order_status": computedInt("State of the order: `0` not purchased, `1` normal, `2` isolated, `6` in trial, " +
				"`7` expired, `8` trial expired."),
			"total_quota": computedInt("Total detection quota."),
			"used_count":  computedInt("Detection quota consumed so far."),
			"pay_mode":    computedInt("Billing mode: `0` postpaid, `1` prepaid."),
			"auto_renew":  computedInt("Renewal setting: `0` not set, `1` auto-renewal, `2` no auto-renewal."),
			"resource_id": computedString("ID of the purchased resource; null when there is no order."),
			"time_span":   computedInt("Purchase period, in `time_unit`s."),
			"time_unit":   computedString("Unit of `time_span`, e.g. `m` for months; null when there is no order."),
			"begin_time":  computedString("Start of the order, as" + timeNote + " Null when there is no order."),
			"end_time":    computedString("Expiry of the order, as" + timeNote + " Null when there is no order."),
			"beta_end_time": computedString("End of the service's open beta (fixed at `2026-06-30T23:59:59+08:00`), as" +
				timeNote),
			"time_now":   computedString("The API server's clock when it answered, as" + timeNote),
			"request_id": requestIDAttribute("these values"),
		},
	}
}

func (d *skillScanPayInfoDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config skillScanPayInfoModel
	defer d.reportPacingFallback(&resp.Diagnostics)
	if !d.start(ctx, req, &config, apispec.SkillScanPayInfo, &resp.Diagnostics) {
		return
	}
	answer, err := d.client.SkillScanPayInfo(ctx)
	if err != nil {
		d.failed(apispec.SkillScanPayInfo, err, &resp.Diagnostics)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, skillScanPayInfoFrom(answer))...)
}

// skillScanPayInfoFrom maps the API's answer to the data source's model.
func skillScanPayInfoFrom(p *tcapi.SkillScanPayInfo) *skillScanPayInfoModel {
	return &skillScanPayInfoModel{
		AppID:       types.Int64PointerValue(p.AppID),
		Uin:         nonEmptyString(p.Uin),
		NickName:    nonEmptyString(p.NickName),
		OrderStatus: types.Int64PointerValue(p.OrderStatus),
		TotalQuota:  types.Int64PointerValue(p.TotalQuota),
		UsedCount:   types.Int64PointerValue(p.UsedCount),
		PayMode:     types.Int64PointerValue(p.PayMode),
		AutoRenew:   types.Int64PointerValue(p.AutoRenew),
		ResourceID:  nonEmptyString(p.ResourceId),
		TimeSpan:    types.Int64PointerValue(p.TimeSpan),
		TimeUnit:    nonEmptyString(p.TimeUnit),
		BeginTime:   rfc3339(p.BeginTime),
		EndTime:     rfc3339(p.EndTime),
		BetaEndTime: rfc3339(p.BetaEndTime),
		TimeNow:     rfc3339(p.TimeNow),
		RequestID:   nonEmptyString(p.RequestId),
	}
}
