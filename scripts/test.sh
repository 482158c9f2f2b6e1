#!/usr/bin/env bash
# Sets up the machine (scripts/setup.sh) and runs every test:
#   1. native cargo tests (model, server, pure front-end logic)
#   2. component tests in headless Chromium (wasm-bindgen-test)
#   3. the RELEASE build of both entry points (wasm-opt -Oz), and its sizes
#   4. end-to-end browser tests against the release build and the real server
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
step() { printf '\n== test: %s\n' "$*"; }
t0=$SECONDS

bash scripts/setup.sh

step "native cargo tests"
cargo test --workspace --locked

step "component tests in headless Chromium"
cargo test --locked --target wasm32-unknown-unknown -p privacy-widget

step "release build"
bash scripts/build.sh --release
cargo build --locked --release -p pw-server

step "sizes"
bash scripts/size.sh

step "end-to-end tests in headless Chromium"
node --test --test-concurrency=1 tests/e2e/

echo "all tests passed in $((SECONDS - t0)) s"
