/**
 * Effect combinators the client runs on every call, written for its hot path: a retry loop whose schedule
 * sees only retryable failures, a per-attempt timeout that needs no fiber of its own, and a cheaper
 * `locallyWith`. Each has the outcome of the standard combinator it stands for (test/perf-paths holds them to
 * it): the timeout's, for an attempt whose requests end when its scope closes (see `timeoutAttempt`). The
 * measurements behind them are in docs/performance.md.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import type * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberRef from "effect/FiberRef"
import * as Schedule from "effect/Schedule"
import * as Scope from "effect/Scope"
import { maxTimerMillis } from "../core/defaults.js"
import type * as RetryPolicy from "../RetryPolicy.js"

/**
 * Runs `once` again after each failure that `retryable` accepts, as the schedule says. Unlike `Effect.retry`
 * with a `while` option, the schedule only ever sees retryable failures (its input type says so), and a
 * failure it refuses ends the loop at once.
 *
 * The schedule's driver (its state) is made at the first retryable failure, not per call: a call that
 * succeeds at once, or fails for good, never pays for it. (A driver's state starts from the schedule's
 * `initial` whenever it is made; time-based schedules read the clock on each step, not at creation.)
 */
export const retrying = <A, E>(
  once: Effect.Effect<A, E>,
  schedule: Schedule.Schedule<unknown, RetryPolicy.RetryableFailure>,
  retryable: (failure: E) => failure is E & RetryPolicy.RetryableFailure
): Effect.Effect<A, E> =>
  Effect.catchAll(once, (first) =>
    retryable(first)
      ? Effect.flatMap(Schedule.driver(schedule), (driver) => {
        const step = (failure: E & RetryPolicy.RetryableFailure): Effect.Effect<A, E> =>
          Effect.matchEffect(driver.next(failure), {
            onFailure: () => Effect.fail(failure),
            onSuccess: () => loop
          })
        const loop: Effect.Effect<A, E> = Effect.catchAll(
          once,
          (failure) => retryable(failure) ? step(failure) : Effect.fail(failure)
        )
        return step(first)
      })
      : Effect.fail(first))

/** The live clock, to tell it from a `TestClock` (or any other) in a fiber's services. */
let liveClockMemo: Clock.Clock | undefined
// read on first use, not when the module is imported: the package says `sideEffects: false`
const liveClock = (): Clock.Clock => (liveClockMemo ??= Effect.runSync(Effect.clock))

/**
 * The per-attempt timeout, without a fiber of its own. `self` is an attempt whose requests are tied to the
 * `Scope` it is given (`HttpClient.withScope`): closing that scope aborts them through the `AbortSignal` that
 * every `@effect/platform` transport hands to fetch, undici or `node:http`, which ends a request waiting for
 * its answer and a body being read. The attempt runs in the caller's fiber; on the live clock a timer closes
 * its scope when the time is up, and the failure the abort causes is raised as a `TimeoutException` (the
 * message of `Effect.timeout`). The attempt has ended (its socket being closed) before the failure is raised.
 *
 * `Effect.timeout` forks the attempt to be able to interrupt it; on a loopback list of 3 that fork was the
 * largest cost of a call (see docs/performance.md). It still runs under any other clock (a `TestClock`), so a
 * test's clock drives timeouts as before; for a duration no timer can hold; and when the attempt is not
 * `abortable`: when the layer has a `transformClient`, which may wait (a rate limiter), retry, or send requests
 * of its own (`HttpClient.followRedirects`), none of which an abort would stop or bound.
 *
 * Every exit (success, failure, the caller's interruption) clears the timer and closes the scope. A success
 * that arrives as the timer fires is a success. An `HttpClient` whose handler ignores the signal it is given
 * (a hand-made fake that never answers) is not stopped on the live clock: a fake should end when its signal
 * aborts, as `MammothFake` and the platform's transports do.
 */
export const timeoutAttempt = <A, E>(
  self: Effect.Effect<A, E, Scope.Scope>,
  duration: Duration.Duration,
  abortable: boolean
): Effect.Effect<A, E | Cause.TimeoutException> =>
  Effect.clockWith((clock) => {
    const millis = Duration.toMillis(duration)
    if (!abortable || clock !== liveClock() || !(millis <= maxTimerMillis)) {
      return Effect.scoped(Effect.timeout(self, duration))
    }
    return Effect.uninterruptibleMask((restore) =>
      Effect.flatMap(Scope.make(), (scope) => {
        let timedOut = false
        const timer = setTimeout(() => {
          timedOut = true
          Effect.runFork(Scope.close(scope, Exit.void))
        }, millis)
        return Effect.onExit(
          restore(Effect.catchAll(
            Scope.extend(self, scope),
            (error) =>
              Effect.fail(
                timedOut
                  ? new Cause.TimeoutException(`Operation timed out after '${Duration.format(duration)}'`)
                  : error
              )
          )),
          (exit) => {
            clearTimeout(timer)
            // a success has read its answer whole: nothing is left to abort (and an abort costs an exception)
            return Exit.isSuccess(exit) ? Effect.void : Scope.close(scope, exit)
          }
        )
      })
    )
  })

/**
 * `Effect.locallyWith(self, ref, f)` for less: `Effect.locallyWith` runs an `acquireUseRelease` (and its
 * exit bookkeeping) per call; this reads and sets the value in one step and puts the old one back on every
 * exit of `self` (success, failure, interruption), all in one uninterruptible region, `self` interruptible
 * as before.
 */
export const locallyWith = <A, E, R, V>(
  self: Effect.Effect<A, E, R>,
  ref: FiberRef.FiberRef<V>,
  f: (value: V) => V
): Effect.Effect<A, E, R> =>
  Effect.uninterruptibleMask((restore) =>
    Effect.flatMap(
      FiberRef.modify(ref, (previous): [V, V] => [previous, f(previous)]),
      (previous) => Effect.onExit(restore(self), () => FiberRef.set(ref, previous))
    )
  )
