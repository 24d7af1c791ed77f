terraform {
  required_providers {
    tcintl = {
      source = "tcintl/tcintl"
    }
  }
}

# Base URL of a local fake server, such as the repository's
# `go run ./cmd/tcintl-fakeserver -listen 127.0.0.1:8080`.
variable "endpoint" {
  type    = string
  default = "http://127.0.0.1:8080"
}

# Every service goes to the one URL. Plain http is accepted only for a
# loopback address (127.0.0.1, ::1, localhost); anything else must be https.
provider "tcintl" {
  endpoints {
    csip            = var.endpoint
    intlpartnersmgt = var.endpoint
    sts             = var.endpoint
  }
}
