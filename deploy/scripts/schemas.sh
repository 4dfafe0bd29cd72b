#!/usr/bin/env bash
# Builds the JSON schemas kubeconform validates the chart against, from sources on the Go module
# proxy (kubeconform's default schema location is GitHub, which CI and air-gapped machines may not
# reach). Cached: a second run with the same pins does nothing. Prints the -schema-location flags.
#
#   $SHOP_TOOLS_DIR/schemas/kubernetes-<v>/<kind>[-<group>]-<version>.json  from k8s.io/kubernetes
#   $SHOP_TOOLS_DIR/schemas/crds/<group>/<kind>_<version>.json  Istio (istio.io/api),
#       prometheus-operator (ServiceMonitor, PrometheusRule, ...) and Flagger (Canary, ...) CRDs
#
# Never commit the output: it is derived, large, and pinned by versions.sh.
set -euo pipefail

# shellcheck source=deploy/scripts/versions.sh
source "$(dirname "${BASH_SOURCE[0]}")/versions.sh"

TOOLS_DIR="${SHOP_TOOLS_DIR:-$HOME/.cache/shop/tools}"
OUT="$TOOLS_DIR/schemas"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STAMP="$OUT/.stamp"
WANT="k8s=$K8S_VERSION istio-api=$ISTIO_API_VERSION prometheus-operator=$PROMETHEUS_OPERATOR_VERSION flagger=$FLAGGER_VERSION converter=$(sha256sum "$HERE/openapi2jsonschema.py" | cut -c1-16)"

print_locations() {
  echo "-schema-location $OUT/kubernetes-$K8S_VERSION/{{ .ResourceKind }}{{ .KindSuffix }}.json"
  echo "-schema-location $OUT/crds/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json"
}

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ]; then
  echo "schemas: cached in $OUT ($WANT)" >&2
  print_locations
  exit 0
fi

if command -v go >/dev/null 2>&1; then GO=go; elif [ -x /usr/local/go/bin/go ]; then GO=/usr/local/go/bin/go
else echo "schemas: Go is needed to fetch the API specs from the module proxy" >&2; exit 1; fi
python3 -c 'import yaml' 2>/dev/null || {
  echo "schemas: python3 with PyYAML is needed (apt-get install python3-yaml, or pip install pyyaml)" >&2
  exit 1
}

# `go mod download -json mod@version` prints the extracted module's directory; run it outside any
# module so the workspace's go.mod (if one ever appears) has no say.
module_dir() {
  (cd "$TOOLS_DIR" && GOFLAGS=-mod=mod "$GO" mod download -json "$1" |
    python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(d["Error"]) if "Error" in d else print(d["Dir"])')
}

start=$SECONDS
mkdir -p "$TOOLS_DIR"
echo "schemas: fetching k8s.io/kubernetes@$K8S_VERSION, istio.io/api@$ISTIO_API_VERSION," \
  "prometheus-operator@$PROMETHEUS_OPERATOR_VERSION, flagger@$FLAGGER_VERSION from the Go module proxy ..." >&2
k8s="$(module_dir "k8s.io/kubernetes@$K8S_VERSION")"
istio="$(module_dir "istio.io/api@$ISTIO_API_VERSION")"
promop="$(module_dir "github.com/prometheus-operator/prometheus-operator@$PROMETHEUS_OPERATOR_VERSION")"
flagger="$(module_dir "github.com/fluxcd/flagger@$FLAGGER_VERSION")"

tmp="$(mktemp -d "$TOOLS_DIR/schemas.tmp.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
swagger="$k8s/api/openapi-spec/swagger.json"
python3 "$HERE/openapi2jsonschema.py" kubernetes "$swagger" "$tmp/kubernetes-$K8S_VERSION" >&2
python3 "$HERE/openapi2jsonschema.py" crds "$swagger" "$tmp/crds" \
  "$istio/kubernetes/customresourcedefinitions.gen.yaml" \
  "$promop"/example/prometheus-operator-crd/monitoring.coreos.com_*.yaml "$flagger/artifacts/flagger/crd.yaml" >&2
echo "$WANT" >"$tmp/.stamp"
rm -rf "$OUT"
mv "$tmp" "$OUT"
trap - EXIT
echo "schemas: built in $OUT in $((SECONDS - start))s ($(du -sh "$OUT" | cut -f1))" >&2
print_locations
