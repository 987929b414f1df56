/**
 * `timeoutAttempt`, the per-attempt timeout that needs no fiber of its own: on the live clock it closes the
 * attempt's scope when the time is up (which aborts the attempt's requests, `HttpClient.withScope`) and raises
 * the failure that follows as `Effect.timeout`'s `TimeoutException`; under a `TestClock` it is `Effect.timeout`.
 * Here the attempt is a stand-in for a request: it waits until its scope closes, then fails as an aborted
 * request does. Real (small) durations on the live clock, generous margins; outcomes are asserted, never
 * durations. Over real HTTP, fetch and undici, the same is held by test/reliability (faults, interruption).
 */
import { describe, expect, it } from "@effect/vitest"
import { Cause, Deferred, Duration, Effect, Either, Exit, Fiber, FiberRef, Scope, TestClock } from "effect"
import { timeoutAttempt } from "../../src/internal/combinators.js"

/** An attempt that never answers until its scope closes (an aborted request), and tells when that happened. */
const abortable = Effect.gen(function*() {
  const aborted = yield* Deferred.make<void>()
  const attempt = Effect.flatMap(Effect.scope, (scope) =>
    Effect.async<never, "aborted">((resume) => {
      Effect.runSync(Scope.addFinalizer(
        scope,
        Effect.sync(() => {
          Deferred.unsafeDone(aborted, Exit.void)
          resume(Effect.fail("aborted"))
        })
      ))
    }))
  return { attempt, aborted }
})

/** An attempt that tells whether its scope was ever closed. */
const watched = <A, E>(body: Effect.Effect<A, E>) =>
  Effect.gen(function*() {
    const closed = yield* Deferred.make<void>()
    const attempt = Effect.zipRight(Effect.addFinalizer(() => Deferred.succeed(closed, undefined)), body)
    return { attempt, closed }
  })

describe("timeoutAttempt (live clock)", () => {
  it.live("an attempt that does not answer is aborted, and its abort raised as a TimeoutException", () =>
    Effect.gen(function*() {
      const { aborted, attempt } = yield* abortable
      const result = yield* Effect.either(timeoutAttempt(attempt, Duration.millis(100), true))
      expect(Either.isLeft(result)).toBe(true)
      const error = Either.getLeft(result).pipe((o) => (o._tag === "Some" ? o.value : undefined))
      expect(Cause.isTimeoutException(error)).toBe(true)
      expect((error as Cause.TimeoutException).message).toBe("Operation timed out after '100ms'")
      // the attempt had ended (aborted) before the failure was raised
      expect(yield* Deferred.isDone(aborted)).toBe(true)
    }))

  it.live("the same failure as Effect.timeout, message included", () =>
    Effect.gen(function*() {
      const { attempt } = yield* abortable
      const ours = yield* Effect.flip(timeoutAttempt(attempt, Duration.millis(50), true))
      const theirs = yield* Effect.flip(Effect.timeout(Effect.never, Duration.millis(50)))
      expect(Cause.isTimeoutException(ours)).toBe(true)
      expect((ours as Cause.TimeoutException).message).toBe(theirs.message)
    }))

  it.live("a fast attempt succeeds and is not aborted, then or later", () =>
    Effect.gen(function*() {
      const { attempt, closed } = yield* watched(Effect.as(Effect.sleep(Duration.millis(10)), 42))
      const result = yield* timeoutAttempt(attempt, Duration.millis(200), true)
      expect(result).toBe(42)
      // past the timeout: the timer was cleared, nothing fires late
      yield* Effect.sleep(Duration.millis(300))
      expect(yield* Deferred.isDone(closed)).toBe(false)
    }))

  it.live("a failing attempt fails with its own error, not a timeout, and its requests are aborted", () =>
    Effect.gen(function*() {
      const { attempt, closed } = yield* watched(Effect.fail("boom" as const))
      const error = yield* Effect.flip(timeoutAttempt(attempt, Duration.millis(200), true))
      expect(error).toBe("boom")
      expect(yield* Deferred.isDone(closed)).toBe(true)
    }))

  it.live("a defect in the attempt stays a defect", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(timeoutAttempt(Effect.die("bad"), Duration.millis(200), true))
      expect(Exit.isFailure(exit) && Cause.isDie(exit.cause)).toBe(true)
    }))

  it.live("interrupting the caller interrupts the attempt and aborts its requests", () =>
    Effect.gen(function*() {
      const { aborted, attempt } = yield* abortable
      const caller = yield* Effect.fork(timeoutAttempt(attempt, Duration.seconds(5), true))
      yield* Effect.sleep(Duration.millis(50))
      const exit = yield* Fiber.interrupt(caller)
      expect(Exit.isInterrupted(exit)).toBe(true)
      expect(yield* Deferred.isDone(aborted)).toBe(true)
    }))

  it.live("the attempt runs in the caller's fiber: its fiber refs stay, as with Effect.timeout", () =>
    Effect.gen(function*() {
      const ref = FiberRef.unsafeMake(0)
      yield* timeoutAttempt(FiberRef.set(ref, 7), Duration.millis(200), true)
      expect(yield* FiberRef.get(ref)).toBe(7)
    }))
})

describe("timeoutAttempt (TestClock)", () => {
  it.effect("under a TestClock it times out when the clock is moved, as Effect.timeout does", () =>
    Effect.gen(function*() {
      const interrupted = yield* Deferred.make<void>()
      const { attempt, closed } = yield* watched(
        Effect.never.pipe(Effect.onInterrupt(() => Deferred.succeed(interrupted, undefined)))
      )
      const caller = yield* Effect.fork(Effect.either(timeoutAttempt(attempt, Duration.seconds(10), true)))
      yield* TestClock.adjust(Duration.seconds(11))
      const result = yield* Fiber.join(caller)
      expect(Either.isLeft(result) && Cause.isTimeoutException(result.left)).toBe(true)
      expect(yield* Deferred.isDone(interrupted)).toBe(true)
      expect(yield* Deferred.isDone(closed)).toBe(true)
    }))
})
