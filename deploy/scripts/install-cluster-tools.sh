#!/usr/bin/env bash
# Builds the local Kubernetes control plane the rehearsal (deploy/test/rehearse.sh) runs against:
# kube-apiserver, kube-controller-manager, kube-scheduler and kubectl from k8s.io/kubernetes, kwok
# (simulated nodes and pods) from sigs.k8s.io/kwok, Flagger's controller from
# github.com/fluxcd/flagger, all from the Go module proxy (etcd is not built here: the rehearsal
# runs Debian's `etcd-server`, or any `etcd` on PATH). Also fetches, as Go modules, the released CRD
# manifests of Istio, prometheus-operator and Flagger into $SHOP_TOOLS_DIR/crds.
#
# Idempotent: binaries of the pinned versions already in $SHOP_TOOLS_DIR/bin are reused, so a cache
# of that directory pays the builds once (the most of the Go-built tools: README's "CI" section).
#
#   SHOP_TOOLS_DIR   cache dir (default: $HOME/.cache/shop/tools)
set -euo pipefail

# shellcheck source=deploy/scripts/versions.sh
source "$(dirname "${BASH_SOURCE[0]}")/versions.sh"
TOOLS_DIR="${SHOP_TOOLS_DIR:-$HOME/.cache/shop/tools}"
BIN_DIR="$TOOLS_DIR/bin"
CRD_DIR="$TOOLS_DIR/crds"
mkdir -p "$BIN_DIR" "$CRD_DIR"

if command -v go >/dev/null 2>&1; then GO="$(command -v go)"
elif [ -x /usr/local/go/bin/go ]; then GO=/usr/local/go/bin/go
else echo "install-cluster-tools: Go is needed to build the control plane (https://go.dev/dl/)" >&2; exit 1
fi

module_dir() { (cd "$TOOLS_DIR" && GOFLAGS=-mod=mod "$GO" mod download -json "$1" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p'); }

# The module version in a binary's build info: what `go install <pkg>@<version>` recorded as the
# main module, or what a module of our own required.
module_version() { "$GO" version -m "$BIN_DIR/$1" 2>/dev/null | awk -v m="$2" '($1 == "mod" || $1 == "dep") && $2 == m { print $3; exit }'; }

# kube-* report the version stamped with -X (unstamped they say v0.0.0 and Helm refuses charts that
# declare kubeVersion). The module requires k8s.io/kubernetes and replaces every staging module it
# lists (./staging/src/k8s.io/*) with that module at the matching v0.x. Flagger's controller is
# built in the same module (a `tool`): it then links the Kubernetes client libraries the control
# plane compiled (v0.34 rather than its own v0.32, a minor version its client code runs unchanged
# against) instead of compiling a second set; the rehearsal runs its canaries end to end.
k8s_up_to_date() {
  local b
  for b in kube-apiserver kube-controller-manager kube-scheduler kubectl flagger; do
    [ -x "$BIN_DIR/$b" ] || return 1
  done
  [ "$(module_version flagger github.com/fluxcd/flagger)" = "$FLAGGER_VERSION" ] &&
    "$BIN_DIR/kube-apiserver" --version 2>/dev/null | grep -qx "Kubernetes $K8S_VERSION"
}
build_k8s() {
  local mod="$TOOLS_DIR/k8s-build" kdir minor start=$SECONDS
  mkdir -p "$mod"
  kdir="$(module_dir "k8s.io/kubernetes@$K8S_VERSION")"
  minor="$(echo "$K8S_VERSION" | cut -d. -f2)"
  {
    echo "module shop.local/k8s-build"
    echo
    echo "go 1.24.0"
    echo
    echo "require k8s.io/kubernetes $K8S_VERSION"
    echo "require github.com/fluxcd/flagger $FLAGGER_VERSION"
    echo
    echo "tool github.com/fluxcd/flagger/cmd/flagger"
    echo
    awk -v v="v0.${K8S_VERSION#v1.}" '$2 == "=>" && $3 ~ /^\.\/staging\// { print "replace " $1 " => " $1 " " v }' "$kdir/go.mod"
  } >"$mod/go.mod"
  printf 'package tools\n\nimport (\n\t_ "k8s.io/kubernetes/cmd/kube-apiserver/app"\n\t_ "k8s.io/kubernetes/cmd/kube-controller-manager/app"\n\t_ "k8s.io/kubernetes/cmd/kube-scheduler/app"\n\t_ "k8s.io/kubectl/pkg/cmd"\n)\n' >"$mod/tools.go"
  echo "kubernetes $K8S_VERSION: building kube-apiserver, kube-controller-manager, kube-scheduler, kubectl; flagger $FLAGGER_VERSION ..." >&2
  (cd "$mod" && "$GO" mod tidy)
  local ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/component-base/version.gitTreeState=clean"
  # One `go build` for the five: one action graph, so shared packages compile once and the five
  # links (single-threaded each) run side by side.
  local b out="$TOOLS_DIR/k8s-build/out"
  rm -rf "$out" && mkdir -p "$out"
  (cd "$mod" && CGO_ENABLED=0 "$GO" build -trimpath -ldflags="$ldflags" -o "$out/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl github.com/fluxcd/flagger/cmd/flagger)
  for b in kube-apiserver kube-controller-manager kube-scheduler kubectl flagger; do mv "$out/$b" "$BIN_DIR/$b"; done
  echo "kubernetes $K8S_VERSION, flagger $FLAGGER_VERSION: built in $((SECONDS - start))s" >&2
}
if k8s_up_to_date; then echo "kubernetes $K8S_VERSION, flagger $FLAGGER_VERSION: $BIN_DIR"; else build_k8s; fi

go_install() { # name, package, version
  local start=$SECONDS
  echo "$1 $3: building ..." >&2
  GOBIN="$BIN_DIR" CGO_ENABLED=0 "$GO" install -trimpath -ldflags="-s -w" "$2@$3"
  echo "$1 $3: built in $((SECONDS - start))s" >&2
}

# kwok and its stage files (node initialise/heartbeat, pod ready/complete/delete) from its module.
if [ -x "$BIN_DIR/kwok" ] && [ "$(module_version kwok sigs.k8s.io/kwok)" = "$KWOK_VERSION" ] && [ -d "$TOOLS_DIR/kwok-stages" ]; then
  echo "kwok $KWOK_VERSION: $BIN_DIR/kwok"
else
  go_install kwok sigs.k8s.io/kwok/cmd/kwok "$KWOK_VERSION"
  kwokdir="$(module_dir "sigs.k8s.io/kwok@$KWOK_VERSION")"
  rm -rf "$TOOLS_DIR/kwok-stages" && mkdir -p "$TOOLS_DIR/kwok-stages"
  # Nodes come up Ready and keep a heartbeat; pods become Ready, Job pods complete, deletions finish.
  cp "$kwokdir/kustomize/stage/node/fast/node-initialize.yaml" "$kwokdir/kustomize/stage/node/heartbeat/node-heartbeat.yaml" \
    "$kwokdir"/kustomize/stage/pod/fast/pod-*.yaml "$TOOLS_DIR/kwok-stages/"
  chmod -R u+w "$TOOLS_DIR/kwok-stages"
fi

# CRDs from the projects' released manifests.
fetch_crds() { # $1 name, $2 module@version, $3.. files inside the module
  local name="$1" modv="$2" dir f out="$CRD_DIR/$1-${2##*@}.yaml"
  shift 2
  [ -s "$out" ] && { echo "crds $name: $out"; return; }
  dir="$(module_dir "$modv")"
  : >"$out.tmp"
  for f in "$@"; do for g in $dir/$f; do cat "$g" >>"$out.tmp"; printf '\n---\n' >>"$out.tmp"; done; done
  mv "$out.tmp" "$out"
  echo "crds $name: $out"
}
fetch_crds istio "istio.io/api@$ISTIO_API_VERSION" kubernetes/customresourcedefinitions.gen.yaml
fetch_crds prometheus-operator "github.com/prometheus-operator/prometheus-operator@$PROMETHEUS_OPERATOR_VERSION" 'example/prometheus-operator-crd/*.yaml'
fetch_crds flagger "github.com/fluxcd/flagger@$FLAGGER_VERSION" artifacts/flagger/crd.yaml
