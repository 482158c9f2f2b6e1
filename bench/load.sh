#!/usr/bin/env bash
# List and create load on loopback, bounded (issue 18): for SQLite and a
# throw-away PostgreSQL cluster (scripts/pg.sh), at each size, seeds that many
# DSRs with SQL, then measures with wrk (8 connections, PW_LOAD_SECS seconds
# each, server and load sharing the machine) and prints one markdown table.
# Usage: bash bench/load.sh                 # sizes 10000 100000, 10 s per query
#        PW_LOAD_SECS=3 PW_LOAD_DBS=sqlite bash bench/load.sh 10000
# Needs the release server (cargo build --release -p pw-server) and wrk
# (Debian package, installed here when missing). Not part of the test command.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
source scripts/pg.sh
export PW_PG_PORT=${PW_PG_PORT:-48433}  # not the test suite's cluster

sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)
secs=${PW_LOAD_SECS:-10}
server=target/release/pw-server
[ -x "$server" ] || cargo build --locked --release -p pw-server
command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
ADMIN=load-admin-key PUBLIC=load-public-key PORT=48090
work=$(mktemp -d)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; pg_stop; rm -rf "$work"; }
trap cleanup EXIT

start_server() { # $1 = PW_DB
  PW_ADDR=127.0.0.1:$PORT PW_DEMO_ADDR=off PW_DB="$1" PW_DIST=dist PW_RATE_LIMIT=0 \
    PW_ADMIN_KEY=$ADMIN PW_PUBLIC_KEY=$PUBLIC PW_OUTBOX="$work/outbox" PW_FILES="$work/files" \
    RUST_LOG=error "$server" >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$PORT/openapi.json" >/dev/null 2>&1 && return; sleep 0.1; done
  cat "$work/server.log" >&2; exit 1
}
# After seeding: the server's pooled connections read the planner statistics
# when they opened; a long-running server has seen its data grow and ran
# PRAGMA optimize at start, so it starts again on the seeded database.
restart_server() { stop_server; start_server "$1"; }
stop_server() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=; }

# $1 rows: ids after the demo's, states and purposes spread, dates over 400 days,
# a quarter past their deadline. Same rows on both databases. Then fresh planner
# statistics, as the server's start-up PRAGMA optimize (SQLite) or autovacuum
# (PostgreSQL) would have after such growth.
seed_sqlite() {
  sqlite3 -cmd ".timeout 10000" "$2" <<SQL
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
INSERT INTO dsr (workspace_id, title, given_name, family_name, email, state, archived,
                 date_creation, date_update, expiry_time, body, mail_validated)
SELECT 1, 'Request ' || i, 'Given' || (i % 997), 'Family' || (i % 1009),
       'person' || i || '@example.com',
       CASE i % 4 WHEN 0 THEN 'Open' WHEN 1 THEN 'Processing'
                  WHEN 2 THEN 'IdentityValidation' ELSE 'Closed' END, 0,
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (i % 400) || ' days', '-' || i || ' seconds'),
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (i % 400) || ' days', '-' || i || ' seconds'),
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (i % 400) || ' days', '+30 days'),
       (SELECT body FROM dsr ORDER BY id LIMIT 1), 1
FROM n;
INSERT INTO dsr_purposes (dsr_id, purpose)
SELECT id, CASE id % 3 WHEN 0 THEN 'Access' WHEN 1 THEN 'Erasure' ELSE 'Portability' END
FROM dsr WHERE id NOT IN (SELECT dsr_id FROM dsr_purposes);
ANALYZE;
-- The seeding is one big write while the server holds the file open: fold
-- the write-ahead log back into the database, as the server's own writes
-- would have long since, so readers do not look every page up in the log.
PRAGMA wal_checkpoint(TRUNCATE);
SQL
}
# PostgreSQL: each row carries its purposes' copy, as the server's creates
# write it (postgres migration 0005), so the purposes' trigger leaves it alone.
seed_postgres() {
  psql -q "$2" <<SQL
INSERT INTO dsr (id, workspace_id, title, given_name, family_name, email, state, archived,
                 date_creation, date_update, expiry_time, body, mail_validated, purpose_list)
SELECT id, 1, 'Request ' || i, 'Given' || (i % 997), 'Family' || (i % 1009),
       'person' || i || '@example.com',
       CASE i % 4 WHEN 0 THEN 'Open' WHEN 1 THEN 'Processing'
                  WHEN 2 THEN 'IdentityValidation' ELSE 'Closed' END, 0,
       to_char((now() - (i % 400) * interval '1 day' - i * interval '1 second') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
       to_char((now() - (i % 400) * interval '1 day' - i * interval '1 second') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
       to_char((now() - (i % 400) * interval '1 day' + interval '30 days') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
       (SELECT body FROM dsr ORDER BY id LIMIT 1), 1,
       ARRAY[CASE id % 3 WHEN 0 THEN 'Access' WHEN 1 THEN 'Erasure' ELSE 'Portability' END]
FROM (SELECT nextval(pg_get_serial_sequence('dsr', 'id')) AS id, i
      FROM generate_series(1, $1) AS i) AS s;
INSERT INTO dsr_purposes (dsr_id, purpose)
SELECT id, purpose_list[1] FROM dsr WHERE id NOT IN (SELECT dsr_id FROM dsr_purposes);
VACUUM ANALYZE;
SQL
}

# wrk's figures as one cell: "req/s, p50 / p99 ms".
measure() { # $1 key, rest: wrk arguments
  local key=$1; shift
  wrk -t2 -c8 -d"${secs}s" --latency -H "x-api-key: $key" "$@" 2>&1 | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
    $1 == "Requests/sec:" { rps = $2 }
    $1 == "Non-2xx" { bad = $NF }
    END { printf "%d/s, %.1f / %.1f ms%s", rps, p50, p99, (bad ? " (" bad " non-2xx)" : "") }'
}

base=http://127.0.0.1:$PORT/v1/ws/1/DataSubjectRequests
echo "Each cell: requests per second, p50 / p99 latency (wrk, 8 connections, ${secs} s)."
echo
echo "| database | requests | POST a DSR | list, default page | two states + purpose, by family name, page 3 of 50 | overdue by expiry | text search q |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for db in ${PW_LOAD_DBS:-sqlite postgres}; do
  for n in "${sizes[@]}"; do
    if [ "$db" = sqlite ]; then
      url="$work/load-$n.db"; rm -f "$url"*
      start_server "$url"; seed_sqlite "$n" "$url"; restart_server "$url"
      # The seeded rows went in with SQL, not through the server: wait until
      # its text-search indexer has caught up (Db::maintain_search_tail), as
      # it would have long since for requests it took itself.
      for _ in $(seq 600); do
        [ "$(sqlite3 -cmd ".timeout 10000" "$url" "SELECT (SELECT id FROM dsr_search_mark) >= (SELECT MAX(id) FROM dsr)")" = 1 ] && break
        sleep 0.2
      done
    else
      [ -n "${PW_TEST_POSTGRES:-}" ] || pg_start
      url="${PW_TEST_POSTGRES%/*}/load_$n"
      psql -q "$PW_TEST_POSTGRES" -c "DROP DATABASE IF EXISTS load_$n" -c "CREATE DATABASE load_$n"
      start_server "$url"; seed_postgres "$n" "$url"; restart_server "$url"
    fi
    default=$(measure $ADMIN "$base")
    filtered=$(measure $ADMIN "$base?states=Open&states=Processing&purposes=Access&sortBy=familyName&asc=true&page=3&size=50")
    overdue=$(measure $ADMIN "$base?overtaking=true&sortBy=expiryTime&asc=true")
    search=$(measure $ADMIN "$base?q=family42")
    post=$(measure $PUBLIC -s bench/post-dsr.lua "$base")
    echo "| $db | $(printf "%'d" "$n") | $post | $default | $filtered | $overdue | $search |"
    stop_server
  done
done
