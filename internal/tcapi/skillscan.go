package tcapi

import (
	"context"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
)

var actSkillScanPayInfo = mustAction(apispec.SkillScanPayInfo)

// SkillScanPayInfo is the billing state of the Skill security detection
// service. The API answers every field, zero values when the account has no
// order; the numbers and the two times it always fills are required, and
// the text fields may be empty (nil when null or absent).
type SkillScanPayInfo struct {
	meta
	AppID       *int64  `json:"AppID,omitempty" tcapi:"required"`
	OrderStatus *int64  `json:"OrderStatus,omitempty" tcapi:"required"`
	TotalQuota  *int64  `json:"TotalQuota,omitempty" tcapi:"required"`
	UsedCount   *int64  `json:"UsedCount,omitempty" tcapi:"required"`
	PayMode     *int64  `json:"PayMode,omitempty" tcapi:"required"`
	AutoRenew   *int64  `json:"AutoRenew,omitempty" tcapi:"required"`
	ResourceId  *string `json:"ResourceId,omitempty"` //nolint:revive // the API's names
	TimeSpan    *int64  `json:"TimeSpan,omitempty" tcapi:"required"`
	TimeUnit    *string `json:"TimeUnit,omitempty"`
	BeginTime   *Time   `json:"BeginTime,omitempty"`
	EndTime     *Time   `json:"EndTime,omitempty"`
	BetaEndTime *Time   `json:"BetaEndTime,omitempty" tcapi:"required"`
	TimeNow     *Time   `json:"TimeNow,omitempty" tcapi:"required"`
	Uin         *string `json:"Uin,omitempty"`
	NickName    *string `json:"NickName,omitempty"`
}

// SkillScanPayInfo returns the billing state of the Skill security
// detection service of the calling account (DescribeSkillScanPayInfo).
func (c *Client) SkillScanPayInfo(ctx context.Context) (*SkillScanPayInfo, error) {
	return lookup[SkillScanPayInfo](ctx, c, actSkillScanPayInfo, struct{}{})
}
