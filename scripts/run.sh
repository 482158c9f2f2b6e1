#!/usr/bin/env bash
# Sets up the machine, builds the release widget and admin page, and runs the
# reference server: API + admin page + widget assets on one origin, the demo
# host page on another. Ctrl-C stops it.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
bash scripts/setup.sh
bash scripts/build.sh --release
cargo build --locked --release -p pw-server
export PW_ADDR="${PW_ADDR:-127.0.0.1:8080}" PW_DEMO_ADDR="${PW_DEMO_ADDR:-127.0.0.1:8081}"
export PW_DIST="$ROOT/dist" PW_DB="${PW_DB:-$ROOT/privacy-widget.db}"
cat <<EOM

  Admin page:      http://$PW_ADDR/
  Demo host page:  http://$PW_DEMO_ADDR/   (another origin, strict CSP, hostile CSS)
  API document:    http://$PW_ADDR/openapi.json

EOM
exec target/release/pw-server
