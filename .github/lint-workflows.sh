#!/usr/bin/env bash
# Lints every GitHub Actions workflow with actionlint, which also runs shellcheck on each `run:`
# script (so shellcheck must be installed: without it actionlint silently skips those checks).
#
# actionlint is built from the Go module proxy like the chart's tools (deploy/scripts/install-tools.sh)
# and reused from ${SHOP_TOOLS_DIR:-~/.cache/shop/tools}/bin or PATH when it is the pinned version.
#
#   ACTIONLINT_VERSION   overrides the pin below
#   --install-only       builds (or finds) actionlint and stops: .ci/provision builds it with the other tools
set -euo pipefail
cd "$(dirname "$0")/.."

ACTIONLINT_VERSION="${ACTIONLINT_VERSION:-v1.7.12}"
MODULE=github.com/rhysd/actionlint
BIN_DIR="${SHOP_TOOLS_DIR:-$HOME/.cache/shop/tools}/bin"

find_go() {
  if command -v go >/dev/null 2>&1; then command -v go
  elif [ -x /usr/local/go/bin/go ]; then echo /usr/local/go/bin/go
  else echo "lint-workflows: Go is needed to build actionlint (https://go.dev/dl/)" >&2; exit 1
  fi
}

# The module version `go install` recorded in the binary (actionlint built this way may not know its own).
module_version_of() {
  "$(find_go)" version -m "$1" 2>/dev/null | awk -v mod="$MODULE" '$1 == "mod" && $2 == mod { print $3; exit }'
}

if [ "${1:-}" != --install-only ] && ! command -v shellcheck >/dev/null 2>&1; then
  echo "lint-workflows: shellcheck is not installed: apt-get install shellcheck (or brew install shellcheck)" >&2
  exit 1
fi

actionlint=""
for candidate in "$BIN_DIR/actionlint" "$(command -v actionlint 2>/dev/null || true)"; do
  if [ -n "$candidate" ] && [ -x "$candidate" ] && [ "$(module_version_of "$candidate")" = "$ACTIONLINT_VERSION" ]; then
    actionlint="$candidate"
    break
  fi
done
if [ -z "$actionlint" ]; then
  echo "actionlint $ACTIONLINT_VERSION: building from the Go module proxy ..." >&2
  mkdir -p "$BIN_DIR"
  GOBIN="$BIN_DIR" CGO_ENABLED=0 "$(find_go)" install -trimpath -ldflags="-s -w" "$MODULE/cmd/actionlint@$ACTIONLINT_VERSION"
  actionlint="$BIN_DIR/actionlint"
fi
if [ "${1:-}" = --install-only ]; then echo "actionlint $ACTIONLINT_VERSION: $actionlint"; exit 0; fi

echo "actionlint $ACTIONLINT_VERSION ($actionlint) with $(shellcheck --version | awk '/^version:/ { print "shellcheck " $2 }')"
"$actionlint" -no-color -shellcheck="$(command -v shellcheck)"
echo "actionlint: every workflow is clean"

# What actionlint cannot know: the pipeline's own rules (.github/policy/check-workflows.py), which
# must hold for the workflows and must catch each defect they are for (.github/policy/defects).
python3 .github/policy/check-workflows.py
if found="$(python3 .github/policy/check-workflows.py .github/policy/defects)"; then
  echo "check-workflows: passed .github/policy/defects, which holds a violation of every rule" >&2; exit 1
fi
if ! diff <(sort .github/policy/defects/expected.txt) <(sort <<<"$found"); then
  echo "check-workflows: the defects found differ from .github/policy/defects/expected.txt" >&2; exit 1
fi
echo "check-workflows: catches each of the $(wc -l <.github/policy/defects/expected.txt) defects in .github/policy/defects"
