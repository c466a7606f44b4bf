# syntax=docker/dockerfile:1.7
# One image for every fleet app and the migrator; the command picks what runs:
#   docker build -t ensemble:0.1.0 .
#   docker run … ensemble:0.1.0 node dist/apps/registry/src/main.js
#   docker run … ensemble:0.1.0 node dist/tools/fleet/migrate.js [--app registry]
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

# The lockfile was made by this npm, whose allowScripts field in package.json decides which install
# scripts run (only `node`, a dev dependency the build's npm scripts resolve first on PATH).
FROM ${NODE_IMAGE} AS npm
ARG NPM_VERSION=11.19.1
RUN npm install --global npm@${NPM_VERSION}
WORKDIR /src
COPY package.json package-lock.json ./

# Runtime dependencies only, exactly as locked.
FROM npm AS deps
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund

FROM npm AS build
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY libs ./libs
COPY apps ./apps
COPY tools ./tools
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps
WORKDIR /app
COPY --from=deps /src/package.json ./
COPY --from=deps /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
# Numeric uid so Kubernetes can verify runAsNonRoot; files stay root-owned and read-only to it.
USER 1000:1000
# Ready: the app's schema has every migration its code needs and the broker is connected.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# No default app: name one (see above).
CMD ["node", "-e", "console.error('usage: node dist/apps/<app>/src/main.js | node dist/tools/fleet/migrate.js [--app <app>]'); process.exit(64)"]
