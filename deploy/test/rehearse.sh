#!/usr/bin/env bash
# The rehearsal: the documented install, upgrade and rollback, and the pipeline's own scripts,
# against a real Kubernetes API server started here (deploy/test/cluster.sh: etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler, kwok; no container runtime, so pods are simulated: they
# are scheduled, become Ready, and Job pods complete). With the CRDs of Istio, prometheus-operator
# and Flagger from their released manifests, every object of the chart is validated by the API
# server itself (OpenAPI schemas, CRD structural schemas and CEL rules, strict field validation).
#
#   minimal (in-chart Postgres/Redis): the documented Secrets (deploy/scripts/create-secrets.sh),
#     helm install --wait, NOTES; upgrade to a new image tag; across a chart that added a required
#     value (--reuse-values refused, deploy.sh's plain upgrade applies it); helm rollback;
#   istio (external databases): server-side dry run; installed without the canaries, the mesh's
#     hosts, subsets, gateways and principals; upgraded to Flagger's Canaries, which the API
#     server accepts; Flagger's controller (its Istio provider, as in production: it writes the
#     VirtualServices and DestinationRules, which no Envoy serves here) and the deploy gate
#     (`deploy-gate serve`) running: the Canaries initialised, deploy.sh upgrading to a new tag (the
#     pipeline's wait timing out while the analysis goes on in the cluster), whose analysis moves
#     every canary's VirtualService weight to the step and ends with four apps promoted and
#     payment, failing at that tag, rolled back (its weight back to 0), as canary-verdict.sh reads
#     from the status Flagger writes (checked after the production part);
#   production (no mesh, Ingress): installed by deploy/scripts/deploy.sh, as cd.yml does;
# and after each step: every Secret/ConfigMap a pod references exists, the hooks ran in their
# order (the API server's audit log), every app runs the expected tag.
#
# Results: $SHOP_TEST_RESULTS_DIR/deploy-rehearsal.json ({"numPassedTests", "numFailedTests"}) when
# set; exit 1 on any failure. Needs the tools .ci/provision installs (install-cluster-tools.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export SHOP_TOOLS_DIR="${SHOP_TOOLS_DIR:-$HOME/.cache/shop/tools}"
export PATH="$SHOP_TOOLS_DIR/bin:$PATH"
CHART="$ROOT/deploy/helm/shop"
VALUES="$ROOT/deploy/test/values"
SCRIPTS="$ROOT/deploy/scripts"
ASSERT=(python3 "$ROOT/deploy/test/assert-cluster.py")
# shellcheck source=deploy/test/cluster.sh
source "$ROOT/deploy/test/cluster.sh"

for tool in etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok flagger helm prometheus openssl python3; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "rehearse: $tool is missing: run .ci/provision (or deploy/scripts/install-cluster-tools.sh; etcd: apt-get install etcd-server; prometheus: apt-get install prometheus)" >&2
    exit 1
  }
done
[ -f "$ROOT/dist/tools/deploy-gate/main.cjs" ] || { echo "rehearse: the deploy gate is not built: npx nx build deploy-gate (nx run deploy:test builds it first)" >&2; exit 1; }
[ -d "$SHOP_TOOLS_DIR/crds" ] || { echo "rehearse: no CRDs in $SHOP_TOOLS_DIR/crds: run deploy/scripts/install-cluster-tools.sh" >&2; exit 1; }

WORK="$(mktemp -d)"
passed=0
failed=0
finish() {
  cluster_stop
  if [ -n "${SHOP_TEST_RESULTS_DIR:-}" ]; then
    mkdir -p "$SHOP_TEST_RESULTS_DIR"
    printf '{"numPassedTests": %d, "numFailedTests": %d}\n' "$passed" "$failed" >"$SHOP_TEST_RESULTS_DIR/deploy-rehearsal.json"
  fi
  [ "$failed" -eq 0 ] && rm -rf "$WORK" || echo "rehearse: logs kept in $WORK" >&2
  echo "rehearse: $passed passed, $failed failed"
}
trap finish EXIT
trap "exit 143" TERM INT

step=0
check() { # description, command...
  local what="$1" start=$SECONDS; shift
  step=$((step + 1))
  if "$@" >"$WORK/step-$step.log" 2>&1; then
    passed=$((passed + 1)); echo "ok   $what ($((SECONDS - start))s)"
  else
    failed=$((failed + 1)); echo "FAIL $what ($((SECONDS - start))s)"; sed 's/^/     /' "$WORK/step-$step.log" | tail -40
  fi
}
fails() { ! "$@"; } # the command must fail
now() { date -u +%Y-%m-%dT%H:%M:%S.%6NZ; }

echo "--- control plane (logs in $WORK/cluster)"
start=$SECONDS
cluster_start "$WORK/cluster"
echo "up in $((SECONDS - start))s: $(kubectl version -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)["serverVersion"]["gitVersion"])')"
kubectl apply --server-side -f "$SHOP_TOOLS_DIR/crds" >/dev/null
kubectl wait --for condition=established --timeout 120s crd --all >/dev/null
AUDIT="$WORK/cluster/audit.log"

# Volumes for the in-chart Postgres and Redis (no provisioner here): bound by the controller-manager.
for size in 8Gi 2Gi; do
  kubectl apply -f - >/dev/null <<PV
apiVersion: v1
kind: PersistentVolume
metadata: { name: rehearsal-${size,,} }
spec:
  capacity: { storage: $size }
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Delete
  hostPath: { path: /tmp/rehearsal-${size,,} }
PV
done

helm_ns() { helm --namespace "$NS" "$@"; }
notes_name_secrets() { # the NOTES of the install name every Secret the user must create
  local s
  for s in shop-jwt shop-gateway; do grep -q "\"$s\"" "$WORK/notes-$NS.txt" || { echo "NOTES do not mention Secret $s"; return 1; }; done
}

echo "--- minimal: in-chart Postgres and Redis"
NS=shop-minimal
check "create the documented Secrets (create-secrets.sh $NS)" "$SCRIPTS/create-secrets.sh" "$NS"
check "create-secrets.sh again leaves them alone" "$SCRIPTS/create-secrets.sh" "$NS"
t="$(now)"
check "helm install minimal --wait" bash -c "helm -n $NS install shop '$CHART' -f '$VALUES/minimal.yaml' --set image.tag=1.0.0 --wait --wait-for-jobs --timeout 2m > '$WORK/notes-$NS.txt'"
check "the NOTES name every Secret to create" notes_name_secrets
check "every Secret and ConfigMap a pod references exists" "${ASSERT[@]}" refs "$NS"
check "every *_FILE an app reads is in a mounted ConfigMap or Secret (the flags)" "${ASSERT[@]}" files "$NS"
check "hooks in order: post-install migrations after the Deployments, then the seed" "${ASSERT[@]}" hooks "$AUDIT" "$NS" "$t" install in-chart 1.0.0
check "every app at 1.0.0" "${ASSERT[@]}" images "$NS" 1.0.0
t="$(now)"
check "helm upgrade to a new image tag" helm_ns upgrade shop "$CHART" -f "$VALUES/minimal.yaml" --set image.tag=1.1.0 --wait --wait-for-jobs --timeout 2m
check "hooks in order: the new image's migrations before any Deployment changes" "${ASSERT[@]}" hooks "$AUDIT" "$NS" "$t" upgrade in-chart 1.1.0
check "every app at 1.1.0" "${ASSERT[@]}" images "$NS" 1.1.0

# The next commit's chart adds a required value (its default in values.yaml, its schema, a use).
cp -r "$CHART" "$WORK/chart-next"
printf '\nrehearsalGreeting: "added by the next commit"\n' >>"$WORK/chart-next/values.yaml"
python3 - "$WORK/chart-next/values.schema.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["properties"]["rehearsalGreeting"] = {"type": "string", "minLength": 1}
s["required"].append("rehearsalGreeting")
json.dump(s, open(sys.argv[1], "w"))
PY
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: rehearsal-greeting, namespace: {{ .Release.Namespace }} }\ndata: { greeting: {{ .Values.rehearsalGreeting | quote }} }\n' \
  >"$WORK/chart-next/templates/rehearsal.yaml"
check "--reuse-values across a chart that added a value is refused (what cd.yml once did)" \
  fails helm_ns upgrade shop "$WORK/chart-next" --reuse-values --set image.tag=1.2.0 --wait --timeout 2m
check "deploy.sh (a plain upgrade) across it" env CHART="$WORK/chart-next" NAMESPACE="$NS" TAG=1.2.0 HELM_TIMEOUT=2m "$SCRIPTS/deploy.sh" "$VALUES/minimal.yaml"
check "the new value reached the cluster" bash -c "kubectl -n $NS get configmap rehearsal-greeting -o jsonpath='{.data.greeting}' | grep -qx 'added by the next commit'"
check "every app at 1.2.0" "${ASSERT[@]}" images "$NS" 1.2.0
check "helm rollback to the first release" helm_ns rollback shop 1 --wait --timeout 2m
check "every app back at 1.0.0, and the new value gone" bash -c "${ASSERT[*]} images $NS 1.0.0 && ! kubectl -n $NS get configmap rehearsal-greeting"
check "every Secret and ConfigMap a pod references exists after the rollback" "${ASSERT[@]}" refs "$NS"

echo "--- istio: external databases, the mesh, Flagger's Canaries"
NS=shop-istio
external_secrets() { # the README's: the apps' database URLs and Redis, as a user creates them
  kubectl -n "$NS" create secret generic shop-database --from-literal=user=postgres://u:p@db/shop_user \
    --from-literal=inventory=postgres://u:p@db/shop_inventory --from-literal=payment=postgres://u:p@db/shop_payment \
    --from-literal=order=postgres://u:p@db/shop_order
  kubectl -n "$NS" create secret generic shop-redis --from-literal=gateway=rediss://gateway:p@redis:6379 \
    --from-literal=user=rediss://user:p@redis:6379 --from-literal=inventory=rediss://inventory:p@redis:6379 \
    --from-literal=order=rediss://order:p@redis:6379
}
check "create the documented Secrets" "$SCRIPTS/create-secrets.sh" "$NS"
check "create the documented external database Secrets" external_secrets
check "create the documented diagnostics token Secret (the istio value set enables diagnostics)" \
  kubectl -n "$NS" create secret generic shop-diagnostics --from-literal=token="$(openssl rand -hex 32)"
check "server-side dry run of the istio value set (schemas, CRDs, CEL, strict fields)" bash -c \
  "helm template shop '$CHART' -n $NS -f '$VALUES/istio.yaml' | kubectl apply -n $NS --dry-run=server --validate=strict -f -"
t="$(now)"
check "helm install istio (canaries off) --wait" helm_ns install shop "$CHART" -f "$VALUES/istio.yaml" --set canary.enabled=false --set image.tag=1.0.0 --wait --timeout 2m
check "hooks in order: pre-install migrations before any Deployment" "${ASSERT[@]}" hooks "$AUDIT" "$NS" "$t" install external 1.0.0
check "every Secret and ConfigMap a pod references exists" "${ASSERT[@]}" refs "$NS"
check "the mesh's hosts, subsets, gateways and principals exist" "${ASSERT[@]}" mesh "$NS"
# Flagger's controller runs here too, against this API server, with its Istio provider, as in
# production: it makes the -primary/-canary Deployments and Services and writes each app's
# VirtualService and DestinationRules, moving the weights step by step (the API server validates
# them against Istio's CRDs; no Envoy here serves them, and none is needed for the weights to be
# written); the rest is the production path too: the chart's Canaries, their initialisation, the
# analysis steps at which Flagger posts to the deploy gate (`deploy-gate serve`, a local process),
# promotion on PASS, rollback on FAIL, and deploy.sh and canary-verdict.sh reading the status
# Flagger writes. kwok's pods run nothing, so the gate judges a real Prometheus scraping
# pod-metrics.py, which serves the series those pods would: every version healthy except payment
# at 1.2.0, which fails 30% of its calls. One analysis, then: four apps promoted, payment rolled
# back; it runs in the cluster while the production part below runs.
flagger_start() {
  local prometheus_port gate_port metrics_port
  prometheus_port="$(free_port)"; gate_port="$(free_port)"; metrics_port="$(free_port)"
  cluster_run pod-metrics python3 "$ROOT/deploy/test/pod-metrics.py" "$metrics_port" "$NS" 1.0.0=0 1.1.0=0 1.2.0=0 payment@1.2.0=0.3
  printf 'global: { scrape_interval: 1s, evaluation_interval: 1s }\nscrape_configs:\n  - job_name: pods\n    honor_labels: true\n    static_configs: [{ targets: ["127.0.0.1:%s"] }]\n' \
    "$metrics_port" >"$WORK/prometheus.yaml"
  cluster_run prometheus prometheus --config.file "$WORK/prometheus.yaml" --storage.tsdb.path "$WORK/prometheus" \
    --web.listen-address "127.0.0.1:$prometheus_port"
  # The chart's gate definitions, judged over 20 s instead of minutes.
  mkdir -p "$WORK/gates"
  for f in "$CHART"/gates/*.yaml; do sed 's/^window: .*/window: 20s/' "$f" >"$WORK/gates/$(basename "$f")"; done
  cluster_run deploy-gate "$ROOT/node_modules/.bin/node" "$ROOT/dist/tools/deploy-gate/main.cjs" serve --port "$gate_port" \
    --definitions "$WORK/gates" --prometheus-url "http://127.0.0.1:$prometheus_port"
  cluster_run flagger flagger -kubeconfig "$KUBECONFIG" -mesh-provider istio -namespace "$NS" \
    -metrics-server "http://127.0.0.1:$prometheus_port" -port "$(free_port)" -control-loop-interval 2s -log-level info
  cluster_wait prometheus 60 curl -fsS "http://127.0.0.1:$prometheus_port/-/ready" &&
    cluster_wait "the deploy gate" 60 curl -fsS "http://127.0.0.1:$gate_port/healthz" || return 1
  # The istio value set, with Flagger's shortest analysis interval (10 s) and the local gate.
  python3 - "$VALUES/istio.yaml" "http://127.0.0.1:$gate_port/gate" >"$WORK/istio-flagger.yaml" <<'PY'
import sys, yaml
values = yaml.safe_load(open(sys.argv[1]))
values["canary"].update({"analysis": {"interval": "10s", "threshold": 2, "stepWeights": [50]}, "gate": {"url": sys.argv[2]}})
yaml.safe_dump(values, sys.stdout)
PY
}
canaries_are() { # phase, app...: each of these Canaries reaches the phase (within 5 minutes)
  local phase="$1" i app ok; shift
  for ((i = 0; i < 300; i++)); do
    ok=1
    for app in "$@"; do
      [ "$(kubectl -n "$NS" get canaries.flagger.app "$app" -o jsonpath='{.status.phase}')" = "$phase" ] || ok=0
    done
    [ "$ok" = 1 ] && return 0
    sleep 1
  done
  kubectl -n "$NS" get canaries.flagger.app
  return 1
}
primaries_at() { # tag, app...: each <app>-primary runs it, and each app's own Deployment is scaled to 0 (within 30 s)
  local i
  for ((i = 0; i < 30; i++)); do primaries_are "$@" >/dev/null && return 0; sleep 1; done
  primaries_are "$@"
}
primaries_are() {
  local tag="$1" app image; shift
  for app in "$@"; do
    image="$(kubectl -n "$NS" get deployment "$app-primary" -o jsonpath='{.spec.template.spec.containers[0].image}')"
    [[ "$image" == *":$tag" ]] || { echo "$app-primary runs $image, expected tag $tag"; return 1; }
    [ "$(kubectl -n "$NS" get deployment "$app" -o jsonpath='{.spec.replicas}')" = 0 ] || { echo "$app is not scaled to 0"; return 1; }
  done
}
APPS=(gateway user inventory payment order)
HEALTHY=(gateway user inventory order)
deploy_exits() { # expected exit code, expected verdict, tag, VERDICT_TIMEOUT
  local code=0
  env NAMESPACE="$NS" TAG="$3" HELM_TIMEOUT=2m VERDICT_TIMEOUT="$4" VERDICT_POLL=2 GITHUB_STEP_SUMMARY="$WORK/summary.md" \
    "$SCRIPTS/deploy.sh" "$WORK/istio-flagger.yaml" >"$WORK/deploy.txt" 2>&1 || code=$?
  cat "$WORK/deploy.txt"
  [ "$code" -eq "$1" ] && grep -q "$2" "$WORK/deploy.txt" && grep -q "$2" "$WORK/summary.md"
}
verdict_exits() { # expected exit code, expected verdict, since
  local code=0
  VERDICT_TIMEOUT=300 VERDICT_POLL=2 GITHUB_STEP_SUMMARY="$WORK/summary.md" "$SCRIPTS/canary-verdict.sh" "$NS" shop "$3" >"$WORK/verdict.txt" 2>&1 || code=$?
  cat "$WORK/verdict.txt"
  [ "$code" -eq "$1" ] && grep -q "$2" "$WORK/verdict.txt" && grep -q "$2" "$WORK/summary.md"
}
initialised() { canaries_are Initialized "${APPS[@]}" && primaries_at 1.1.0 "${APPS[@]}"; }
tcp_pool_refused() { # what the chart leaves out, and why: Flagger's CRD has no connectionPool.tcp
  local out
  out="$(kubectl -n "$NS" get canaries.flagger.app payment -o json | python3 -c '
import json, sys
c = json.load(sys.stdin)
c["metadata"] = {"name": "payment-tcp", "namespace": c["metadata"]["namespace"]}
c.pop("status", None)
c["spec"]["service"]["trafficPolicy"]["connectionPool"]["tcp"] = {"maxConnections": 1000}
print(json.dumps(c))' | kubectl apply --dry-run=server --validate=strict -f - 2>&1)" && { echo "accepted: $out"; return 1; }
  echo "$out"
  grep -q 'unknown field "spec.service.trafficPolicy.connectionPool.tcp"' <<<"$out"
}
gate_answered() { # the gate's log: PASS for the healthy apps, FAIL for payment
  grep -q '"verdict":"PASS"' "$WORK/cluster/deploy-gate.log" &&
    grep '"verdict":"FAIL"' "$WORK/cluster/deploy-gate.log" | grep -q '"service":"payment"'
}
check "Flagger's controller, the deploy gate and its Prometheus start" flagger_start
check "helm upgrade to Flagger's Canaries (the istio value set, analysis every 10s, the local gate)" \
  helm_ns upgrade shop "$CHART" -f "$WORK/istio-flagger.yaml" --set image.tag=1.1.0 --wait --timeout 2m
canaries_own_the_routes() { # a Canary per app; every VirtualService and DestinationRule left is Flagger's (owned by a Canary)
  [ "$(kubectl -n "$NS" get canaries.flagger.app -o name | wc -l)" -eq 5 ] &&
    [ "$(kubectl -n "$NS" get virtualservices.networking.istio.io,destinationrules.networking.istio.io -o json |
      python3 -c 'import json, sys; print(sum("Canary" not in [o["kind"] for o in i["metadata"].get("ownerReferences", [])] for i in json.load(sys.stdin)["items"]))')" = 0 ]
}
check "the API server holds a Canary per app, and the chart's VirtualServices and DestinationRules are gone" canaries_own_the_routes
check "the deploy gate is up in the release, with every app's gate definition" bash -c \
  "kubectl -n $NS rollout status deployment/deploy-gate --timeout 60s && [ \$(kubectl -n $NS get configmap deploy-gate -o go-template='{{len .data}}') -eq 5 ]"
check "Flagger initialises every Canary: <app>-primary at 1.1.0, <app> scaled to 0" initialised
check "Flagger's VirtualService per app sends all traffic to <app>-primary" "${ASSERT[@]}" routes "$NS" "${APPS[@]}"
check "the mesh's hosts, subsets and gateways exist (Flagger's VirtualServices and DestinationRules)" "${ASSERT[@]}" mesh "$NS"
check "canary-verdict.sh on the initialised release: nothing to analyse (exit 0)" verdict_exits 0 PROMOTED "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
check "a Canary with trafficPolicy.connectionPool.tcp is refused (not in Flagger's CRD, fluxcd/flagger#1639)" tcp_pool_refused
check "every Secret and ConfigMap a pod references exists (Flagger's -primary copies too)" "${ASSERT[@]}" refs "$NS"
since="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
weights_since="$(now)"
check "deploy.sh 1.2.0: the pipeline stops waiting while Flagger analyses -> timed out (exit 2)" deploy_exits 2 'TIMED OUT' 1.2.0 1
FLAGGER_NS="$NS"

echo "--- production: no mesh, Ingress, external databases, by deploy.sh as cd.yml runs it"
NS=shop-production
# What cert-manager's Certificates would leave (deploy/README.md): per app a kubernetes.io/tls Secret
# with the CA's ca.crt, issued for the app's Service host.
grpc_tls_secrets() {
  local dir="$WORK/grpc-tls-$NS" app host
  mkdir -p "$dir"
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=shop-grpc-ca -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null
  for app in gateway user inventory payment order; do
    host="shop-$app.$NS.svc.cluster.local"
    openssl req -newkey rsa:2048 -nodes -subj "/CN=$host" -keyout "$dir/$app.key" -out "$dir/$app.csr" 2>/dev/null
    printf 'subjectAltName=DNS:%s,DNS:shop-%s\n' "$host" "$app" >"$dir/$app.ext"
    openssl x509 -req -in "$dir/$app.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial -days 1 -extfile "$dir/$app.ext" -out "$dir/$app.crt" 2>/dev/null
    kubectl -n "$NS" create secret generic "shop-$app-grpc-tls" --type=kubernetes.io/tls \
      --from-file=tls.crt="$dir/$app.crt" --from-file=tls.key="$dir/$app.key" --from-file=ca.crt="$dir/ca.crt" || return 1
  done
}
check "create the documented Secrets" "$SCRIPTS/create-secrets.sh" "$NS"
check "create the documented external database Secrets" external_secrets
check "create each app's gRPC certificate Secret (as cert-manager would: the production profile has no mesh)" grpc_tls_secrets
check "server-side dry run of the production value set" bash -c \
  "helm template shop '$CHART' -n $NS -f '$VALUES/production.yaml' | kubectl apply -n $NS --dry-run=server --validate=strict -f -"
t="$(now)"
check "deploy.sh installs a fresh environment" env NAMESPACE="$NS" TAG=2.0.0 HELM_TIMEOUT=2m "$SCRIPTS/deploy.sh" "$VALUES/production.yaml"
check "hooks in order: pre-install migrations before any Deployment" "${ASSERT[@]}" hooks "$AUDIT" "$NS" "$t" install external 2.0.0
check "every Secret and ConfigMap a pod references exists" "${ASSERT[@]}" refs "$NS"
check "every app at 2.0.0" "${ASSERT[@]}" images "$NS" 2.0.0
t="$(now)"
check "deploy.sh upgrades it to the next commit" env NAMESPACE="$NS" TAG=2.0.1 HELM_TIMEOUT=2m "$SCRIPTS/deploy.sh" "$VALUES/production.yaml"
check "hooks in order: pre-upgrade migrations before any Deployment changes" "${ASSERT[@]}" hooks "$AUDIT" "$NS" "$t" upgrade external 2.0.1
check "every app at 2.0.1" "${ASSERT[@]}" images "$NS" 2.0.1
# A release that cannot become ready (its gateway pods fit no node) fails deploy.sh, and --atomic
# puts the previous one back: no half-applied release stays live.
cp "$VALUES/production.yaml" "$WORK/unschedulable.yaml"
python3 - "$WORK/unschedulable.yaml" <<'PY'
import sys, yaml
values = yaml.safe_load(open(sys.argv[1]))
values["apps"]["gateway"]["nodeSelector"] = {"rehearsal/no-such-node": "true"}
yaml.safe_dump(values, open(sys.argv[1], "w"))
PY
check "deploy.sh fails a release that never becomes ready" fails env NAMESPACE="$NS" TAG=2.0.2 HELM_TIMEOUT=30s "$SCRIPTS/deploy.sh" "$WORK/unschedulable.yaml"
check "... and Helm rolled it back: every app at 2.0.1 again, the release deployed" bash -c \
  "${ASSERT[*]} images $NS 2.0.1 && helm -n $NS status shop -o json | python3 -c 'import json,sys; sys.exit(json.load(sys.stdin)[\"info\"][\"status\"] != \"deployed\")'"

echo "--- istio, meanwhile in the cluster: Flagger's analysis of 1.2.0 went on without the pipeline"
NS="$FLAGGER_NS"
check "canary-verdict.sh: payment's canary failed the gate and Flagger rolled it back (exit 1, in the job summary)" verdict_exits 1 'ROLLED BACK' "$since"
check "payment-primary still at 1.1.0, payment's canary scaled to 0" primaries_at 1.1.0 payment
healthy_promoted() { canaries_are Succeeded "${HEALTHY[@]}" && primaries_at 1.2.0 "${HEALTHY[@]}"; }
check "the four healthy canaries passed every step and Flagger promoted them: their -primary at 1.2.0" healthy_promoted
check "the gate answered Flagger's webhooks: PASS, and FAIL for payment" gate_answered
check "Flagger moved every canary's VirtualService weight to 50, then back to 0 (promoted, or payment rolled back)" \
  "${ASSERT[@]}" weights "$AUDIT" "$NS" "$weights_since" 50 "${APPS[@]}"
check "every VirtualService sends all traffic to the primary again" "${ASSERT[@]}" routes "$NS" "${APPS[@]}"

[ "$failed" -eq 0 ]
