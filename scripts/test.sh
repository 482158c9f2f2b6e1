#!/usr/bin/env bash
# Sets up the machine (scripts/setup.sh) and runs every test:
#   1. native cargo tests (model, server, pure front-end logic, the loader's
#      shell rendered with Leptos ssr); the server suite twice, on SQLite and
#      on a throw-away PostgreSQL cluster (scripts/pg.sh)
#   2. component tests in headless Chromium (wasm-pack test --headless --chrome)
#   3. the RELEASE build of both entry points (wasm-opt -Oz), and its sizes
#   4. end-to-end browser tests against the release build and the real server
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
step() { printf '\n== test: %s\n' "$*"; }
t0=$SECONDS

bash scripts/setup.sh

step "formatting and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
# The build-time shell is its own feature set (Leptos ssr, no csr).
cargo clippy --locked --no-default-features --features shell --lib --bin pw-shell -- -D warnings

step "native cargo tests"
cargo test --workspace --locked
cargo test --locked --no-default-features --features shell --lib

step "server tests on PostgreSQL (throw-away cluster, loopback, its own port)"
source scripts/pg.sh
pg_start
trap pg_stop EXIT
cargo test --locked -p pw-server
echo "PostgreSQL databases the suite created: $(psql "$PW_TEST_POSTGRES" -Atc \
  "SELECT count(*) FROM pg_database WHERE datname LIKE 'pw_test_%'")"
pg_stop
trap - EXIT

step "release build"
bash scripts/build.sh --release
cargo build --locked --release -p pw-server

step "component tests in headless Chromium (against a real reference server)"
# The tests call the API from the wasm-bindgen-test page, whose origin must be
# allowed by CORS: both addresses are fixed for that.
export WASM_BINDGEN_TEST_ADDRESS=127.0.0.1:48000
export PW_TEST_API=http://127.0.0.1:48080
db_dir=$(mktemp -d)
PW_ADDR=127.0.0.1:48080 PW_DEMO_ADDR=off PW_DB="$db_dir/test.db" PW_DIST="$ROOT/dist" \
  PW_ADMIN_KEY=sk_test_admin_0123456789abcdef0123456789abcdef \
  PW_PUBLIC_KEY=pk_test_public_0123456789abcdef0123456789abcd PW_RATE_LIMIT=0 \
  PW_ALLOWED_ORIGINS=http://$WASM_BINDGEN_TEST_ADDRESS PW_ADMIN_ORIGINS=http://$WASM_BINDGEN_TEST_ADDRESS \
  target/release/pw-server >"$db_dir/server.log" 2>&1 &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -fsS "$PW_TEST_API/openapi.json" >/dev/null 2>&1 && break; sleep 0.1; done
# As the crate's users run them: wasm-pack drives Debian's chromedriver (never a
# downloaded one) with the flags in webdriver.json; --mode no-install uses the
# wasm-bindgen-cli that setup installed at the Cargo.lock version.
wasm-pack test --headless --chrome --chromedriver "$CHROMEDRIVER" --mode no-install .
kill $server_pid; trap - EXIT

step "sizes"
bash scripts/size.sh

step "end-to-end tests in headless Chromium"
node --test --test-concurrency=1 tests/e2e/

echo "all tests passed in $((SECONDS - t0)) s"
