#!/bin/sh
# Builds the web app: npm ci when its packages are missing or older than the lock file, then the
# type check and Vite's build into OUT_DIR. Called by cmake/web.cmake.
# Usage: build_web.sh WEB_DIR OUT_DIR
set -eu
web="$1"
out="$2"
cd "$web"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm ci --no-audit --no-fund --loglevel=error
  touch node_modules
fi
npm run --silent build -- --outDir "$out" --emptyOutDir --logLevel warn
