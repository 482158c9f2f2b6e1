#!/usr/bin/env bash
# First-screen benchmark (bench/first-screen.mjs): installs the bench's npm
# packages if needed, checks the release build, runs the bench.
# Usage: bash bench/first-screen.sh            # N=20 loads per subject and condition
#        BENCH_N=3 BENCH_WRITE=0 bash bench/first-screen.sh   # quick check, BENCHMARKS.md untouched
set -euo pipefail
cd "$(dirname "$0")/.."

chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || { echo "no Chromium at $chromium: apt-get install -y chromium" >&2; exit 1; }

server=${PW_SERVER_BIN:-target/release/pw-server}
[ -x "$server" ] || [ -z "${CARGO_TARGET_DIR:-}" ] || server="$CARGO_TARGET_DIR/release/pw-server"
if [ ! -f dist/widget/loader.js ] || [ ! -x "$server" ]; then
  echo "release build missing (dist/widget/loader.js, target/release/pw-server):" >&2
  echo "  bash scripts/build.sh --release && cargo build --release -p pw-server" >&2
  exit 1
fi

# npm ci when node_modules is missing or older than the lock file. Never a browser download.
if [ ! -d bench/node_modules ] || [ bench/package-lock.json -nt bench/node_modules ]; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix bench --ignore-scripts --no-audit --no-fund
  touch bench/node_modules
fi

# The script bounds itself (BENCH_TIMEOUT_MIN, default 60); this is the backstop.
limit=$(( ${BENCH_TIMEOUT_MIN:-60} + 5 ))
exec timeout --kill-after=30s "${limit}m" node bench/first-screen.mjs "$@"
