package tcapi

import (
	"context"

	"github.com/tcintl/terraform-provider-tcintl/internal/apispec"
)

var actSkillScanPayInfo = mustAction(apispec.SkillScanPayInfo)

// SkillScanPayInfo is the billing state of the Skill security detection
// service: zero values without an order, but the numbers and two of the
// times are always there; the text fields may be empty, null or absent.
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

// SkillScanPayInfo reads the calling account's (DescribeSkillScanPayInfo).
func (c *Client) SkillScanPayInfo(ctx context.Context) (*SkillScanPayInfo, error) {
	return lookup[SkillScanPayInfo](ctx, c, actSkillScanPayInfo, struct{}{})
}
