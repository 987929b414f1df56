#!/usr/bin/env bash
# Consumer smoke test: pack this package, install the tarball into a fresh project outside the repository
# with only its peer dependencies (at the lockfile's versions), compile a small strict NodeNext program with
# tsc and run it against the package's own fake server. Nothing is imported from the repository's sources.
# The program is scripts/smoke/main.ts, copied into the project as src/main.ts.
#
# Usage: scripts/consumer-smoke.sh [--program FILE] [--prepare DIR]
#   (no option)      pack, install and compile in a temporary project, run out/main.js on this `node`,
#                    remove the project
#   --program FILE   the consumer program to compile instead of scripts/smoke/main.ts
#   --prepare DIR    pack, install and compile into DIR (a new or empty folder, kept) and do not run: the
#                    compiled program is DIR/out/main.js, to run from DIR (scripts/test-runtimes.sh runs it on
#                    each runtime it tests)
#   SMOKE_SKIP_BUILD=1 reuses the current dist/ (otherwise dist/ is built first)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"

program="$repo/scripts/smoke/main.ts"
prepare=""
while [ $# -gt 0 ]; do
  case "$1" in
    --program) program="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    --prepare) prepare="$2"; shift 2 ;;
    *)
      echo "consumer smoke: unknown argument $1 (usage: consumer-smoke.sh [--program FILE] [--prepare DIR])" >&2
      exit 2
      ;;
  esac
done
[ -f "$program" ] || { echo "consumer smoke: no program at $program" >&2; exit 2; }

if [ "${SMOKE_SKIP_BUILD:-0}" != "1" ] || [ ! -f dist/index.js ]; then npm run --silent build; fi

locked() { node -p "require('./package-lock.json').packages['node_modules/$1'].version"; }
effect_version="$(locked effect)"
platform_version="$(locked @effect/platform)"
typescript_version="$(locked typescript)"
types_node_version="$(locked @types/node)"

pack="$(mktemp -d)"
if [ -n "$prepare" ]; then
  mkdir -p "$prepare"
  [ -z "$(ls -A "$prepare")" ] || { echo "consumer smoke: $prepare is not empty" >&2; exit 2; }
  consumer="$(cd "$prepare" && pwd)"
  trap 'rm -rf "$pack"' EXIT
else
  consumer="$(mktemp -d)"
  trap 'rm -rf "$pack" "$consumer"' EXIT
fi
tarball="$pack/$(npm pack --silent --pack-destination "$pack" | tail -n 1)"
mkdir -p "$consumer/src"
cd "$consumer"

cat > package.json <<'JSON'
{ "name": "mammoth-consumer-smoke", "private": true, "version": "0.0.0", "type": "module" }
JSON
cat > tsconfig.json <<'JSON'
{
  "compilerOptions": {
    "target": "ES2022",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "lib": ["ES2022", "DOM"],
    "types": ["node"],
    "strict": true,
    "exactOptionalPropertyTypes": true,
    "noUncheckedIndexedAccess": true,
    "verbatimModuleSyntax": true,
    "skipLibCheck": false,
    "outDir": "out",
    "rootDir": "src"
  },
  "include": ["src"]
}
JSON
cp "$program" src/main.ts

echo "consumer smoke: installing $(basename "$tarball") with effect@$effect_version @effect/platform@$platform_version"
timeout 300 npm install --no-audit --no-fund --loglevel=error \
  "$tarball" "effect@$effect_version" "@effect/platform@$platform_version" \
  "typescript@$typescript_version" "@types/node@$types_node_version"

# the package must resolve to the installed tarball, never to the repository
resolved="$(node --input-type=module -e 'console.log(import.meta.resolve("mammoth-analytics-effect/testing"))')"
case "$resolved" in
  "file://$consumer/node_modules/mammoth-analytics-effect/dist/"*) ;;
  *) echo "consumer smoke: resolved outside the installed package: $resolved" >&2; exit 1 ;;
esac

timeout 120 ./node_modules/.bin/tsc -p tsconfig.json

if [ -n "$prepare" ]; then
  echo "consumer smoke: compiled $consumer/out/main.js (run it from $consumer)"
else
  timeout 60 node out/main.js
fi
