#!/usr/bin/env bash
# Regenerates the TypeScript types of the gRPC contracts from scratch.
#
#   proto/scripts/generate.sh [OUT_DIR]      (default: libs/rpc/src/generated)
#
# The generator flags mirror the options the runtime passes to
# @grpc/proto-loader (libs/rpc): keepCase false (camelCase fields),
# longs Number, enums String, defaults, oneofs. Change both together.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
out="${1:-libs/rpc/src/generated}"

# Every .proto under proto/, as import paths relative to proto/, in a stable order.
mapfile -t files < <(cd proto && find shop -name '*.proto' -type f | LC_ALL=C sort)
if [ "${#files[@]}" -eq 0 ]; then
  echo "generate: no .proto files under proto/shop" >&2
  exit 1
fi

rm -rf "$out"
"$root/node_modules/.bin/proto-loader-gen-types" \
  --grpcLib=@grpc/grpc-js \
  --keepCase=false \
  --longs=Number \
  --enums=String \
  --defaults \
  --oneofs \
  --includeComments \
  --includeDirs proto \
  --outDir "$out" \
  "${files[@]}"

cat > "$out/README.md" <<'MD'
# Generated: do not edit

TypeScript types for the gRPC contracts in `proto/`, written by
`proto-loader-gen-types` (@grpc/proto-loader). Regenerate with

    npx nx run proto:generate

CI runs `npx nx run proto:check-generated`, which fails when this directory
differs from what the protos generate.
MD
echo "generate: wrote ${#files[@]} protos' types to $out"
