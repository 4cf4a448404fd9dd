#!/usr/bin/env bash
# Runs every fuzz target of the module for a fixed budget each (FUZZTIME,
# default 50000x: that many executions). A crash leaves its input under the
# package's testdata/fuzz/FuzzName/: keep that file, it becomes a
# regression test that plain `go test` runs from then on.
#
# The default budget is a count, not a duration: with a duration the Go
# fuzzing coordinator can report "context deadline exceeded" as a failure
# when the time runs out while a worker is mid-execution on a busy machine
# (golang/go#51484, #75804), with no failing input behind it. A count has
# no deadline to race.
#
#   bash .ci/fuzz.sh                          # every target, 50000 runs each
#   FUZZTIME=2m bash .ci/fuzz.sh ingest       # only ./ingest, two minutes each
set -euo pipefail
cd "$(dirname "$0")/.."

fuzztime="${FUZZTIME:-50000x}"
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
