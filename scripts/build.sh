#!/usr/bin/env bash
# Builds the admin page (index.html -> dist/), the requester's status page
# (request.html -> dist/request/, served at /request/) and the widget (dist/widget/):
#   - the two view bundles with content-hashed names, so they can be cached
#     as immutable: preferences (widget-prefs.html -> dist/widget/prefs/) and
#     the DSR form (widget-dsr.html -> dist/widget/dsr/);
#   - the loader, dist/widget/loader.js: public/loader.js with the shell
#     (src/shell.rs rendered per language by the native pw-shell binary,
#     Leptos ssr), the stylesheet, the bundles' paths and the consent rules;
#   - glue and loader minified with terser, then every widget file
#     precompressed (brotli, gzip) for the server to send as is.
# Usage: scripts/build.sh [--release]
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
mode=()
release=false
if [ "${1:-}" = "--release" ]; then mode=(--release true); release=true; fi
# Outermost first: each build replaces its dist folder wholesale.
trunk build "${mode[@]}" --dist dist -- index.html
trunk build "${mode[@]}" --dist dist/widget/prefs --public-url /widget/prefs/ -- widget-prefs.html
trunk build "${mode[@]}" --dist dist/widget/dsr --public-url /widget/dsr/ -- widget-dsr.html
# The requester's status page (e-mail links to /request/#...): after the
# admin build, which replaces dist/ wholesale. Its index.html IS the page
# (the server hashes its inline bootstrap into the CSP). No terser on its
# glue: Trunk minifies it in release (Trunk.toml `minify`) and its
# index.html pins the glue's bytes with an integrity (SRI) hash.
trunk build "${mode[@]}" --dist dist/request --public-url /request/ -- request.html
# Trunk's pages around the bundles are not used (the loader mounts them).
rm -f dist/widget/prefs/index.html dist/widget/dsr/index.html

# "prefs/privacy-prefs-<hash>": the glue is that + .js, the wasm + _bg.wasm.
bundle_path() { # folder
  local glue
  glue=$(cd dist/widget && ls "$1"/*.js | head -1)
  echo "${glue%.js}"
}
prefs=$(bundle_path prefs)
dsr=$(bundle_path dsr)
cargo run --quiet --locked --no-default-features --features shell --bin pw-shell -- \
  public/loader.js "prefs=$prefs" "dsr=$dsr" >dist/widget/loader.js

if $release; then
  terser_opts=(--compress passes=2 --mangle --comments '/^!/')
  terser dist/widget/loader.js "${terser_opts[@]}" -o dist/widget/loader.js
  for glue in "dist/widget/$prefs.js" "dist/widget/$dsr.js"; do
    terser "$glue" --module "${terser_opts[@]}" -o "$glue"
  done
fi

# What a CDN would store: every widget (and status page) file also as .br and .gz.
find dist/widget dist/request -type f \( -name '*.js' -o -name '*.wasm' -o -name '*.css' \) | while read -r f; do
  brotli -q 11 -f -k "$f"
  gzip -9 -f -k -n "$f"
done
