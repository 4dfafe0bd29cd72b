#!/usr/bin/env python3
"""Checks on rendered charts (helm template output) that schemas cannot express.

    assert-rendered.py RENDERED.yaml...
        the rules below, on each render;
    assert-rendered.py --switches DEFAULTS.yaml DEFAULTS-AGAIN.yaml NAME=RENDERED.yaml ...
        the rules that compare renders (install order, generated secrets): see check_switches.

Exits 1 listing every violated rule. What the rules compare against is read from the code, never
copied here:
  * the call graph: each `<CALLEE>_ADDR: grpcTarget(...)` entry of apps/<app>/src/config.ts is an
    edge app -> callee;
  * the gRPC apps and the services they serve: `runGrpcService(` and
    `addService(app.protos.<package>.<Service>.service` in apps/<app>/src/main.ts;
  * the deadlines callers put on calls (BUDGETS below names the variables; their values are the
    `durationMs(<n>)` defaults in config.ts, or the app's rendered ConfigMap when it overrides them).

Rules on one render:
  * every container of every workload (Deployment, StatefulSet, Job; the in-chart Postgres and
    Redis included) runs as non-root, with a read-only root filesystem, no privilege escalation, all
    capabilities dropped, seccomp RuntimeDefault, and has cpu and memory requests and a memory
    limit (no cpu limit is required: throttling a Node process only adds latency);
  * every long-running container (Deployment, StatefulSet) has readiness and liveness probes, the
    apps also a startup probe; gRPC apps have native gRPC readiness probes; Jobs run to completion
    and are bounded by activeDeadlineSeconds instead;
  * every Service port that carries gRPC (named grpc*, targeting a grpc container port, or any port
    of a gRPC app's Service that is not its admin port) has appProtocol: grpc;
  * terminationGracePeriodSeconds > SHUTDOWN_DRAIN_MS + SHUTDOWN_TIMEOUT_MS; checksum/config on the
    pod template; MIGRATE_ON_START false; DATABASE_URL, REDIS_URL and the JWT public key from
    Secrets; the JWT private key only as a file of a Secret volume (JWT_PRIVATE_KEY_FILE), read-only
    and unreadable by others, never in the environment;
  * the rendered *_ADDR variables, the NetworkPolicies and the AuthorizationPolicies equal the call
    graph (and *_ADDR points at the callee's Service and gRPC port); every egress rule names its
    peers (no `to` would admit every address); on the admin port, callers without identity reach
    only GET /healthz and /readyz, and /metrics only the monitoring namespaces;
  * every VirtualService route: retries.attempts 0, a timeout, not shorter than the longest deadline
    a call on that route can carry (see required_timeouts);
  * Secrets: the only Secret objects a render may contain are the generated demo credentials of the
    in-chart Postgres/Redis (app postgresql/redis, their StatefulSet rendered in the same release,
    `helm.sh/resource-policy: keep`, every value built around a generated password of >= 32
    characters). Nothing else: no Secret in a render with external databases, no credential
    (URL with a password, a PEM private key, a *_PASSWORD/*_SECRET/*_TOKEN/*_KEY variable) in a
    ConfigMap or a literal env value;
  * PodDisruptionBudgets always allow one eviction at the app's smallest replica count;
  * the load generator (loadgen.enabled): its Job is no hook (a measurement never fails a release),
    restartPolicy Never, bounded (activeDeadlineSeconds > sign-up + warm-up + duration, a TTL), its
    own ServiceAccount, only LOADGEN_<OPTION> variables tools/loadgen/src/options.ts knows, a target
    that is the gateway's Service and HTTP port when in-cluster, under Istio a native sidecar held
    until the proxy starts; loadgen -> gateway is the one edge not read from config.ts, allowed in
    the NetworkPolicies and AuthorizationPolicies only when that Job is rendered (EXTRA_EDGES);
  * ServiceMonitors: a series an app exports with service="<app>" keeps that value after the
    operator's `service` target label (the Service's name) is merged in (simulated: honorLabels,
    metricRelabelings);
  * hooks: every other Job is a hook with a delete policy, backoffLimit and activeDeadlineSeconds;
    migrations are pre-install,pre-upgrade with an external database, post-install,pre-upgrade
    with the in-chart one (it is created by the release itself); the seed runs after them; the Jobs'
    ServiceAccount is a hook of every phase they run in, with a lower weight; a pre-install Job
    references nothing the release creates as an ordinary object (it does not exist yet); a
    migration Job runs the image (and tag) of its app's Deployment, so the new code's migration runs
    before the new code (expand/contract), never the old one's;
  * an app whose config reads FLAGS_FILE (`...flagsEnv` in its config.ts, or in the chassis's
    libs/service/src/env.ts for every app) has it set to flags.json of the flags
    ConfigMap, mounted read-only as a directory (so the kubelet refreshes it); no other app has it;
  * a production profile (SHOP_PROFILE) speaks gRPC over mutual TLS only: the mesh's
    (GRPC_MESH_MTLS with Istio's PeerAuthentication) or the app's own certificate (GRPC_TLS_DIR on
    a read-only Secret volume with tls.crt, tls.key, ca.crt);
  * every app container has SERVICE_VERSION equal to its image tag; the gateway has a TRUST_PROXY
    other than false whenever an Ingress or Istio is in front of it;
  * Flagger (canary.enabled): one Canary per app, its target the app's Deployment, whose selector
    has Flagger's selector label `app` and no policy (NetworkPolicy, AuthorizationPolicy,
    PeerAuthentication, PDB) selects on `app` (Flagger renames it on the primary); autoscalerRef is
    the app's HPA when it has one; every step weight below 100 and a `rollout` and a
    `confirm-promotion` webhook to the deploy gate's Service, whose metadata version is the
    Deployment's; no chart Service, VirtualService or DestinationRule for an app Flagger owns; the
    gate's NetworkPolicy lets it reach Prometheus. The objects Flagger will create (apex Service,
    VirtualService with the Canary's timeout and retries) are derived and go through the Istio and
    ServiceMonitor rules above.
"""

import hashlib
import os
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(os.environ.get("SHOP_REPO_ROOT") or Path(__file__).resolve().parents[2])

# Which config variables are deadlines a caller puts on its downstream calls. The gateway: every
# request (REQUEST_BUDGET_MS) and checkout (CHECKOUT_BUDGET_MS). Order: calls outside an incoming
# call (DOWNSTREAM_TIMEOUT_MS) and the recovery batch, whose calls run under its deadline
# (RECOVERY_BATCH_TIMEOUT_MS; libs/rpc propagates the context's deadline to every call).
BUDGETS = {
    "gateway": ["REQUEST_BUDGET_MS", "CHECKOUT_BUDGET_MS"],
    "order": ["DOWNSTREAM_TIMEOUT_MS", "RECOVERY_BATCH_TIMEOUT_MS"],
}
# Clients that are not apps, and the apps they call: admitted by the NetworkPolicies and
# AuthorizationPolicies only when the client's Job (component = its name) is rendered.
EXTRA_EDGES = {"loadgen": {"gateway"}}
# tools/loadgen's sign-up phase lasts at most --setup-timeout (default below, from options.ts).
SECRET_LIKE_NAME = re.compile(r"(^|_)(PASSWORD|SECRET|TOKEN|KEY)$")
CREDENTIAL_VALUE = re.compile(r"://[^/\s:@]*:[^/\s@]+@|-----BEGIN [A-Z ]*PRIVATE KEY-----")

errors = []


def fail(message):
    errors.append(message)


# --- facts read from the apps' code -------------------------------------------------------------


class Code:
    def __init__(self, root):
        self.apps = sorted(p.parent.parent.name for p in (root / "apps").glob("*/src/config.ts"))
        if not self.apps:
            sys.exit(f"assert-rendered: no apps/*/src/config.ts under {root}")
        self.config = {a: (root / "apps" / a / "src" / "config.ts").read_text() for a in self.apps}
        main = {a: (root / "apps" / a / "src" / "main.ts").read_text() for a in self.apps}
        self.calls = {}
        for app, text in self.config.items():
            entries = re.findall(r"^\s*([A-Z][A-Z0-9_]*)_ADDR\s*:\s*grpcTarget\(", text, re.M)
            if len(entries) != len(re.findall(r"\bgrpcTarget\(", text)):
                sys.exit(f"assert-rendered: apps/{app}/src/config.ts has a grpcTarget(...) not written as"
                         " `<SERVICE>_ADDR: grpcTarget(...)`; the call graph cannot be read from it")
            for callee in (e.lower() for e in entries):
                if callee not in self.apps:
                    sys.exit(f"assert-rendered: apps/{app}/src/config.ts calls {callee}, which is not an app")
                self.calls.setdefault(app, set()).add(callee)
        if not self.calls:
            sys.exit("assert-rendered: no *_ADDR: grpcTarget(...) entries found; the call graph would be empty")
        self.callers = {}
        for caller, callees in self.calls.items():
            for callee in callees:
                self.callers.setdefault(callee, set()).add(caller)
        options = (root / "tools" / "loadgen" / "src" / "options.ts").read_text()
        block = re.search(r"^const OPTIONS = \{(.*?)^\} as const;", options, re.M | re.S)
        if not block:
            sys.exit("assert-rendered: tools/loadgen/src/options.ts: no `const OPTIONS = { ... } as const;`")
        self.loadgen_options = {"LOADGEN_" + o.upper().replace("-", "_")
                                for o in re.findall(r"^\s*'?([a-z][a-z-]*)'?\s*:\s*\{", block.group(1), re.M)}
        setup = re.search(r"get\('setup-timeout',\s*'([^']+)'\)", options)
        if not setup:
            sys.exit("assert-rendered: tools/loadgen/src/options.ts: no default of --setup-timeout")
        self.loadgen_setup_default = setup.group(1)
        # The apps that take run-time flags: their config, or the chassis's (every app), spreads
        # @shop/flags' `flagsEnv` (FLAGS_FILE).
        spreads_flags = lambda text: re.search(r"^\s*\.\.\.flagsEnv\b", text, re.M)  # noqa: E731
        chassis = (root / "libs" / "service" / "src" / "env.ts").read_text()
        self.flag_apps = set(self.apps) if spreads_flags(chassis) else {a for a, t in self.config.items() if spreads_flags(t)}
        # Each app's Redis key prefix: `redis: { keyPrefix: '<p>' }` in main.ts, or a constant of its config.ts.
        self.redis_prefix = {}
        for app, text in main.items():
            m = re.search(r"\bredis:\s*\{\s*keyPrefix:\s*(?:'([^']+)'|([A-Z_]+))", text)
            if m and m.group(2):
                const = re.search(rf"\b{m.group(2)}\s*=\s*'([^']+)'", self.config[app])
                if not const:
                    sys.exit(f"assert-rendered: apps/{app}/src/main.ts: keyPrefix {m.group(2)} is not a constant of its config.ts")
                self.redis_prefix[app] = const.group(1)
            elif m:
                self.redis_prefix[app] = m.group(1)
        self.grpc_apps = {a for a in self.apps if re.search(r"\brunGrpcService\(", main[a])}
        self.services = {a: set(re.findall(r"addService\(\s*app\.protos\.([\w.]+)\.service\b", main[a]))
                         for a in self.grpc_apps}
        for app in self.grpc_apps:
            if not self.services[app]:
                sys.exit(f"assert-rendered: apps/{app}/src/main.ts: no addService(app.protos.<Service>.service ...)")

    def budget_default_ms(self, app, var):
        m = re.search(rf"^\s*{var}\s*:\s*durationMs\(\s*([0-9][0-9_]*)\s*\)", self.config[app], re.M)
        if not m:
            sys.exit(f"assert-rendered: apps/{app}/src/config.ts: no `{var}: durationMs(<number>)`")
        return int(m.group(1).replace("_", ""))


# --- helpers ------------------------------------------------------------------------------------


def labels(obj):
    return obj["metadata"].get("labels") or {}


def pod_labels(workload):
    return workload["spec"]["template"]["metadata"].get("labels") or {}


def app_of(obj):
    return labels(obj).get("app.kubernetes.io/name")


def component_of(obj):
    return labels(obj).get("app.kubernetes.io/component")


def ref(obj):
    return f'{obj["kind"]}/{obj["metadata"]["name"]}'


def needs_crd(obj):
    """Groups the API server serves itself have no dot ("", apps, batch, policy, autoscaling) or end
    in .k8s.io; any other group needs its CRD installed first."""
    group = obj["apiVersion"].rpartition("/")[0]
    return "." in group and not group.endswith(".k8s.io")


def parse_duration_ms(text):
    """An Istio/Go duration ("15s", "1500ms", "1m30s", "1.5s") in milliseconds."""
    units = {"h": 3_600_000, "m": 60_000, "s": 1000, "ms": 1, "us": 1e-3, "µs": 1e-3, "ns": 1e-6}
    parts = re.findall(r"(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)", str(text))
    if not parts or "".join(n + u for n, u in parts) != str(text):
        return None
    return sum(float(n) * units[u] for n, u in parts)


def hooks_of(obj):
    annotations = obj["metadata"].get("annotations") or {}
    phases = {p.strip() for p in annotations.get("helm.sh/hook", "").split(",") if p.strip()}
    return phases, int(annotations.get("helm.sh/hook-weight", "0"))


def load(path):
    with open(path) as f:
        return [o for o in yaml.safe_load_all(f) if o]


# --- one render ---------------------------------------------------------------------------------


def flagger_objects(canary, deployments):
    """What Flagger creates from a Canary: the apex Service (selecting the primary's pods), -primary
    and -canary Services (labels from the Canary), and the VirtualService of the apex host."""
    spec, ns = canary["spec"]["service"], canary["metadata"]["namespace"]
    name = spec["name"]
    target = deployments.get(canary["spec"]["targetRef"]["name"])
    ports = [{"name": spec.get("portName", "http"), "port": spec["port"], "targetPort": spec.get("targetPort"),
              "appProtocol": spec.get("appProtocol")}]
    if spec.get("portDiscovery") and target:
        for c in target["spec"]["template"]["spec"]["containers"]:
            ports += [{"name": p["name"], "port": p["containerPort"], "targetPort": p["containerPort"]}
                      for p in c.get("ports", []) if p["name"] != spec.get("targetPort")]
    out = []
    for suffix, meta in (("", {"labels": {"app": name}}), ("-primary", spec.get("primary") or {}), ("-canary", spec.get("canary") or {})):
        out.append({"apiVersion": "v1", "kind": "Service", "flagger": True,
                    "metadata": {"name": name + suffix, "namespace": ns, "labels": dict(meta.get("labels") or {})},
                    "spec": {"ports": ports, "selector": {}}})
    host = f"{name}.{ns}.svc.cluster.local"
    route = {"name": name, "timeout": spec.get("timeout"), "retries": spec.get("retries", {}),
             "route": [{"destination": {"host": f"{name}-primary"}, "weight": 100}, {"destination": {"host": f"{name}-canary"}, "weight": 0}],
             "hosts": [host]}
    out.append({"apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "flagger": True,
                "metadata": {"name": name, "namespace": ns},
                "spec": {"hosts": [name] + spec.get("hosts", []), "gateways": [g for g in spec.get("gateways", []) if g != "mesh"],
                         "http": [dict(route, route=[{"destination": {"host": host}, "weight": 100}])]}})
    return out


def check_render(code, objects, name=""):
    by_kind = {}
    for o in objects:
        by_kind.setdefault(o["kind"], []).append(o)
    canaries = by_kind.get("Canary", [])
    if canaries:
        check_canaries(by_kind)
        deployments = {d["metadata"]["name"]: d for d in by_kind.get("Deployment", [])}
        for canary in canaries:
            for o in flagger_objects(canary, deployments):
                by_kind.setdefault(o["kind"], []).append(o)
    servers = lambda kind: [o for o in by_kind.get(kind, []) if component_of(o) == "server"]  # noqa: E731
    configmaps = {o["metadata"]["name"]: o for o in by_kind.get("ConfigMap", [])}
    app_configmap = {app_of(o): o["data"] for o in servers("ConfigMap")}
    services = {app_of(o): o for o in servers("Service")}
    # Under Flagger an app's Service is the apex Flagger creates (named after the app's Deployment).
    for canary in canaries:
        apex = next(o for o in by_kind["Service"] if o.get("flagger") and o["metadata"]["name"] == canary["spec"]["service"]["name"])
        services[app_of(canary)] = apex
    deployed = {app_of(d) for d in servers("Deployment")}
    if deployed and deployed != set(code.apps):
        fail(f"Deployments for {sorted(deployed)}, expected every app: {code.apps}")
    # The graph among the apps this render deploys.
    calls = {a: {c for c in code.calls.get(a, set()) if c in deployed} for a in deployed}
    callers = {a: {c for c in code.callers.get(a, set()) if c in deployed} for a in deployed}

    # What the policies must admit: the call graph, plus an extra client's edges while its Job is
    # rendered (an egress only where its target is that app's Service in this release).
    clients = {c for c in EXTRA_EDGES if any(component_of(j) == c for j in by_kind.get("Job", []))}
    policy_calls = {a: set(c) for a, c in calls.items()}
    policy_callers = {a: set(c) for a, c in callers.items()}
    for client in sorted(clients):
        targets = check_client(code, client, by_kind, services, deployed)
        policy_calls[client] = targets
        for callee in EXTRA_EDGES[client] & deployed:
            policy_callers.setdefault(callee, set()).add(client)

    check_workloads(by_kind)
    check_apps(code, by_kind, configmaps, services, calls)
    check_services(code, by_kind)
    check_network_policies(code, by_kind.get("NetworkPolicy", []), deployed | clients, policy_calls, policy_callers)
    check_egress_peers(by_kind.get("NetworkPolicy", []))
    check_istio(code, by_kind, services, deployed, callers, app_configmap, policy_callers)
    check_service_monitors(by_kind, services)
    check_secrets(by_kind)
    check_in_chart_databases(code, by_kind)
    check_pdbs(by_kind)
    check_hooks(objects, by_kind)
    check_versions(by_kind, configmaps)
    check_monitoring_labels(by_kind, name)


# Value sets for a cluster with kube-prometheus-stack: its default Prometheus selects
# ServiceMonitors and PrometheusRules by the label `release` (its Helm release's name).
PRODUCTION_SETS = {"istio.yaml", "production.yaml", "staging.yaml"}


def check_monitoring_labels(by_kind, name):
    if name not in PRODUCTION_SETS:
        return
    for o in by_kind.get("ServiceMonitor", []) + by_kind.get("PrometheusRule", []):
        if not labels(o).get("release"):
            fail(f"{ref(o)}: no `release` label, so a default kube-prometheus-stack never selects it")


def image_tag(container):
    return container["image"].rpartition(":")[2]


def check_versions(by_kind, configmaps):
    """SERVICE_VERSION (every trace's service.version) is the image's tag; the gateway behind a
    proxy trusts it for the client address (TRUST_PROXY); migrations run the app's new image."""
    images = {}
    for d in by_kind.get("Deployment", []):
        if component_of(d) != "server":
            continue
        (c,) = d["spec"]["template"]["spec"]["containers"]
        images[app_of(d)] = c["image"]
        version = next((e.get("value") for e in c.get("env", []) if e["name"] == "SERVICE_VERSION"), None)
        if version != image_tag(c):
            fail(f"{ref(d)}: SERVICE_VERSION is {version!r}, its image tag is {image_tag(c)!r}")
        env = configmaps.get(c["envFrom"][0]["configMapRef"]["name"], {}).get("data", {})
        proxied = by_kind.get("Ingress") or any(o["apiVersion"].startswith("networking.istio.io") for o in by_kind.get("Gateway", [])) \
            or by_kind.get("PeerAuthentication")
        if app_of(d) == "gateway" and proxied and env.get("TRUST_PROXY", "false") in ("false", ""):
            fail(f"{ref(d)}: behind an Ingress or Istio without TRUST_PROXY: every client shares the proxy's rate-limit key")
    for job in by_kind.get("Job", []):
        if component_of(job) == "migrate":
            (c,) = job["spec"]["template"]["spec"]["containers"]
            if app_of(job) in images and c["image"] != images[app_of(job)]:
                fail(f"{ref(job)}: migrates with {c['image']}, the app runs {images[app_of(job)]}: the new code's migration must run first")


def check_canaries(by_kind):
    """Flagger's Canaries: see the module docstring."""
    deployments = {d["metadata"]["name"]: d for d in by_kind.get("Deployment", []) if component_of(d) == "server"}
    hpas = {h["spec"]["scaleTargetRef"]["name"]: h for h in by_kind.get("HorizontalPodAutoscaler", [])}
    gate = [s for s in by_kind.get("Service", []) if app_of(s) == "deploy-gate"]
    targets = set()
    for canary in by_kind["Canary"]:
        name, spec = ref(canary), canary["spec"]
        target = spec["targetRef"]["name"]
        targets.add(target)
        d = deployments.get(target)
        if d is None:
            fail(f"{name}: targets Deployment/{target}, which is not an app's Deployment")
            continue
        if "app" not in d["spec"]["selector"]["matchLabels"]:
            fail(f"{ref(d)}: its selector lacks `app`, Flagger's selector label (it would rename app.kubernetes.io/name on the primary)")
        if target in hpas and (spec.get("autoscalerRef") or {}).get("name") != hpas[target]["metadata"]["name"]:
            fail(f"{name}: the app has an HPA but the Canary no autoscalerRef: the canary would not scale like the primary")
        analysis = spec.get("analysis") or {}
        weights = analysis.get("stepWeights") or []
        if not weights or max(weights) >= 100 or analysis.get("maxWeight", 0) >= 100:
            fail(f"{name}: step weights {weights} (maxWeight {analysis.get('maxWeight')}): at 100% the primary has no traffic to compare with")
        hooks = {w["type"]: w for w in analysis.get("webhooks") or []}
        version = d["spec"]["template"]["metadata"]["labels"].get("version")
        for kind in ("rollout", "confirm-promotion"):
            hook = hooks.get(kind)
            if hook is None:
                fail(f"{name}: no {kind} webhook: the deploy gate must judge every step and the promotion")
                continue
            if not gate or not hook["url"].startswith(f'http://{gate[0]["metadata"]["name"]}.{gate[0]["metadata"]["namespace"]}.svc.'):
                fail(f"{name}: {kind} webhook {hook['url']} is not the deploy gate's Service")
            if (hook.get("metadata") or {}).get("version") != version:
                fail(f"{name}: {kind} webhook judges version {(hook.get('metadata') or {}).get('version')!r}, the Deployment runs {version!r}")
    for app_deployment in deployments:
        if app_deployment not in targets:
            fail(f"Deployment/{app_deployment}: canary.enabled, but no Canary targets it")
    owned = {c["spec"]["service"]["name"] for c in by_kind["Canary"]}
    for kind in ("Service", "VirtualService", "DestinationRule"):
        for o in by_kind.get(kind, []):
            if o["metadata"]["name"] in owned and not o.get("flagger"):
                fail(f"{ref(o)}: Flagger owns it (Canary {o['metadata']['name']}); two owners undo each other at every upgrade")
    for kind in ("NetworkPolicy", "AuthorizationPolicy", "PeerAuthentication", "PodDisruptionBudget"):
        for o in by_kind.get(kind, []):
            selector = (o["spec"].get("podSelector") or o["spec"].get("selector") or {}).get("matchLabels") or {}
            if "app" in selector:
                fail(f"{ref(o)}: selects on `app`, which Flagger sets to <app>-primary on the primary's pods")
    policies = [p for p in by_kind.get("NetworkPolicy", []) if app_of(p) == "deploy-gate"]
    gate_pods = [d for d in by_kind.get("Deployment", []) if app_of(d) == "deploy-gate"]
    if not gate or not gate_pods:
        fail("canary.enabled, but no deploy gate Service and Deployment to answer Flagger's webhooks")
    if by_kind.get("NetworkPolicy") and gate_pods:
        args = gate_pods[0]["spec"]["template"]["spec"]["containers"][0]["args"]
        url = args[args.index("--prometheus-url") + 1]
        port = int(re.search(r":(\d+)", url.split("//", 1)[1]).group(1)) if re.search(r":(\d+)", url.split("//", 1)[1]) else 80
        if not any(any(p.get("port") == port for p in rule.get("ports", [])) for pol in policies for rule in pol["spec"].get("egress", [])):
            fail(f"the deploy gate's NetworkPolicy does not let it reach Prometheus ({url})")


def check_workloads(by_kind):
    for o in by_kind.get("Deployment", []) + by_kind.get("StatefulSet", []) + by_kind.get("Job", []):
        name = ref(o)
        spec = o["spec"]["template"]["spec"]
        psc = spec.get("securityContext", {})
        if psc.get("runAsNonRoot") is not True or psc.get("runAsUser", 0) == 0:
            fail(f"{name}: pod must set runAsNonRoot and a non-zero runAsUser")
        if psc.get("seccompProfile", {}).get("type") != "RuntimeDefault":
            fail(f"{name}: pod seccompProfile must be RuntimeDefault")
        if spec.get("automountServiceAccountToken") is not False:
            fail(f"{name}: must not mount a service-account token")
        for c in spec.get("initContainers", []) + spec["containers"]:
            sc = c.get("securityContext", {})
            where = f"{name} container {c['name']}"
            if sc.get("readOnlyRootFilesystem") is not True:
                fail(f"{where}: readOnlyRootFilesystem must be true")
            if sc.get("allowPrivilegeEscalation") is not False:
                fail(f"{where}: allowPrivilegeEscalation must be false")
            if sc.get("privileged", False) is not False:
                fail(f"{where}: must not be privileged")
            if sc.get("capabilities", {}).get("drop") != ["ALL"] or sc.get("capabilities", {}).get("add"):
                fail(f"{where}: must drop ALL capabilities and add none")
            if sc.get("runAsUser") == 0:
                fail(f"{where}: runs as root")
            res = c.get("resources") or {}
            if not {"cpu", "memory"} <= set(res.get("requests") or {}) or "memory" not in (res.get("limits") or {}):
                fail(f"{where}: needs cpu and memory requests and a memory limit")
            if o["kind"] != "Job" and c in spec["containers"]:
                for probe in ("readinessProbe", "livenessProbe"):
                    if probe not in c:
                        fail(f"{where}: long-running container without a {probe}")


def check_apps(code, by_kind, configmaps, services, calls):
    for d in by_kind.get("Deployment", []):
        if component_of(d) != "server":
            continue
        app, name, spec = app_of(d), ref(d), d["spec"]["template"]["spec"]
        (c,) = spec["containers"]
        if "startupProbe" not in c:
            fail(f"{name}: missing startupProbe")
        if app in code.grpc_apps and "grpc" not in c.get("readinessProbe", {}):
            fail(f"{name}: gRPC app must be probed with a native gRPC readiness probe")
        if app not in code.grpc_apps and c.get("readinessProbe", {}).get("httpGet", {}).get("path") != "/readyz":
            fail(f"{name}: an HTTP app's readiness probe must be GET /readyz on the admin port")
        cm = configmaps.get(c["envFrom"][0]["configMapRef"]["name"])
        if cm is None:
            fail(f"{name}: its ConfigMap is not rendered")
            continue
        env = cm["data"]
        budget = (int(env["SHUTDOWN_DRAIN_MS"]) + int(env["SHUTDOWN_TIMEOUT_MS"])) / 1000
        if spec["terminationGracePeriodSeconds"] <= budget:
            fail(f"{name}: terminationGracePeriodSeconds {spec['terminationGracePeriodSeconds']} <= drain + timeout {budget}s")
        if int(env["SHUTDOWN_DRAIN_MS"]) <= 0:
            fail(f"{name}: SHUTDOWN_DRAIN_MS must be set in a cluster")
        if "MIGRATE_ON_START" in env and env["MIGRATE_ON_START"] != "false":
            fail(f"{name}: MIGRATE_ON_START must be false (the hook Job migrates)")
        checksum = d["spec"]["template"]["metadata"].get("annotations", {}).get("checksum/config", "")
        if not re.fullmatch(r"[0-9a-f]{64}", checksum):
            fail(f"{name}: pod template needs a checksum/config annotation (sha256)")
        for key in ("DATABASE_URL", "REDIS_URL", "JWT_PRIVATE_KEY", "JWT_PUBLIC_KEY"):
            if key in env:
                fail(f"{name}: {key} is in a ConfigMap; it must come from a Secret")
            if key == "JWT_PRIVATE_KEY":
                continue  # a file, never the environment: check_key_file
            if re.search(rf"^\s*{key}\s*:", code.config[app], re.M) and not any(
                    e["name"] == key and "secretKeyRef" in e.get("valueFrom", {}) for e in c.get("env", [])):
                fail(f"{name}: {key} (read by apps/{app}/src/config.ts) must come from a Secret")
        check_flags_mount(code, app, d, env, configmaps)
        check_key_file(code, app, d, env)
        check_transport(d, env, mesh=bool(by_kind.get("PeerAuthentication")))
        # Downstream addresses: exactly the callees, each the callee's Service and gRPC port.
        addrs = {k: v for k, v in env.items() if k.endswith("_ADDR")}
        want = {f"{callee.upper()}_ADDR" for callee in calls.get(app, set())}
        if set(addrs) != want:
            fail(f"{name}: downstream addresses {sorted(addrs)}, the call graph in apps/{app}/src/config.ts says {sorted(want)}")
        for var, target in addrs.items():
            svc = services.get(var[: -len("_ADDR")].lower())
            if svc is None:
                continue
            port = next((p["port"] for p in svc["spec"]["ports"] if p.get("appProtocol") == "grpc"), None)
            host = f'{svc["metadata"]["name"]}.{svc["metadata"]["namespace"]}.svc.'
            if not (target.startswith(f"dns:///{host}") and target.endswith(f":{port}")):
                fail(f"{name}: {var}={target} is not the gRPC port {port} of Service {host}..")


def check_flags_mount(code, app, deployment, env, configmaps):
    """An app that reads FLAGS_FILE has it pointing at flags.json of the mounted flags ConfigMap (a
    directory mount: a subPath one never sees the ConfigMap change); the others have neither."""
    name, spec = ref(deployment), deployment["spec"]["template"]["spec"]
    (c,) = spec["containers"]
    path = env.get("FLAGS_FILE")
    if app not in code.flag_apps:
        if path:
            fail(f"{name}: FLAGS_FILE set, but {app} reads no flags")
        return
    if not path:
        fail(f"{name}: {app} reads FLAGS_FILE (its config or the chassis's), its ConfigMap does not set it")
        return
    directory, _, key = path.rpartition("/")
    mount = next((m for m in c.get("volumeMounts", []) if m["mountPath"] == directory), None)
    if mount is None or mount.get("subPath") or mount.get("readOnly") is not True:
        fail(f"{name}: FLAGS_FILE={path}, but nothing is mounted read-only (without subPath) at {directory}")
        return
    volume = next((v for v in spec.get("volumes", []) if v["name"] == mount["name"]), {})
    source = (volume.get("configMap") or {}).get("name")
    if source is None or key not in (configmaps.get(source) or {}).get("data", {}):
        fail(f"{name}: FLAGS_FILE={path}: volume {mount['name']} is not a rendered ConfigMap holding {key}")


def check_key_file(code, app, deployment, env):
    """The token signing key reaches the app that reads JWT_PRIVATE_KEY_FILE as a file of a Secret
    volume (mounted read-only, no access for others), never as an environment variable; so do the
    keys it publishes during a rotation (JWT_PUBLISHED_KEYS_FILE), when the pod sets it."""
    name, spec = ref(deployment), deployment["spec"]["template"]["spec"]
    (c,) = spec["containers"]
    if any(e["name"] == "JWT_PRIVATE_KEY" for e in c.get("env", [])):
        fail(f"{name}: the signing key in the environment (JWT_PRIVATE_KEY); mount it as a file")
    if not re.search(r"^\s*JWT_PRIVATE_KEY_FILE\s*:", code.config[app], re.M):
        return
    for variable, required in (("JWT_PRIVATE_KEY_FILE", True), ("JWT_PUBLISHED_KEYS_FILE", False)):
        path = env.get(variable) or next((e.get("value") for e in c.get("env", []) if e["name"] == variable), None)
        if not path:
            if required:
                fail(f"{name}: apps/{app}/src/config.ts reads {variable}, the pod does not set it")
            continue
        directory, _, file = path.rpartition("/")
        mount = next((m for m in c.get("volumeMounts", []) if m["mountPath"] == directory), None)
        volume = next((v for v in spec.get("volumes", []) if mount and v["name"] == mount["name"]), {})
        secret = volume.get("secret") or {}
        if mount is None or mount.get("readOnly") is not True or not secret:
            fail(f"{name}: {variable}={path} is not on a read-only Secret volume")
            continue
        if not any(i["path"] == file for i in secret.get("items") or []) or secret.get("defaultMode", 0o644) & 0o007:
            fail(f"{name}: {secret.get('secretName')} must project only the keys, {file} among them, unreadable by others (defaultMode)")


def check_transport(deployment, env, mesh):
    """A production profile speaks gRPC only over mutual TLS: the mesh's (GRPC_MESH_MTLS, with Istio's
    STRICT PeerAuthentication rendered) or the app's own certificate (GRPC_TLS_DIR on a read-only
    Secret volume holding tls.crt, tls.key and ca.crt)."""
    if env.get("SHOP_PROFILE") != "production":
        return
    name, spec = ref(deployment), deployment["spec"]["template"]["spec"]
    if env.get("GRPC_MESH_MTLS") == "true":
        if not mesh:
            fail(f"{name}: GRPC_MESH_MTLS without a mesh: gRPC would go in clear")
        return
    path = env.get("GRPC_TLS_DIR")
    (c,) = spec["containers"]
    mount = next((m for m in c.get("volumeMounts", []) if path and m["mountPath"] == path), None)
    secret = next((v.get("secret") for v in spec.get("volumes", []) if mount and v["name"] == mount["name"]), None)
    files = {i["path"] for i in (secret or {}).get("items") or []}
    if not path or not mount or mount.get("readOnly") is not True or not secret or not {"tls.crt", "tls.key", "ca.crt"} <= files:
        fail(f"{name}: a production profile without a mesh needs GRPC_TLS_DIR on a read-only Secret volume with tls.crt, tls.key, ca.crt")


def check_services(code, by_kind):
    for svc in (s for s in by_kind.get("Service", []) if not s.get("flagger")):
        target_ports = set()
        for w in by_kind.get("Deployment", []) + by_kind.get("StatefulSet", []):
            if all(pod_labels(w).get(k) == v for k, v in svc["spec"].get("selector", {}).items()):
                for c in w["spec"]["template"]["spec"]["containers"]:
                    target_ports |= {p["name"] for p in c.get("ports", []) if p.get("name", "").startswith("grpc")}
        grpc_app = app_of(svc) in code.grpc_apps and component_of(svc) == "server"
        grpc_ports = [p for p in svc["spec"]["ports"]
                      if p.get("name", "").startswith("grpc") or p.get("targetPort") in target_ports
                      or (grpc_app and p.get("name") != "admin")]
        if grpc_app and not grpc_ports:
            fail(f"{ref(svc)}: a gRPC app's Service without a gRPC port")
        for p in grpc_ports:
            if p.get("appProtocol") != "grpc":
                fail(f"{ref(svc)} port {p.get('name')}: carries gRPC, needs appProtocol: grpc (has {p.get('appProtocol')})")
        for p in svc["spec"]["ports"]:
            if not p.get("name") or not p.get("appProtocol"):
                fail(f"{ref(svc)} port {p.get('port')}: needs a name and an appProtocol")


def check_network_policies(code, policies, deployed, calls, callers):
    if not policies:
        return
    instance = {labels(p).get("app.kubernetes.io/instance") for p in policies}
    if not any(p["spec"]["podSelector"].get("matchLabels", {}).get("app.kubernetes.io/part-of") == "shop"
               and "ingress" not in p["spec"] and "egress" not in p["spec"]
               and set(p["spec"].get("policyTypes", [])) == {"Ingress", "Egress"} for p in policies):
        fail("NetworkPolicy: no default deny (ingress and egress) for the release's pods")
    ingress_from, egress_to = {}, {}
    app_names = set(code.apps) | set(EXTRA_EDGES)
    for p in (p for p in policies if component_of(p) == "server" or component_of(p) in EXTRA_EDGES):
        app = app_of(p)
        for rule in p["spec"].get("ingress", []):
            for peer in rule.get("from", []):
                sel = peer.get("podSelector", {}).get("matchLabels", {})
                if sel.get("app.kubernetes.io/name") in app_names:
                    if sel.get("app.kubernetes.io/instance") not in instance or "namespaceSelector" in peer:
                        fail(f"NetworkPolicy {app}: peer {sel} must be a pod of this release")
                    ingress_from.setdefault(app, set()).add(sel["app.kubernetes.io/name"])
        for rule in p["spec"].get("egress", []):
            for peer in rule.get("to", []):
                name = peer.get("podSelector", {}).get("matchLabels", {}).get("app.kubernetes.io/name")
                if name in app_names:
                    egress_to.setdefault(app, set()).add(name)
    for app in deployed:
        if ingress_from.get(app, set()) != callers.get(app, set()):
            fail(f"NetworkPolicy {app}: ingress from apps {sorted(ingress_from.get(app, set()))}, the call graph says {sorted(callers.get(app, set()))}")
        if egress_to.get(app, set()) != calls.get(app, set()):
            fail(f"NetworkPolicy {app}: egress to apps {sorted(egress_to.get(app, set()))}, the call graph says {sorted(calls.get(app, set()))}")


def check_egress_peers(policies):
    """No egress rule without peers: an empty `to` admits every address on that port."""
    for p in policies:
        for rule in p["spec"].get("egress") or []:
            if not rule.get("to"):
                fail(f"{ref(p)}: egress on {[x.get('port') for x in rule.get('ports', [])]} to every address (no `to`)")


def required_timeouts(code, deployed, callers, app_configmap):
    """Longest deadline a call into each app can carry, and the apps' own budgets, in ms.

    A caller's budget variables bound the deadlines it sets; a call it makes inside an incoming call
    carries (at most) that call's deadline on. So the deadline arriving at X is the largest of its
    callers' budgets and of the deadlines arriving at those callers. An edge route into X (the ingress
    VirtualService) must outlast X's own budgets: the request lasts as long as they allow."""
    own = {}
    for app in deployed:
        values = []
        for var in BUDGETS.get(app, []):
            if var in app_configmap.get(app, {}):
                values.append((int(app_configmap[app][var]), f"{app} {var} (apps.{app}.env)"))
            else:
                values.append((code.budget_default_ms(app, var), f"{app} {var} (apps/{app}/src/config.ts)"))
        own[app] = values
    incoming, visiting = {}, set()

    def arriving(app):
        if app in incoming:
            return incoming[app]
        if app in visiting:
            sys.exit(f"assert-rendered: the call graph has a cycle through {app}")
        visiting.add(app)
        incoming[app] = [b for caller in sorted(callers.get(app, set())) for b in own[caller] + arriving(caller)]
        return incoming[app]

    return {app: arriving(app) for app in deployed}, own


def check_istio(code, by_kind, services, deployed, callers, app_configmap, policy_callers):
    istio = [o for o in sum(by_kind.values(), []) if o["apiVersion"].split("/")[0].endswith("istio.io")]
    if not istio:
        return
    incoming, own = required_timeouts(code, deployed, callers, app_configmap)
    host_app = {f'{s["metadata"]["name"]}.{s["metadata"]["namespace"]}.svc.': a for a, s in services.items()}
    vs_hosts = set()
    for vs in by_kind.get("VirtualService", []):
        edge = bool(vs["spec"].get("gateways"))
        for route in vs["spec"].get("http", []):
            where = f'{ref(vs)} route {route.get("name")}'
            if route.get("retries", {}).get("attempts") != 0:
                fail(f"{where}: retries.attempts must be 0 (the apps retry; one layer only)")
            weights = [d.get("weight", 100) for d in route["route"]]
            if sum(weights) != 100:
                fail(f"{where}: weights sum to {sum(weights)}")
            timeout = parse_duration_ms(route.get("timeout", ""))
            if timeout is None:
                fail(f"{where}: needs a timeout (an Istio duration such as 15s or 1500ms), has {route.get('timeout')!r}")
                continue
            need = set()
            for dest in route["route"]:
                host = dest["destination"]["host"]
                app = next((a for h, a in host_app.items() if host.startswith(h)), None)
                if app is None:
                    fail(f"{where}: routes to {host}, which is no app's Service")
                    continue
                vs_hosts.add(app)
                need |= set((own[app] if edge else []) + incoming[app])
            for ms, what in sorted(need):
                if timeout < ms:
                    fail(f"{where}: timeout {route['timeout']} is shorter than {what} = {ms}ms")
    for app in deployed - vs_hosts:
        fail(f"Istio on, but no VirtualService routes to {app}")
    for pa in by_kind.get("PeerAuthentication", []):
        if pa["spec"]["mtls"]["mode"] != "STRICT":
            fail(f"{ref(pa)}: mTLS must be STRICT")
    check_authorization(code, by_kind, services, deployed, policy_callers)


def check_authorization(code, by_kind, services, deployed, callers):
    sa_app = {sa["metadata"]["name"]: app_of(sa) for sa in by_kind.get("ServiceAccount", [])
              if component_of(sa) == "server" or (component_of(sa) in EXTRA_EDGES and app_of(sa) == component_of(sa))}
    # An extra client's principal names it even where its ServiceAccount is not rendered.
    for prefix in {name[: -len(app)] for name, app in sa_app.items() if name.endswith(app)}:
        for client in EXTRA_EDGES:
            sa_app.setdefault(prefix + client, client)
    policies = {}
    for ap in by_kind.get("AuthorizationPolicy", []):
        policies.setdefault(app_of(ap), []).append(ap)
    for app in sorted(deployed):
        if len(policies.get(app, [])) != 1:
            fail(f"AuthorizationPolicy: {app} needs exactly one (has {len(policies.get(app, []))})")
            continue
        (ap,) = policies[app]
        spec, ns = ap["spec"], ap["metadata"]["namespace"]
        if spec.get("action", "ALLOW") != "ALLOW" or not spec.get("rules"):
            fail(f"{ref(ap)}: must be an ALLOW policy with rules (anything unmatched is then denied)")
            continue
        svc_ports = {p["name"]: str(p["port"]) for p in services[app]["spec"]["ports"]}
        app_port = svc_ports.get("grpc") or svc_ports.get("http")
        found = set()
        metrics_from = None
        for rule in spec["rules"]:
            ops = [t["operation"] for t in rule.get("to", [])]
            if not rule.get("from"):
                # Unauthenticated: only the probes' read-only health endpoints of the admin port.
                if not ops or any(o.get("ports") != [svc_ports["admin"]] or o.get("methods") != ["GET"]
                                  or not set(o.get("paths") or ["*"]) <= {"/healthz", "/readyz"} for o in ops):
                    fail(f"{ref(ap)}: a rule without `from` must be limited to GET /healthz, /readyz on the admin port")
                continue
            if any("namespaces" in s["source"] for s in rule["from"]):
                # Prometheus, by the namespace of its mTLS identity: /metrics and nothing else.
                metrics_from = [n for s in rule["from"] for n in s["source"].get("namespaces", [])]
                if any(set(s["source"]) != {"namespaces"} for s in rule["from"]) or not metrics_from or ns in metrics_from \
                        or any(o.get("ports") != [svc_ports["admin"]] or o.get("methods") != ["GET"] or o.get("paths") != ["/metrics"] for o in ops):
                    fail(f"{ref(ap)}: a namespace-sourced rule must admit only GET /metrics on the admin port, from the monitoring namespaces")
                continue
            principals = [p for s in rule["from"] for p in s["source"].get("principals", [])]
            if not principals or any(set(s["source"]) - {"principals"} for s in rule["from"]):
                fail(f"{ref(ap)}: sources must be principals only")
            for principal in principals:
                m = re.fullmatch(r"[^/]+/ns/([^/]+)/sa/([^/]+)", principal)
                caller = m and m.group(1) == ns and sa_app.get(m.group(2))
                if caller:
                    found.add(caller)
                elif app in code.grpc_apps or (m and m.group(1) == ns):
                    fail(f"{ref(ap)}: admits {principal}, which is no app of this release")
            if not ops or any(o.get("ports") != [app_port] for o in ops):
                fail(f"{ref(ap)}: rules with `from` must be limited to the app port {app_port}")
            if app in code.grpc_apps:
                for o in ops:
                    for path in o.get("paths") or ["<none>"]:
                        svc = re.fullmatch(r"/([\w.]+)/(\w+|\*)", path)
                        if not svc or svc.group(1) not in code.services[app]:
                            fail(f"{ref(ap)}: path {path} is not a method of a service {app} serves {sorted(code.services[app])}")
        if found != callers.get(app, set()):
            fail(f"{ref(ap)}: admits apps {sorted(found)}, the call graph says {sorted(callers.get(app, set()))}")
        if not metrics_from:
            fail(f"{ref(ap)}: no rule admitting the monitoring namespace to /metrics (and only it)")


def loadgen_seconds(text):
    """tools/loadgen's durations: 30s, 5m, 1h, 250ms or bare seconds (options.ts `seconds`)."""
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s|m|h)?", str(text).strip())
    return None if not m else float(m.group(1)) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[m.group(2) or "s"]


def check_client(code, client, by_kind, services, deployed):
    """The Job of an extra client (the load generator); answers the apps its egress must reach."""
    jobs = [j for j in by_kind.get("Job", []) if component_of(j) == client]
    if len(jobs) != 1:
        fail(f"{client}: {len(jobs)} Jobs, expected one")
    (job,) = jobs[:1] or [None]
    if job is None:
        return set()
    name, spec = ref(job), job["spec"]
    pod, meta = spec["template"]["spec"], spec["template"]["metadata"]
    if hooks_of(job)[0]:
        fail(f"{name}: must not be a Helm hook (its outcome is a measurement, never the release's)")
    if pod.get("restartPolicy") != "Never" or "backoffLimit" not in spec or "ttlSecondsAfterFinished" not in spec:
        fail(f"{name}: needs restartPolicy Never, backoffLimit and ttlSecondsAfterFinished")
    if not set(pod_labels(job).items()) >= {("app.kubernetes.io/part-of", "shop"), ("app.kubernetes.io/name", client)}:
        fail(f"{name}: its pods must carry app.kubernetes.io/part-of: shop (the default deny applies to them)")
    sas = {sa["metadata"]["name"]: sa for sa in by_kind.get("ServiceAccount", []) if component_of(sa) == client}
    sa = sas.get(pod.get("serviceAccountName", "default"))
    if sa is None or sa.get("automountServiceAccountToken") is not False:
        fail(f"{name}: needs its own ServiceAccount (component {client}, no token), has {pod.get('serviceAccountName')}")
    (c,) = pod["containers"]
    env = {e["name"]: e.get("value") for e in c.get("env", [])}
    unknown = sorted(set(env) - code.loadgen_options)
    if unknown:
        fail(f"{name}: {unknown} are no options of tools/loadgen/src/options.ts (LOADGEN_<OPTION>)")
    if c.get("args") or c.get("command"):
        fail(f"{name}: configured by LOADGEN_* variables only (the image's entrypoint runs it)")
    phases = [loadgen_seconds(env.get(v, d)) for v, d in (("LOADGEN_SETUP_TIMEOUT", code.loadgen_setup_default),
                                                          ("LOADGEN_WARMUP", "5s"), ("LOADGEN_DURATION", "30s"))]
    if None in phases:
        fail(f"{name}: a duration tools/loadgen cannot parse: {env}")
    elif spec.get("activeDeadlineSeconds", 0) <= sum(phases):
        fail(f"{name}: activeDeadlineSeconds {spec.get('activeDeadlineSeconds')} <= sign-up + warm-up + duration = {sum(phases):g}s")
    istio = any(o["apiVersion"].split("/")[0].endswith("istio.io") for o in sum(by_kind.values(), []))
    annotations = meta.get("annotations") or {}
    if istio:
        # STRICT mTLS: without a sidecar it reaches nothing; with a classic one the Job never ends.
        if annotations.get("sidecar.istio.io/inject") == "false":
            fail(f"{name}: no sidecar under Istio: the gateway only accepts mutual TLS")
        if annotations.get("sidecar.istio.io/nativeSidecar") != "true":
            fail(f"{name}: under Istio its sidecar must be native (sidecar.istio.io/nativeSidecar), or the Job never ends")
        if not re.search(r'"holdApplicationUntilProxyStarts"\s*:\s*true', annotations.get("proxy.istio.io/config", "")):
            fail(f"{name}: under Istio it must hold the application until the proxy starts")
    # In-cluster target: the gateway's Service, on its HTTP port.
    target = env.get("LOADGEN_TARGET") or ""
    m = re.fullmatch(r"https?://([^/:]+)(?::(\d+))?(/.*)?", target)
    if not m:
        fail(f"{name}: LOADGEN_TARGET {target!r} is not an http(s) URL")
        return set()
    host, port = m.group(1), int(m.group(2) or (443 if target.startswith("https") else 80))
    hit = {a for a, s in services.items()
           if host == s["metadata"]["name"] or host.startswith(f'{s["metadata"]["name"]}.{s["metadata"]["namespace"]}.svc')}
    for app in hit:
        http_port = next((p["port"] for p in services[app]["spec"]["ports"] if p["name"] == "http"), None)
        if app not in EXTRA_EDGES[client] or port != http_port:
            fail(f"{name}: LOADGEN_TARGET {target} is not the HTTP port of {sorted(EXTRA_EDGES[client])}'s Service")
    for p in by_kind.get("NetworkPolicy", []):
        if app_of(p) != client or component_of(p) != client:
            continue
        for rule in p["spec"].get("egress", []):
            to = {peer.get("podSelector", {}).get("matchLabels", {}).get("app.kubernetes.io/name") for peer in rule.get("to", [])}
            if to & EXTRA_EDGES[client] and [q["port"] for q in rule.get("ports", [])] != [port]:
                fail(f"NetworkPolicy {client}: egress to {sorted(to)} must be on port {port} only, has {rule.get('ports')}")
    return hit & EXTRA_EDGES[client] & deployed


def relabel(labels, configs):
    """Prometheus relabelling (the operator's camelCase fields) of one label set; None: dropped."""
    labels = dict(labels)
    for rc in configs:
        action = rc.get("action", "replace").lower()
        regex = re.compile(f'^(?:{rc.get("regex", "(.*)")})$')
        if action in ("labeldrop", "labelkeep"):
            labels = {k: v for k, v in labels.items() if bool(regex.match(k)) == (action == "labelkeep")}
            continue
        value = rc.get("separator", ";").join(labels.get(n, "") for n in rc.get("sourceLabels", []))
        m = regex.match(value)
        if action in ("keep", "drop"):
            if bool(m) != (action == "keep"):
                return None
        elif action == "replace":
            if m:
                target = m.expand(re.sub(r"\$\{?(\w+)\}?", r"\\g<\1>", rc["targetLabel"]))
                result = m.expand(re.sub(r"\$\{?(\w+)\}?", r"\\g<\1>", rc.get("replacement", "$1")))
                if result:
                    labels[target] = result
                else:
                    labels.pop(target, None)
        else:
            fail(f"relabel action {action!r}: not simulated here; extend assert-rendered.py")
    return labels


def check_service_monitors(by_kind, services):
    """The operator adds a `service` target label (the Kubernetes Service's name); the apps export
    service="<app>". A series of app X must come out with service=X (what the rules and gates select)."""
    for sm in by_kind.get("ServiceMonitor", []):
        selector = sm["spec"].get("selector", {}).get("matchLabels", {})
        for app, svc in sorted(services.items()):
            if not all(labels(svc).get(k) == v for k, v in selector.items()):
                continue
            for ep in sm["spec"]["endpoints"]:
                if ep.get("port") not in {p["name"] for p in svc["spec"]["ports"]}:
                    continue
                target = {"service": svc["metadata"]["name"], "namespace": svc["metadata"]["namespace"],
                          "job": svc["metadata"]["name"], "endpoint": ep["port"], "pod": f"{app}-0", "instance": "10.0.0.1:9090"}
                scraped = {"__name__": "grpc_server_handled_total", "service": app}
                if ep.get("honorLabels"):
                    merged = {**target, **scraped}
                else:
                    merged = {**target, **{(f"exported_{k}" if k in target else k): v for k, v in scraped.items()}}
                out = relabel(merged, ep.get("metricRelabelings") or [])
                if out is None or out.get("service") != app or any(k.startswith("exported_") for k in out):
                    fail(f"{ref(sm)} port {ep['port']}: a series {app} exports with service=\"{app}\" is stored as {out}; "
                         "the apps' `service` label must win over the Service name (honorLabels or metricRelabelings)")
                if out and out.get("namespace") != svc["metadata"]["namespace"]:
                    fail(f"{ref(sm)} port {ep['port']}: the namespace label must stay the target's")


def memory_bytes(text):
    m = re.fullmatch(r"(\d+)(Ki|Mi|Gi|kb|mb|gb)?", str(text))
    units = {None: 1, "Ki": 1024, "Mi": 1024**2, "Gi": 1024**3, "kb": 1024, "mb": 1024**2, "gb": 1024**3}
    return int(m.group(1)) * units[m.group(2)] if m else None


def check_in_chart_databases(code, by_kind):
    """The in-chart Postgres: per database app a role shop_<app> owning only shop_<app>, its URL
    that role's. The in-chart Redis: per Redis app an ACL user limited to the key prefix its code
    uses, without admin or dangerous commands, its URL that user's; no anonymous access but PING;
    maxmemory below the container's memory limit, with an explicit eviction policy."""
    secrets = {s["metadata"]["name"]: s.get("stringData") or {} for s in by_kind.get("Secret", [])}
    statefulsets = {app_of(s): s for s in by_kind.get("StatefulSet", [])}
    deployments = [d for d in by_kind.get("Deployment", []) if component_of(d) == "server"]

    def url_key(d, var):
        (c,) = d["spec"]["template"]["spec"]["containers"]
        e = next((e for e in c.get("env", []) if e["name"] == var), None)
        ref_ = (e or {}).get("valueFrom", {}).get("secretKeyRef") or {}
        return ref_.get("name"), ref_.get("key")

    if "postgresql" in statefulsets:
        init = next((c["data"] for c in by_kind.get("ConfigMap", []) if app_of(c) == "postgresql"), {})
        script = "\n".join(init.values())
        for d in deployments:
            name, key = url_key(d, "DATABASE_URL")
            if name is None:
                continue
            app, url = app_of(d), secrets.get(name, {}).get(key, "")
            if not re.fullmatch(rf"postgres://shop_{app}:[^@]+@[^/]+/shop_{app}", url):
                fail(f"{ref(d)}: DATABASE_URL is {re.sub(':[^:@]+@', ':***@', url)!r}, expected role shop_{app} on database shop_{app}")
            if not re.search(rf"^\s*for app in [a-z ]*\b{app}\b", script, re.M):
                fail(f"postgresql's init script creates no role for {app}")
        if not re.search(r"CREATE DATABASE :\"role\" OWNER :\"role\"", script) or "REVOKE ALL ON DATABASE" not in script:
            fail("postgresql's init script must create each database owned by its role, and revoke PUBLIC's access")
    if "redis" in statefulsets:
        sts = statefulsets["redis"]
        (c,) = sts["spec"]["template"]["spec"]["containers"]
        args = [str(a) for a in c.get("args", [])]
        opt = lambda flag: args[args.index(flag) + 1] if flag in args[:-1] else None  # noqa: E731
        limit = memory_bytes((c.get("resources", {}).get("limits") or {}).get("memory"))
        maxmemory = memory_bytes(opt("--maxmemory"))
        if not maxmemory or not limit or maxmemory >= limit:
            fail(f"{ref(sts)}: --maxmemory {opt('--maxmemory')} must be set below the memory limit {limit}")
        if not opt("--maxmemory-policy"):
            fail(f"{ref(sts)}: no --maxmemory-policy")
        if opt("--aclfile") is None or "--requirepass" in args:
            fail(f"{ref(sts)}: users must come from an ACL file (--aclfile), not one shared --requirepass")
        acl = next((v["users.acl"] for v in secrets.values() if "users.acl" in v), "")
        users = {line.split()[1]: line.split()[2:] for line in acl.splitlines() if line.startswith("user ")}
        if users.get("default") and any(r.startswith(("~", "%")) or r in ("+@all", "allkeys") for r in users["default"]):
            fail("redis ACL: the default (anonymous) user must reach no key")
        for d in deployments:
            name, key = url_key(d, "REDIS_URL")
            if name is None:
                continue
            app = app_of(d)
            url = secrets.get(name, {}).get(key, "")
            if not url.startswith(f"redis://{app}:"):
                fail(f"{ref(d)}: REDIS_URL is not its own ACL user's ({app})")
            rules = users.get(app, [])
            patterns = [r for r in rules if r.startswith("~")]
            if patterns != [f"~{code.redis_prefix.get(app, '?')}*"]:
                fail(f"redis ACL user {app}: key patterns {patterns}, its code's prefix is {code.redis_prefix.get(app)!r}")
            if "-@admin" not in rules or "-@dangerous" not in rules or rules[-1] in ("+@all", "+@admin", "+@dangerous"):
                fail(f"redis ACL user {app}: must not have admin or dangerous commands")


def check_secrets(by_kind):
    statefulsets = {app_of(s) for s in by_kind.get("StatefulSet", [])}
    for s in by_kind.get("Secret", []):
        values = dict(s.get("stringData") or {})
        values.update({k: "<base64>" for k in s.get("data") or {}})
        # Generated passwords (`password`, `<user>-password`); every other value is built around
        # one of them, or (an ACL file) holds only their SHA-256.
        passwords = [v for k, v in values.items() if k == "password" or k.endswith("-password")]
        hashes = {hashlib.sha256(p.encode()).hexdigest() for p in passwords}
        def derived(key, value):
            if key == "users.acl":
                return (set(re.findall(r"#([0-9a-f]{64})\b", value)) <= hashes
                        and not re.search(r"(^|\s)>", value) and not any(p in value for p in passwords))
            return any(p in value for p in passwords)
        generated = (app_of(s) in {"postgresql", "redis"} and app_of(s) in statefulsets
                     and (s["metadata"].get("annotations") or {}).get("helm.sh/resource-policy") == "keep"
                     and passwords and all(re.fullmatch(r"[A-Za-z0-9]{32,}", p) for p in passwords)
                     and len(set(passwords)) == len(passwords)
                     and all(derived(k, v) for k, v in values.items()))
        if not generated:
            fail(f"{ref(s)}: a Secret with literal data; the only ones allowed are the generated demo credentials of the in-chart Postgres/Redis")
    for cm in by_kind.get("ConfigMap", []):
        for k, v in (cm.get("data") or {}).items():
            if SECRET_LIKE_NAME.search(k) or CREDENTIAL_VALUE.search(str(v)):
                fail(f"{ref(cm)}: {k} looks like a credential; it belongs in a Secret")
    for w in sum((by_kind.get(k, []) for k in ("Deployment", "StatefulSet", "Job")), []):
        for c in w["spec"]["template"]["spec"]["containers"]:
            for e in c.get("env", []):
                if "value" in e and (SECRET_LIKE_NAME.search(e["name"]) or CREDENTIAL_VALUE.search(str(e["value"]))):
                    fail(f"{ref(w)} container {c['name']}: env {e['name']} is a literal credential")


def check_pdbs(by_kind):
    hpa_min = {h["spec"]["scaleTargetRef"]["name"]: h["spec"]["minReplicas"] for h in by_kind.get("HorizontalPodAutoscaler", [])}
    for pdb in by_kind.get("PodDisruptionBudget", []):
        sel = pdb["spec"]["selector"]["matchLabels"]
        pods = 0
        for d in by_kind.get("Deployment", []) + by_kind.get("StatefulSet", []):
            if all(pod_labels(d).get(k) == v for k, v in sel.items()):
                pods += hpa_min.get(d["metadata"]["name"], d["spec"].get("replicas", 1))
        if "minAvailable" in pdb["spec"]:
            allowed = pods - int(str(pdb["spec"]["minAvailable"]).rstrip("%")) if "%" not in str(pdb["spec"]["minAvailable"]) else None
        else:
            mu = str(pdb["spec"]["maxUnavailable"])
            allowed = -(-pods * int(mu[:-1]) // 100) if mu.endswith("%") else int(mu)  # percentages round up
        if pods == 0 or allowed is None or allowed < 1:
            fail(f"{ref(pdb)}: allows {allowed} eviction(s) of {pods} pod(s) at the smallest replica count; it would block node drains")
        if pods <= 1:
            fail(f"{ref(pdb)}: a budget for a single replica protects nothing; render none")


def check_hooks(objects, by_kind):
    in_chart_db = any(app_of(s) == "postgresql" for s in by_kind.get("StatefulSet", []))
    ordinary = {(o["kind"], o["metadata"]["name"]) for o in objects if not hooks_of(o)[0]}
    hook_sas = {o["metadata"]["name"]: hooks_of(o) for o in by_kind.get("ServiceAccount", []) if hooks_of(o)[0]}
    jobs = by_kind.get("Job", [])
    migrate_weights = [hooks_of(j)[1] for j in jobs if component_of(j) == "migrate"]
    for job in (j for j in jobs if component_of(j) not in EXTRA_EDGES):
        name, (phases, weight) = ref(job), hooks_of(job)
        annotations = job["metadata"].get("annotations") or {}
        if not phases or "helm.sh/hook-delete-policy" not in annotations:
            fail(f"{name}: must be a Helm hook with a delete policy")
        if "backoffLimit" not in job["spec"] or "activeDeadlineSeconds" not in job["spec"]:
            fail(f"{name}: needs backoffLimit and activeDeadlineSeconds")
        if component_of(job) == "migrate":
            want = {"post-install", "pre-upgrade"} if in_chart_db else {"pre-install", "pre-upgrade"}
            if phases != want:
                fail(f"{name}: hooks {sorted(phases)}, expected {sorted(want)} ({'in-chart' if in_chart_db else 'external'} database)")
        elif component_of(job) == "seed":
            if not phases <= {"post-install", "post-upgrade"} or any(weight <= w for w in migrate_weights):
                fail(f"{name}: the seed must run after the migrations (post-install/post-upgrade, a higher weight)")
        pod = job["spec"]["template"]["spec"]
        sa = pod.get("serviceAccountName", "default")
        if sa in hook_sas:
            sa_phases, sa_weight = hook_sas[sa]
            if not phases <= sa_phases or sa_weight >= weight:
                fail(f"{name}: its ServiceAccount {sa} must be a hook of {sorted(phases)} with a lower weight")
        elif sa != "default" and "pre-install" in phases:
            fail(f"{name}: a pre-install hook runs as ServiceAccount {sa}, which the release has not created yet")
        if "pre-install" in phases:
            refs = {("Secret", e["valueFrom"]["secretKeyRef"]["name"]) for c in pod["containers"] for e in c.get("env", [])
                    if "secretKeyRef" in e.get("valueFrom", {})}
            refs |= {("ConfigMap", s["configMapRef"]["name"]) for c in pod["containers"] for s in c.get("envFrom", []) if "configMapRef" in s}
            refs |= {("ConfigMap", v["configMap"]["name"]) for v in pod.get("volumes", []) if "configMap" in v}
            for kind, obj in sorted(refs & ordinary):
                fail(f"{name}: a pre-install hook uses {kind}/{obj}, which the release creates only after its pre-install hooks")


# --- several renders ----------------------------------------------------------------------------

# What each switch adds: exactly these CRD-served kinds, and no others.
SWITCH_KINDS = {
    "serviceMonitor": {"ServiceMonitor"},
    "prometheusRule": {"PrometheusRule"},
    "grafanaDashboards": set(),
    "istio": {"PeerAuthentication", "AuthorizationPolicy", "DestinationRule", "VirtualService"},
    "istio-ingress": {"PeerAuthentication", "AuthorizationPolicy", "DestinationRule", "VirtualService", "Gateway"},
    "ingress": set(),
    "loadgen": set(),
    "istio-loadgen": {"PeerAuthentication", "AuthorizationPolicy", "DestinationRule", "VirtualService"},
    # Flagger renders the DestinationRules and VirtualServices from the Canaries.
    "istio-canary": {"PeerAuthentication", "AuthorizationPolicy", "Canary"},
    "jwt-rotation": set(),
}


def check_switches(defaults, again, switched):
    base = load(defaults)
    crd = sorted({ref(o) for o in base if needs_crd(o)})
    if crd:
        fail(f"defaults render objects that need CRDs: {crd}")
    if any(o["kind"] == "Ingress" for o in base):
        fail("defaults render an Ingress (ingress.enabled must default to false)")
    loadgen = lambda objs: [ref(o) for o in objs if component_of(o) in EXTRA_EDGES]  # noqa: E731
    if loadgen(base):
        fail(f"defaults render the load generator: {loadgen(base)} (loadgen.enabled must default to false)")
    # Generated demo credentials: a fresh password per render, so nothing from the chart's inputs.
    secrets = lambda objs: {o["metadata"]["name"]: o.get("stringData") or {} for o in objs if o["kind"] == "Secret"}  # noqa: E731
    first, second = secrets(base), secrets(load(again))
    if set(first) != set(second):
        fail(f"two renders of the defaults have different Secrets: {sorted(first)} / {sorted(second)}")
    for name, data in first.items():
        for key, value in data.items():
            if second.get(name, {}).get(key) == value:
                fail(f"Secret/{name} {key}: the same in two renders of the defaults, so it is not generated")
    for spec in switched:
        name, _, path = spec.partition("=")
        objs = load(path)
        kinds = {o["kind"] for o in objs if needs_crd(o)}
        if kinds != SWITCH_KINDS[name]:
            fail(f"switch {name}: objects needing CRDs {sorted(kinds)}, expected exactly {sorted(SWITCH_KINDS[name])}")
        jobs = [o for o in objs if o["kind"] == "Job" and component_of(o) in EXTRA_EDGES]
        if ("loadgen" in name) != (len(jobs) == 1) or len(jobs) > 1:
            fail(f"switch {name}: load generator Jobs {[ref(j) for j in jobs]}, expected {'one' if 'loadgen' in name else 'none'}")
        published = [ref(o) for o in objs if o["kind"] == "ConfigMap" and "JWT_PUBLISHED_KEYS_FILE" in (o.get("data") or {})]
        if (name == "jwt-rotation") != bool(published):
            fail(f"switch {name}: ConfigMaps setting JWT_PUBLISHED_KEYS_FILE: {published or 'none'}")
        ingresses = [o for o in objs if o["kind"] == "Ingress"]
        if name == "ingress" and len(ingresses) != 1:
            fail(f"switch ingress (no mesh): {len(ingresses)} Ingress objects, expected 1")
        if name != "ingress" and ingresses:
            fail(f"switch {name}: renders an Ingress")
        for ing in ingresses:
            tls = ing["spec"].get("tls") or []
            hosts = {r["host"] for r in ing["spec"]["rules"]}
            if not tls or not all(t.get("secretName") for t in tls) or not hosts <= {h for t in tls for h in t.get("hosts", [])}:
                fail(f"{ref(ing)}: every host must be served with TLS from a Secret")
        for gw in (o for o in objs if o["kind"] == "Gateway"):
            for server in gw["spec"]["servers"]:
                tls = server.get("tls") or {}
                if not (tls.get("credentialName") or tls.get("httpsRedirect")):
                    fail(f"{ref(gw)} port {server['port']['number']}: must serve TLS from a Secret or redirect to it")


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "--switches":
        check_switches(sys.argv[2], sys.argv[3], sys.argv[4:])
        if errors:
            print("\n".join(f"FAIL {e}" for e in errors))
            sys.exit(1)
        print("assert-rendered: switches: all checks passed")
        sys.exit(0)
    code, failed = Code(ROOT), False
    for path in sys.argv[1:]:
        errors.clear()
        check_render(code, load(path), Path(path).name)
        if errors:
            failed = True
            print("\n".join(f"FAIL {Path(path).name}: {e}" for e in errors))
        else:
            print(f"assert-rendered: {Path(path).name}: all checks passed")
    sys.exit(1 if failed else 0)
