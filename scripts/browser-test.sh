#!/usr/bin/env bash
# The demo UI in a real browser against the running stack (make run first): Debian's chromium
# (apt, never a browser download) driven by playwright-core, pinned in browser-test/package-lock.json
# (npm ci). Installs what is missing; screenshots in browser-test/screenshots/ (git-ignored).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"

cd "$ROOT/browser-test"
log "npm ci (playwright-core, pinned; about a second)"
npm ci --no-audit --no-fund --loglevel=error
API_PORT="$API_PORT" node demo-ui.test.mjs
