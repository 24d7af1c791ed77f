# Keys from the tccli profile "billing-readonly": the file
# ~/.tccli/billing-readonly.credential that `tccli configure --profile
# billing-readonly` writes. Set TENCENTCLOUD_SHARED_CREDENTIALS_DIR (or
# shared_credentials_dir) when the files live elsewhere.
provider "tcintl" {
  profile = "billing-readonly"
}
