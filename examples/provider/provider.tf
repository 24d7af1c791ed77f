terraform {
  required_providers {
    tcintl = {
      source  = "tcintl/tcintl"
      version = "~> 0.1"
    }
  }
}

# No keys in the configuration: the provider takes them from the environment,
# or else from the tccli profile file ~/.tccli/default.credential.
provider "tcintl" {
  # Optional: sign every call as a CAM role. The keys found above then only
  # need permission to assume it.
  assume_role {
    role_arn     = "qcs::cam::uin/100000000001:roleName/tcintl-readonly"
    session_name = "terraform"
  }
}
