#!/usr/bin/env bash
# The README's test command (`npm test`) and what CI runs: installs what the tests
# need, then lint, types, build and every test against real Mosquitto, PostgreSQL, socat and Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || need+=(mosquitto)
command -v mosquitto_pub >/dev/null 2>&1 || need+=(mosquitto-clients)
command -v socat >/dev/null 2>&1 || need+=(socat)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
[ -x /usr/bin/chromium ] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
# The kiosk's static servers as docs/deploy.md ships them (test/kiosk/deploy/static-servers.test.ts).
[ -x /usr/sbin/nginx ] || need+=(nginx)
[ -e /usr/share/nginx/modules/ngx_http_brotli_static_module.so ] || need+=(libnginx-mod-http-brotli-static)
[ -x /usr/bin/caddy ] || need+=(caddy)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test: installing system packages: ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "test: missing system packages: ${need[*]}" >&2
    echo "test: install them with: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
fi
# Debian starts the packaged brokers, database and web server; tests start their own on free ports.
# RabbitMQ runs the clustered-tier ACL test (test/broker-config/cluster); that test is
# skipped where RabbitMQ cannot be installed, so a failed install only warns.
if [ ! -x /usr/lib/rabbitmq/bin/rabbitmq-server ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "test: installing rabbitmq-server for the clustered-broker test"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends rabbitmq-server; } >/dev/null 2>&1 \
    || echo "test: warning: rabbitmq-server did not install; the RabbitMQ test will be skipped" >&2
fi
for service in mosquitto rabbitmq-server postgresql nginx caddy; do
  if command -v systemctl >/dev/null 2>&1; then systemctl stop "$service" >/dev/null 2>&1 || true; fi
done

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "test: installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi

echo "test: lint and types"
npm run --silent check
echo "test: build"
npm run --silent build
echo "test: vitest"
npx vitest run "$@"
