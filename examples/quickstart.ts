/**
 * Quick start (`npm start`): create -> list -> get -> update -> delete, and one handled typed error, through
 * the real client over HTTP.
 *
 * With `MAMMOTHANALYTICS_SERVER_URL` unset, it first starts the fake Mammoth server on 127.0.0.1 (a free port)
 * and talks to it, with the fake's token. With `MAMMOTHANALYTICS_SERVER_URL` and `MAMMOTHANALYTICS_API_TOKEN`
 * (or the deprecated `MAMMOTHANALYTICS_API_KEY` and `MAMMOTHANALYTICS_API_SECRET`) set, it runs against that
 * server instead (`MammothAnalytics.layerConfig()`).
 *
 * @since 0.1.0
 */
import { FetchHttpClient } from "@effect/platform"
import { Console, Effect, Layer } from "effect"
import { MammothAnalytics } from "../src/index.js"
import { MammothFake } from "../src/testing/index.js"

const connector = { workspaceId: 4, projectId: 4, connectorKey: "cG9zdGdyZXM=" } as const

const show = (value: unknown): string => JSON.stringify(value)

const pipeline = Effect.gen(function*() {
  const mammoth = yield* MammothAnalytics
  const { connections: before } = yield* mammoth.connections.list(connector)

  const created = yield* mammoth.connections.create({
    ...connector,
    requestBody: { database: "hubli_journal", hostname: "localhost", port: 5432, username: "appuser", password: "pwd" }
  })
  // the live API answers 202: a job creates the connection off-line (an older server answers 201, "Created")
  yield* Console.log(`create  -> ${show(created)}`)
  // the fake's job is finished at once: the new connection is the one the list did not have before
  const { connections } = yield* mammoth.connections.list(connector)
  const connectionKey = connections.find((c) => !before.some((b) => b.connectionKey === c.connectionKey))
    ?.connectionKey
  if (connectionKey === undefined) return yield* Effect.dieMessage("the created connection is not in the list")
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
    const server = yield* MammothFake.serve()
    yield* Console.log(`MAMMOTHANALYTICS_SERVER_URL is not set: started the fake Mammoth server at ${server.url}`)
    const live = MammothAnalytics.layer({ apiToken: MammothFake.token, serverUrl: server.url }).pipe(
      Layer.provide(FetchHttpClient.layer)
    )
    yield* Effect.provide(pipeline, live)
    const stats = yield* server.fake.stats
    yield* Console.log(
      `fake    -> ${stats.totalRequests} requests seen, ${stats.createsApplied} connection created`
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
