#!/usr/bin/env bash
# Creates the Secrets the chart references but never holds (deploy/README.md, "Install"): the JWT
# signing key (shop-jwt: private.pem; Ed25519; the user app publishes its public half) and the gateway's HMAC key for checkout
# fingerprints (shop-gateway: idempotency-fingerprint-key). A Secret that exists is left alone, so
# running it again never rotates a key under a running release.
#
#   create-secrets.sh <namespace>
# Uses kubectl (the current context, or $KUBECONFIG) and openssl.
set -euo pipefail
namespace="${1:?usage: create-secrets.sh <namespace>}"

exists() { kubectl -n "$namespace" get secret "$1" >/dev/null 2>&1; }

kubectl get namespace "$namespace" >/dev/null 2>&1 || kubectl create namespace "$namespace"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
umask 077

if exists shop-jwt; then echo "secret shop-jwt: exists"
else
  openssl genpkey -algorithm ed25519 -out "$work/jwt-private.pem"
  kubectl -n "$namespace" create secret generic shop-jwt --from-file=private.pem="$work/jwt-private.pem"
fi
if exists shop-gateway; then echo "secret shop-gateway: exists"
else
  kubectl -n "$namespace" create secret generic shop-gateway \
    --from-literal=idempotency-fingerprint-key="$(openssl rand -hex 32)"
fi
