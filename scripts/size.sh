#!/usr/bin/env bash
# Prints raw, gzip -9 and brotli -q 11 bytes of every file a browser downloads
# for each entry point of a built dist/ (run scripts/build.sh --release first).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
[ -d dist/widget ] || { echo "dist/ not built: run scripts/build.sh --release" >&2; exit 1; }

row() { # label file...
  local label=$1; shift
  local raw=0 gz=0 br=0 f
  for f in "$@"; do
    raw=$((raw + $(wc -c <"$f")))
    gz=$((gz + $(gzip -9 -c "$f" | wc -c)))
    br=$((br + $(brotli -q 11 -c "$f" | wc -c)))
  done
  printf '%-34s %9d %9d %9d\n' "$label" "$raw" "$gz" "$br"
}

printf '%-34s %9s %9s %9s\n' "file" "raw" "gzip" "brotli"
echo "-- widget: a returning visitor with nothing to show downloads only the loader"
row "loader.js" dist/widget/loader.js
echo "-- widget consent bundle (first visit: banner, preferences, menu)"
row "privacy-widget.js (glue)" dist/widget/privacy-widget.js
row "privacy-widget_bg.wasm" dist/widget/privacy-widget_bg.wasm
row "first visit (loader+glue+wasm)" dist/widget/loader.js dist/widget/privacy-widget.js dist/widget/privacy-widget_bg.wasm
echo "-- widget DSR bundle (only when the request form is opened)"
row "dsr/privacy-dsr.js (glue)" dist/widget/dsr/privacy-dsr.js
row "dsr/privacy-dsr_bg.wasm" dist/widget/dsr/privacy-dsr_bg.wasm
row "form only (loader+glue+wasm)" dist/widget/loader.js dist/widget/dsr/privacy-dsr.js dist/widget/dsr/privacy-dsr_bg.wasm
row "  style/widget.css (inside each wasm)" style/widget.css
echo "-- admin page"
row "admin js" dist/privacy-admin*.js
row "admin wasm" dist/privacy-admin*_bg.wasm
row "admin css" dist/admin*.css
row "admin total" dist/privacy-admin*.js dist/privacy-admin*_bg.wasm dist/admin*.css
