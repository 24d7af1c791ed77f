terraform {
  required_providers {
    tcintl = {
      source = "tcintl/tcintl"
    }
  }
}
