# syntax=docker/dockerfile:1
# The aws-bridge backend as a container image, serving the app too (docs/container-image.md):
# Backstage's multi-stage build (backstage.io/docs/deployment/docker) with npm instead of yarn.
# Build it from the repository root, for the stack's x86-64 tasks:
#   docker build --platform linux/amd64 -t aws-bridge-backend .
#
# `npm test` runs this file's commands without Docker and starts what they build
# (scripts/image-check.mjs). So the build stage's first RUN is exactly CI's install line
# (.ci/run), the other RUN lines in /app are npm scripts or plain shell commands that run as well
# on a checkout, and each stage works in /app with paths relative to it.

FROM node:22-bookworm-slim AS base

# What compiles native addons for the build stage's full install (better-sqlite3, when no
# prebuilt binary downloads), and the npm major CI uses (its allowScripts policy, root
# package.json): for the installs, not the image.
FROM base AS toolchain
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 g++ make \
    && rm -rf /var/lib/apt/lists/*
RUN npm install --global npm@11 --no-audit --no-fund

# Every package.json, the lockfile and .npmrc, nothing else: the install below is rebuilt only
# when one of them changes (COPY --from compares contents, not this stage's input).
FROM base AS manifests
WORKDIR /app
COPY . .
RUN find . -type f ! -name package.json ! -name package-lock.json ! -name .npmrc -delete \
    && find . -mindepth 1 -type d -empty -delete

# The build: the install CI runs, the type declarations the packages' builds read (all of them:
# an incremental tsc skips those a stale dist-types/ lacks), the app, then the backend and the
# workspace packages it runs, packed (scripts/build-backend.mjs).
FROM toolchain AS build
WORKDIR /app
COPY --from=manifests /app ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY . .
RUN npm run tsc -- --incremental false
RUN npm run build:app
RUN npm run build:backend

# The package.json of each package the backend runs (the app's without its browser
# dependencies), from the manifests alone, so the production install runs beside the build.
FROM base AS prod-manifests
WORKDIR /app
COPY --from=manifests /app ./
COPY scripts/build-backend.mjs scripts/
RUN node scripts/build-backend.mjs --skeleton

# Production dependencies only, with the full lockfile: npm ci installs the workspaces present.
# None of them compiles (better-sqlite3, for the demo's in-memory database, is a devDependency:
# the image runs on PostgreSQL), so no compiler here; npm 11 for CI's allowScripts policy.
FROM base AS prod-deps
RUN npm install --global npm@11 --no-audit --no-fund
WORKDIR /app
COPY --from=prod-manifests /app/dist/backend/skeleton/ ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund

# The image: Node, the production dependencies, the packed packages and the production config.
# No compiler, no npm cache, no sources; the backend runs as the image's non-root `node` user.
FROM base AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Node does not trust RDS's certificate authorities by default, and the database connection
# verifies them (PGSSLMODE=verify-full on AWS). Not reachable where `npm test` runs: the image
# check puts a stand-in there.
ADD --chmod=644 https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem rds-global-bundle.pem
ENV NODE_EXTRA_CA_CERTS=/app/rds-global-bundle.pem
COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist/backend/bundle/ ./
COPY --chown=node:node deploy/app-config.production.yaml ./
USER node
EXPOSE 7007
# Only the production config: every value in it comes from the task's environment.
CMD ["node", "packages/backend", "--config", "app-config.production.yaml"]
