# The demo service (examples/demo) as an image, for docker-compose.yml.
#
#   docker build -t otel-domain-metrics-demo .
#   docker run --rm -p 9464:9464 otel-domain-metrics-demo   # metrics on http://localhost:9464/metrics
#
# The base image is pinned to a release of Node.js 24, the current LTS and the project's primary
# line (CI runs the suite on it). The demo runs from its TypeScript sources through tsx (a
# devDependency), so `npm ci` installs devDependencies too.
FROM node:24.21.0-bookworm-slim

WORKDIR /app

# Dependencies first, so that changing the sources does not reinstall them. npm ci needs the
# manifest of every workspace package listed in package.json (tools/ops: the operations tooling).
COPY package.json package-lock.json ./
COPY tools/ops/package.json tools/ops/
RUN npm ci --no-audit --no-fund && npm cache clean --force

COPY . .

# The image's unprivileged "node" user; the files stay owned by root and read-only to it.
USER node

# The Prometheus scrape endpoint (METRICS_PORT, default 9464).
EXPOSE 9464

# Exec form: node is PID 1 and receives SIGTERM itself; the demo then stops its workload, flushes
# the last export interval and exits 0.
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "examples/demo/main.ts"]
