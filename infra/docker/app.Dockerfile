# The app: the API (`finplat serve`) and the built web client it serves on the same origin.
# Build from the repository root (README.md, "Deploy"):
#   docker build -f infra/docker/app.Dockerfile --target app -t finplat-app .

ARG NODE_IMAGE=node:20-bookworm-slim

# --- dependencies: identical in data-platform.Dockerfile, so the two builds share these layers --
FROM ${NODE_IMAGE} AS deps
WORKDIR /opt/finplat
COPY package.json package-lock.json ./
COPY packages/config/package.json packages/config/
COPY packages/db/package.json packages/db/
COPY services/app-api/package.json services/app-api/
COPY services/data-platform/package.json services/data-platform/
COPY services/frontend/package.json services/frontend/
RUN npm ci --no-audit --no-fund

# --- sources, the web client's production build, then drop the dev dependencies ------------------
FROM deps AS build
COPY packages packages
COPY services services
RUN npm run build --workspace @finplat/frontend \
  && npm prune --omit=dev --no-audit --no-fund \
  && npm cache clean --force

# --- the app image ---------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS app
ENV NODE_ENV=production \
    FINPLAT_HOME=/var/lib/finplat/.finplat
COPY --from=build /opt/finplat /opt/finplat
RUN ln -s /opt/finplat/services/data-platform/bin/finplat.js /usr/local/bin/finplat \
  && install -d -o node -g node /var/lib/finplat
USER node
WORKDIR /var/lib/finplat
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["finplat"]
CMD ["serve", "--port", "8080", "--host", "0.0.0.0"]
