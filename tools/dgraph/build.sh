#!/usr/bin/env bash
# Builds Dgraph (pinned as a tool in go.mod beside this script) to
# $GOVKG_DGRAPH, or tools/dgraph/bin/dgraph. export/dgraph_test.go loads the
# Dgraph export into it. The build is CPU-heavy (several minutes on two
# cores): it runs at the lowest priority, and is skipped when the binary is
# already there and newer than go.mod.
set -euo pipefail
cd "$(dirname "$0")"
out="${GOVKG_DGRAPH:-$PWD/bin/dgraph}"
if [ -x "$out" ] && [ "$out" -nt go.mod ]; then
  echo "dgraph: $out is up to date"
  exit 0
fi
mkdir -p "$(dirname "$out")"
echo "dgraph: building $(go list -m -f '{{.Path}} {{.Version}}' github.com/dgraph-io/dgraph/v24) to $out"
# Dgraph's own build links jemalloc through cgo when the jemalloc tag is
# set; without it, it uses Go's allocator, which needs nothing installed.
nice -n 19 go build -trimpath -o "$out" github.com/dgraph-io/dgraph/v24/dgraph
"$out" version 2>/dev/null | grep -iE '^(Dgraph version|Commit SHA)' || true
