#!/usr/bin/env bash
# The base images of every image the release builds (the NODE_*_IMAGE ARGs of Dockerfile and
# tools/Dockerfile), each resolved from its tag to the digest it names now, printed as
# `build=<ref>@sha256:...` and `runtime=<ref>@sha256:...` (for $GITHUB_OUTPUT). cd.yml resolves them
# once per run and passes them to every build, so all images of one release, on both
# architectures, stand on the same bytes, and the job summary records which (a moved tag cannot
# change a release halfway, and the release can be rebuilt from what it recorded).
#
#   base-image-digests.sh      needs `docker buildx imagetools` (docker/setup-buildx-action)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

default_of() { # the ARG's default in a Dockerfile
  sed -n "s/^ARG $1=\\(.*\\)$/\\1/p" "$2"
}
resolve() { # ref -> ref@digest (a ref already pinned stays as it is)
  case "$1" in *@sha256:*) echo "$1"; return ;; esac
  local digest
  digest="$(docker buildx imagetools inspect "$1" --format '{{json .Manifest}}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["digest"])')"
  [[ "$digest" =~ ^sha256:[0-9a-f]{64}$ ]] || { echo "base-image-digests: no digest for $1: $digest" >&2; exit 1; }
  echo "$1@$digest"
}

for pair in build:NODE_BUILD_IMAGE runtime:NODE_RUNTIME_IMAGE; do
  name="${pair%%:*}" arg="${pair#*:}"
  ref="$(default_of "$arg" Dockerfile)"
  # One base for every image: the tools' Dockerfile must name the same one.
  if [ -z "$ref" ] || [ "$ref" != "$(default_of "$arg" tools/Dockerfile)" ]; then
    echo "base-image-digests: $arg differs between Dockerfile and tools/Dockerfile (or is missing)" >&2
    exit 1
  fi
  pinned="$(resolve "$ref")"
  echo "$name=$pinned"
  [ -z "${GITHUB_STEP_SUMMARY:-}" ] || echo "- base image \`$arg\`: \`$pinned\`" >>"$GITHUB_STEP_SUMMARY"
done
