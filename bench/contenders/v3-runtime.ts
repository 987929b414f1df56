/**
 * A contender from one Effect 3 call and the `ManagedRuntime` it runs in (built once, as a service builds
 * it). Sequential and concurrent runs stay inside Effect, as a service's handlers do. Kept out of common.ts so
 * that the non-Effect contenders' cold starts load no `effect` module.
 */
import * as Effect from "effect/Effect"
import type * as ManagedRuntime from "effect/ManagedRuntime"
import type { ListSize } from "../fixtures.js"
import type { Contender, Outcome } from "./common.js"

const tagOf = (error: unknown): string =>
  typeof error === "object" && error !== null && "_tag" in error ? String(error._tag) : String(error)

export const fromRuntime = <R, E>(
  runtime: ManagedRuntime.ManagedRuntime<R, E>,
  list: (size: ListSize) => Effect.Effect<unknown, unknown, R>
): Contender => ({
  once: (size) => runtime.runPromise(list(size)),
  outcome: (size) =>
    runtime.runPromise(Effect.either(list(size))).then((result): Outcome =>
      result._tag === "Right" ? { ok: true, value: result.right } : { ok: false, tag: tagOf(result.left) }
    ),
  sequential: (size, count) =>
    runtime.runPromise(Effect.gen(function*() {
      const times = new Array<number>(count)
      for (let i = 0; i < count; i++) {
        const start = performance.now()
        yield* list(size)
        times[i] = performance.now() - start
      }
      return times
    })),
  concurrent: (size, count, concurrency) =>
    runtime.runPromise(
      Effect.forEach(Array.from({ length: count }), () => list(size), { concurrency, discard: true })
    ),
  close: () => runtime.dispose()
})
