/**
 * Effect combinators the client runs on every call, written for its hot path: a retry loop whose schedule
 * sees only retryable failures, a per-attempt timeout that forks one fiber instead of two, and a cheaper
 * `locallyWith`. Each has the outcome of the standard combinator it stands for (test/perf-paths holds them to
 * it); the measurements behind them are in the commit messages and BENCHMARKS.md.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import type * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as FiberRef from "effect/FiberRef"
import * as Schedule from "effect/Schedule"
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

/** The longest delay a JavaScript timer takes; the live clock never wakes a longer sleep. */
const maxTimerMillis = 2 ** 31 - 1

/**
 * `Effect.timeout(self, duration)` with the same outcome in every case, for less: `Effect.timeout` forks both
 * `self` and a sleeping fiber and races them; on the live clock this forks `self` only and sets the timer
 * directly (measured on a loopback n=3 list: 10-13 % of a call's CPU). Under any other clock (a `TestClock`)
 * or a duration no timer can hold, `Effect.timeout` itself runs.
 *
 * As `Effect.timeout` does: on success the attempt's fiber refs are inherited; on timeout the attempt is
 * interrupted and awaited, uninterruptibly, before the `TimeoutException` (same message) is raised;
 * interrupting the caller interrupts the attempt.
 */
export const timeoutAttempt = <A, E>(
  self: Effect.Effect<A, E>,
  duration: Duration.Duration
): Effect.Effect<A, E | Cause.TimeoutException> =>
  Effect.clockWith((clock) =>
    Effect.withFiberRuntime((parent) => {
      const millis = Duration.toMillis(duration)
      if (clock !== liveClock() || !(millis <= maxTimerMillis)) return Effect.timeout(self, duration)
      return Effect.uninterruptibleMask((restore) =>
        Effect.flatMap(Effect.fork(restore(self)), (attempt) =>
          restore(Effect.async<A, E | Cause.TimeoutException>((resume) => {
            let settled = false
            const timer = setTimeout(() => {
              if (settled) return
              settled = true
              resume(Effect.uninterruptible(Effect.zipRight(
                Fiber.interruptAs(attempt, parent.id()),
                Effect.fail(new Cause.TimeoutException(`Operation timed out after '${Duration.format(duration)}'`))
              )))
            }, millis)
            attempt.addObserver((exit) => {
              if (settled) {
                return
              }
              settled = true
              clearTimeout(timer)
              resume(Exit.isSuccess(exit) ? Effect.as(attempt.inheritAll, exit.value) : exit)
            })
            return Effect.suspend(() => {
              settled = true
              clearTimeout(timer)
              return Fiber.interruptAs(attempt, parent.id())
            })
          })))
      )
    })
  )

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
