{{/*
Service-level objectives for what a shopper feels, measured at the edge (the gateway's HTTP RED
metrics): per SLO, its error ratio over every window the alerts need (recording rules), then
multi-window, multi-burn-rate alerts as in the SRE workbook (ch. 5, "Alerting on SLOs"):
  page   (critical): 2% of a 30-day budget burnt in 1h (burn rate 14.4) or 5% in 6h (6),
  ticket (warning):  10% in 3d (1) or in 1d at burn rate 3,
each long window confirmed by a short one (1/12 of it) so that an alert stops soon after the burn does.
Availability counts 5xx answers (UNAVAILABLE and DEADLINE_EXCEEDED arrive as 503/504) as bad;
latency counts answers slower than the objective's threshold, which must be a histogram bucket bound.
*/}}
{{- define "shop.sloObjectives" -}}
{{- $v := .Values.monitoring.slo }}
{{- $journeys := dict
  "checkout" (dict "method" "POST" "routes" "/api/v1/orders" "what" "checkout")
  "catalog" (dict "method" "GET" "routes" "/api/v1/products|/api/v1/products/:sku" "what" "catalog reads") }}
{{- range $journey, $j := $journeys }}
{{- $o := get $v $journey }}
{{ $journey }}-availability: {{ toJson (merge (dict "kind" "availability" "objective" $o.availability "description" (printf "%s availability" $j.what)) $j) }}
{{ $journey }}-latency: {{ toJson (merge (dict "kind" "latency" "objective" $o.latency "thresholdSeconds" $o.latencyThresholdSeconds "description" (printf "%s latency (under %ss)" $j.what $o.latencyThresholdSeconds)) $j) }}
{{- end }}
{{- end }}
{{- define "shop.sloSelector" -}}
namespace="{{ .ns }}", service="gateway", http_request_method="{{ .slo.method }}", http_route=~"{{ .slo.routes }}"
{{- end }}
{{- define "shop.sloRules" -}}
{{- $ns := .Release.Namespace }}
{{- $objectives := include "shop.sloObjectives" . | fromYaml }}
{{- $windows := list "5m" "30m" "1h" "2h" "6h" "1d" "3d" }}
- name: shop.slo.rules
  rules:
  {{- range $name, $slo := $objectives }}
  {{- $sel := include "shop.sloSelector" (dict "ns" $ns "slo" $slo) }}
    # The objective itself, so that dashboards can show burn rates: error ratio / (1 - objective).
    - record: slo:objective:ratio
      labels: { slo: {{ $name }}, namespace: {{ $ns }} }
      expr: vector({{ $slo.objective }})
  {{- range $w := $windows }}
    - record: slo:sli_error:ratio_rate{{ $w }}
      labels: { slo: {{ $name }} }
      expr: |
        {{- if eq $slo.kind "availability" }}
        sum by (namespace) (rate(http_server_request_duration_seconds_count{ {{- $sel }}, http_response_status_code=~"5.."}[{{ $w }}]))
        {{- else }}
        (
          sum by (namespace) (rate(http_server_request_duration_seconds_count{ {{- $sel }}}[{{ $w }}]))
            -
          sum by (namespace) (rate(http_server_request_duration_seconds_bucket{ {{- $sel }}, le="{{ $slo.thresholdSeconds }}"}[{{ $w }}]))
        )
        {{- end }}
          /
        sum by (namespace) (rate(http_server_request_duration_seconds_count{ {{- $sel }}}[{{ $w }}]))
  {{- end }}
  {{- end }}
- name: shop.slo.alerts
  rules:
  {{- range $name, $slo := $objectives }}
  {{- $budget := printf "(1 - %v)" $slo.objective }}
  {{- $r := printf "slo:sli_error:ratio_rate%%s{slo=\"%s\"}" $name }}
    - alert: ShopErrorBudgetBurnFast
      expr: |
        ({{ printf $r "1h" }} > (14.4 * {{ $budget }}) and {{ printf $r "5m" }} > (14.4 * {{ $budget }}))
          or
        ({{ printf $r "6h" }} > (6 * {{ $budget }}) and {{ printf $r "30m" }} > (6 * {{ $budget }}))
      for: 2m
      labels: { severity: critical, slo: {{ $name }} }
      annotations:
        summary: {{ printf "'%s: the error budget burns fast ({{ $value | humanizePercentage }} of requests bad, objective %s)'" $slo.description (toString $slo.objective) }}
    - alert: ShopErrorBudgetBurnSlow
      expr: |
        ({{ printf $r "1d" }} > (3 * {{ $budget }}) and {{ printf $r "2h" }} > (3 * {{ $budget }}))
          or
        ({{ printf $r "3d" }} > {{ $budget }} and {{ printf $r "6h" }} > {{ $budget }})
      for: 15m
      labels: { severity: warning, slo: {{ $name }} }
      annotations:
        summary: {{ printf "'%s: the error budget burns ({{ $value | humanizePercentage }} of requests bad, objective %s)'" $slo.description (toString $slo.objective) }}
  {{- end }}
{{- end }}
