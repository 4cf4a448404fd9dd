#!/usr/bin/env bash
# fetch-vendor.sh refetches the vendored browser bundles listed in
# vendor/VERSIONS from the npm registry (with `npm pack`, into a temporary
# directory) and checks each file against the sha256 recorded there.
#
#   ./fetch-vendor.sh           fetch, verify, then copy into vendor/
#   ./fetch-vendor.sh --check   fetch and verify only; also compare with the
#                               files already in vendor/; change nothing
#
# VERSIONS has one line per file (# starts a comment):
#   package  version  path-in-package  path-under-vendor  sha256
# To move to a new version, edit the version, run with --check to see the
# new digests it reports, review the change, and record them.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
vendor="$here/vendor"
versions="$vendor/VERSIONS"
check_only=0
case "${1:-}" in
  --check) check_only=1 ;;
  "") ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

command -v npm >/dev/null || { echo "fetch-vendor: npm is not installed" >&2; exit 1; }
command -v sha256sum >/dev/null || { echo "fetch-vendor: sha256sum is not installed" >&2; exit 1; }
[ -f "$versions" ] || { echo "fetch-vendor: $versions is missing" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

failed=0
declare -A packed=()
while read -r name version src dest sum; do
  case "$name" in ''|'#'*) continue ;; esac
  if [ -z "$sum" ]; then
    echo "fetch-vendor: malformed line for $name in $versions" >&2; exit 1
  fi
  dir="$tmp/$name@$version"
  if [ -z "${packed[$name@$version]:-}" ]; then
    mkdir -p "$dir"
    ( cd "$dir" && npm pack --silent "$name@$version" >/dev/null 2>"$dir.log" ) || {
      echo "fetch-vendor: npm pack $name@$version failed:" >&2; cat "$dir.log" >&2; exit 1; }
    tar -xzf "$dir"/*.tgz -C "$dir"
    packed[$name@$version]=1
  fi
  file="$dir/package/$src"
  if [ ! -f "$file" ]; then
    echo "fetch-vendor: $name@$version has no $src" >&2; failed=1; continue
  fi
  got="$(sha256sum "$file" | cut -d' ' -f1)"
  if [ "$got" != "$sum" ]; then
    echo "MISMATCH $name@$version $src: recorded $sum, registry gives $got" >&2
    failed=1; continue
  fi
  if [ "$check_only" = 1 ]; then
    have="$(sha256sum "$vendor/$dest" 2>/dev/null | cut -d' ' -f1 || true)"
    if [ "$have" != "$sum" ]; then
      echo "DIFFERS vendor/$dest does not match $name@$version $src" >&2; failed=1; continue
    fi
    echo "ok $name@$version $src = vendor/$dest"
  else
    mkdir -p "$(dirname "$vendor/$dest")"
    cp "$file" "$vendor/$dest"
    echo "fetched $name@$version $src -> vendor/$dest"
  fi
done < "$versions"

if [ "$failed" != 0 ]; then
  echo "fetch-vendor: verification failed; vendor/ left as it was for the failing files" >&2
  exit 1
fi
