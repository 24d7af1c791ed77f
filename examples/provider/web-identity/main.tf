# The token file comes from TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE,
# which the pipeline sets once it has written the token.
provider "tcintl" {
  assume_role_with_web_identity {
    # The identity provider's name in CAM, and a role whose trust policy
    # lets it call sts:AssumeRoleWithWebIdentity.
    provider_id      = "github-actions"
    role_arn         = "qcs::cam::uin/100000000001:roleName/tcintl-ci-readonly"
    session_name     = "github-actions"
    session_duration = 3600
  }
}
