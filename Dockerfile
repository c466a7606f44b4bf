# syntax=docker/dockerfile:1.7
# One recipe for every fleet app; APP picks the one the image runs:
#   docker build --build-arg APP=registry -t ensemble/registry:0.1.0 .
# Every image also carries the migrator: node dist/tools/fleet/migrate.js
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
# The lockfile was made by this npm, whose allowScripts field in package.json decides which install
# scripts run (only `node`, which the build's npm scripts resolve first on PATH).
ARG NPM_VERSION=11.19.1
RUN npm install --global npm@${NPM_VERSION}
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY libs ./libs
COPY apps ./apps
COPY tools ./tools
RUN npm run build && npm prune --omit=dev

FROM ${NODE_IMAGE} AS runtime
ARG APP
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    APP=${APP}
WORKDIR /app
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
RUN test -n "${APP}" && test -f "dist/apps/${APP}/src/main.js"
# Numeric uid so Kubernetes can verify runAsNonRoot; files stay root-owned and read-only to it.
USER 1000:1000
CMD ["/bin/sh", "-c", "exec node dist/apps/${APP}/src/main.js"]
