#!/usr/bin/env python3
"""Checks on a rendered chart (helm template output) that schemas cannot express.

Usage: assert-rendered.py <rendered.yaml>. Exits 1 listing every violated rule:
  * every container of every workload (Deployment, StatefulSet, Job) runs as non-root, with a
    read-only root filesystem, no privilege escalation, all capabilities dropped, seccomp
    RuntimeDefault;
  * gRPC apps are probed with native gRPC probes (readiness), every app has startup, liveness and
    readiness probes; terminationGracePeriodSeconds exceeds SHUTDOWN_DRAIN_MS + SHUTDOWN_TIMEOUT_MS;
  * the pod template carries a checksum/config annotation (a sha256: the template hashes the app's
    rendered ConfigMap, so a config change rolls the pods); MIGRATE_ON_START is false; DATABASE_URL,
    REDIS_URL and the JWT keys come from Secrets, never from the ConfigMap; the *_ADDR targets
    match the call graph; hook Jobs have a delete policy, backoffLimit and activeDeadlineSeconds;
  * NetworkPolicies open exactly the call graph: gateway -> user, inventory, order; order ->
    inventory, payment; nobody else calls an app;
  * with Istio: every VirtualService route has retries.attempts == 0 and a timeout; mTLS STRICT;
    AuthorizationPolicies admit exactly the call graph's principals.
"""

import re
import sys

import yaml

CALLS = {"gateway": {"user", "inventory", "order"}, "order": {"inventory", "payment"}}
APPS = {"gateway", "user", "inventory", "payment", "order"}
GRPC_APPS = APPS - {"gateway"}

errors = []


def fail(message):
    errors.append(message)


def pod_spec(obj):
    spec = obj["spec"]
    return spec["template"]["spec"]


def app_of(obj):
    return obj["metadata"].get("labels", {}).get("app.kubernetes.io/name")


def component_of(obj):
    return obj["metadata"].get("labels", {}).get("app.kubernetes.io/component")


def main(path):
    with open(path) as f:
        objects = [o for o in yaml.safe_load_all(f) if o]
    by_kind = {}
    for o in objects:
        by_kind.setdefault(o["kind"], []).append(o)
    configmaps = {o["metadata"]["name"]: o for o in by_kind.get("ConfigMap", [])}

    for o in by_kind.get("Deployment", []) + by_kind.get("StatefulSet", []) + by_kind.get("Job", []):
        name = f'{o["kind"]}/{o["metadata"]["name"]}'
        spec = pod_spec(o)
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
            if sc.get("capabilities", {}).get("drop") != ["ALL"]:
                fail(f"{where}: must drop ALL capabilities")
            if sc.get("runAsUser") == 0:
                fail(f"{where}: runs as root")
            if not c.get("resources", {}).get("requests") or not c["resources"].get("limits", {}).get("memory"):
                fail(f"{where}: needs resource requests and a memory limit")

    deployments = by_kind.get("Deployment", [])
    seen_apps = set()
    for d in deployments:
        app = app_of(d)
        seen_apps.add(app)
        name = f'Deployment/{d["metadata"]["name"]}'
        spec = pod_spec(d)
        (c,) = spec["containers"]
        for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
            if probe not in c:
                fail(f"{name}: missing {probe}")
        if app in GRPC_APPS and "grpc" not in c.get("readinessProbe", {}):
            fail(f"{name}: gRPC app must be probed with a native gRPC readiness probe")
        if app == "gateway" and c.get("readinessProbe", {}).get("httpGet", {}).get("path") != "/readyz":
            fail(f"{name}: the gateway's readiness probe must be GET /readyz on the admin port")
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
        secret_env = {e["name"] for e in c.get("env", []) if "secretKeyRef" in e.get("valueFrom", {})}
        wants = {"gateway": {"REDIS_URL", "JWT_PUBLIC_KEY"}, "user": {"DATABASE_URL", "REDIS_URL", "JWT_PRIVATE_KEY"},
                 "inventory": {"DATABASE_URL", "REDIS_URL"}, "payment": {"DATABASE_URL"},
                 "order": {"DATABASE_URL", "REDIS_URL"}}[app]
        if secret_env != wants:
            fail(f"{name}: secret env {sorted(secret_env)}, expected {sorted(wants)}")
        addrs = {k for k in env if k.endswith("_ADDR")}
        if addrs != {f"{callee.upper()}_ADDR" for callee in CALLS.get(app, set())}:
            fail(f"{name}: downstream addresses {sorted(addrs)} do not match the call graph")
    if deployments and seen_apps != APPS:
        fail(f"Deployments for {sorted(seen_apps)}, expected {sorted(APPS)}")

    check_network_policies(by_kind.get("NetworkPolicy", []))
    check_istio(by_kind)
    for job in by_kind.get("Job", []):
        hooks = job["metadata"].get("annotations", {})
        name = f'Job/{job["metadata"]["name"]}'
        if "helm.sh/hook" not in hooks or "helm.sh/hook-delete-policy" not in hooks:
            fail(f"{name}: must be a Helm hook with a delete policy")
        if "backoffLimit" not in job["spec"] or "activeDeadlineSeconds" not in job["spec"]:
            fail(f"{name}: needs backoffLimit and activeDeadlineSeconds")


def check_network_policies(policies):
    if not policies:
        return
    servers = [p for p in policies if component_of(p) == "server"]
    if not any(p["spec"]["podSelector"].get("matchLabels", {}).get("app.kubernetes.io/part-of") == "shop"
               and "ingress" not in p["spec"] and "egress" not in p["spec"] for p in policies):
        fail("NetworkPolicy: no default deny for the release's pods")
    ingress_from, egress_to = {}, {}
    for p in servers:
        app = app_of(p)
        for rule in p["spec"].get("ingress", []):
            ports = {port["port"] for port in rule.get("ports", [])}
            if "grpc" in ports:
                ingress_from[app] = {peer["podSelector"]["matchLabels"]["app.kubernetes.io/name"] for peer in rule["from"]}
        for rule in p["spec"].get("egress", []):
            for peer in rule.get("to", []):
                name = peer.get("podSelector", {}).get("matchLabels", {}).get("app.kubernetes.io/name")
                if name in APPS:
                    egress_to.setdefault(app, set()).add(name)
    callers = {}
    for caller, callees in CALLS.items():
        for callee in callees:
            callers.setdefault(callee, set()).add(caller)
    for app in APPS:
        if ingress_from.get(app, set()) != callers.get(app, set()):
            fail(f"NetworkPolicy {app}: gRPC ingress from {sorted(ingress_from.get(app, set()))}, expected {sorted(callers.get(app, set()))}")
        if egress_to.get(app, set()) != CALLS.get(app, set()):
            fail(f"NetworkPolicy {app}: egress to apps {sorted(egress_to.get(app, set()))}, expected {sorted(CALLS.get(app, set()))}")


def check_istio(by_kind):
    for vs in by_kind.get("VirtualService", []):
        for route in vs["spec"].get("http", []):
            where = f'VirtualService/{vs["metadata"]["name"]} route {route.get("name")}'
            if route.get("retries", {}).get("attempts") != 0:
                fail(f"{where}: retries.attempts must be 0 (the apps retry; one layer only)")
            if not route.get("timeout"):
                fail(f"{where}: needs an explicit timeout (>= the apps' budgets)")
            weights = [d.get("weight", 100) for d in route["route"]]
            if sum(weights) != 100:
                fail(f"{where}: weights sum to {sum(weights)}")
    for pa in by_kind.get("PeerAuthentication", []):
        if pa["spec"]["mtls"]["mode"] != "STRICT":
            fail(f'PeerAuthentication/{pa["metadata"]["name"]}: mTLS must be STRICT')
    policies = by_kind.get("AuthorizationPolicy", [])
    if not policies:
        return
    callers = {}
    for caller, callees in CALLS.items():
        for callee in callees:
            callers.setdefault(callee, set()).add(caller)
    for ap in policies:
        app = app_of(ap)
        principals = set()
        for rule in ap["spec"]["rules"]:
            for source in rule.get("from", []):
                for principal in source["source"].get("principals", []):
                    principals.add(principal.rsplit("/sa/", 1)[1])
        expected = callers.get(app, set()) if app != "gateway" else principals  # the gateway: ingress pods
        if app != "gateway" and principals != expected:
            fail(f"AuthorizationPolicy {app}: callers {sorted(principals)}, expected {sorted(expected)}")


if __name__ == "__main__":
    main(sys.argv[1])
    if errors:
        print("\n".join(f"FAIL {e}" for e in errors))
        sys.exit(1)
    print(f"assert-rendered: {sys.argv[1]}: all checks passed")
