// A stand-in for go.digitalxero.dev/go-msix, which the module proxy this
// project builds with refuses to serve (403). Only the tests of nfpm (a
// goreleaser dependency) import it, never goreleaser's build, but go mod
// tidy loads those tests' imports; this empty package lets it finish offline.
module go.digitalxero.dev/go-msix

go 1.21
