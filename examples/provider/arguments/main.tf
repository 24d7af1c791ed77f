# Take the keys from sensitive variables (TF_VAR_tencentcloud_secret_id, ...),
# never from literals.
variable "tencentcloud_secret_id" {
  type      = string
  sensitive = true
}

variable "tencentcloud_secret_key" {
  type      = string
  sensitive = true
}

provider "tcintl" {
  secret_id  = var.tencentcloud_secret_id
  secret_key = var.tencentcloud_secret_key

  # Retry throttled or failing calls up to 8 times (default 5), and give each
  # attempt 60 seconds (default 30).
  max_retries     = 8
  request_timeout = 60
}
