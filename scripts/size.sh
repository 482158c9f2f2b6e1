#!/usr/bin/env bash
# Prints raw, gzip -9 and brotli -q 11 bytes of every file a browser downloads
# for each entry point of a built dist/ (run scripts/build.sh --release first).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
[ -f dist/widget/loader.js ] || { echo "dist/ not built: run scripts/build.sh --release" >&2; exit 1; }

row() { # label file...
  local label=$1; shift
  local raw=0 gz=0 br=0 f
  for f in "$@"; do
    raw=$((raw + $(wc -c <"$f")))
    gz=$((gz + $(gzip -9 -c "$f" | wc -c)))
    br=$((br + $(brotli -q 11 -c "$f" | wc -c)))
  done
  printf '%-40s %9d %9d %9d\n' "$label" "$raw" "$gz" "$br"
}
# The hashed glue and wasm of a view bundle folder.
glue() { ls dist/widget/"$1"/*.js | head -1; }
wasm() { ls dist/widget/"$1"/*_bg.wasm | head -1; }

printf '%-40s %9s %9s %9s\n' "file" "raw" "gzip" "brotli"
echo "-- widget first screen: the loader alone draws banner, menu and launcher (no wasm)"
row "loader.js (shell in 4 languages + css)" dist/widget/loader.js
echo "-- preferences bundle (Customise, Privacy choices)"
row "$(glue prefs | sed 's|dist/widget/||') (glue)" "$(glue prefs)"
row "$(wasm prefs | sed 's|dist/widget/||')" "$(wasm prefs)"
row "preferences (glue+wasm)" "$(glue prefs)" "$(wasm prefs)"
echo "-- DSR form bundle (Make a privacy request)"
row "$(glue dsr | sed 's|dist/widget/||') (glue)" "$(glue dsr)"
row "$(wasm dsr | sed 's|dist/widget/||')" "$(wasm dsr)"
row "DSR form (glue+wasm)" "$(glue dsr)" "$(wasm dsr)"
echo "-- admin page"
row "admin js" dist/privacy-admin*.js
row "admin wasm" dist/privacy-admin*_bg.wasm
row "admin css" dist/admin*.css
row "admin total" dist/privacy-admin*.js dist/privacy-admin*_bg.wasm dist/admin*.css
