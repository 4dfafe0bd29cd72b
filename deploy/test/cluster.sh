#!/usr/bin/env bash
# A local Kubernetes control plane for the rehearsal, sourced by deploy/test/rehearse.sh: etcd,
# kube-apiserver (RBAC, TLS, an audit log of every write), kube-controller-manager, kube-scheduler
# and kwok (one simulated node; pods become Ready, Job pods complete), all on loopback, all under
# $CLUSTER_DIR, all stopped by cluster_stop. Built by deploy/scripts/install-cluster-tools.sh.
#
#   cluster_start <dir>   then KUBECONFIG=<dir>/admin.kubeconfig reaches it
#   cluster_stop
# shellcheck shell=bash

CLUSTER_PIDS=()

# A free loopback port below the kernel's ephemeral range (as @shop/local-system's freePort): the
# tests running alongside open outgoing connections, which take their ports from that range, and one
# could take a port between this check and the server's listen.
free_port() {
  python3 - <<'PY'
import random, socket
first_ephemeral = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
for _ in range(100):
    port = random.randint(20000, max(first_ephemeral, 21000) - 1)
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
    print(port)
    break
else:
    raise SystemExit("no free port below the ephemeral range")
PY
}

cluster_certs() {
  local d="$1"
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=rehearsal-ca -keyout "$d/ca.key" -out "$d/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj /CN=kube-apiserver -keyout "$d/apiserver.key" -out "$d/apiserver.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,IP:10.96.0.1\n' >"$d/san.ext"
  openssl x509 -req -in "$d/apiserver.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial -days 1 -extfile "$d/san.ext" -out "$d/apiserver.crt" 2>/dev/null
  # The admin's client certificate: group system:masters (cluster-admin under RBAC).
  openssl req -newkey rsa:2048 -nodes -subj "/O=system:masters/CN=rehearsal-admin" -keyout "$d/admin.key" -out "$d/admin.csr" 2>/dev/null
  openssl x509 -req -in "$d/admin.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial -days 1 -out "$d/admin.crt" 2>/dev/null
  openssl genrsa -out "$d/sa.key" 2048 2>/dev/null
  openssl rsa -in "$d/sa.key" -pubout -out "$d/sa.pub" 2>/dev/null
}

cluster_kubeconfig() { # dir, server url
  cat >"$1/admin.kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
  - name: rehearsal
    cluster: { server: "$2", certificate-authority: "$1/ca.crt" }
users:
  - name: admin
    user: { client-certificate: "$1/admin.crt", client-key: "$1/admin.key" }
contexts:
  - name: rehearsal
    context: { cluster: rehearsal, user: admin }
current-context: rehearsal
KUBECONFIG
}

cluster_run() { # name, command...
  local name="$1"; shift
  "$@" >"$CLUSTER_DIR/$name.log" 2>&1 &
  CLUSTER_PIDS+=("$!")
}

cluster_wait() { # what, seconds, command...
  local what="$1" seconds="$2" i; shift 2
  for ((i = 0; i < seconds * 2; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "cluster: $what not ready after ${seconds}s; logs in $CLUSTER_DIR" >&2
  tail -20 "$CLUSTER_DIR"/*.log >&2 || true
  return 1
}

cluster_start() {
  CLUSTER_DIR="$1"
  mkdir -p "$CLUSTER_DIR"
  local etcd_port peer_port api_port
  etcd_port="$(free_port)"; peer_port="$(free_port)"; api_port="$(free_port)"
  cluster_certs "$CLUSTER_DIR"
  cluster_kubeconfig "$CLUSTER_DIR" "https://127.0.0.1:$api_port"
  export KUBECONFIG="$CLUSTER_DIR/admin.kubeconfig"
  # Every write, with microsecond timestamps: the order Helm created and changed things in.
  cat >"$CLUSTER_DIR/audit-policy.yaml" <<'AUDIT'
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
  # Jobs with their spec: which image each hook Job ran (hook Jobs are deleted once they succeed).
  - level: Request
    verbs: [create]
    resources: [{ group: batch, resources: [jobs] }]
  # VirtualServices with their spec: the weights Flagger gave each canary, step by step.
  - level: Request
    verbs: [create, update]
    resources: [{ group: networking.istio.io, resources: [virtualservices] }]
  - level: Metadata
    verbs: [create, update, patch, delete]
  - level: None
AUDIT

  cluster_run etcd etcd --name rehearsal --data-dir "$CLUSTER_DIR/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-cluster "rehearsal=http://127.0.0.1:$peer_port" --unsafe-no-fsync
  cluster_wait etcd 30 curl -fsS "http://127.0.0.1:$etcd_port/health"

  cluster_run kube-apiserver kube-apiserver --etcd-servers "http://127.0.0.1:$etcd_port" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$api_port" \
    --tls-cert-file "$CLUSTER_DIR/apiserver.crt" --tls-private-key-file "$CLUSTER_DIR/apiserver.key" \
    --client-ca-file "$CLUSTER_DIR/ca.crt" --authorization-mode Node,RBAC \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$CLUSTER_DIR/sa.pub" --service-account-signing-key-file "$CLUSTER_DIR/sa.key" \
    --service-cluster-ip-range 10.96.0.0/16 --allow-privileged=false \
    --audit-policy-file "$CLUSTER_DIR/audit-policy.yaml" --audit-log-path "$CLUSTER_DIR/audit.log" \
    --audit-log-format json --audit-log-mode blocking --feature-gates WatchList=false
  cluster_wait kube-apiserver 120 kubectl get --raw /readyz

  # Streaming watch lists need etcd >= 3.5 (progress requests); Debian's etcd is 3.4: every client
  # lists and watches the classic way (the server's WatchList gate, the clients' WatchListClient).
  export KUBE_FEATURE_WatchListClient=false
  cluster_run kube-controller-manager kube-controller-manager --kubeconfig "$KUBECONFIG" \
    --authentication-kubeconfig "$KUBECONFIG" --authorization-kubeconfig "$KUBECONFIG" \
    --service-account-private-key-file "$CLUSTER_DIR/sa.key" --root-ca-file "$CLUSTER_DIR/ca.crt" \
    --leader-elect=false --bind-address 127.0.0.1 --secure-port "$(free_port)" \
    --controllers '*,-node-ipam-controller'
  cluster_run kube-scheduler kube-scheduler --kubeconfig "$KUBECONFIG" \
    --authentication-kubeconfig "$KUBECONFIG" --authorization-kubeconfig "$KUBECONFIG" \
    --leader-elect=false --bind-address 127.0.0.1 --secure-port "$(free_port)"

  local stages=() f
  for f in "$SHOP_TOOLS_DIR"/kwok-stages/*.yaml; do stages+=(--config "$f"); done
  cluster_run kwok env KUBE_FEATURE_WatchListClient=false kwok --kubeconfig "$KUBECONFIG" --manage-all-nodes=false \
    --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake --cidr 10.244.0.0/16 --node-ip 10.0.0.10 \
    --server-address "127.0.0.1:$(free_port)" "${stages[@]}"

  kubectl apply -f - >/dev/null <<'NODE'
apiVersion: v1
kind: Node
metadata:
  name: rehearsal-node
  annotations: { kwok.x-k8s.io/node: fake, node.alpha.kubernetes.io/ttl: "0" }
  labels:
    kubernetes.io/hostname: rehearsal-node
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    topology.kubernetes.io/zone: rehearsal-a
    type: kwok
status:
  allocatable: { cpu: "64", memory: 256Gi, pods: "500" }
  capacity: { cpu: "64", memory: 256Gi, pods: "500" }
NODE
  cluster_wait "the kwok node" 60 bash -c "kubectl get node rehearsal-node -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}' | grep -qx True"
  # The namespace's default ServiceAccount (the service-account controller) before any pod.
  cluster_wait "the default ServiceAccount" 60 kubectl -n default get serviceaccount default
}

cluster_stop() { # last started first: the clients, then the API server, etcd last (an API server
  # whose etcd is gone spends a minute timing out before it exits)
  local i pid
  for ((i = ${#CLUSTER_PIDS[@]} - 1; i >= 0; i--)); do
    pid="${CLUSTER_PIDS[$i]}"
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  CLUSTER_PIDS=()
}
