# shellcheck shell=bash
# The pinned versions of what deploy/scripts builds or fetches from the Go module proxy: one place
# for the schemas kubeconform checks against (schemas.sh) and the control plane and CRDs the
# rehearsal runs (install-cluster-tools.sh). Each may be overridden from the environment.
K8S_VERSION="${K8S_VERSION:-v1.34.4}"
# istio.io/api carries the CRDs istio/istio ships (manifests/charts/base/files/crd-all.gen.yaml is
# generated from it); istio.io/istio itself has no semver tags the module proxy can serve.
ISTIO_API_VERSION="${ISTIO_API_VERSION:-v1.31.1}"
PROMETHEUS_OPERATOR_VERSION="${PROMETHEUS_OPERATOR_VERSION:-v0.85.0}"
# The newest Flagger release the module proxy serves (v1.42.0 is refused as "not available").
FLAGGER_VERSION="${FLAGGER_VERSION:-v1.41.0}"
KWOK_VERSION="${KWOK_VERSION:-v0.8.0}"
