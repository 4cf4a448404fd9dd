#!/usr/bin/env bash
# Runs every fuzz target of the module for a short time each (FUZZTIME,
# default 10s). A crash leaves its input under the package's
# testdata/fuzz/FuzzName/: keep that file, it becomes a regression test
# that plain `go test` runs from then on.
#
#   bash .ci/fuzz.sh            # every target, 10 s each
#   FUZZTIME=2m bash .ci/fuzz.sh ingest   # only the targets of ./ingest
set -euo pipefail
cd "$(dirname "$0")/.."

fuzztime="${FUZZTIME:-10s}"
only="${1:-}"
status=0
# Every "func FuzzX(" in a _test.go file, as "package-dir target".
targets=$(grep -rl --include='*_test.go' '^func Fuzz' . | sort | while read -r f; do
  dir=$(dirname "$f")
  grep -o '^func Fuzz[A-Za-z0-9_]*' "$f" | sed "s|^func |$dir |"
done)
if [ -z "$targets" ]; then
  echo "fuzz: no targets found"; exit 1
fi
while read -r dir name; do
  case "$dir" in ./"$only"*) ;; *) continue ;; esac
  echo "== fuzz $dir $name ($fuzztime)"
  if ! go test -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" "$dir"; then
    echo "fuzz: $name in $dir failed; the input is under $dir/testdata/fuzz/$name/"
    status=1
  fi
done <<< "$targets"
exit $status
