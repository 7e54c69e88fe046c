# The data-platform CLI (`finplat ...`): what Airflow's tasks and the built-in runner execute.
# Build from the repository root (README.md, "Deploy"):
#   docker build -f infra/docker/data-platform.Dockerfile --target data-platform -t finplat-data-platform .
#   docker build -f infra/docker/data-platform.Dockerfile --target airflow -t finplat-airflow .
# Every build names its --target: the legacy builder (no BuildKit) builds every stage up to the
# target, and `airflow` comes last so the CLI image never pulls Airflow.

ARG NODE_IMAGE=node:20-bookworm-slim
ARG AIRFLOW_IMAGE=apache/airflow:3.1.0-python3.12

# --- dependencies: identical in app.Dockerfile, so the two builds share these layers ------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /opt/finplat
COPY package.json package-lock.json ./
COPY packages/config/package.json packages/config/
COPY packages/db/package.json packages/db/
COPY services/app-api/package.json services/app-api/
COPY services/data-platform/package.json services/data-platform/
COPY services/frontend/package.json services/frontend/
RUN npm ci --no-audit --no-fund

# --- sources, then drop the dev dependencies (TypeScript runs through tsx: no compile step) ------
FROM deps AS prod
COPY packages packages
COPY services services
RUN npm prune --omit=dev --no-audit --no-fund \
  && npm cache clean --force

# --- the CLI image -------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS data-platform
ENV NODE_ENV=production \
    FINPLAT_HOME=/var/lib/finplat/.finplat
COPY --from=prod /opt/finplat /opt/finplat
# Code stays root-owned (read-only to the process); only the working directory is writable.
RUN ln -s /opt/finplat/services/data-platform/bin/finplat.js /usr/local/bin/finplat \
  && install -d -o node -g node /var/lib/finplat
USER node
WORKDIR /var/lib/finplat
# A batch image has no port to probe: the check proves the runtime and the CLI's sources load.
HEALTHCHECK --interval=60s --timeout=30s --start-period=30s --retries=3 CMD ["finplat", "--help"]
ENTRYPOINT ["finplat"]
CMD ["--help"]

# --- Airflow with the CLI on its PATH: the DAG's BashOperator tasks run `finplat task ...` -------
FROM ${NODE_IMAGE} AS node-runtime

FROM ${AIRFLOW_IMAGE} AS airflow
USER root
COPY --from=node-runtime /usr/local/bin/node /usr/local/bin/node
COPY --from=prod /opt/finplat /opt/finplat
COPY infra/docker/airflow-standalone.sh /usr/local/bin/finplat-airflow-standalone
RUN ln -s /opt/finplat/services/data-platform/bin/finplat.js /usr/local/bin/finplat \
  && chmod 0755 /usr/local/bin/finplat-airflow-standalone
USER airflow
ENV FINPLAT_HOME=/opt/airflow/finplat
# Creates the DAG's pools, then `airflow standalone` (the image's entrypoint runs bash commands as is).
CMD ["bash", "/usr/local/bin/finplat-airflow-standalone"]
# Healthy = the scheduler has heartbeated recently (works for Airflow 2 and 3).
HEALTHCHECK --interval=60s --timeout=30s --start-period=120s --retries=3 \
  CMD ["airflow", "jobs", "check", "--job-type", "SchedulerJob", "--local"]
