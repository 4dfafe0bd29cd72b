#!/usr/bin/env bash
# Waits for Flagger's verdict on every Canary of a release and reports it: exit 0 when each canary
# was promoted (its -primary runs the target's image) or had nothing to analyse, 1 when any was
# rolled back (phase Failed), 2 when the wait timed out. Prints a table, and appends it to
# $GITHUB_STEP_SUMMARY when set. Only reads: the analysis and the rollback are Flagger's, in the
# cluster, so a cancelled run changes nothing about them.
#
#   canary-verdict.sh <namespace> <release> [since]
#   since: an RFC 3339 UTC time; a Failed phase from before it is an old rollback, not this one's.
#   VERDICT_TIMEOUT (seconds, default 3600), VERDICT_POLL (seconds, default 10)
set -euo pipefail
namespace="${1:?usage: canary-verdict.sh <namespace> <release> [since]}"
release="${2:?usage: canary-verdict.sh <namespace> <release> [since]}"
since="${3:-1970-01-01T00:00:00Z}"
deadline=$((SECONDS + ${VERDICT_TIMEOUT:-3600}))

image_of() { kubectl -n "$namespace" get deployment "$1" -o jsonpath='{.spec.template.spec.containers[0].image}' 2>/dev/null || true; }

# One line per canary: name phase weight failedChecks lastTransitionTime target
canaries() {
  kubectl -n "$namespace" get canaries.flagger.app -l "app.kubernetes.io/instance=$release" \
    -o jsonpath='{range .items[*]}{.metadata.name} {.status.phase} {.status.canaryWeight} {.status.failedChecks} {.status.lastTransitionTime} {.spec.targetRef.name}{"\n"}{end}'
}

while :; do
  rows=()
  pending=0
  failed=0
  while read -r name phase weight checks transition target; do
    [ -n "$name" ] || continue
    image="$(image_of "$target")"
    primary="$(image_of "$target-primary")"
    state=waiting
    case "$phase" in
      Failed) if [[ "$transition" > "$since" || "$transition" == "$since" ]]; then state="rolled back"; failed=$((failed + 1)); fi ;;
      Succeeded | Initialized) [ "$image" = "$primary" ] && state=promoted ;;
    esac
    [ "$state" = waiting ] && pending=$((pending + 1))
    rows+=("| $name | ${phase:-none} | ${weight:-0}% | ${checks:-0} | $state | \`$image\` |")
  done < <(canaries)
  if [ "${#rows[@]}" -eq 0 ]; then
    echo "canary-verdict: no Canary of release $release in $namespace" >&2
    exit 2
  fi
  if [ "$pending" -eq 0 ] || [ "$failed" -gt 0 ] || [ "$SECONDS" -ge "$deadline" ]; then break; fi
  echo "canary-verdict: $pending canary(ies) in analysis ..."
  sleep "${VERDICT_POLL:-10}"
done

if [ "$failed" -gt 0 ]; then verdict="ROLLED BACK ($failed)"; code=1
elif [ "$pending" -gt 0 ]; then verdict="TIMED OUT ($pending still in analysis)"; code=2
else verdict="PROMOTED"; code=0
fi
report="$(printf '### Canary verdict in %s: %s\n\n| Canary | Phase | Weight | Failed checks | Verdict | Image |\n| --- | --- | --- | --- | --- | --- |\n' "$namespace" "$verdict"; printf '%s\n' "${rows[@]}")"
echo "$report"
[ -z "${GITHUB_STEP_SUMMARY:-}" ] || printf '%s\n\n' "$report" >>"$GITHUB_STEP_SUMMARY"
exit "$code"
