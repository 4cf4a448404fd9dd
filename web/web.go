// Package web holds the browser assets that govkg serve ships: the GraphiQL
// playground (playground/) and the vendored bundles it runs on (vendor/:
// GraphiQL, React, ReactDOM and Cytoscape.js, each beside its licence, with
// versions and digests in vendor/VERSIONS). Everything is embedded in the
// binary, so the playground works with no network and loads nothing from
// any other host.
package web

import (
	"embed"
	"io/fs"
)

//go:embed vendor playground graph
var assets embed.FS

// Assets returns the embedded files, rooted so that "playground/index.html"
// and "vendor/graphiql/graphiql.min.js" are paths in it. The HTTP handler
// serves them at "/playground/..." and "/vendor/...", and the playground
// page at "/".
func Assets() fs.FS { return assets }
