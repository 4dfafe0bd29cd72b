#!/usr/bin/env bash
# Writes a kubeconfig (an environment's secret) to a private file and prints KUBECONFIG=<file>,
# for $GITHUB_ENV. Fails when the secret is empty, rather than deploying with no credentials.
#
#   kubeconfig.sh <content> <file>
set -euo pipefail
content="${1:-}"
file="${2:?usage: kubeconfig.sh <content> <file>}"
[ -n "$content" ] || { echo "kubeconfig: the environment has no KUBECONFIG secret" >&2; exit 1; }
umask 077
printf '%s\n' "$content" >"$file"
echo "KUBECONFIG=$file"
