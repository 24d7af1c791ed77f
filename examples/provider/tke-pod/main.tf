# TKE's pod identity webhook puts TKE_REGION, TKE_PROVIDER_ID,
# TKE_WEB_IDENTITY_TOKEN_FILE and TKE_ROLE_ARN in the pod's environment; the
# provider trades the pod's token for the role's keys.
provider "tcintl" {
  enable_pod_oidc = true
}
