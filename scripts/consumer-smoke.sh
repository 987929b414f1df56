#!/usr/bin/env bash
# Consumer smoke test: pack this package, install the tarball into a fresh project outside the repository
# with only the peer dependencies of one Effect line (at the lockfile's versions), check that `npm ls --all` is
# clean, compile a small strict NodeNext program with tsc (library types checked) and run it against the
# package's own fake server. Nothing is imported from the repository's sources. The program is copied into the
# project as src/main.ts. Then the package's bin, mammoth-analytics-fake, runs from node_modules/.bin as a user
# runs it (a free port, a request with the credentials it prints, SIGTERM), in that project and in a second one
# where the tarball is installed alone (--omit=peer: no effect at all), since the bin needs no Effect.
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
else
  consumer="$(mktemp -d)"
fi
bin_pid=""
# a bin check that failed half-way leaves no server running
cleanup() {
  if [ -n "$bin_pid" ]; then kill -KILL "$bin_pid" 2>/dev/null || true; fi
  rm -rf "$pack"
  if [ -z "$prepare" ]; then rm -rf "$consumer"; fi
}
trap cleanup EXIT
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
[ -z "$prepare" ] || exit 0

# check_fake_bin DIR LABEL: DIR's node_modules/.bin/mammoth-analytics-fake on a free port prints its base URL and
# token, lists a collection with them (200, empty) and refuses a request without them (401), and SIGTERM ends it
# with status 0 once it has closed
check_fake_bin() {
  local dir="$1" label="$2" log url="" token status
  log="$(mktemp -p "$pack" fake-bin.XXXXXX)"
  "$dir/node_modules/.bin/mammoth-analytics-fake" --port 0 >"$log" 2>&1 &
  bin_pid=$!
  for _ in $(seq 1 150); do
    url="$(sed -n 's/^Mammoth fake server listening on \(http:\/\/127\.0\.0\.1:[0-9]*\/api\/v2\)$/\1/p' "$log")"
    [ -z "$url" ] || break
    kill -0 "$bin_pid" 2>/dev/null || break
    sleep 0.2
  done
  if [ -z "$url" ]; then
    cat "$log" >&2
    echo "consumer smoke ($line): mammoth-analytics-fake ($label) printed no base URL" >&2
    exit 1
  fi
  token="$(sed -n 's/^  Authorization: Bearer \(.*\)$/\1/p' "$log")"
  timeout 30 node --input-type=module -e '
    const [url, token] = process.argv.slice(1)
    const collection = `${url}/workspaces/4/projects/4/connectors/cG9zdGdyZXM%3D/connections`
    const listed = await fetch(collection, { headers: { authorization: `Bearer ${token}` } })
    const body = await listed.text()
    const refused = await fetch(collection)
    if (listed.status !== 200 || body !== JSON.stringify({ connections: [] }) || refused.status !== 401) {
      console.error(`list answered ${listed.status} ${body}, without credentials ${refused.status}`)
      process.exit(1)
    }' "$url" "$token" ||
    { cat "$log" >&2; echo "consumer smoke ($line): mammoth-analytics-fake ($label) answered wrongly" >&2; exit 1; }
  kill -TERM "$bin_pid"
  status="still running 20 s after SIGTERM"
  for _ in $(seq 1 100); do
    if ! kill -0 "$bin_pid" 2>/dev/null; then
      wait "$bin_pid" && status=0 || status=$?
      bin_pid=""
      break
    fi
    sleep 0.2
  done
  if [ "$status" != 0 ] || ! grep -q "^Mammoth fake server stopped.$" "$log"; then
    cat "$log" >&2
    echo "consumer smoke ($line): mammoth-analytics-fake ($label) did not stop cleanly on SIGTERM (status $status)" >&2
    exit 1
  fi
  echo "consumer smoke ($line): mammoth-analytics-fake ($label) served $url and stopped on SIGTERM"
}

check_fake_bin "$consumer" "with effect $effect_version"

# the bin where nothing of Effect is installed: the tarball alone, its peers omitted
bare="$pack/no-effect"
mkdir -p "$bare"
cd "$bare"
cat > package.json <<'JSON'
{ "name": "mammoth-consumer-no-effect", "private": true, "version": "0.0.0", "type": "module" }
JSON
timeout 300 npm install --no-audit --no-fund --loglevel=error --omit=peer "$tarball"
if [ -e node_modules/effect ] || [ -e node_modules/@effect ]; then
  echo "consumer smoke ($line): --omit=peer installed Effect: $(ls -d node_modules/effect node_modules/@effect 2>/dev/null)" >&2
  exit 1
fi
# the project really lacks effect: the client's entry cannot load there
if node --input-type=module -e 'await import("mammoth-analytics-effect")' 2>/dev/null; then
  echo "consumer smoke ($line): the client's entry loaded in the project without effect" >&2
  exit 1
fi
check_fake_bin "$bare" "without effect"
