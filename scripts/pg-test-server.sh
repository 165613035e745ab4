#!/usr/bin/env bash
# Start (or reuse) a throw-away PostgreSQL server on 127.0.0.1 for the test suite and print its URL.
# Installs Debian's postgresql package when no server binaries are present. Loopback only.
set -euo pipefail
DIR=${THREADLINE_PG_DIR:-/tmp/threadline-pg}
PORT=${THREADLINE_PG_PORT:-54329}
URL="postgresql+psycopg://postgres@127.0.0.1:${PORT}/postgres"

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
PGBIN=$(find_bin)
if [ -z "$PGBIN" ]; then
  echo "installing postgresql (Debian package)..." >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
  PGBIN=$(find_bin)
fi

as_pg() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}

if [ -f "$DIR/data/postmaster.pid" ] && as_pg "'$PGBIN/pg_ctl' -D '$DIR/data' status" >/dev/null 2>&1; then
  echo "$URL"
  exit 0
fi
rm -rf "$DIR"
mkdir -p "$DIR"
[ "$(id -u)" = 0 ] && chown postgres "$DIR"
as_pg "'$PGBIN/initdb' -D '$DIR/data' -A trust -U postgres -E UTF8 >'$DIR/initdb.log' 2>&1"
# fsync off: a test server's data is thrown away, and durability costs most of its write time.
as_pg "'$PGBIN/pg_ctl' -D '$DIR/data' -l '$DIR/server.log' -w -o \"-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start" >&2
echo "$URL"
