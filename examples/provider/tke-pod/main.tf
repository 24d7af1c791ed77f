terraform {
  required_providers {
    tcintl = {
      source = "tcintl/tcintl"
    }
  }
}

# In a TKE pod whose service account is bound to a CAM role: TKE puts
# TKE_REGION, TKE_PROVIDER_ID, TKE_WEB_IDENTITY_TOKEN_FILE and TKE_ROLE_ARN
# in the pod's environment, and the provider trades the pod's token for the
# role's keys (reading the token file again at every renewal, as the
# kubelet rotates it).
provider "tcintl" {
  enable_pod_oidc = true
}
