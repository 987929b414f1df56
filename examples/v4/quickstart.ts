/**
 * Quick start of the Effect 4 line (`npm run start:v4`): the same program as `examples/quickstart.ts`, on `effect`
 * 4 and `mammoth-analytics-effect/v4`: create (and await its job) -> list -> get -> update -> delete, and one handled
 * typed error, through the real client over HTTP.
 *
 * With `MAMMOTHANALYTICS_SERVER_URL` unset, it first starts the fake Mammoth server on 127.0.0.1 (a free port)
 * and talks to it, with the fake's token. With `MAMMOTHANALYTICS_SERVER_URL` and `MAMMOTHANALYTICS_API_TOKEN`
 * (or the deprecated `MAMMOTHANALYTICS_API_KEY` and `MAMMOTHANALYTICS_API_SECRET`) set, it runs against that
 * server instead (`MammothAnalytics.layerConfig()`).
 *
 * @since 0.5.0
 */
import { Console, Effect, Layer, Option, Schema } from "effect"
import { FetchHttpClient } from "effect/http"
import { MammothAnalytics, Schemas } from "../../src/v4/index.js" // your application: "mammoth-analytics-effect/v4"
import { MammothFake } from "../../src/v4/testing/index.js" // your application: "mammoth-analytics-effect/v4/testing"

const connector = { workspaceId: 4, projectId: 4, connectorKey: "cG9zdGdyZXM=" } as const

const show = (value: unknown): string => JSON.stringify(value)

/** The key of a created connection, when what create returned carries the connection. */
const createdKey = (
  created: Schemas.CreateConnectionResult | { readonly _tag: "Completed"; readonly job: Schemas.Job }
) =>
  Option.getOrUndefined(
    Option.map(
      Schema.decodeUnknownOption(Schemas.Connection)(
        created._tag === "Completed" ? created.job.response : created._tag === "Created" ? created.body : undefined
      ),
      (connection) => connection.connectionKey
    )
  )

const pipeline = Effect.gen(function*() {
  const mammoth = yield* MammothAnalytics
  const { connections: before } = yield* mammoth.connections.list(connector)

  // the live API answers 202 and creates the connection off-line: createAndAwait polls the job until it is done
  const created = yield* mammoth.connections.createAndAwait({
    ...connector,
    requestBody: { database: "hubli_journal", hostname: "localhost", port: 5432, username: "appuser", password: "pwd" }
  }, { timeout: "60 seconds" })
  yield* Console.log(`create  -> ${show(created)}`)
  const { connections } = yield* mammoth.connections.list(connector)
  // the job's response names the connection; an older server's 201 carries it; else it is the new one listed
  const connectionKey = createdKey(created) ??
    connections.find((c) => !before.some((b) => b.connectionKey === c.connectionKey))?.connectionKey
  if (connectionKey === undefined) return yield* Effect.die(new Error("the created connection is not in the list"))
  yield* Console.log(
    `list    -> ${connections.length} connection(s): ${connections.map((c) => c.connectionKey).join(", ")}`
  )

  const fetched = yield* mammoth.connections.get({ ...connector, connectionKey, concern: "profiles" })
  yield* Console.log(`get     -> ${show(fetched)}`)

  const updated = yield* mammoth.connections.update({
    ...connector,
    connectionKey,
    patch: [{ op: "replace", path: "connection", value: { database: "hubli_archive" } }]
  })
  yield* Console.log(`update  -> ${show(updated)}`)

  yield* mammoth.connections.delete({ ...connector, connectionKey })
  yield* Console.log(`delete  -> done (204)`)

  // the deleted connection is gone: a typed 400 Client Error, handled by its tag
  const again = yield* mammoth.connections.get({ ...connector, connectionKey }).pipe(
    Effect.as("still there?"),
    Effect.catchTag(
      "MammothAnalyticsClientError",
      (error) => Effect.succeed(`${error._tag} (HTTP ${error.status}): ${error.detail}`)
    )
  )
  yield* Console.log(`get     -> ${again}`)
  const { connections: after } = yield* mammoth.connections.list(connector)
  yield* Console.log(`list    -> ${after.length} connection(s) left of the ${before.length} we started with`)
})

/** The same pipeline against the fake server, on loopback, stopped when done. */
const onFake = Effect.scoped(
  Effect.gen(function*() {
    // its jobs stay "processing" for two polls, as a real create's job does for a while
    const server = yield* MammothFake.serve({ jobs: { processingPolls: 2 } })
    yield* Console.log(`MAMMOTHANALYTICS_SERVER_URL is not set: started the fake Mammoth server at ${server.url}`)
    const live = MammothAnalytics.layer({ apiToken: MammothFake.token, serverUrl: server.url }).pipe(
      Layer.provide(FetchHttpClient.layer)
    )
    yield* Effect.provide(pipeline, live)
    const stats = yield* server.fake.stats
    yield* Console.log(
      `fake    -> ${stats.totalRequests} requests seen (${stats.requests.getJob} polls of the job), ${stats.createsApplied} connection created`
    )
  })
)

const onConfiguredServer = Effect.gen(function*() {
  yield* Console.log("Using the server in MAMMOTHANALYTICS_SERVER_URL")
  yield* Effect.provide(pipeline, MammothAnalytics.layerConfig().pipe(Layer.provide(FetchHttpClient.layer)))
})

const main: Effect.Effect<void, unknown> = (process.env.MAMMOTHANALYTICS_SERVER_URL ?? "") === ""
  ? onFake
  : onConfiguredServer

Effect.runPromise(main).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`quick start failed: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  }
)
