#!/usr/bin/env bash
# Fails if libs/rpc/src/generated differs from what proto/ generates.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
committed="libs/rpc/src/generated"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$root/proto/scripts/generate.sh" "$tmp/generated" >/dev/null

if ! diff -ru "$committed" "$tmp/generated" >"$tmp/diff.txt" 2>&1; then
  cat "$tmp/diff.txt" | head -200
  echo >&2
  echo "check-generated: $committed is out of date with proto/." >&2
  echo "check-generated: run 'npx nx run proto:generate' and commit the result." >&2
  exit 1
fi
echo "check-generated: $committed is up to date."
