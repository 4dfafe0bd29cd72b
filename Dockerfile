# syntax=docker/dockerfile:1
# One image per app, from one Dockerfile:
#   docker build --build-arg APP=order -t shop/order .
# APP is one of gateway, user, inventory, payment, order.
#
# Base images by tag here (a local build takes what the tag names today); the release workflow
# resolves both to digests once per run and passes them as these ARGs, so every image of a release
# stands on the same, recorded bytes (deploy/scripts/base-image-digests.sh, .github/workflows/cd.yml).
ARG NODE_BUILD_IMAGE=node:24.21.0-bookworm-slim
ARG NODE_RUNTIME_IMAGE=gcr.io/distroless/nodejs24-debian12:nonroot

# --- build: the whole workspace, then `nx build $APP` (esbuild bundle + pruned package.json/lock)
FROM ${NODE_BUILD_IMAGE} AS build
ARG APP
RUN test -n "$APP" || (echo "--build-arg APP=<gateway|user|inventory|payment|order> is required" >&2; exit 1)
WORKDIR /workspace
ENV NX_DAEMON=false NX_NO_CLOUD=true NX_SKIP_NX_CACHE=true CI=true
COPY package.json package-lock.json .npmrc ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY . .
# The gateway's build also builds the storefront it serves (dist/apps/storefront); other apps have none.
RUN npx nx build "$APP" --configuration=production && mkdir -p dist/apps/storefront

# --- deps: only the app's production dependencies, from the lockfile nx generated for it
FROM ${NODE_BUILD_IMAGE} AS deps
ARG APP
WORKDIR /app
COPY --from=build /workspace/dist/apps/${APP}/package.json /workspace/dist/apps/${APP}/package-lock.json ./
# No install scripts: the runtime dependencies are plain JavaScript, and nothing should run at
# install time that the runtime image would not show.
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# --- runtime: distroless Node 24, non-root (uid 65532), no shell, no package manager
FROM ${NODE_RUNTIME_IMAGE}
ARG APP
WORKDIR /app
ENV NODE_ENV=production
COPY --from=deps /app/node_modules ./node_modules
# main.cjs (+ source map), package.json, proto/, migrations/ (the database apps)
COPY --from=build /workspace/dist/apps/${APP}/ ./
# The gateway serves it at / (its STOREFRONT_DIR defaults to ../storefront from main.cjs); empty otherwise.
COPY --from=build /workspace/dist/apps/storefront/ /storefront/
USER 65532:65532
# Nothing is written at runtime: runs with a read-only root filesystem.
# `docker run shop/order` serves; `docker run shop/order migrate` migrates and exits
# (inventory also has `seed`).
# --max-semi-space-size=4: V8's young generation capped (Node 24 grows it to 64 MB per semi-space
# under load; 4 rather than 8 kept every app under 150 MB under the benchmark's journeys: see the
# README's benchmarks). The same flags as @shop/local-system's APP_NODE_FLAGS
# (a test holds them equal); the chart caps the old space per app through NODE_OPTIONS.
# No --enable-source-maps: it parses the source map of every module that has one (the bundle's and
# many packages' in node_modules) and kept 5-20 MB more per app under load. The bundle is not
# minified, so stack traces still name the functions; main.cjs.map ships beside it, and
# NODE_OPTIONS=--enable-source-maps maps them when wanted.
ENTRYPOINT ["/nodejs/bin/node", "--max-semi-space-size=4", "main.cjs"]
CMD []
