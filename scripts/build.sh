#!/usr/bin/env bash
# Builds the admin page (index.html -> dist/) and the widget
# (widget.html -> dist/widget/, fixed file names for public/loader.js).
# Usage: scripts/build.sh [--release]
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
mode=()
[ "${1:-}" = "--release" ] && mode=(--release true)
# Admin first: its build replaces dist/ wholesale.
trunk build "${mode[@]}" --dist dist -- index.html
trunk build "${mode[@]}" --dist dist/widget --public-url /widget/ --filehash false -- widget.html
