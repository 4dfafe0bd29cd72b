#!/usr/bin/env bash
# Fails on a breaking change (buf's FILE rules) against the protos on main.
#
# Compares against the local branch "main" of this git repository, so CI must
# fetch it first, e.g. after actions/checkout:
#   git fetch --no-tags --depth=1 origin main:main
# (on a push to main itself the comparison is with itself and passes).
# Override the baseline with BUF_BREAKING_AGAINST, e.g.
#   BUF_BREAKING_AGAINST='.git#ref=origin/main,subdir=proto'
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
against="${BUF_BREAKING_AGAINST:-.git#branch=main,subdir=proto}"

if [ -z "${BUF_BREAKING_AGAINST:-}" ]; then
  if ! git rev-parse --verify --quiet main >/dev/null; then
    echo "breaking: no local branch 'main'; fetch it first: git fetch --no-tags --depth=1 origin main:main" >&2
    exit 1
  fi
  if [ -z "$(git ls-tree -r --name-only main -- proto/shop | grep '\.proto$' || true)" ]; then
    echo "breaking: main has no protos under proto/shop yet; nothing to compare against (skipped)."
    exit 0
  fi
fi

"$root/node_modules/.bin/buf" breaking proto --against "$against"
echo "breaking: no breaking change against $against"
