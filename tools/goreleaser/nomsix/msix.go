// Package msix is empty: see go.mod.
package msix
