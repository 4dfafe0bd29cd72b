{{/*
Facts about the apps that follow from their code, not from taste: what each one serves, what it
owns and whom it calls. Values tune the apps; they cannot rewire them.
*/}}
{{- define "shop.topology" -}}
gateway:
  protocol: http
  database: false
  redis: true
  calls: [user, inventory, order]
  jwt: public
user:
  protocol: grpc
  database: true
  redis: true
  calls: []
  jwt: private
inventory:
  protocol: grpc
  database: true
  redis: true
  calls: []
payment:
  protocol: grpc
  database: true
  redis: false
  calls: []
order:
  protocol: grpc
  database: true
  redis: true
  calls: [inventory, payment]
{{- end }}

{{/* Downstream address variable of each callee. */}}
{{- define "shop.addrVar" -}}
{{- printf "%s_ADDR" (upper .) -}}
{{- end }}

{{/* ctx = dict "root" $ "name" <app> "app" <values block> "facts" <topology entry>, for every app. */}}
{{- define "shop.contexts" -}}
{{- $topology := include "shop.topology" . | fromYaml }}
{{- $out := dict }}
{{- range $name := list "gateway" "user" "inventory" "payment" "order" }}
{{- $app := get $.Values.apps $name }}
{{- if $app.enabled }}
{{- $_ := set $out $name (dict "name" $name "facts" (get $topology $name)) }}
{{- end }}
{{- end }}
{{- toYaml $out }}
{{- end }}

{{- define "shop.fullname" -}}
{{- printf "%s%s" .root.Values.namePrefix .name | trunc 63 | trimSuffix "-" -}}
{{- end }}

{{- define "shop.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end }}

{{/* Labels of every object; .component: server, migrate, seed, database, cache. */}}
{{- define "shop.labels" -}}
helm.sh/chart: {{ include "shop.chart" .root }}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component | default "server" }}
app.kubernetes.io/part-of: shop
app.kubernetes.io/version: {{ .root.Values.image.tag | default .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end }}

{{- define "shop.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component | default "server" }}
{{- end }}

{{- define "shop.tag" -}}
{{- $app := get .root.Values.apps .name -}}
{{- $app.image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- end }}

{{- define "shop.image" -}}
{{- $app := get .root.Values.apps .name -}}
{{- $repository := $app.image.repository | default (printf "%s%s" .root.Values.image.repositoryPrefix .name) -}}
{{- printf "%s:%s" $repository (include "shop.tag" .) -}}
{{- end }}

{{- define "shop.headless" -}}
{{- $headless := .Values.service.headless -}}
{{- if and .Values.istio.enabled (eq (toString $headless) "true") -}}
{{- fail "service.headless must not be true with istio.enabled: the sidecars balance per request and route subsets by virtual IP; leave it null" -}}
{{- end -}}
{{- if kindIs "invalid" $headless -}}{{ not .Values.istio.enabled }}{{- else -}}{{ $headless }}{{- end -}}
{{- end }}

{{/* gRPC target of an app, from inside the namespace: dns:///<svc>.<ns>.svc.<domain>:<port>. */}}
{{- define "shop.grpcTarget" -}}
{{- printf "dns:///%s.%s.svc.%s:%d" (include "shop.fullname" .) .root.Release.Namespace .root.Values.clusterDomain (int .root.Values.ports.grpc) -}}
{{- end }}

{{- define "shop.host" -}}
{{- printf "%s.%s.svc.%s" (include "shop.fullname" .) .root.Release.Namespace .root.Values.clusterDomain -}}
{{- end }}

{{/* The run-time flags ConfigMap (templates/flags.yaml), and where the apps that read flags mount it. */}}
{{- define "shop.flagsConfigMap" -}}
{{- printf "%sshop-flags" .Values.namePrefix -}}
{{- end }}

{{- define "shop.flagsDir" -}}/etc/shop/flags{{- end }}

{{/*
gRPC mutual TLS by the apps themselves (libs/rpc/src/credentials.ts): a production profile without
a mesh. Each app mounts <namePrefix><app>-grpc-tls, a Secret in cert-manager's layout (tls.crt,
tls.key, ca.crt) issued for its Service's host name (values.yaml, grpcTls).
*/}}
{{- define "shop.grpcTls" -}}
{{- and (eq .Values.profile "production") (not .Values.istio.enabled) -}}
{{- end }}

{{- define "shop.grpcTlsDir" -}}/etc/shop/grpc-tls{{- end }}

{{- define "shop.grpcTlsSecret" -}}
{{- printf "%s-grpc-tls" (include "shop.fullname" .) -}}
{{- end }}

{{/* Where the app that signs tokens (shop.topology: jwt private) finds its key. */}}
{{- define "shop.jwtKeyDir" -}}/etc/shop/jwt{{- end }}

{{- define "shop.jwtKeyFile" -}}
{{- printf "%s/private.pem" (include "shop.jwtKeyDir" .) -}}
{{- end }}

{{- define "shop.flagsFile" -}}
{{- printf "%s/flags.json" (include "shop.flagsDir" .) -}}
{{- end }}

{{- define "shop.databaseSecret" -}}
{{- .Values.secrets.database.existingSecret | default (printf "%sshop-database" .Values.namePrefix) -}}
{{- end }}

{{/* The apps with a database (shop.topology), each its own role, database and Secret key. */}}
{{- define "shop.databaseApps" -}}
{{- $apps := list }}
{{- range $name, $facts := include "shop.topology" . | fromYaml }}
{{- if $facts.database }}{{ $apps = append $apps $name }}{{ end }}
{{- end }}
{{- toJson $apps }}
{{- end }}

{{/* The apps with a Redis client (shop.topology), each its own ACL user and Secret key. */}}
{{- define "shop.redisApps" -}}
{{- $apps := list }}
{{- range $name, $facts := include "shop.topology" . | fromYaml }}
{{- if $facts.redis }}{{ $apps = append $apps $name }}{{ end }}
{{- end }}
{{- toJson $apps }}
{{- end }}

{{- define "shop.redisSecret" -}}
{{- .Values.secrets.redis.existingSecret | default (printf "%sshop-redis" .Values.namePrefix) -}}
{{- end }}

{{- define "shop.appPort" -}}
{{- if eq .facts.protocol "http" }}{{ .root.Values.ports.http }}{{ else }}{{ .root.Values.ports.grpc }}{{ end -}}
{{- end }}

{{- define "shop.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
fsGroup: 65532
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "shop.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
privileged: false
capabilities:
  drop: [ALL]
{{- end }}

{{/* Environment from Secrets: DATABASE_URL, REDIS_URL, JWT keys, as the app uses them. */}}
{{- define "shop.secretEnv" -}}
{{- $root := .root }}
{{- if .facts.database }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef: { name: {{ include "shop.databaseSecret" $root }}, key: {{ .name }} }
{{- end }}
{{- if .facts.redis }}
- name: REDIS_URL
  valueFrom:
    secretKeyRef: { name: {{ include "shop.redisSecret" $root }}, key: {{ .name }} }
{{- end }}
{{- /* The signing key is a file (shop.deployment mounts it, JWT_PRIVATE_KEY_FILE names it), never env. */}}
{{- /* The edge verifies tokens with the keys it fetches from the user service (GetVerificationKeys): no key here. */}}
{{- if eq (.facts.jwt | default "") "public" }}
{{- /* The edge fingerprints checkout bodies (they hold card numbers) with an HMAC key. */}}
- name: IDEMPOTENCY_FINGERPRINT_KEY
  valueFrom:
    secretKeyRef: { name: {{ $root.Values.secrets.idempotency.existingSecret }}, key: {{ $root.Values.secrets.idempotency.fingerprintKeyKey }} }
{{- end }}
{{- if $root.Values.diagnostics.enabled }}
- name: DIAGNOSTICS_TOKEN
  valueFrom:
    secretKeyRef: { name: {{ $root.Values.diagnostics.existingSecret }}, key: {{ $root.Values.diagnostics.tokenKey }} }
{{- end }}
{{- end }}

{{/* Non-secret environment of an app: its ConfigMap. */}}
{{- define "shop.configmap" -}}
{{- $root := .root }}
{{- $app := get $root.Values.apps .name }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "shop.fullname" . }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "shop.labels" . | nindent 4 }}
data:
  HOST: "0.0.0.0"
  PORT: {{ include "shop.appPort" . | quote }}
  ADMIN_PORT: {{ $root.Values.ports.admin | quote }}
  LOG_LEVEL: {{ $root.Values.logLevel | quote }}
  SHOP_PROFILE: {{ $root.Values.profile | quote }}
  {{- if $root.Values.istio.enabled }}
  {{- /* STRICT mTLS by the sidecars: what a production profile requires of every gRPC hop. */}}
  GRPC_MESH_MTLS: "true"
  {{- else if eq (include "shop.grpcTls" $root) "true" }}
  # No mesh: the app's own certificate (shop.deployment mounts its Secret) for mutual TLS.
  GRPC_TLS_DIR: {{ include "shop.grpcTlsDir" $root | quote }}
  {{- end }}
  SHUTDOWN_DRAIN_MS: {{ $root.Values.shutdown.drainMs | quote }}
  SHUTDOWN_TIMEOUT_MS: {{ $root.Values.shutdown.timeoutMs | quote }}
  OTEL_TRACES_SAMPLER_ARG: {{ $root.Values.otel.samplerRatio | quote }}
  {{- if $root.Values.diagnostics.enabled }}
  DIAGNOSTICS_ENABLED: "true"
  {{- end }}
  {{- with $root.Values.otel.endpoint }}
  OTEL_EXPORTER_OTLP_ENDPOINT: {{ . | quote }}
  {{- end }}
  {{- if eq (.facts.jwt | default "") "private" }}
  # The token signing key, mounted from its Secret by the Deployment: a file, not an environment
  # variable (which child processes, crash reports and /proc/<pid>/environ readers would see).
  JWT_PRIVATE_KEY_FILE: {{ include "shop.jwtKeyFile" $root | quote }}
  {{- if $root.Values.secrets.jwt.publishedKeysKey }}
  # A rotation under way: the public keys published beside the signing key's (same Secret volume).
  JWT_PUBLISHED_KEYS_FILE: {{ printf "%s/published.pem" (include "shop.jwtKeyDir" $root) | quote }}
  {{- end }}
  {{- end }}
  # The run-time flags (templates/flags.yaml; the chassis reads them), mounted by the Deployment.
  FLAGS_FILE: {{ include "shop.flagsFile" $root | quote }}
  {{- if .facts.database }}
  # The migration hook Job migrates; pods never race it at start-up.
  MIGRATE_ON_START: "false"
  {{- end }}
  {{- range $callee := .facts.calls }}
  {{ include "shop.addrVar" $callee }}: {{ include "shop.grpcTarget" (dict "root" $root "name" $callee) | quote }}
  {{- end }}
  {{- if and (eq .facts.protocol "http") (not (hasKey $app.env "TRUST_PROXY")) }}
  # The hops in front (Ingress controller or Istio ingress gateway) whose X-Forwarded-For to believe:
  # without it every client behind them would share the proxy's address and rate limits.
  TRUST_PROXY: {{ include "shop.trustProxy" $root | quote }}
  {{- end }}
  {{- range $key, $value := $app.env }}
  {{ $key }}: {{ $value | quote }}
  {{- end }}
{{- end }}

{{- define "shop.trustProxy" -}}
{{- if .Values.trustProxy -}}{{ .Values.trustProxy }}
{{- else if or .Values.ingress.enabled .Values.istio.enabled -}}1
{{- else -}}false
{{- end -}}
{{- end }}

{{- define "shop.serviceaccount" -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "shop.fullname" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "shop.labels" . | nindent 4 }}
# The apps never call the Kubernetes API.
automountServiceAccountToken: false
{{- end }}

{{- define "shop.service" -}}
{{- $root := .root }}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "shop.fullname" . }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "shop.labels" . | nindent 4 }}
spec:
  type: ClusterIP
  {{- if and (eq .facts.protocol "grpc") (eq (include "shop.headless" $root) "true") }}
  # Headless: DNS returns the ready pods, the client balances per call (round_robin).
  clusterIP: None
  {{- end }}
  selector:
    {{- include "shop.selectorLabels" . | nindent 4 }}
  ports:
    {{- if eq .facts.protocol "grpc" }}
    - name: grpc
      port: {{ $root.Values.ports.grpc }}
      targetPort: grpc
      protocol: TCP
      appProtocol: grpc
    {{- else }}
    - name: http
      port: {{ $root.Values.ports.http }}
      targetPort: http
      protocol: TCP
      appProtocol: http
    {{- end }}
    - name: admin
      port: {{ $root.Values.ports.admin }}
      targetPort: admin
      protocol: TCP
      appProtocol: http
{{- end }}

{{/*
The Deployment of an app. With canary.enabled it is Flagger's target: Flagger keeps
<name>-primary from it (the selector label `app` becomes `<app>-primary` there, every other label
stays, so NetworkPolicies, AuthorizationPolicies and PDBs select both) and runs it as the canary.
*/}}
{{- define "shop.deployment" -}}
{{- $root := .root }}
{{- $app := get $root.Values.apps .name }}
{{- $drainMs := int $root.Values.shutdown.drainMs }}
{{- $timeoutMs := int $root.Values.shutdown.timeoutMs }}
{{- $grace := add (div (add $drainMs $timeoutMs 999) 1000) (int $root.Values.shutdown.extraGraceSeconds) }}
{{- $selector := merge (dict "app" .name) (include "shop.selectorLabels" . | fromYaml) }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "shop.fullname" . }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "shop.labels" . | nindent 4 }}
spec:
  {{- if not $app.autoscaling.enabled }}
  replicas: {{ $app.replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  strategy:
    type: RollingUpdate
    rollingUpdate: { maxSurge: 25%, maxUnavailable: 0 }
  selector:
    matchLabels:
      {{- toYaml $selector | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "shop.labels" . | nindent 8 }}
        # Istio's workload labels (telemetry): app and version; `app` is also Flagger's selector label.
        app: {{ .name }}
        version: {{ include "shop.tag" . | quote }}
      annotations:
        # Rolls the pods when their configuration changes.
        checksum/config: {{ include "shop.configmap" . | sha256sum }}
        {{- if $root.Values.istio.enabled }}
        # The app makes downstream calls at start-up: only once its sidecar is ready.
        proxy.istio.io/config: '{"holdApplicationUntilProxyStarts": true}'
        {{- end }}
        {{- with $app.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "shop.fullname" . }}
      automountServiceAccountToken: false
      enableServiceLinks: false
      # > SHUTDOWN_DRAIN_MS + SHUTDOWN_TIMEOUT_MS: the app always gets to exit on its own.
      terminationGracePeriodSeconds: {{ $grace }}
      securityContext:
        {{- include "shop.podSecurityContext" . | nindent 8 }}
      {{- with $root.Values.image.pullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- toYaml $selector | nindent 14 }}
          matchLabelKeys: [pod-template-hash]
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- toYaml $selector | nindent 14 }}
          matchLabelKeys: [pod-template-hash]
      {{- with $app.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $app.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ .name }}
          image: {{ include "shop.image" . | quote }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          envFrom:
            - configMapRef:
                name: {{ include "shop.fullname" . }}
          env:
            # The version every trace and log line carries (resource service.version).
            - name: SERVICE_VERSION
              value: {{ include "shop.tag" . | quote }}
            {{- include "shop.secretEnv" . | trim | nindent 12 }}
          ports:
            {{- if eq .facts.protocol "grpc" }}
            - { name: grpc, containerPort: {{ $root.Values.ports.grpc }}, protocol: TCP }
            {{- else }}
            - { name: http, containerPort: {{ $root.Values.ports.http }}, protocol: TCP }
            {{- end }}
            - { name: admin, containerPort: {{ $root.Values.ports.admin }}, protocol: TCP }
          # Liveness asks only "is the process alive" (/healthz): the gRPC health service reports
          # readiness (own database/Redis, draining), and restarting every pod because Postgres
          # is down would turn an outage into a crash loop.
          startupProbe:
            httpGet: { path: /healthz, port: admin }
            periodSeconds: 2
            failureThreshold: 30
          livenessProbe:
            httpGet: { path: /healthz, port: admin }
            periodSeconds: 10
            timeoutSeconds: 2
            failureThreshold: 3
          readinessProbe:
            {{- if eq .facts.protocol "grpc" }}
            # Native gRPC probe: grpc.health.v1 Check of the whole server ("").
            grpc: { port: {{ $root.Values.ports.grpc }} }
            {{- else }}
            httpGet: { path: /readyz, port: admin }
            {{- end }}
            periodSeconds: 5
            timeoutSeconds: 2
            failureThreshold: 2
          resources:
            {{- toYaml $app.resources | nindent 12 }}
          securityContext:
            {{- include "shop.containerSecurityContext" . | nindent 12 }}
          volumeMounts:
            - { name: tmp, mountPath: /tmp }
            {{- if eq (.facts.jwt | default "") "private" }}
            - { name: jwt, mountPath: {{ include "shop.jwtKeyDir" $root }}, readOnly: true }
            {{- end }}
            {{- if eq (include "shop.grpcTls" $root) "true" }}
            - { name: grpc-tls, mountPath: {{ include "shop.grpcTlsDir" $root }}, readOnly: true }
            {{- end }}
            # The whole directory, not a subPath: the kubelet refreshes a directory mount when the
            # ConfigMap changes (a subPath mount never changes), and the app re-reads the file.
            - { name: flags, mountPath: {{ include "shop.flagsDir" $root }}, readOnly: true }
      volumes:
        # The root filesystem is read-only; the apps write nothing, /tmp is for the runtime's odds and ends.
        - name: tmp
          emptyDir: { medium: Memory, sizeLimit: 16Mi }
        {{- if eq (.facts.jwt | default "") "private" }}
        - name: jwt
          secret:
            secretName: {{ $root.Values.secrets.jwt.existingSecret }}
            # Only the keys the app reads, readable by the pod's group (fsGroup) and nobody else.
            items:
              - { key: {{ $root.Values.secrets.jwt.privateKeyKey }}, path: private.pem }
              {{- with $root.Values.secrets.jwt.publishedKeysKey }}
              - { key: {{ . }}, path: published.pem }
              {{- end }}
            defaultMode: 0440
        {{- end }}
        {{- if eq (include "shop.grpcTls" $root) "true" }}
        - name: grpc-tls
          secret:
            secretName: {{ include "shop.grpcTlsSecret" . }}
            items:
              - { key: tls.crt, path: tls.crt }
              - { key: tls.key, path: tls.key }
              - { key: ca.crt, path: ca.crt }
            defaultMode: 0440
        {{- end }}
        - name: flags
          configMap: { name: {{ include "shop.flagsConfigMap" $root }} }
{{- end }}

{{- define "shop.hpa" -}}
{{- $app := get .root.Values.apps .name }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "shop.fullname" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "shop.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "shop.fullname" . }}
  minReplicas: {{ $app.autoscaling.minReplicas }}
  maxReplicas: {{ $app.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target: { type: Utilization, averageUtilization: {{ $app.autoscaling.targetCPUUtilizationPercentage }} }
  behavior:
    # Up fast (doubling, or 4 pods, each 30s), down slowly (half per minute after 5 minutes calm).
    scaleUp:
      stabilizationWindowSeconds: 0
      selectPolicy: Max
      policies:
        - { type: Percent, value: 100, periodSeconds: 30 }
        - { type: Pods, value: 4, periodSeconds: 30 }
    scaleDown:
      stabilizationWindowSeconds: 300
      selectPolicy: Min
      policies:
        - { type: Percent, value: 50, periodSeconds: 60 }
{{- end }}

{{- define "shop.pdb" -}}
{{- $app := get .root.Values.apps .name }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "shop.fullname" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "shop.labels" . | nindent 4 }}
spec:
  maxUnavailable: {{ $app.pdb.maxUnavailable }}
  # Pods that are not ready yet may always be evicted (they serve nothing).
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector:
    matchLabels:
      {{- include "shop.selectorLabels" . | nindent 6 }}
{{- end }}

{{/* Ingress/egress of one app: exactly its place in the call graph. */}}
{{- define "shop.networkpolicy" -}}
{{- $root := .root }}
{{- $np := $root.Values.networkPolicy }}
{{- $name := .name }}
{{- $callers := list }}
{{- range $caller, $c := (include "shop.contexts" $root | fromYaml) }}
{{- if has $name $c.facts.calls }}{{ $callers = append $callers $caller }}{{ end }}
{{- end }}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "shop.fullname" . }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "shop.labels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "shop.selectorLabels" . | nindent 6 }}
  policyTypes: [Ingress, Egress]
  ingress:
    {{- if eq .facts.protocol "http" }}
    - ports: [{ port: http, protocol: TCP }]
      {{- with $np.gatewayFrom }}
      from:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    {{- if $root.Values.loadgen.enabled }}
    # The release's load generator (loadgen.enabled; templates/loadgen.yaml), whatever gatewayFrom says.
    - ports: [{ port: http, protocol: TCP }]
      from:
        - podSelector:
            matchLabels:
              {{- include "shop.selectorLabels" (dict "root" $root "name" "loadgen" "component" "loadgen") | nindent 14 }}
    {{- end }}
    {{- else if $callers }}
    - ports: [{ port: grpc, protocol: TCP }]
      from:
        {{- range $caller := $callers | sortAlpha }}
        - podSelector:
            matchLabels:
              {{- include "shop.selectorLabels" (dict "root" $root "name" $caller) | nindent 14 }}
        {{- end }}
    {{- end }}
    {{- with $np.monitoringFrom }}
    - ports: [{ port: admin, protocol: TCP }]
      from:
        {{- toYaml . | nindent 8 }}
    {{- end }}
  egress:
    - ports: [{ port: 53, protocol: UDP }, { port: 53, protocol: TCP }]
      to:
        {{- include "shop.egressPeers" (list $np.dns "networkPolicy.dns" "DNS") | nindent 8 }}
    {{- range $callee := .facts.calls }}
    - ports: [{ port: {{ $root.Values.ports.grpc }}, protocol: TCP }]
      to:
        - podSelector:
            matchLabels:
              {{- include "shop.selectorLabels" (dict "root" $root "name" $callee) | nindent 14 }}
    {{- end }}
    {{- if .facts.database }}
    {{- include "shop.egressPostgres" $root | nindent 4 }}
    {{- end }}
    {{- if .facts.redis }}
    {{- include "shop.egressRedis" $root | nindent 4 }}
    {{- end }}
    {{- include "shop.egressPlatform" $root | nindent 4 }}
{{- end }}

{{- define "shop.egressPostgres" -}}
{{- if .Values.postgresql.enabled -}}
- ports: [{ port: 5432, protocol: TCP }]
  to:
    - podSelector:
        matchLabels:
          {{- include "shop.selectorLabels" (dict "root" . "name" "postgresql" "component" "database") | nindent 10 }}
{{- else -}}
- ports: [{ port: {{ .Values.networkPolicy.externalDatabase.port }}, protocol: TCP }]
  to:
    {{- include "shop.egressPeers" (list .Values.networkPolicy.externalDatabase.to "networkPolicy.externalDatabase.to" "your Postgres") | nindent 4 }}
{{- end }}
{{- end }}

{{- define "shop.egressRedis" -}}
{{- if .Values.redis.enabled -}}
- ports: [{ port: 6379, protocol: TCP }]
  to:
    - podSelector:
        matchLabels:
          {{- include "shop.selectorLabels" (dict "root" . "name" "redis" "component" "cache") | nindent 10 }}
{{- else -}}
- ports: [{ port: {{ .Values.networkPolicy.externalRedis.port }}, protocol: TCP }]
  to:
    {{- include "shop.egressPeers" (list .Values.networkPolicy.externalRedis.to "networkPolicy.externalRedis.to" "your Redis") | nindent 4 }}
{{- end }}
{{- end }}

{{/*
The peers of an egress rule: list <peers> <value path> <what>. Never empty: a rule without `to`
admits every address, so the release would reach anything on that port. The chart's defaults
name their peers (DNS, istiod, Prometheus); an external database, Redis or collector is yours to name.
*/}}
{{- define "shop.egressPeers" -}}
{{- $peers := index . 0 }}
{{- if not $peers }}
{{- fail (printf "%s is empty: egress to %s would be open to every address; list its peers (ipBlock, namespaceSelector), or set networkPolicy.enabled=false" (index . 1) (index . 2)) }}
{{- end }}
{{- toYaml $peers }}
{{- end }}

{{/* Egress every app pod needs besides its own peers: the OTLP collector, istiod. */}}
{{- define "shop.egressPlatform" -}}
{{- if .Values.otel.endpoint }}
- ports: [{ port: {{ .Values.networkPolicy.otelCollector.port }}, protocol: TCP }]
  to:
    {{- include "shop.egressPeers" (list .Values.networkPolicy.otelCollector.to "networkPolicy.otelCollector.to" "the OTLP collector") | nindent 4 }}
{{- end }}
{{- if .Values.istio.enabled }}
- ports: [{ port: 15012, protocol: TCP }, { port: 15014, protocol: TCP }]
  to:
    {{- include "shop.egressPeers" (list .Values.networkPolicy.istiod "networkPolicy.istiod" "istiod") | nindent 4 }}
{{- end }}
{{- end }}

{{/* A hook Job running one sub-command of an app image: migrate, seed. */}}
{{- define "shop.job" -}}
{{- $root := .root }}
{{- $hooks := ternary "post-install,pre-upgrade" "pre-install,pre-upgrade" $root.Values.postgresql.enabled }}
{{- if eq .command "seed" }}{{ $hooks = "post-install,post-upgrade" }}{{ end }}
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ include "shop.fullname" . }}-{{ .command }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "shop.labels" (dict "root" $root "name" .name "component" .command) | nindent 4 }}
  annotations:
    helm.sh/hook: {{ $hooks }}
    helm.sh/hook-weight: {{ ternary "10" "0" (eq .command "seed") | quote }}
    # Kept when it fails (logs to read), replaced by the next run.
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
spec:
  backoffLimit: {{ $root.Values.migrations.backoffLimit }}
  activeDeadlineSeconds: {{ $root.Values.migrations.activeDeadlineSeconds }}
  template:
    metadata:
      labels:
        {{- include "shop.labels" (dict "root" $root "name" .name "component" .command) | nindent 8 }}
      annotations:
        # A Job must end: no sidecar (it only talks to Postgres/Redis, outside the mesh).
        sidecar.istio.io/inject: "false"
    spec:
      restartPolicy: Never
      serviceAccountName: {{ printf "%sshop-jobs" $root.Values.namePrefix }}
      automountServiceAccountToken: false
      enableServiceLinks: false
      securityContext:
        {{- include "shop.podSecurityContext" . | nindent 8 }}
      {{- with $root.Values.image.pullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ .command }}
          image: {{ include "shop.image" . | quote }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          args: [{{ .command | quote }}]
          # Hooks may run before the release's ConfigMaps exist: everything inline.
          env:
            - { name: LOG_LEVEL, value: {{ $root.Values.logLevel | quote }} }
            {{- include "shop.secretEnv" (dict "root" $root "name" .name "facts" (dict "database" true "redis" (eq .command "seed"))) | trim | nindent 12 }}
          resources:
            {{- toYaml $root.Values.migrations.resources | nindent 12 }}
          securityContext:
            {{- include "shop.containerSecurityContext" . | nindent 12 }}
          volumeMounts:
            - { name: tmp, mountPath: /tmp }
      volumes:
        - name: tmp
          emptyDir: { medium: Memory, sizeLimit: 16Mi }
{{- end }}
