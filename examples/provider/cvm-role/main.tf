# The CAM role "tcintl-readonly" is bound to this instance: the provider
# takes its temporary keys from the instance metadata service
# (http://metadata.tencentyun.com). No keys to store.
provider "tcintl" {
  cam_role_name = "tcintl-readonly"
}
