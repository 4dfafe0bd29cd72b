#!/usr/bin/env bash
# Installs the Go-built tools the tests use (helm, kubeconform, grpcurl) from the Go module proxy.
#
# Idempotent: a binary of the pinned version already on PATH or in the cache dir is reused, so a CI
# job that caches ${SHOP_TOOLS_DIR} pays the build once. Prints where each tool is.
#
#   SHOP_TOOLS_DIR   cache dir (default: $HOME/.cache/shop/tools); binaries go to $SHOP_TOOLS_DIR/bin
#   HELM_VERSION, KUBECONFORM_VERSION   override the pins below
#
# Needs Go (>= 1.24) on PATH or at /usr/local/go/bin/go, and a reachable GOPROXY.
set -euo pipefail

HELM_VERSION="${HELM_VERSION:-v3.22.0}"
KUBECONFORM_VERSION="${KUBECONFORM_VERSION:-v0.8.0}"
TOOLS_DIR="${SHOP_TOOLS_DIR:-$HOME/.cache/shop/tools}"
BIN_DIR="$TOOLS_DIR/bin"
mkdir -p "$BIN_DIR"

find_go() {
  if command -v go >/dev/null 2>&1; then command -v go
  elif [ -x /usr/local/go/bin/go ]; then echo /usr/local/go/bin/go
  else echo "install-tools: Go is needed to build helm and kubeconform (https://go.dev/dl/)" >&2; exit 1
  fi
}

# The module version recorded in a Go binary's build info (`go version -m`): what `go install pkg@v`
# wrote, whatever the tool itself prints (kubeconform built this way says "development").
module_version_of() {
  local go
  go="$(find_go 2>/dev/null)" || return 0
  "$go" version -m "$1" 2>/dev/null | awk -v mod="$2" '$1 == "mod" && $2 == mod { print $3; exit }'
}

# $1 name, $2 pinned version, $3 go module, $4 go package, $5 function printing extra ldflags
ensure() {
  local name="$1" version="$2" mod="$3" pkg="$4" ldflags_of="${5:-}" ldflags="" candidate
  for candidate in "$BIN_DIR/$name" "$(command -v "$name" 2>/dev/null || true)"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] && [ "$(module_version_of "$candidate" "$mod")" = "$version" ]; then
      echo "$name $version: $candidate"
      return
    fi
  done
  local go start
  go="$(find_go)"
  start=$SECONDS
  [ -z "$ldflags_of" ] || ldflags="$("$ldflags_of")"
  echo "$name $version: building from the Go module proxy ($pkg@$version) ..." >&2
  GOBIN="$BIN_DIR" CGO_ENABLED=0 "$go" install -trimpath -ldflags="-s -w $ldflags" "$pkg@$version"
  echo "$name $version: $BIN_DIR/$name (built in $((SECONDS - start))s)"
}

# helm's release builds stamp, with -X (its Makefile), its version and the Kubernetes version that
# `helm template`/`helm lint` assume (from its client-go: v0.N -> 1.N); unstamped they say "v3.22"
# and Kubernetes 1.20. Do the same.
helm_ldflags() {
  local go dir minor
  go="$(find_go)"
  dir="$(cd "$TOOLS_DIR" && GOFLAGS=-mod=mod "$go" mod download -json "helm.sh/helm/v3@$HELM_VERSION" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  minor="$(awk '$1 == "k8s.io/client-go" { split($2, v, "."); print v[2]; exit }' "$dir/go.mod")"
  echo "-X helm.sh/helm/v3/internal/version.version=$HELM_VERSION -X helm.sh/helm/v3/internal/version.gitTreeState=clean" \
    "-X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=$minor" \
    "-X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=$minor"
}
ensure helm "$HELM_VERSION" helm.sh/helm/v3 helm.sh/helm/v3/cmd/helm helm_ldflags
ensure kubeconform "$KUBECONFORM_VERSION" github.com/yannh/kubeconform github.com/yannh/kubeconform/cmd/kubeconform
# grpcurl: the reflection tests (libs/service) describe and call every service through reflection with it.
ensure grpcurl "${GRPCURL_VERSION:-v1.9.4}" github.com/fullstorydev/grpcurl github.com/fullstorydev/grpcurl/cmd/grpcurl
