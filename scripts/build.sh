#!/usr/bin/env bash
# Builds the admin page (index.html -> dist/) and the widget's two bundles:
# consent (widget.html -> dist/widget/, with public/loader.js) and DSR form
# (widget-dsr.html -> dist/widget/dsr/), fixed file names for the loader.
# Usage: scripts/build.sh [--release]
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
mode=()
[ "${1:-}" = "--release" ] && mode=(--release true)
# Outermost first: each build replaces its dist folder wholesale.
trunk build "${mode[@]}" --dist dist -- index.html
trunk build "${mode[@]}" --dist dist/widget --public-url /widget/ --filehash false -- widget.html
trunk build "${mode[@]}" --dist dist/widget/dsr --public-url /widget/dsr/ --filehash false -- widget-dsr.html
