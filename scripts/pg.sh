#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the server tests and the load script.
# Source it, then `pg_start` (exports PW_TEST_POSTGRES, a URL whose database
# part the tests replace with a fresh database each) and `pg_stop`.
# Debian's server binaries (package postgresql), a temporary folder, loopback
# only, its own port; run as the `postgres` user when we are root, because
# initdb refuses root.
pg_bin() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1; }

pg_as() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
  local bin port dir
  bin=$(pg_bin)
  port=${PW_PG_PORT:-48432}
  dir=$(mktemp -d /tmp/pw-pg.XXXXXX)
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  # C collation: text sorts bytewise, as in SQLite (see migrations/postgres).
  pg_as "$bin/initdb" -D "$dir/data" -U pw --auth=trust --locale=C -E UTF8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; return 1; }
  # fsync stays on: the tests are about what the server commits, like production.
  pg_as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=300" start >/dev/null \
    || { cat "$dir/server.log" >&2; return 1; }
  export PW_PG_DIR="$dir"
  export PW_TEST_POSTGRES="postgres://pw@127.0.0.1:$port/postgres"
}

pg_stop() {
  [ -n "${PW_PG_DIR:-}" ] || return 0
  pg_as "$(pg_bin)/pg_ctl" -D "$PW_PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PW_PG_DIR"
  unset PW_PG_DIR PW_TEST_POSTGRES
}
