#!/usr/bin/env bash
# Validates the chart the way users and CI meet it:
#   1. helm lint --strict, for every value set below;
#   2. helm template for each value set, and for the defaults with each CRD-dependent switch turned
#      on alone -> kubeconform -strict over every rendered object, against schemas built locally
#      (schemas.sh); an unknown kind fails (no -ignore-missing-schemas);
#   3. assert-rendered.py on each render: what no schema states (hardened containers, probes,
#      resources, appProtocol grpc, the call graph read from apps/*/src/config.ts in *_ADDR,
#      NetworkPolicies and AuthorizationPolicies, route timeouts >= the apps' budgets, hooks, no
#      literal Secrets, PDBs that never block a drain, ...);
#   4. assert-rendered.py --switches: the install-order rules that compare renders (the defaults need
#      no CRD, each switch adds exactly its kinds, the demo passwords are generated per render);
#   5. value sets that must be REJECTED are (values.schema.json or the chart's own checks);
#   6. the in-chart Redis's ACL file and flags on a real redis-server (check-redis-acl.py).
# Installs helm and kubeconform (install-tools.sh) and builds the schemas (schemas.sh) when they are
# missing; both are cached under ${SHOP_TOOLS_DIR:-$HOME/.cache/shop/tools}.
#
#   validate.sh          everything
#   validate.sh --lint   step 1 only (the Nx `lint` target)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CHART="$ROOT/deploy/helm/shop"
VALUES="$ROOT/deploy/test/values"
SCRIPTS="$ROOT/deploy/scripts"
# shellcheck source=deploy/scripts/versions.sh
source "$SCRIPTS/versions.sh"
export K8S_VERSION
TOOLS_DIR="${SHOP_TOOLS_DIR:-$HOME/.cache/shop/tools}"
export PATH="$TOOLS_DIR/bin:$PATH"

bash "$SCRIPTS/install-tools.sh" >&2
python3 -c 'import yaml' 2>/dev/null || {
  echo "validate: python3 with PyYAML is needed (apt-get install python3-yaml, or pip install pyyaml)" >&2
  exit 1
}

# The value sets the issue names. name|values files (comma-separated, relative to
# deploy/test/values; empty: chart defaults)
SETS=(
  "defaults|"
  "istio|istio.yaml"
  "production|production.yaml"
  "minimal|minimal.yaml"
  "staging|staging.yaml"
)
# The defaults with one switch on: name (as assert-rendered.py --switches knows it)|--set values
SWITCHES=(
  "serviceMonitor|monitoring.serviceMonitor.enabled=true"
  "prometheusRule|monitoring.prometheusRule.enabled=true"
  "grafanaDashboards|monitoring.grafanaDashboards.enabled=true"
  "istio|istio.enabled=true"
  "istio-ingress|istio.enabled=true,ingress.enabled=true,ingress.tls.secretName=shop-tls"
  "ingress|ingress.enabled=true,ingress.tls.secretName=shop-tls"
  "loadgen|loadgen.enabled=true"
  "istio-loadgen|istio.enabled=true,loadgen.enabled=true"
  "istio-canary|istio.enabled=true,canary.enabled=true,apps.user.autoscaling.enabled=true"
  "jwt-rotation|secrets.jwt.publishedKeysKey=published.pem"
)
# name|values file|what the error must say
MUST_FAIL=(
  "unknown key in an app block|bad-unknown-key.yaml|additional properties 'replica' not allowed"
  "wrong type|bad-type.yaml|want integer"
  "a secret in env|bad-secret-in-env.yaml|DATABASE_URL"
  "headless Services under Istio|bad-istio-headless.yaml|service.headless must not be true"
  "an ingress without TLS|bad-ingress-without-tls.yaml|at '/ingress/tls/secretName'"
  "a PDB that allows no eviction|bad-pdb-zero.yaml|at '/apps/user/pdb/maxUnavailable'"
  "an unknown key in loadgen|bad-loadgen-unknown-key.yaml|additional properties 'rps' not allowed"
  "loadgen without a gateway to target|bad-loadgen-without-gateway.yaml|loadgen.enabled needs apps.gateway.enabled"
  "a canary without the mesh that shifts its traffic|bad-canary-without-istio.yaml|canary.enabled needs istio.enabled"
  "a canary step of 100% (nothing left to compare with)|bad-canary-step-100.yaml|at '/canary/analysis/stepWeights/2'"
  "egress to an external database open to every address|bad-egress-anywhere.yaml|networkPolicy.externalDatabase.to is empty"
)

value_args() {
  local files="$1" f
  IFS=',' read -ra list <<<"$files"
  for f in "${list[@]}"; do [ -n "$f" ] && printf -- '--values\n%s\n' "$VALUES/$f"; done
  return 0
}

failures=0
kube="${K8S_VERSION#v}"
for set in "${SETS[@]}"; do
  name="${set%%|*}"
  mapfile -t args < <(value_args "${set#*|}")
  echo "== lint: $name"
  helm lint --strict --kube-version "$kube" "$CHART" "${args[@]}" --namespace shop | grep -v '^$' || failures=$((failures + 1))
done
if [ "${1:-}" = "--lint" ]; then
  [ "$failures" -eq 0 ] || { echo "validate: $failures lint run(s) failed" >&2; exit 1; }
  exit 0
fi

mapfile -t locations < <(bash "$SCRIPTS/schemas.sh")
schema_args=()
for location in "${locations[@]}"; do schema_args+=(-schema-location "${location#-schema-location }"); done

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
render() { # name, then helm template arguments
  local name="$1"; shift
  helm template shop "$CHART" --namespace shop --kube-version "$kube" "$@" >"$out/$name.yaml"
}
rendered=()
for set in "${SETS[@]}"; do
  name="${set%%|*}"
  mapfile -t args < <(value_args "${set#*|}")
  if render "$name" "${args[@]}"; then rendered+=("$name"); else failures=$((failures + 1)); fi
done
# A second render of the defaults: generated passwords must differ.
render defaults-again || failures=$((failures + 1))
switched=()
for sw in "${SWITCHES[@]}"; do
  name="switch-${sw%%|*}"
  if render "$name" --set "${sw#*|}"; then rendered+=("$name"); switched+=("${sw%%|*}=$out/$name.yaml")
  else failures=$((failures + 1)); fi
done

echo "== kubeconform -strict: ${rendered[*]}"
for name in "${rendered[@]}"; do
  printf '%-28s ' "$name"
  kubeconform -strict -summary -kubernetes-version "$kube" "${schema_args[@]}" "$out/$name.yaml" ||
    failures=$((failures + 1))
done
echo "== policy assertions"
paths=()
for name in "${rendered[@]}"; do paths+=("$out/$name.yaml"); done
python3 "$SCRIPTS/assert-rendered.py" "${paths[@]}" || failures=$((failures + 1))
echo "== install order: switches and generated secrets"
python3 "$SCRIPTS/assert-rendered.py" --switches "$out/defaults.yaml" "$out/defaults-again.yaml" "${switched[@]}" ||
  failures=$((failures + 1))

echo "== the in-chart Redis's ACL users and memory limits on a real redis-server"
python3 "$SCRIPTS/check-redis-acl.py" "$out/minimal.yaml" || failures=$((failures + 1))

echo "== promtool check rules (the PrometheusRule as Prometheus loads it)"
command -v promtool >/dev/null 2>&1 || {
  echo "validate: promtool is needed (apt-get install prometheus)" >&2
  exit 1
}
rule_renders=()
for name in "${rendered[@]}"; do grep -q '^kind: PrometheusRule' "$out/$name.yaml" && rule_renders+=("$out/$name.yaml"); done
if [ "${#rule_renders[@]}" -eq 0 ]; then
  echo "FAIL: no render contains a PrometheusRule" >&2; failures=$((failures + 1))
else
  for render_file in "${rule_renders[@]}"; do
    python3 "$SCRIPTS/prometheus-rules.py" "$render_file" >"$out/rules.yaml" &&
      promtool check rules "$out/rules.yaml" || failures=$((failures + 1))
  done
fi

for case in "${MUST_FAIL[@]}"; do
  IFS='|' read -r what file expect <<<"$case"
  echo "== must be rejected: $what ($file)"
  if helm template shop "$CHART" --namespace shop --kube-version "$kube" --values "$VALUES/$file" >/dev/null 2>"$out/err"; then
    echo "FAIL: rendered without error" >&2; failures=$((failures + 1))
  elif ! grep -qF -- "$expect" "$out/err"; then
    echo "FAIL: rejected, but not for the expected reason ($expect):" >&2; cat "$out/err" >&2
    failures=$((failures + 1))
  else
    echo "rejected as expected: $(grep -F -- "$expect" "$out/err" | head -1 | sed 's/^[[:space:]-]*//')"
  fi
done

if [ "$failures" -ne 0 ]; then echo "validate: $failures check(s) failed" >&2; exit 1; fi
echo "validate: all checks passed"
