#!/usr/bin/env bash
# The image repository prefix of a registry and owner, as the chart's image.repositoryPrefix wants
# it: <registry>/<owner>/shop/. Image references must be lower case, and GitHub owners need not be
# (ghcr.io/MyOrg/... is refused by docker and by the registry).
#
#   image-repository.sh <registry> <owner>      e.g. image-repository.sh ghcr.io MyOrg -> ghcr.io/myorg/shop/
set -euo pipefail
registry="${1:?usage: image-repository.sh <registry> <owner>}"
owner="${2:?usage: image-repository.sh <registry> <owner>}"
printf '%s/%s/shop/\n' "${registry,,}" "${owner,,}"
