/**
 * The consumer smoke program of the Effect 4 line: what an application on `effect` 4 writes, with nothing of
 * Effect 3 installed. It imports only `mammoth-analytics-effect/v4`, `mammoth-analytics-effect/v4/testing` and
 * `effect`. scripts/consumer-smoke.sh --line v4 copies it into a fresh project as `src/main.ts`, compiles it
 * with tsc (strict, NodeNext, library types checked) and runs it against the fake server on 127.0.0.1;
 * scripts/test-runtimes.sh runs the compiled JS on every runtime it tests.
 *
 * Its first part is the program, as written there: list, then get with a 401 caught by its tag.
 */
import { Effect, Layer, Redacted, Schedule } from "effect"
import { FetchHttpClient } from "effect/http"
import { MammothAnalytics, RetryPolicy } from "mammoth-analytics-effect/v4"
import type { Schemas } from "mammoth-analytics-effect/v4"
import { MammothFake } from "mammoth-analytics-effect/v4/testing"

const scope: Schemas.ListConnectionsInput = { workspaceId: 4, projectId: 4, connectorKey: "cG9zdGdyZXM=" }

const check = (ok: boolean, what: string): Effect.Effect<void, Error> =>
  ok ? Effect.void : Effect.fail(new Error(`consumer smoke: ${what}`))

const main = Effect.gen(function*() {
  const server = yield* MammothFake.serve({ workspaces: [4], jobs: { processingPolls: 1 } })
  const fake = server.fake

  // the program, as written there, against the fake (which first holds one connection to get)
  yield* Effect.flatMap(
    Effect.service(MammothAnalytics),
    (m) =>
      m.connections.createAndAwait({ ...scope, requestBody: { database: "db" } }, {
        schedule: Schedule.spaced("20 millis")
      })
  ).pipe(
    Effect.provide(
      MammothAnalytics.layer({ apiToken: MammothFake.token, serverUrl: server.url }).pipe(
        Layer.provide(FetchHttpClient.layer)
      )
    )
  )
  const MammothLive = MammothAnalytics.layer({ apiToken: MammothFake.token, serverUrl: server.url }).pipe(
    Layer.provide(FetchHttpClient.layer)
  )
  const program = Effect.gen(function*() {
    const mammoth = yield* MammothAnalytics
    const { connections } = yield* mammoth.connections.list({
      workspaceId: 4,
      projectId: 4,
      connectorKey: "cG9zdGdyZXM="
    })
    // create / get / update / delete: the same inputs, outputs and per-call options as the Effect 3 entry
    yield* mammoth.connections.get({
      workspaceId: 4,
      projectId: 4,
      connectorKey: "cG9zdGdyZXM=",
      connectionKey: connections[0]!.connectionKey
    }).pipe(
      Effect.catchTag("MammothAnalyticsUnauthorizedError", (e) => Effect.log(e.operation, e.status))
    )
  })
  yield* Effect.provide(program, MammothLive)

  // the same get with a token the server does not take: a 401, caught by its tag
  const status = yield* Effect.flatMap(
    Effect.service(MammothAnalytics),
    (m) =>
      m.connections.get({ ...scope, connectionKey: "k".repeat(40) }).pipe(
        Effect.as(0),
        Effect.catchTag("MammothAnalyticsUnauthorizedError", (e) => Effect.succeed(e.status))
      )
  ).pipe(
    Effect.provide(
      MammothAnalytics.layer({ apiToken: Redacted.make("mm_wrong"), serverUrl: server.url }).pipe(
        Layer.provide(FetchHttpClient.layer)
      )
    )
  )
  yield* check(status === 401, `expected a 401 caught by its tag, got ${status}`)

  // the five operations with the fake's token, and the job of create awaited
  yield* Effect.gen(function*() {
    const mammoth = yield* MammothAnalytics
    const created = yield* mammoth.connections.createAndAwait({
      ...scope,
      requestBody: { database: "hubli_journal", hostname: "localhost", port: 5432, password: "pwd" }
    }, { schedule: Schedule.spaced("20 millis") })
    yield* check(created._tag === "Completed", `create was not awaited: ${created._tag}`)
    const response = created._tag === "Completed" ? created.job.response : undefined
    const connectionKey = (response as { readonly connection_key?: string } | undefined)?.connection_key ?? ""
    yield* check(connectionKey.length > 0, "the job named no connection")
    const listed: Schemas.ConnectionList = yield* mammoth.connections.list(scope)
    yield* check(listed.connections.some((c) => c.connectionKey === connectionKey), "list lacks the connection")
    const got = yield* mammoth.connections.get({ ...scope, connectionKey })
    yield* check((got as { readonly connection_key?: string }).connection_key === connectionKey, "get mismatch")
    yield* mammoth.connections.update({
      ...scope,
      connectionKey,
      patch: [{ op: "replace", path: "connection", value: { database: "hubli_archive" } }]
    })
    yield* mammoth.connections.delete({ ...scope, connectionKey })
    const gone = yield* mammoth.connections.get({ ...scope, connectionKey }).pipe(
      Effect.as(0),
      Effect.catchTag("MammothAnalyticsClientError", (error) => Effect.succeed(error.status))
    )
    yield* check(gone === 400, `a deleted connection should be a 400, got ${gone}`)
    // a workspace these credentials do not reach: a typed 403
    const forbidden = yield* mammoth.connections.list({ ...scope, workspaceId: 5 }).pipe(
      Effect.as(0),
      Effect.catchTag("MammothAnalyticsForbiddenError", (error) => Effect.succeed(error.status))
    )
    yield* check(forbidden === 403, `expected a 403, got ${forbidden}`)
  }).pipe(
    Effect.provide(
      MammothAnalytics.layer({ apiToken: MammothFake.token, serverUrl: server.url, retry: RetryPolicy.none }).pipe(
        Layer.provide(FetchHttpClient.layer)
      )
    )
  )

  // the deprecated key and secret (with X-WORKSPACE-ID), in memory through the v4 fake's HttpClient
  const listedWithKey = yield* Effect.flatMap(Effect.service(MammothAnalytics), (m) => m.connections.list(scope)).pipe(
    Effect.provide(MammothFake.layer({ client: { apiKey: MammothFake.credentials.apiKey } }))
  )
  yield* check(Array.isArray(listedWithKey.connections), "the in-memory fake did not list")
  const stats = yield* fake.stats
  yield* check(stats.createsApplied === 2, `expected 2 creates applied, got ${stats.createsApplied}`)
})

Effect.runPromise(Effect.scoped(main)).then(
  () =>
    console.log(
      "consumer smoke: the issue's program (a 401 caught by tag), create/list/get/update/delete, a 403 and the v4 fake passed"
    ),
  (error: unknown) => {
    console.error(error)
    process.exitCode = 1
  }
)
