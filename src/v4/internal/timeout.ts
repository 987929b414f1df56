/**
 * The per-attempt timeout on effect 4, without fibers of its own (`Effect.timeoutOrElse` races the attempt
 * against a sleep, forking both). The attempt's requests are tied to a `Scope` of the attempt's own
 * (`HttpClient.withScope`): closing it aborts them through the `AbortSignal` that effect's transports hand to
 * fetch or undici, which ends a request waiting for its answer and a body being read. The attempt runs in the
 * caller's fiber; on the live clock a timer closes its scope when the time is up, and the failure the abort
 * causes is replaced by the timeout's own failure. The attempt has ended (its socket being closed) by then. This
 * is the Effect 3 line's `timeoutAttempt` (src/internal/combinators.ts), on effect 4.
 *
 * `Effect.timeoutOrElse` still runs under any other clock (a `TestClock`), so a test's clock drives timeouts as
 * before; for a duration no timer can hold; and when the attempt is not `abortable`: when the layer has a
 * `transformClient`, which may wait (a rate limiter), retry, or send requests of its own
 * (`HttpClient.followRedirects`), none of which an abort would stop or bound. Every exit except a success
 * (whose answer has been read whole) closes the scope. An `HttpClient` whose handler ignores the signal it is
 * given (a hand-made fake that never answers) is not stopped on the live clock: a fake should end when its signal
 * aborts, as `MammothFake` and effect's transports do.
 *
 * @internal
 */
import type * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import { maxTimerMillis } from "../../core/defaults.js"

/** The live clock, to tell it from a `TestClock` (or any other) in a fiber's services; read on first use. */
let liveClockMemo: Clock.Clock | undefined
const liveClock = (): Clock.Clock => (liveClockMemo ??= Effect.runSync(Effect.clockWith(Effect.succeed)))

/** Runs `self` within `duration`, or fails with `onTimeout()`'s failure once its requests are aborted. */
export const timeoutAttempt = <A, E, E2>(
  self: Effect.Effect<A, E, Scope.Scope>,
  duration: Duration.Duration,
  abortable: boolean,
  onTimeout: () => Effect.Effect<never, E2>
): Effect.Effect<A, E | E2> =>
  Effect.clockWith((clock) => {
    const millis = Duration.toMillis(duration)
    if (!abortable || clock !== liveClock() || !(millis <= maxTimerMillis)) {
      return Effect.scoped(Effect.timeoutOrElse(self, { duration, orElse: onTimeout }))
    }
    return Effect.uninterruptibleMask((restore) => {
      const scope = Scope.makeUnsafe()
      let timedOut = false
      const timer = setTimeout(() => {
        timedOut = true
        Effect.runFork(Scope.close(scope, Exit.void))
      }, millis)
      return Effect.onExit(
        restore(Effect.catch(
          Scope.provide(self, scope),
          (error): Effect.Effect<never, E | E2> => timedOut ? onTimeout() : Effect.fail(error)
        )),
        (exit) => {
          clearTimeout(timer)
          // a success has read its answer whole: nothing is left to abort (and an abort costs an exception)
          return Exit.isSuccess(exit) ? Effect.void : Scope.close(scope, exit)
        }
      )
    })
  })
