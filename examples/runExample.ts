/**
 * How the examples run: against the server named by `MAMMOTHANALYTICS_SERVER_URL` (with
 * `MAMMOTHANALYTICS_API_TOKEN`, or `MAMMOTHANALYTICS_API_KEY` and `MAMMOTHANALYTICS_API_SECRET`) when it is set, else against the fake
 * Mammoth server started on 127.0.0.1 for the run. Each example's `program` is what you would write; this
 * file only chooses the layer.
 *
 * @since 0.1.0
 */
import { FetchHttpClient } from "@effect/platform"
import { Console, Effect, Layer } from "effect"
import type { ClientOptions } from "../src/v3/index.js" // your application: "mammoth-analytics-effect"
import { MammothAnalytics } from "../src/v3/index.js" // your application: "mammoth-analytics-effect"
import { MammothFake } from "../src/v3/testing/index.js" // your application: "mammoth-analytics-effect/testing"

/**
 * Runs `program` with a live `MammothAnalytics` layer and exits non-zero on failure.
 *
 * @since 0.1.0
 */
export const runExample = <A, E>(
  program: Effect.Effect<A, E, MammothAnalytics>,
  options?: Omit<ClientOptions, "serverUrl"> & {
    readonly fake?: MammothFake.ServeOptions
  }
): Promise<void> => {
  const { fake, ...clientOptions } = options ?? {}
  const run: Effect.Effect<A, unknown> = process.env["MAMMOTHANALYTICS_SERVER_URL"]
    ? Effect.provide(program, MammothAnalytics.layerConfig(clientOptions).pipe(Layer.provide(FetchHttpClient.layer)))
    : Effect.scoped(
      Effect.gen(function*() {
        const server = yield* MammothFake.serve(fake)
        const live = MammothAnalytics.layer({ ...clientOptions, apiToken: MammothFake.token, serverUrl: server.url })
          .pipe(Layer.provide(FetchHttpClient.layer))
        return yield* Effect.provide(program, live)
      })
    )
  return Effect.runPromise(
    run.pipe(
      Effect.asVoid,
      Effect.catchAllCause((cause) =>
        Effect.zipRight(
          Console.error(cause),
          Effect.sync(() => {
            process.exitCode = 1
          })
        )
      )
    )
  )
}

/**
 * The connector every example works with: the spec's examples.
 *
 * @since 0.1.0
 */
export const connector = { workspaceId: 4, projectId: 4, connectorKey: "cG9zdGdyZXM=" } as const

/**
 * Creates a connection to work on and returns its key (the examples of get, update and delete need one).
 *
 * @since 0.1.0
 */
export const createOne = Effect.gen(function*() {
  const mammoth = yield* MammothAnalytics
  const before = new Set((yield* mammoth.connections.list(connector)).connections.map((c) => c.connectionKey))
  yield* mammoth.connections.create({
    ...connector,
    requestBody: { database: "hubli_journal", hostname: "localhost", port: 5432, username: "appuser", password: "pwd" }
  })
  const { connections } = yield* mammoth.connections.list(connector)
  const created = connections.find((c) => !before.has(c.connectionKey))
  if (created === undefined) return yield* Effect.dieMessage("the created connection is not in the list")
  return created.connectionKey
})
