terraform {
  required_providers {
    tcintl = {
      source = "tcintl/tcintl"
    }
  }
}

# On a CVM instance with the CAM role "tcintl-readonly" bound to it: the
# provider takes the role's temporary keys from the instance metadata
# service, and fetches new ones before they expire. No keys to store.
provider "tcintl" {
  cam_role_name = "tcintl-readonly"
}
