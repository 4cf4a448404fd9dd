#!/bin/sh
# Builds Cayley v0.7.7 (the comparison benchmark's Cayley baseline) into
# tools/cayley/bin/cayley from this separate module, whose go.mod pins it
# as a tool dependency. Needs Go and a C compiler (go-sqlite3 uses cgo).
set -eu
cd "$(dirname "$0")"
go build -o bin/cayley github.com/cayleygraph/cayley/cmd/cayley
./bin/cayley version
