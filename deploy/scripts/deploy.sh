#!/usr/bin/env bash
# One environment's deploy, as cd.yml runs it (and the rehearsal, deploy/test/rehearse.sh): a plain
# `helm upgrade --install` of the chart in this commit with the environment's values file and the
# new image tag for every app (never --reuse-values: values come from the chart's defaults plus
# that file, so an upgrade across a commit that added values gets them), then, when the release
# runs its canaries through Flagger (canary.enabled), the engine's verdict (canary-verdict.sh).
#
#   deploy.sh <values file>
#   CHART (this commit's deploy/helm/shop), RELEASE (shop), NAMESPACE (shop), TAG (required), IMAGE_PREFIX (the chart's image.repositoryPrefix,
#   default: the values file's), HELM_TIMEOUT (15m), VERDICT_TIMEOUT (seconds, 3600)
#
# The migration hook Jobs run the new image's `migrate` before any pod of it starts (pre-upgrade):
# expand/contract, see deploy/README.md. `--atomic`: a release that fails to apply (a hook failed,
# pods never ready) is rolled back by Helm; a canary that fails its analysis is rolled back by
# Flagger, in the cluster, whether or not this script is still running.
set -euo pipefail
values="${1:?usage: deploy.sh <values file>}"
RELEASE="${RELEASE:-shop}"
NAMESPACE="${NAMESPACE:-shop}"
TAG="${TAG:?TAG (the image tag, the commit SHA) is required}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
chart="${CHART:-$here/../helm/shop}"

args=(upgrade --install "$RELEASE" "$chart" --namespace "$NAMESPACE" --values "$values" --set-string "image.tag=$TAG"
  --atomic --wait --timeout "${HELM_TIMEOUT:-15m}")
[ -z "${IMAGE_PREFIX:-}" ] || args+=(--set-string "image.repositoryPrefix=$IMAGE_PREFIX")

since="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "deploy: helm ${args[*]}"
helm "${args[@]}"

if [ "$(helm get values "$RELEASE" -n "$NAMESPACE" --all -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)["canary"]["enabled"])')" = True ]; then
  "$here/canary-verdict.sh" "$NAMESPACE" "$RELEASE" "$since"
else
  echo "deploy: $RELEASE upgraded in $NAMESPACE to $TAG (no canary analysis: canary.enabled is false)"
fi
