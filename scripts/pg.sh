#!/usr/bin/env bash
# A throwaway PostgreSQL server for the hub's tests and for trying the hub
# on this machine: `scripts/pg.sh start` initialises a cluster in a temporary
# directory, starts it on a free loopback port and prints
#   export KONTER_TEST_DATABASE_URL=postgres://konter@127.0.0.1:<port>
#   export KONTER_PG_DIR=<dir>
# (use it as `eval "$(scripts/pg.sh start)"`); `scripts/pg.sh stop` stops it
# and removes the directory. Needs Debian's `postgresql` package (installed
# by scripts/lib.sh's apt_install when root or sudo is available). As root,
# the server runs as the `postgres` user (initdb refuses root).
set -euo pipefail

pg_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return; }
  done
  command -v initdb >/dev/null && { dirname "$(command -v initdb)"; return; }
  echo "scripts/pg.sh: PostgreSQL is missing: apt-get install postgresql" >&2
  exit 1
}

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    bin=$(pg_bin)
    dir=$(mktemp -d /tmp/konter-pg.XXXXXX)
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as_pg "$bin/initdb" -D "$dir/data" -A trust -U konter -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
      || echo $((20000 + RANDOM % 20000)))
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "export KONTER_TEST_DATABASE_URL=postgres://konter@127.0.0.1:$port"
    echo "export KONTER_PG_DIR=$dir"
    ;;
  stop)
    dir=${KONTER_PG_DIR:?set KONTER_PG_DIR (printed by start)}
    as_pg "$(pg_bin)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: scripts/pg.sh start|stop" >&2
    exit 2
    ;;
esac
