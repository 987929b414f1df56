#!/usr/bin/env bash
# Consumer smoke test: pack this package, install the tarball into a fresh project outside the repository
# with only its peer dependencies (at the lockfile's versions), compile a small strict NodeNext program with
# tsc and run it against the package's own fake server. Nothing is imported from the repository's sources.
#
# Usage: scripts/consumer-smoke.sh        (builds dist/ first; SMOKE_SKIP_BUILD=1 reuses the current dist/)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"

if [ "${SMOKE_SKIP_BUILD:-0}" != "1" ] || [ ! -f dist/index.js ]; then npm run --silent build; fi

locked() { node -p "require('./package-lock.json').packages['node_modules/$1'].version"; }
effect_version="$(locked effect)"
platform_version="$(locked @effect/platform)"
typescript_version="$(locked typescript)"
types_node_version="$(locked @types/node)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tarball="$work/$(npm pack --silent --pack-destination "$work" | tail -n 1)"
consumer="$work/consumer"
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
cat > src/main.ts <<'TS'
import { FetchHttpClient } from "@effect/platform"
import { Effect, Layer, Redacted } from "effect"
import { MammothAnalytics, RetryPolicy } from "mammoth-analytics-effect"
import type { Connections, Schemas } from "mammoth-analytics-effect"
import { MammothFake } from "mammoth-analytics-effect/testing"

const scope: Connections.ListConnectionsInput = { workspaceId: 4, projectId: 4, connectorKey: "cG9zdGdyZXM=" }

const check = (ok: boolean, what: string): Effect.Effect<void, Error> =>
  ok ? Effect.void : Effect.fail(new Error(`consumer smoke: ${what}`))

const program = Effect.gen(function*() {
  const server = yield* MammothFake.serve()
  const client = (apiSecret: Redacted.Redacted<string>) =>
    MammothAnalytics.layer({ ...MammothFake.credentials, apiSecret, serverUrl: server.url, retry: RetryPolicy.none })
      .pipe(Layer.provide(FetchHttpClient.layer))

  yield* Effect.gen(function*() {
    const mammoth = yield* MammothAnalytics
    const created = yield* mammoth.connections.create({
      ...scope,
      requestBody: { database: "hubli_journal", hostname: "localhost", port: 5432, password: "pwd" }
    })
    const connectionKey = (created as { readonly connection_key: string }).connection_key
    yield* check(typeof connectionKey === "string" && connectionKey.length > 0, "create returned no key")
    const got = yield* mammoth.connections.get({ ...scope, connectionKey })
    yield* check((got as { readonly connection_key?: string }).connection_key === connectionKey, "get mismatch")
    const listed: Schemas.ConnectionList = yield* mammoth.connections.list(scope)
    yield* check(listed.connections.some((c) => c.connectionKey === connectionKey), "list lacks the connection")
  }).pipe(Effect.provide(client(MammothFake.credentials.apiSecret)))

  // the error channel is typed from the published .d.ts: a 401 is caught by its tag
  const status = yield* getWithWrongSecret.pipe(
    Effect.provide(client(Redacted.make("wrong-secret"))),
    Effect.catchTag("MammothAnalyticsUnauthorizedError", (error) => Effect.succeed(error.status))
  )
  yield* check(status === 401, `expected a 401, got ${String(status)}`)
})

const getWithWrongSecret = Effect.flatMap(
  MammothAnalytics,
  (m) => m.connections.get({ ...scope, connectionKey: "k".repeat(40) })
).pipe(Effect.as("no error" as const))

Effect.runPromise(Effect.scoped(program)).then(
  () => console.log("consumer smoke: list/create/get against the fake server passed"),
  (error: unknown) => {
    console.error(error)
    process.exitCode = 1
  }
)
TS

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
timeout 60 node out/main.js
