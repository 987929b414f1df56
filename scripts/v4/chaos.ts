/**
 * The chaos run's glue for the Effect 4 line (this folder is a workspace whose `effect` is effect 4): the fake,
 * the client over `FetchHttpClient` (Node 20 here: `@effect/platform-node` 4 wants Node >= 22.19), and a call's
 * `Exit` read as a `ChaosOutcome`. Everything else is line-neutral, in `scripts/chaos.ts`.
 *
 * The client's fetch goes through an undici `Agent` of its own, closed with the client layer's scope, so that
 * closing the layer lets go of its sockets as `NodeHttpClient.layerUndici` does on Effect 3 (the global fetch's
 * pool would keep them open for its keep-alive time, whatever the layer's scope).
 */
import { Cause, Context, Duration, Effect, Exit, Layer, Option, Scope } from "effect"
import { FetchHttpClient } from "effect/http"
import { Agent, fetch as undiciFetch } from "undici"
import { MammothAnalytics } from "../../src/v4/index.js"
import { MammothFake } from "../../src/v4/testing/index.js"
import type { ChaosLine, ChaosOutcome } from "../chaos/line.js"

const outcome = (exit: Exit.Exit<unknown, unknown>): ChaosOutcome => {
  if (Exit.isSuccess(exit)) return { _tag: "Success" }
  if (Cause.hasDies(exit.cause)) return { _tag: "Defect", pretty: Cause.pretty(exit.cause) }
  return Option.match(Cause.findErrorOption(exit.cause), {
    onNone: () => ({ _tag: "Interrupted" }),
    onSome: (error) => ({ _tag: "Failure", error })
  })
}

/** `FetchHttpClient.layer` over an undici `Agent` that lives as long as the layer. */
const fetchOwnPool = Layer.unwrap(
  Effect.map(
    Effect.acquireRelease(Effect.sync(() => new Agent()), (agent) => Effect.promise(() => agent.close())),
    (agent) =>
      FetchHttpClient.layer.pipe(
        Layer.provide(
          Layer.succeed(
            FetchHttpClient.Fetch,
            // FetchHttpClient calls fetch(url, init); undici's own fetch takes its own Agent as the dispatcher
            ((input: URL, init: RequestInit) =>
              undiciFetch(input, { ...init, dispatcher: agent } as never)) as unknown as typeof fetch
          )
        )
      )
  )
)

export const line: ChaosLine = {
  client: "FetchHttpClient over an undici Agent of its own, RetryPolicy.standard, 10 s attempt timeout",
  serve: ({ passes, rates, seed }) =>
    Effect.runPromise(Effect.gen(function*() {
      const scope = yield* Scope.make()
      const server = yield* Scope.provide(scope)(
        MammothFake.serve({ seed, faults: { script: Array.from({ length: passes }, () => MammothFake.pass), rates } })
      )
      return {
        url: server.url,
        stats: () => Effect.runPromise(server.fake.stats),
        connections: () => Effect.runPromise(server.fake.connections),
        close: () => Effect.runPromise(Scope.close(scope, Exit.void))
      }
    })),
  makeClient: (url) =>
    Effect.runPromise(Effect.gen(function*() {
      const scope = yield* Scope.make()
      const context = yield* Layer.buildWithScope(
        MammothAnalytics.layer({ apiToken: MammothFake.token, serverUrl: url }).pipe(Layer.provide(fetchOwnPool)),
        scope
      )
      const { connections } = Context.get(context, MammothAnalytics)
      return {
        call: ({ input, op }, abandonAfterMillis) => {
          // each operation takes its own input: `ChaosRequest` pairs them
          const call = (connections[op] as (input: unknown) => Effect.Effect<unknown, unknown>)(input)
          const abandoned = abandonAfterMillis === undefined
            ? call
            : Effect.timeout(call, Duration.millis(abandonAfterMillis))
          return Effect.runPromise(Effect.map(Effect.exit(abandoned), outcome))
        },
        close: () => Effect.runPromise(Scope.close(scope, Exit.void))
      }
    }))
}
