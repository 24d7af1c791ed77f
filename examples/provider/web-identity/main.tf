terraform {
  required_providers {
    tcintl = {
      source = "tcintl/tcintl"
    }
  }
}

# No keys anywhere: the provider trades the pipeline's OIDC token for the
# temporary keys of a CAM role, and renews them before they expire. The
# token file comes from TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE,
# which the pipeline sets once it has written the token (see the GitHub
# Actions job below); the file is read again at every renewal.
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
