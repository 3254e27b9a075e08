#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on loopback for the tests (port 54329, trust auth on
# 127.0.0.1 only) and prints the connection string the tests read:
#   export WORKPIPELINES_TEST_POSTGRES="$(deploy/pg-test.sh start)"
# `deploy/pg-test.sh stop` stops it and deletes its folder. Needs the Debian `postgresql` package.
# Each test fixture creates (and drops) its own database in this cluster.
set -euo pipefail

port="${WORKPIPELINES_PG_PORT:-54329}"
dir="${WORKPIPELINES_PG_DIR:-/tmp/workpipelines-pg-$port}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -x "$bin/initdb" ] || { echo "PostgreSQL is not installed (apt-get install -y postgresql)" >&2; exit 1; }

# initdb refuses to run as root; the cluster belongs to the postgres user (or the current one).
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-start}" in
  start)
    if ! as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      rm -rf "$dir"; mkdir -p "$dir"
      [ "$(id -u)" = 0 ] && chown postgres: "$dir"
      as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
      # Tests only: no fsync, loopback only, enough connections for several app hosts at once.
      as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w start -o \
        "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" >/dev/null
    fi
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    ;;
  stop)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
