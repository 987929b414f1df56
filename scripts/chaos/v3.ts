/**
 * The chaos run's glue for the Effect 3 line (effect 3 resolves here): the fake, the client over
 * `NodeHttpClient.layerUndici`, and a call's `Exit` read as a `ChaosOutcome`. Everything else is
 * line-neutral, in `scripts/chaos.ts`.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { Cause, Context, Duration, Effect, Exit, Layer, Option, Scope } from "effect"
import { MammothAnalytics } from "../../src/v3/index.js"
import { MammothFake } from "../../src/v3/testing/index.js"
import type { ChaosLine, ChaosOutcome } from "./line.js"

const outcome = (exit: Exit.Exit<unknown, unknown>): ChaosOutcome => {
  if (Exit.isSuccess(exit)) return { _tag: "Success" }
  if (Cause.isDie(exit.cause)) return { _tag: "Defect", pretty: Cause.pretty(exit.cause) }
  return Option.match(Cause.failureOption(exit.cause), {
    onNone: () => ({ _tag: "Interrupted" }),
    onSome: (error) => ({ _tag: "Failure", error })
  })
}

export const line: ChaosLine = {
  client: "NodeHttpClient.layerUndici, RetryPolicy.standard, 10 s attempt timeout",
  serve: ({ passes, rates, seed }) =>
    Effect.runPromise(Effect.gen(function*() {
      const scope = yield* Scope.make()
      const server = yield* Scope.extend(
        MammothFake.serve({ seed, faults: { script: Array.from({ length: passes }, () => MammothFake.pass), rates } }),
        scope
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
        MammothAnalytics.layer({ apiToken: MammothFake.token, serverUrl: url }).pipe(
          Layer.provide(NodeHttpClient.layerUndici)
        ),
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
