#!/usr/bin/env bash
# Builds Jaeger (its OpenTelemetry-Collector-based binary) from the Go module proxy: the collector
# that tail-samples shop's traces (otlp receiver, tail_sampling processor) and the trace store that
# shows them (memory storage, jaeger_query API), in one binary.
#
# Idempotent: a binary already built from the pinned version (read from its Go build info) is reused,
# so a CI job that caches ${SHOP_TOOLS_DIR} pays the ~3 min build once. Prints where the binary is.
#
#   SHOP_TOOLS_DIR   cache dir (default: $HOME/.cache/shop/tools); the binary goes to $SHOP_TOOLS_DIR/bin
#   JAEGER_VERSION   overrides the pin below
#
# `go install pkg@version` refuses jaeger's module (its go.mod has a replace directive), so it is
# built as a tool of a small module of our own that carries the same replace.
set -euo pipefail

JAEGER_VERSION="${JAEGER_VERSION:-v1.76.0}"
TOOLS_DIR="${SHOP_TOOLS_DIR:-$HOME/.cache/shop/tools}"
BIN_DIR="$TOOLS_DIR/bin"
MOD=github.com/jaegertracing/jaeger

if command -v go >/dev/null 2>&1; then GO="$(command -v go)"
elif [ -x /usr/local/go/bin/go ]; then GO=/usr/local/go/bin/go
else echo "install-jaeger: Go is needed to build jaeger (https://go.dev/dl/)" >&2; exit 1
fi

bin="$BIN_DIR/jaeger"
if [ -x "$bin" ] && "$GO" version -m "$bin" 2>/dev/null | awk -v m="$MOD" -v v="$JAEGER_VERSION" \
  '($1 == "dep" || $1 == "mod") && $2 == m && $3 == v { found = 1 } END { exit !found }'; then
  echo "jaeger $JAEGER_VERSION: $bin"
  exit 0
fi

start=$SECONDS
src="$TOOLS_DIR/src/jaeger-$JAEGER_VERSION"
mkdir -p "$src" "$BIN_DIR"
echo "jaeger $JAEGER_VERSION: building from the Go module proxy ($MOD/cmd/jaeger@$JAEGER_VERSION) ..." >&2
cd "$src"
cat > go.mod <<MOD
module shop.local/jaeger

go 1.24

replace github.com/Shopify/sarama => github.com/Shopify/sarama v1.33.0
MOD
export GOFLAGS=-mod=mod CGO_ENABLED=0
"$GO" get -tool "$MOD/cmd/jaeger@$JAEGER_VERSION"
"$GO" build -trimpath -ldflags="-s -w" -o "$bin.tmp" "$MOD/cmd/jaeger"
mv "$bin.tmp" "$bin"
echo "jaeger $JAEGER_VERSION: $bin (built in $((SECONDS - start))s)"
