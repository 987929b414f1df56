/**
 * The consumer smoke program: what an application that installed the packed package writes. It imports only
 * `mammoth-analytics-effect`, `mammoth-analytics-effect/testing`, `effect` and `@effect/platform`, never the
 * repository's sources. scripts/consumer-smoke.sh copies it into a fresh project as `src/main.ts`, compiles it
 * with tsc (strict, NodeNext, library types checked) and runs the compiled JS against the fake server on
 * 127.0.0.1; scripts/test-runtimes.sh runs that same compiled JS on every runtime it tests.
 *
 * It is not type-checked by the repository's tsconfig.json (which excludes scripts/smoke): the package it
 * imports is the installed tarball, which exists only in the consumer project.
 */
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
