#!/usr/bin/env python3
"""What the rehearsal asserts about a live cluster (read through kubectl), one check per call:

  assert-cluster.py refs <namespace>
      every Secret and ConfigMap a pod or pod template references (env, envFrom, volumes,
      projected volumes, imagePullSecrets) exists: kwok runs no kubelet, which would refuse to start
      such a pod, so this is checked here;
  assert-cluster.py files <namespace>
      every *_FILE variable of an app (its env, its ConfigMap) names a file that its pod will have:
      under a volume mount, a key of the ConfigMap or Secret behind that volume (flags, keys);
  assert-cluster.py images <namespace> <tag>
      every app Deployment runs <tag> (image and SERVICE_VERSION), with all its replicas updated and
      ready;
  assert-cluster.py hooks <audit.log> <namespace> <since> install|upgrade <external|in-chart> <tag>
      from the API server's audit log (every write, microsecond timestamps) since <since>: the hook
      ServiceAccount before the migration Jobs, the migrations before the seed; with an external
      database the migrations before any Deployment is created or changed (pre-install,
      pre-upgrade), with the in-chart one after the Deployments on install (post-install) and
      before them on upgrade; every migration Job ran the image of <tag> (the new code's);
  assert-cluster.py mesh <namespace>
      every VirtualService destination host is a Service of the namespace, every subset is defined
      by a DestinationRule of that host, every gateway exists; every DestinationRule host is a
      Service; every principal an AuthorizationPolicy admits is a ServiceAccount of the namespace;
  assert-cluster.py routes <namespace> <app>...
      each app's VirtualService is Flagger's (owned by the app's Canary) and sends all its traffic to
      <app>-primary, none to <app>-canary;
  assert-cluster.py weights <audit.log> <namespace> <since> <step> <app>...
      from the audit log: since <since>, Flagger moved each app's canary weight to <step> and, last,
      back to 0 (promoted or rolled back, the primary takes all the traffic again).

Prints what it checked; exits 1 listing every violation.
"""
import json
import subprocess
import sys
import time

problems = []


def kubectl_json(*args):
    out = subprocess.run(["kubectl", *args, "-o", "json"], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def items(namespace, kind):
    return kubectl_json("-n", namespace, "get", kind)["items"]


def pod_specs(namespace):
    for p in items(namespace, "pods"):
        yield f"Pod/{p['metadata']['name']}", p["spec"]
    for kind in ("deployments", "statefulsets", "jobs"):
        for w in items(namespace, kind):
            yield f"{w['kind']}/{w['metadata']['name']}", w["spec"]["template"]["spec"]


def refs(namespace):
    secrets = {s["metadata"]["name"] for s in items(namespace, "secrets")}
    configmaps = {c["metadata"]["name"] for c in items(namespace, "configmaps")}
    checked = 0
    for where, spec in pod_specs(namespace):
        wanted = set()
        for c in spec.get("initContainers", []) + spec.get("containers", []):
            for e in c.get("env", []):
                source = e.get("valueFrom", {})
                if "secretKeyRef" in source and not source["secretKeyRef"].get("optional"):
                    wanted.add(("Secret", source["secretKeyRef"]["name"]))
                if "configMapKeyRef" in source and not source["configMapKeyRef"].get("optional"):
                    wanted.add(("ConfigMap", source["configMapKeyRef"]["name"]))
            for s in c.get("envFrom", []):
                if "secretRef" in s and not s["secretRef"].get("optional"):
                    wanted.add(("Secret", s["secretRef"]["name"]))
                if "configMapRef" in s and not s["configMapRef"].get("optional"):
                    wanted.add(("ConfigMap", s["configMapRef"]["name"]))
        for v in spec.get("volumes", []):
            if "secret" in v and not v["secret"].get("optional"):
                wanted.add(("Secret", v["secret"]["secretName"]))
            if "configMap" in v and not v["configMap"].get("optional"):
                wanted.add(("ConfigMap", v["configMap"]["name"]))
            for source in (v.get("projected") or {}).get("sources", []):
                if "secret" in source:
                    wanted.add(("Secret", source["secret"]["name"]))
                if "configMap" in source and source["configMap"]["name"] != "kube-root-ca.crt":
                    wanted.add(("ConfigMap", source["configMap"]["name"]))
        for s in spec.get("imagePullSecrets", []):
            wanted.add(("Secret", s["name"]))
        for kind, name in sorted(wanted):
            checked += 1
            if name not in (secrets if kind == "Secret" else configmaps):
                problems.append(f"{where} references {kind}/{name}, which does not exist in {namespace}")
    print(f"refs: {checked} Secret/ConfigMap references of the pods and pod templates in {namespace}")


def files(namespace):
    configmaps = {c["metadata"]["name"]: c.get("data") or {} for c in items(namespace, "configmaps")}
    secrets = {s["metadata"]["name"]: s.get("data") or {} for s in items(namespace, "secrets")}
    checked = 0
    for d in items(namespace, "deployments"):
        if d["metadata"].get("labels", {}).get("app.kubernetes.io/component") != "server":
            continue
        spec, where = d["spec"]["template"]["spec"], f"Deployment/{d['metadata']['name']}"
        volumes = {v["name"]: v for v in spec.get("volumes", [])}
        for c in spec["containers"]:
            env = {}
            for s in c.get("envFrom", []):
                env.update(configmaps.get((s.get("configMapRef") or {}).get("name"), {}))
            env.update({e["name"]: e["value"] for e in c.get("env", []) if "value" in e})
            for var, path in sorted(env.items()):
                if not var.endswith("_FILE"):
                    continue
                checked += 1
                mount = next((m for m in c.get("volumeMounts", []) if path.startswith(m["mountPath"].rstrip("/") + "/")), None)
                if mount is None:
                    problems.append(f"{where}: {var}={path} is under no volume mount")
                    continue
                volume, key = volumes.get(mount["name"], {}), path[len(mount["mountPath"].rstrip("/")) + 1:]
                if "configMap" in volume:
                    kind, name, data = "ConfigMap", volume["configMap"]["name"], configmaps
                    listed = volume["configMap"].get("items")
                elif "secret" in volume:
                    kind, name, data = "Secret", volume["secret"]["secretName"], secrets
                    listed = volume["secret"].get("items")
                else:
                    problems.append(f"{where}: {var}={path}: volume {mount['name']} is neither a ConfigMap nor a Secret")
                    continue
                # With `items`, only the listed keys appear, each at its path.
                source_key = next((i["key"] for i in listed if i["path"] == key), None) if listed else key
                if name not in data or source_key not in data[name]:
                    problems.append(f"{where}: {var}={path}: {kind}/{name} has no key {source_key or key}")
    if checked == 0:
        problems.append(f"no *_FILE variable in {namespace}'s apps")
    print(f"files: {checked} *_FILE variables of the apps in {namespace}")


def settled(d):
    """Rolled out: the controller saw the last change, and every replica is updated and ready."""
    status, want = d.get("status", {}), d["spec"].get("replicas") or 0
    return (status.get("observedGeneration") == d["metadata"]["generation"] and status.get("readyReplicas", 0) >= want
            and status.get("updatedReplicas", 0) >= want)


def images(namespace, tag):
    # Readiness may trail `helm --wait` by a moment: an HPA scales a Deployment created with one
    # replica up to its minimum after Helm saw it ready.
    for _ in range(30):
        deployments = items(namespace, "deployments")
        if all(settled(d) for d in deployments):
            break
        time.sleep(2)
    checked = 0
    for d in deployments:
        labels = d["metadata"].get("labels", {})
        if labels.get("app.kubernetes.io/component") != "server":
            continue
        (c,) = d["spec"]["template"]["spec"]["containers"]
        version = next((e.get("value") for e in c.get("env", []) if e["name"] == "SERVICE_VERSION"), None)
        checked += 1
        if not c["image"].endswith(f":{tag}") or version != tag:
            problems.append(f"Deployment/{d['metadata']['name']} runs {c['image']} (SERVICE_VERSION {version}), expected tag {tag}")
        ready = d.get("status", {}).get("readyReplicas", 0)
        if ready < (d["spec"].get("replicas") or 0) or d.get("status", {}).get("updatedReplicas", 0) < (d["spec"].get("replicas") or 0):
            problems.append(f"Deployment/{d['metadata']['name']}: {ready} ready of {d['spec'].get('replicas')}")
    if checked == 0:
        problems.append(f"no app Deployment in {namespace}")
    print(f"images: {checked} Deployments in {namespace} at {tag}")


def hooks(audit_log, namespace, since, phase, database, tag):
    """Creates and changes in order, from the audit log."""
    events = []
    migration_images = []
    with open(audit_log) as f:
        for line in f:
            e = json.loads(line)
            o = e.get("objectRef") or {}
            if o.get("namespace") != namespace or e.get("stage") != "ResponseComplete" or e["responseStatus"].get("code", 0) >= 300:
                continue
            if e["requestReceivedTimestamp"] < since or o.get("subresource"):
                continue
            events.append((e["requestReceivedTimestamp"], e["verb"], o.get("resource"), o.get("name")))
            job = e.get("requestObject") or {}
            if o.get("resource") == "jobs" and e["verb"] == "create" and (o.get("name") or "").endswith("-migrate"):
                migration_images += [(o["name"], c["image"]) for c in job["spec"]["template"]["spec"]["containers"]]
    events.sort()

    def first(verbs, resource, predicate):
        return next((t for t, v, r, n in events if v in verbs and r == resource and predicate(n or "")), None)

    def last(verbs, resource, predicate):
        times = [t for t, v, r, n in events if v in verbs and r == resource and predicate(n or "")]
        return times[-1] if times else None

    migrate_first = first({"create"}, "jobs", lambda n: n.endswith("-migrate"))
    migrate_last = last({"create"}, "jobs", lambda n: n.endswith("-migrate"))
    sa = first({"create"}, "serviceaccounts", lambda n: n.endswith("shop-jobs"))
    seed = first({"create"}, "jobs", lambda n: n.endswith("-seed"))
    apps = first({"create", "patch", "update"}, "deployments", lambda n: not n.endswith(("postgresql", "redis")))
    if migrate_first is None:
        problems.append(f"no migration Job created in {namespace} since {since}")
        return
    if sa is None or sa > migrate_first:
        problems.append(f"the hook ServiceAccount was not created before the migration Jobs ({sa} vs {migrate_first})")
    if seed is not None and seed < migrate_last:
        problems.append(f"the seed Job ({seed}) was created before the last migration Job ({migrate_last})")
    if apps is None:
        problems.append(f"no Deployment created or changed in {namespace} since {since}")
    elif phase == "install" and database == "in-chart":
        if migrate_first < apps:
            problems.append(f"post-install migrations ran ({migrate_first}) before the Deployments were created ({apps})")
    elif migrate_last > apps:
        problems.append(f"the Deployments changed ({apps}) before the migrations ran ({migrate_last}): new code met the old schema")
    for name, image in migration_images:
        if not image.endswith(f":{tag}"):
            problems.append(f"Job/{name} migrated with {image}: the new image ({tag}) must migrate, before its code runs")
    print(f"hooks: {phase} in {namespace}: {len(events)} writes, {len(migration_images)} migration Jobs at {migrate_first},"
          f" first Deployment write at {apps}")


def mesh(namespace):
    services = {s["metadata"]["name"] for s in items(namespace, "services")}
    accounts = {s["metadata"]["name"] for s in items(namespace, "serviceaccounts")}
    rules = items(namespace, "destinationrules.networking.istio.io")
    gateways = {g["metadata"]["name"] for g in items(namespace, "gateways.networking.istio.io")}
    checked = 0

    def service_of(host):
        short = host.split(".")[0]
        if host == short or host.startswith(f"{short}.{namespace}.svc"):
            return short if short in services else None
        return host  # outside the namespace: not ours to check

    subsets = {}
    for dr in rules:
        checked += 1
        host = dr["spec"]["host"]
        if service_of(host) is None:
            problems.append(f"DestinationRule/{dr['metadata']['name']}: host {host} is no Service in {namespace}")
        subsets.setdefault(host.split(".")[0], set()).update(s["name"] for s in dr["spec"].get("subsets", []))
    for vs in items(namespace, "virtualservices.networking.istio.io"):
        for g in vs["spec"].get("gateways", []):
            checked += 1
            if g != "mesh" and g.split("/")[-1] not in gateways:
                problems.append(f"VirtualService/{vs['metadata']['name']}: gateway {g} does not exist")
        for route in vs["spec"].get("http", []):
            for d in route.get("route", []):
                checked += 1
                host, subset = d["destination"]["host"], d["destination"].get("subset")
                if service_of(host) is None:
                    problems.append(f"VirtualService/{vs['metadata']['name']}: destination {host} is no Service in {namespace}")
                if subset and subset not in subsets.get(host.split(".")[0], set()):
                    problems.append(f"VirtualService/{vs['metadata']['name']}: subset {subset} of {host} is defined by no DestinationRule")
    for ap in items(namespace, "authorizationpolicies.security.istio.io"):
        for rule in ap["spec"].get("rules", []):
            for source in (f.get("source", {}) for f in rule.get("from", [])):
                for principal in source.get("principals", []):
                    parts = principal.split("/")
                    if len(parts) == 5 and parts[1] == "ns" and parts[2] == namespace:
                        checked += 1
                        if parts[4] not in accounts:
                            problems.append(f"AuthorizationPolicy/{ap['metadata']['name']}: principal {principal}: no such ServiceAccount")
    if checked == 0:
        problems.append(f"no mesh object to check in {namespace}")
    print(f"mesh: {checked} hosts, subsets, gateways and principals in {namespace}")


def route_weights(spec, app):
    """(primary, canary) weights of a Flagger VirtualService's routes (a weight of 0 is left out)."""
    weights = {}
    for route in spec.get("http", []):
        for d in route.get("route", []):
            weights[d["destination"]["host"].split(".")[0]] = d.get("weight", 0)
    return weights.get(f"{app}-primary"), weights.get(f"{app}-canary")


def routes(namespace, *apps):
    services = {vs["metadata"]["name"]: vs for vs in items(namespace, "virtualservices.networking.istio.io")}
    for app in apps:
        vs = services.get(app)
        if vs is None:
            problems.append(f"no VirtualService {app} in {namespace}")
            continue
        owners = [f"{o['kind']}/{o['name']}" for o in vs["metadata"].get("ownerReferences", [])]
        if owners != [f"Canary/{app}"]:
            problems.append(f"VirtualService/{app} is owned by {owners or 'nobody'}, not by Canary/{app}")
        if route_weights(vs["spec"], app) != (100, 0):
            problems.append(f"VirtualService/{app}: (primary, canary) weights {route_weights(vs['spec'], app)}, expected (100, 0)")
    print(f"routes: {len(apps)} VirtualServices in {namespace}, all traffic to the primaries")


def weights(audit_log, namespace, since, step, *apps):
    written = {app: [] for app in apps}
    with open(audit_log) as f:
        for line in f:
            e = json.loads(line)
            o = e.get("objectRef") or {}
            if (o.get("resource") != "virtualservices" or o.get("namespace") != namespace or o.get("name") not in written
                    or e.get("stage") != "ResponseComplete" or e["responseStatus"].get("code", 0) >= 300
                    or e["requestReceivedTimestamp"] < since or e["verb"] not in ("create", "update")):
                continue
            written[o["name"]].append((e["requestReceivedTimestamp"], route_weights(e["requestObject"]["spec"], o["name"])[1]))
    for app, writes in written.items():
        canary = [w for _, w in sorted(writes)]
        # Flagger writes the routes again at each step; what matters is the order of the changes.
        changes = [w for i, w in enumerate(canary) if i == 0 or w != canary[i - 1]]
        if int(step) not in changes or changes[-1] != 0:
            problems.append(f"VirtualService/{app}: canary weights written since {since}: {changes}, expected {step} then 0")
        print(f"weights: {app}: canary {' -> '.join(str(w) for w in changes)}")


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    {"refs": refs, "files": files, "images": images, "hooks": hooks, "mesh": mesh, "routes": routes, "weights": weights}[command](*args)
    for p in problems:
        print(f"FAIL {p}")
    sys.exit(1 if problems else 0)
