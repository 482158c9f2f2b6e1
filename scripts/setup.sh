#!/usr/bin/env bash
# Installs everything the build and the tests need on a fresh machine, each
# piece only when it is missing or at the wrong version. Safe to run again.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

step() { printf '\n== setup: %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }

# The wasm-bindgen CLI must equal the library version locked in Cargo.lock,
# and Trunk.toml pins the same version (Trunk runs offline).
WBG_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
TRUNK_PIN=$(sed -n 's/^wasm_bindgen *= *"\(.*\)"/\1/p' Trunk.toml)
if [ "$WBG_VERSION" != "$TRUNK_PIN" ]; then
  echo "Trunk.toml pins wasm_bindgen = \"$TRUNK_PIN\" but Cargo.lock has $WBG_VERSION: make them equal" >&2
  exit 1
fi

# postgresql: the server suite also runs on a throw-away PostgreSQL cluster
# (scripts/pg.sh); the product itself needs only SQLite. openssl: the release
# build re-pins integrity hashes after minifying the glue.
if ! have chromium || ! have chromedriver || ! have brotli || ! have curl || ! have sqlite3 \
  || ! have openssl || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  step "Debian packages: chromium chromium-driver brotli curl sqlite3 openssl postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver brotli curl sqlite3 openssl postgresql >/dev/null
else
  step "Debian packages present"
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "rustup target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
  step "rustup components rustfmt, clippy (the tests check formatting and lints)"
  rustup component add rustfmt clippy
fi

if ! (have trunk && trunk --version | grep -q '^trunk 0\.21\.'); then
  step "trunk ^0.21 (takes about 12 minutes)"
  cargo install trunk@^0.21 --locked
fi

if ! (have wasm-bindgen && [ "$(wasm-bindgen --version)" = "wasm-bindgen $WBG_VERSION" ]); then
  step "wasm-bindgen-cli $WBG_VERSION"
  # Not --locked: one of its locked dependencies is no longer on the registry.
  cargo install wasm-bindgen-cli --version "$WBG_VERSION" --force
fi

if ! have wasm-pack; then
  step "wasm-pack (runs the component tests: wasm-pack test --headless --chrome)"
  cargo install wasm-pack --locked
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm ci (binaryen's wasm-opt, terser, playwright-core, axe-core)"
  npm ci --no-audit --no-fund --loglevel=error
fi
case "$(wasm-opt --version)" in
  *"version 132"*) ;;
  *) echo "wasm-opt on PATH is $(command -v wasm-opt) ($(wasm-opt --version)), expected npm binaryen 132" >&2; exit 1 ;;
esac

step "cargo fetch (Trunk builds with --offline)"
cargo fetch --quiet
step "done"
