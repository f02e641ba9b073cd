# syntax=docker/dockerfile:1
# The WeMoms feed service: a small production image running `wemoms serve` (see README "Serving").
#   docker build -t wemoms .
#   docker run -p 8080:8080 -v "$PWD:/data" wemoms        # a workdir with models/ and data/interim/log.parquet
# or, with Redis as the feed store: docker compose up (compose.yaml).

# Build stage: the whole workspace, built, then `pnpm deploy` copies the CLI with its production
# dependencies (workspace packages as their built dist/ only) to /out.
FROM node:20-bookworm-slim AS build
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
RUN npm i -g pnpm@12.4.2
# better-sqlite3 falls back to a node-gyp build when its prebuilt binary cannot be downloaded: use the
# image's own Node headers.
ENV npm_config_nodedir=/usr/local
WORKDIR /src
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml turbo.json tsconfig.base.json biome.json ./
COPY scripts ./scripts
COPY packages ./packages
COPY apps ./apps
RUN pnpm install --frozen-lockfile --filter "@wemoms/cli..."
RUN pnpm turbo run build --filter=@wemoms/cli
RUN pnpm --filter @wemoms/cli deploy --prod /out

# Runtime stage: built files and production dependencies only, non-root.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /out ./
USER node
EXPOSE 8080
# The same entry the CLI package declares (bin.wemoms) and the tests run: node dist/bin.js.
ENTRYPOINT ["node", "dist/bin.js"]
CMD ["serve", "--workdir", "/data", "--host", "0.0.0.0", "--port", "8080"]
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/readyz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
