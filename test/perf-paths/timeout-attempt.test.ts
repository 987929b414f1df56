/**
 * `timeoutAttempt`, the per-attempt timeout that forks only the attempt and sets the timer directly on the
 * live clock (a cheaper `Effect.timeout`): same outcomes as `Effect.timeout` in every case. Real (small)
 * durations on the live clock, generous margins; outcomes are asserted, never durations.
 */
import { describe, expect, it } from "@effect/vitest"
import { Cause, Deferred, Duration, Effect, Either, Exit, Fiber, FiberRef, TestClock } from "effect"
import { timeoutAttempt } from "../../src/internal/combinators.js"

/** An attempt that never answers, and tells when it is interrupted. */
const neverAnswering = Effect.gen(function*() {
  const interrupted = yield* Deferred.make<void>()
  const attempt = Effect.never.pipe(Effect.onInterrupt(() => Deferred.succeed(interrupted, undefined)))
  return { attempt, interrupted }
})

describe("timeoutAttempt (live clock)", () => {
  it.live("an attempt that never answers ends in TimeoutException, its fiber interrupted first", () =>
    Effect.gen(function*() {
      const { attempt, interrupted } = yield* neverAnswering
      const result = yield* Effect.either(timeoutAttempt(attempt, Duration.millis(100)))
      expect(Either.isLeft(result)).toBe(true)
      const error = Either.getLeft(result).pipe((o) => (o._tag === "Some" ? o.value : undefined))
      expect(Cause.isTimeoutException(error)).toBe(true)
      expect((error as Cause.TimeoutException).message).toBe("Operation timed out after '100ms'")
      // the attempt was interrupted (and awaited) before the failure was raised
      expect(yield* Deferred.isDone(interrupted)).toBe(true)
    }))

  it.live("the same failure as Effect.timeout, message included", () =>
    Effect.gen(function*() {
      const ours = yield* Effect.flip(timeoutAttempt(Effect.never, Duration.millis(50)))
      const theirs = yield* Effect.flip(Effect.timeout(Effect.never, Duration.millis(50)))
      expect(ours._tag).toBe(theirs._tag)
      expect(ours.message).toBe(theirs.message)
    }))

  it.live("a fast attempt succeeds and is not interrupted, then or later", () =>
    Effect.gen(function*() {
      const interrupted = yield* Deferred.make<void>()
      const attempt = Effect.sleep(Duration.millis(10)).pipe(
        Effect.as(42),
        Effect.onInterrupt(() => Deferred.succeed(interrupted, undefined))
      )
      const result = yield* timeoutAttempt(attempt, Duration.millis(200))
      expect(result).toBe(42)
      // past the timeout: the timer was cleared, nothing fires late
      yield* Effect.sleep(Duration.millis(300))
      expect(yield* Deferred.isDone(interrupted)).toBe(false)
    }))

  it.live("a failing attempt fails with its own error, not a timeout", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(timeoutAttempt(Effect.fail("boom" as const), Duration.millis(200)))
      expect(error).toBe("boom")
    }))

  it.live("a defect in the attempt stays a defect", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(timeoutAttempt(Effect.die("bad"), Duration.millis(200)))
      expect(Exit.isFailure(exit) && Cause.isDie(exit.cause)).toBe(true)
    }))

  it.live("interrupting the caller interrupts the attempt", () =>
    Effect.gen(function*() {
      const { attempt, interrupted } = yield* neverAnswering
      const caller = yield* Effect.fork(timeoutAttempt(attempt, Duration.seconds(5)))
      yield* Effect.sleep(Duration.millis(50))
      const exit = yield* Fiber.interrupt(caller)
      expect(Exit.isInterrupted(exit)).toBe(true)
      expect(yield* Deferred.isDone(interrupted)).toBe(true)
    }))

  it.live("on success the attempt's fiber refs are inherited, as with Effect.timeout", () =>
    Effect.gen(function*() {
      const ref = FiberRef.unsafeMake(0)
      yield* timeoutAttempt(FiberRef.set(ref, 7), Duration.millis(200))
      expect(yield* FiberRef.get(ref)).toBe(7)
    }))
})

describe("timeoutAttempt (TestClock)", () => {
  it.effect("under a TestClock it times out when the clock is moved, as Effect.timeout does", () =>
    Effect.gen(function*() {
      const { attempt, interrupted } = yield* neverAnswering
      const caller = yield* Effect.fork(Effect.either(timeoutAttempt(attempt, Duration.seconds(10))))
      yield* TestClock.adjust(Duration.seconds(11))
      const result = yield* Fiber.join(caller)
      expect(Either.isLeft(result) && Cause.isTimeoutException(result.left)).toBe(true)
      expect(yield* Deferred.isDone(interrupted)).toBe(true)
    }))
})
