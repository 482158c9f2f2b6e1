# Sourced by the other scripts: puts the project's tools first on PATH.
# npm's binaryen (wasm-opt 132) must shadow Debian's binaryen 108, which writes a
# broken module (wasm-bindgen's externref table export points at the wrong table).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
# Headless Chromium started by wasm-bindgen-test-runner can be slow on 2 cores.
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}"
# The demo and test servers only listen on loopback.
export NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}"
