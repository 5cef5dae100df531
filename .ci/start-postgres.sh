#!/usr/bin/env bash
# Start a throw-away PostgreSQL server on 127.0.0.1:54329 for the tests marked `postgres`.
# Prints the SQLAlchemy URL on success. Installs Debian's postgresql if it is missing (waiting
# for the apt lock like the set-up scripts).
set -euo pipefail
. "$(dirname "$0")/../scripts/setup-common.sh"
PORT=${QD_PG_PORT:-54329}
BASE=${QD_PG_DIR:-/tmp/quality-desk-pg}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$PGBIN" ]; then
  qd_install_debian_packages postgresql >&2
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
RUNAS=()
if [ "$(id -u)" = 0 ]; then RUNAS=(runuser -u postgres --); fi
if "${RUNAS[@]}" "$PGBIN/pg_isready" -h 127.0.0.1 -p "$PORT" >/dev/null 2>&1; then
  echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres"
  exit 0
fi
rm -rf "$BASE"
mkdir -p "$BASE"
[ "$(id -u)" = 0 ] && chown postgres "$BASE"
"${RUNAS[@]}" "$PGBIN/initdb" -D "$BASE/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$BASE/data" -l "$BASE/log" -w \
  -o "-p $PORT -k $BASE -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres"
