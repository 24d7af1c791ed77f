terraform {
  required_providers {
    tcintl = {
      source = "tcintl/tcintl"
    }
  }
}

# Keys from the tccli profile "billing-readonly": the file
# ~/.tccli/billing-readonly.credential that `tccli configure --profile
# billing-readonly` writes. Set TENCENTCLOUD_SHARED_CREDENTIALS_DIR (or
# shared_credentials_dir) when the files live elsewhere. Named here, the
# profile wins over keys or other sources in the environment.
provider "tcintl" {
  profile = "billing-readonly"
}
