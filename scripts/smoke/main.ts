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
import { Effect, Layer, Redacted, Schedule } from "effect"
import { MammothAnalytics, RetryPolicy } from "mammoth-analytics-effect"
import type { Schemas } from "mammoth-analytics-effect"
import type * as MammothAnalyticsTypes from "mammoth-analytics-effect"
import { MammothFake } from "mammoth-analytics-effect/testing"

const scope: Schemas.ListConnectionsInput = { workspaceId: 4, projectId: 4, connectorKey: "cG9zdGdyZXM=" }

const check = (ok: boolean, what: string): Effect.Effect<void, Error> =>
  ok ? Effect.void : Effect.fail(new Error(`consumer smoke: ${what}`))

const program = Effect.gen(function*() {
  const server = yield* MammothFake.serve({ workspaces: [4], jobs: { processingPolls: 1 } })
  const client = (credentials: MammothAnalyticsTypes.Credentials) =>
    MammothAnalytics.layer({ ...credentials, serverUrl: server.url, retry: RetryPolicy.none })
      .pipe(Layer.provide(FetchHttpClient.layer))

  // the API's primary credential: a bearer token
  yield* Effect.gen(function*() {
    const mammoth = yield* MammothAnalytics
    const created = yield* mammoth.connections.createAndAwait({
      ...scope,
      requestBody: { database: "hubli_journal", hostname: "localhost", port: 5432, password: "pwd" }
    }, { schedule: Schedule.spaced("20 millis") })
    yield* check(created._tag === "Completed", `create was not awaited: ${created._tag}`)
    const job: Schemas.Job | undefined = created._tag === "Completed" ? created.job : undefined
    const connectionKey = (job?.response as { readonly connection_key?: string } | undefined)?.connection_key
    yield* check(typeof connectionKey === "string" && connectionKey.length > 0, "the job named no connection")
    const got = yield* mammoth.connections.get({ ...scope, connectionKey: connectionKey! })
    yield* check((got as { readonly connection_key?: string }).connection_key === connectionKey, "get mismatch")
    const listed: Schemas.ConnectionList = yield* mammoth.connections.list(scope)
    yield* check(listed.connections.some((c) => c.connectionKey === connectionKey), "list lacks the connection")
    // a workspace these credentials do not reach: a typed 403
    const forbidden = yield* mammoth.connections.list({ ...scope, workspaceId: 5 }).pipe(
      Effect.as(0),
      Effect.catchTag("MammothAnalyticsForbiddenError", (error) => Effect.succeed(error.status))
    )
    yield* check(forbidden === 403, `expected a 403, got ${forbidden}`)
  }).pipe(Effect.provide(client({ apiToken: MammothFake.token })))

  // the deprecated key and secret (with X-WORKSPACE-ID): a wrong secret is a 401, caught by its tag from the
  // published .d.ts
  const status = yield* getWithWrongSecret.pipe(
    Effect.provide(client({ apiKey: MammothFake.credentials.apiKey, apiSecret: Redacted.make("wrong-secret") })),
    Effect.catchTag("MammothAnalyticsUnauthorizedError", (error) => Effect.succeed(error.status))
  )
  yield* check(status === 401, `expected a 401, got ${String(status)}`)
})

const getWithWrongSecret = Effect.flatMap(
  MammothAnalytics,
  (m) => m.connections.get({ ...scope, connectionKey: "k".repeat(40) })
).pipe(Effect.as("no error" as const))

Effect.runPromise(Effect.scoped(program)).then(
  () => console.log("consumer smoke: createAndAwait/get/list, a 403 and a 401 against the fake server passed"),
  (error: unknown) => {
    console.error(error)
    process.exitCode = 1
  }
)
