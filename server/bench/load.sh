#!/usr/bin/env bash
# Bounded load run for the reference server (issue 4 acceptance): loopback
# only, fixed duration and connections, a throw-away database.
#
#   1. POST /v1/ws/1/DataSubjectRequests  (public key, real committed inserts)
#   2. seeds the table to >= 10,000 requests (via SQL, one transaction)
#   3. GET list queries on 10,000+ rows: default page, a filtered + sorted page,
#      and a text search.
#
# Usage: server/bench/load.sh [duration_seconds=10] [connections=8]
# Needs: wrk (apt-get install wrk) and python3.
set -euo pipefail
DURATION="${1:-10}"
CONNS="${2:-8}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="$TARGET/release/pw-server"
PORT="${PW_BENCH_PORT:-18480}"
ADMIN=bench-admin-key
PUBLIC=bench-public-key
WORK="$(mktemp -d)"
trap 'kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT

command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 1; }
[ -x "$BIN" ] || (cd "$ROOT" && cargo build --release -p pw-server)

PW_ADDR="127.0.0.1:$PORT" PW_DEMO_ADDR=off PW_DB="$WORK/bench.db" PW_DIST="$WORK" \
PW_ADMIN_KEY="$ADMIN" PW_PUBLIC_KEY="$PUBLIC" PW_RATE_LIMIT=0 RUST_LOG=error \
  "$BIN" > "$WORK/server.log" 2>&1 &
PID=$!
for _ in $(seq 50); do grep -q "^listening" "$WORK/server.log" 2>/dev/null && break; sleep 0.1; done
BASE="http://127.0.0.1:$PORT"

echo "== POST DSR: ${DURATION}s, ${CONNS} connections, 2 threads"
PW_BENCH_KEY="$PUBLIC" wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency -s "$(dirname "$0")/post_dsr.lua" \
  "$BASE/v1/ws/1/DataSubjectRequests" | grep -E "RESULT|Socket errors" || true

# Top the table up to 10,000 requests in one SQL transaction (python3's
# sqlite3, same schema; WAL lets it write while the server runs). Rows get
# random states, purposes, widgets and 2025 dates, so filters have work to do.
python3 - "$WORK/bench.db" <<'PY'
import sqlite3, sys, json, random
db = sqlite3.connect(sys.argv[1], timeout=30)
n = db.execute("SELECT COUNT(*) FROM dsr").fetchone()[0]
need = max(0, 10_000 - n)
purposes = ["Access", "Erasure", "Rectification", "Opposition", "Portability"]
states = [(1, "Open"), (2, "IdentityValidation"), (3, "Processing"), (4, "Closed")]
with db:
    for i in range(need):
        step, state = random.choice(states)
        day = random.randint(1, 28); month = random.randint(1, 12)
        created = f"2025-{month:02d}-{day:02d}T10:00:00.000Z"
        expiry = f"2025-{month % 12 + 1:02d}-{day:02d}T10:00:00.000Z"
        body = json.dumps({"title": f"Seed {i}", "email": f"seed{i}@example.com", "familyName": f"Name {i}"})
        cur = db.execute(
            "INSERT INTO dsr (workspace_id, title, given_name, family_name, email, state, archived, widget_id,"
            " work_flow_step_id, date_creation, date_update, expiry_time, body) VALUES (1,?,?,?,?,?,0,?,?,?,?,?,?)",
            (f"Seed {i}", "Seed", f"Name {i}", f"seed{i}@example.com", state, random.randint(1, 3), step,
             created, created, expiry, body))
        db.execute("INSERT INTO dsr_purposes (dsr_id, purpose) VALUES (?, ?)", (cur.lastrowid, random.choice(purposes)))
print("rows in dsr:", db.execute("SELECT COUNT(*) FROM dsr").fetchone()[0])
PY

for path in \
  "/v1/ws/1/DataSubjectRequests" \
  "/v1/ws/1/DataSubjectRequests?states=Open&states=Processing&purposes=Access&sortBy=familyName&asc=true&size=50&page=3" \
  "/v1/ws/1/DataSubjectRequests?overtaking=true&sortBy=expiryTime&size=20" \
  "/v1/ws/1/DataSubjectRequests?q=seed12&size=20"; do
  echo "== GET $path: ${DURATION}s, ${CONNS} connections"
  # Sanity: the query answers 200 with rows, so the figures measure real work.
  curl -s -H "x-api-key: $ADMIN" "$BASE$path" | python3 -c \
    'import json,sys; d=json.load(sys.stdin); print("   total=%s items=%s" % (d["total"], len(d["items"])))'
  PW_BENCH_KEY="$ADMIN" PW_BENCH_PATH="$path" wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency \
    -s "$(dirname "$0")/get.lua" "$BASE" | grep -E "RESULT|Socket errors" || true
done
