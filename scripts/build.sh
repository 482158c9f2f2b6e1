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
# (the server hashes its inline bootstrap into the CSP).
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
  terser_opts=(--compress passes=2 --mangle)
  # The loader keeps its first line, V8's compile hint (see public/loader.js).
  terser dist/widget/loader.js "${terser_opts[@]}" --comments '/^# allFunctionsCalledOnLoad$/' -o dist/widget/loader.js
  [ "$(head -n 1 dist/widget/loader.js)" = "//# allFunctionsCalledOnLoad" ] || { echo "build: the loader lost its compile hint" >&2; exit 1; }
  # Trunk's own JS minifier fails on wasm-bindgen's glue ("Failed to minify
  # JS": its parser stops at `export default`) and leaves it as it is, so
  # terser minifies every glue; the pages that pin their glue with an
  # integrity (SRI) hash, the admin page and the status page, get the new one.
  sri() { echo "sha384-$(openssl dgst -sha384 -binary "$1" | openssl base64 -A)"; }
  minify_glue() { # glue [page that pins it]
    local before
    before=$(sri "$1")
    terser "$1" --module "${terser_opts[@]}" --comments '/^!/' -o "$1"
    [ -z "${2:-}" ] && return
    sed -i "s|integrity=$before|integrity=$(sri "$1")|" "$2"
    grep -q "integrity=$(sri "$1")" "$2" || { echo "build: $2 does not pin $1" >&2; exit 1; }
  }
  minify_glue "dist/widget/$prefs.js"
  minify_glue "dist/widget/$dsr.js"
  minify_glue "$(ls dist/privacy-admin-*.js)" dist/index.html
  minify_glue "$(ls dist/request/privacy-request-*.js)" dist/request/index.html
fi

# What a CDN would store: every widget (and status page) file also as .br and .gz.
find dist/widget dist/request -type f \( -name '*.js' -o -name '*.wasm' -o -name '*.css' \) | while read -r f; do
  brotli -q 11 -f -k "$f"
  gzip -9 -f -k -n "$f"
done
