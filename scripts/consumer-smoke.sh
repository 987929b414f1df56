#!/usr/bin/env bash
# Consumer smoke test: pack this package, install the tarball into a fresh project outside the repository
# with only the peer dependencies of one Effect line (at the lockfile's versions), check that `npm ls --all` is
# clean, compile a small strict NodeNext program with tsc (library types checked) and run it against the
# package's own fake server. Nothing is imported from the repository's sources. The program is copied into the
# project as src/main.ts.
#
#   line v3 (the main entry): the tarball with effect and @effect/platform (the root's node_modules versions);
#                             program scripts/smoke/main.ts
#   line v4 (the /v4 entry):  the tarball with effect 4 only (the version locked for src/v4/node_modules), nothing
#                             of Effect 3 and no @effect/platform; program scripts/smoke/main-v4.ts
#
# Usage: scripts/consumer-smoke.sh [--line v3|v4] [--program FILE] [--prepare DIR]
#   (no option)      the v3 line: pack, install and compile in a temporary project, run out/main.js on this
#                    `node`, remove the project
#   --line LINE      the Effect line, v3 (the default) or v4
#   --program FILE   the consumer program to compile instead of the line's own
#   --prepare DIR    pack, install and compile into DIR (a new or empty folder, kept) and do not run: the
#                    compiled program is DIR/out/main.js, to run from DIR (scripts/test-runtimes.sh runs it on
#                    each runtime it tests)
#   SMOKE_SKIP_BUILD=1 reuses the current dist/ (otherwise dist/ is built first)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"

usage="usage: consumer-smoke.sh [--line v3|v4] [--program FILE] [--prepare DIR]"
line=v3
program=""
prepare=""
while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || { echo "consumer smoke: $1 needs a value ($usage)" >&2; exit 2; }
  case "$1" in
    --line) line="$2"; shift 2 ;;
    --program) program="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    --prepare) prepare="$2"; shift 2 ;;
    *) echo "consumer smoke: unknown argument $1 ($usage)" >&2; exit 2 ;;
  esac
done

# the package's lockfile entry (a path in package-lock.json's "packages") and its version
locked() {
  node -e '
    const entry = require("./package-lock.json").packages[process.argv[1]]
    if (entry === undefined || typeof entry.version !== "string") {
      console.error(`consumer smoke: package-lock.json has no ${process.argv[1]}: run npm install`)
      process.exit(1)
    }
    console.log(entry.version)' "$1"
}
typescript_version="$(locked node_modules/typescript)"
types_node_version="$(locked node_modules/@types/node)"
case "$line" in
  v3)
    default_program="$repo/scripts/smoke/main.ts"
    entry_js=dist/v3/index.js
    entries=(mammoth-analytics-effect mammoth-analytics-effect/testing)
    effect_version="$(locked node_modules/effect)"
    platform_version="$(locked node_modules/@effect/platform)"
    peers=("effect@$effect_version" "@effect/platform@$platform_version")
    ;;
  v4)
    default_program="$repo/scripts/smoke/main-v4.ts"
    entry_js=dist/v4/index.js
    entries=(mammoth-analytics-effect/v4 mammoth-analytics-effect/v4/testing)
    effect_version="$(locked src/v4/node_modules/effect)"
    peers=("effect@$effect_version")
    ;;
  *) echo "consumer smoke: no Effect line $line (v3 or v4)" >&2; exit 2 ;;
esac
program="${program:-$default_program}"
if [ ! -f "$program" ]; then
  echo "consumer smoke: no $line consumer program at $program" >&2
  [ "$program" != "$default_program" ] || [ "$line" != v4 ] ||
    echo "consumer smoke: scripts/smoke/main-v4.ts is written with the v4 front end (src/v4)" >&2
  exit 2
fi

if [ "${SMOKE_SKIP_BUILD:-0}" != "1" ] || [ ! -f "$entry_js" ]; then npm run --silent build; fi
if [ ! -f "$entry_js" ]; then
  echo "consumer smoke: the build made no $entry_js (for the $line line's entry: is its source in src/?)" >&2
  exit 1
fi

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

echo "consumer smoke ($line): installing $(basename "$tarball") with ${peers[*]}"
timeout 300 npm install --no-audit --no-fund --loglevel=error \
  "$tarball" "${peers[@]}" "typescript@$typescript_version" "@types/node@$types_node_version"

# the installed tree is whole and consistent: every peer dependency met, nothing missing, invalid or extraneous
if ! ls_output="$(npm ls --all 2>&1)"; then
  echo "$ls_output" >&2
  echo "consumer smoke: npm ls --all is not clean in the $line consumer project" >&2
  exit 1
fi
# the consumer has the line's effect and nothing of the other line
installed_effect="$(node -p 'require("./node_modules/effect/package.json").version')"
[ "$installed_effect" = "$effect_version" ] ||
  { echo "consumer smoke: effect $installed_effect installed, expected $effect_version" >&2; exit 1; }
if [ "$line" = v4 ] && [ -e node_modules/@effect ]; then
  echo "consumer smoke: the v4 consumer project has Effect 3 packages: $(ls node_modules/@effect)" >&2
  exit 1
fi

# the package must resolve to the installed tarball, never to the repository
for entry in "${entries[@]}"; do
  resolved="$(node --input-type=module -e 'console.log(import.meta.resolve(process.argv[1]))' "$entry")"
  case "$resolved" in
    "file://$consumer/node_modules/mammoth-analytics-effect/dist/"*) ;;
    *) echo "consumer smoke: $entry resolved outside the installed package: $resolved" >&2; exit 1 ;;
  esac
done

timeout 120 ./node_modules/.bin/tsc -p tsconfig.json

if [ -n "$prepare" ]; then
  echo "consumer smoke ($line): compiled $consumer/out/main.js (run it from $consumer)"
else
  timeout 60 node out/main.js
fi
