/**
 * `Retry-After` honoured exactly, under `TestClock` with an in-memory `HttpClient` (no real sleeping): in
 * seconds, as an HTTP date, capped by the policy, never shorter than the schedule's own delay, ignored when
 * unreadable; create and delete retried on 429 only (the server cannot have taken them), unless the policy says
 * `retryNonIdempotent: true`.
 */
import { HttpClient, HttpClientResponse } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Clock, Effect, Fiber, Layer, Redacted, Schedule, TestClock } from "effect"
import { MammothAnalytics, RetryPolicy } from "../../src/index.js"
import { failure, outcomeOf, success } from "./support/outcome.js"
import { connectionKey, scope } from "./support/server.js"

interface Answer {
  readonly status: number
  readonly headers?: Record<string, string>
  readonly body?: string
}

/** An in-memory server: answers `script[n]` to the n-th attempt (the last one after that), noting when. */
const scripted = (script: ReadonlyArray<Answer>) => {
  const attempts: Array<number> = []
  const client = HttpClient.make((request) =>
    Effect.map(Clock.currentTimeMillis, (now) => {
      attempts.push(now)
      const answer = script[Math.min(attempts.length - 1, script.length - 1)]!
      return HttpClientResponse.fromWeb(
        request,
        new Response(answer.body ?? null, { status: answer.status, headers: answer.headers ?? {} })
      )
    })
  )
  return { attempts, layer: Layer.succeed(HttpClient.HttpClient, client) }
}

const layerOver = (httpClient: Layer.Layer<HttpClient.HttpClient>, retry: RetryPolicy.RetryPolicy) =>
  MammothAnalytics.layer({
    apiToken: Redacted.make("t"),
    serverUrl: "https://mammoth.invalid/api/v2",
    retry
  }).pipe(Layer.provide(httpClient))

const get = Effect.flatMap(MammothAnalytics, (m) => m.connections.get({ ...scope, connectionKey }))
const create = Effect.flatMap(
  MammothAnalytics,
  (m) => m.connections.create({ ...scope, requestBody: { database: "db" } })
)
const remove = Effect.flatMap(MammothAnalytics, (m) => m.connections.delete({ ...scope, connectionKey }))

const ok: Answer = { status: 200, headers: { "content-type": "application/json" }, body: "{\"ok\":true}" }
/** The live API's answer to create: 202 and a job. */
const accepted: Answer = {
  status: 202,
  headers: { "content-type": "application/json" },
  body: "{\"status_code\":202,\"job_id\":5,\"failure_reason\":null}"
}
const job = { _tag: "Job", jobId: 5, statusCode: 202, failureReason: null }
const deleted: Answer = { status: 204 }

/** The operations retried only when the server cannot have taken them, with their success answer and value. */
const notIdempotent: ReadonlyArray<{
  readonly name: string
  readonly call: Effect.Effect<unknown, unknown, MammothAnalytics>
  readonly answer: Answer
  readonly value: unknown
}> = [
  { name: "create", call: create, answer: accepted, value: job },
  { name: "delete", call: remove, answer: deleted, value: undefined }
]

/** Attempt times relative to the first one. */
const offsets = (attempts: ReadonlyArray<number>) => attempts.map((t) => t - attempts[0]!)

describe("Retry-After under TestClock", () => {
  it.effect("in seconds: the retry waits exactly that long, not a millisecond less", () =>
    Effect.gen(function*() {
      const server = scripted([{ status: 429, headers: { "retry-after": "2" } }, ok])
      const fiber = yield* get.pipe(
        Effect.provide(layerOver(server.layer, RetryPolicy.make(Schedule.recurs(3)))),
        Effect.fork
      )
      yield* TestClock.adjust("1999 millis")
      expect(server.attempts.length).toBe(1)
      yield* TestClock.adjust("1 millis")
      expect(outcomeOf(yield* Fiber.await(fiber))).toEqual(success({ ok: true }))
      expect(offsets(server.attempts)).toEqual([0, 2000])
    }))

  it.effect("as an HTTP date: the retry waits until that instant", () =>
    Effect.gen(function*() {
      const at = "Wed, 21 Oct 2026 07:28:00 GMT"
      yield* TestClock.setTime(Date.parse(at) - 3_000)
      const server = scripted([{ status: 503, headers: { "retry-after": at } }, ok])
      const fiber = yield* get.pipe(
        Effect.provide(layerOver(server.layer, RetryPolicy.make(Schedule.recurs(3)))),
        Effect.fork
      )
      yield* TestClock.adjust("2999 millis")
      expect(server.attempts.length).toBe(1)
      yield* TestClock.adjust("1 millis")
      expect(outcomeOf(yield* Fiber.await(fiber))).toEqual(success({ ok: true }))
      expect(offsets(server.attempts)).toEqual([0, 3000])
    }))

  it.effect("an HTTP date in the past means no wait beyond the schedule's", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Date.parse("Wed, 21 Oct 2026 07:28:00 GMT"))
      const server = scripted([{ status: 429, headers: { "retry-after": "Wed, 21 Oct 2026 07:00:00 GMT" } }, ok])
      const fiber = yield* get.pipe(
        Effect.provide(
          layerOver(
            server.layer,
            RetryPolicy.make(Schedule.spaced("300 millis").pipe(Schedule.intersect(Schedule.recurs(3))))
          )
        ),
        Effect.fork
      )
      yield* TestClock.adjust("300 millis")
      expect(outcomeOf(yield* Fiber.await(fiber))).toEqual(success({ ok: true }))
      expect(offsets(server.attempts)).toEqual([0, 300])
    }))

  it.effect("a long Retry-After is cut to the policy's maxRetryAfter", () =>
    Effect.gen(function*() {
      const server = scripted([{ status: 429, headers: { "retry-after": "3600" } }, ok])
      const fiber = yield* get.pipe(
        Effect.provide(layerOver(server.layer, RetryPolicy.make(Schedule.recurs(3), { maxRetryAfter: "5 seconds" }))),
        Effect.fork
      )
      yield* TestClock.adjust("5 seconds")
      expect(outcomeOf(yield* Fiber.await(fiber))).toEqual(success({ ok: true }))
      expect(offsets(server.attempts)).toEqual([0, 5000])
    }))

  it.effect("the schedule's delay wins when it is longer than Retry-After", () =>
    Effect.gen(function*() {
      const server = scripted([{ status: 429, headers: { "retry-after": "1" } }, ok])
      const fiber = yield* get.pipe(
        Effect.provide(
          layerOver(
            server.layer,
            RetryPolicy.make(Schedule.spaced("4 seconds").pipe(Schedule.intersect(Schedule.recurs(3))))
          )
        ),
        Effect.fork
      )
      yield* TestClock.adjust("3999 millis")
      expect(server.attempts.length).toBe(1)
      yield* TestClock.adjust("1 millis")
      expect(outcomeOf(yield* Fiber.await(fiber))).toEqual(success({ ok: true }))
      expect(offsets(server.attempts)).toEqual([0, 4000])
    }))

  it.effect("an unreadable Retry-After is ignored: the schedule's delay applies", () =>
    Effect.gen(function*() {
      const server = scripted([{ status: 503, headers: { "retry-after": "soon-ish" } }, ok])
      const fiber = yield* get.pipe(
        Effect.provide(
          layerOver(
            server.layer,
            RetryPolicy.make(Schedule.spaced("250 millis").pipe(Schedule.intersect(Schedule.recurs(3))))
          )
        ),
        Effect.fork
      )
      yield* TestClock.adjust("250 millis")
      expect(outcomeOf(yield* Fiber.await(fiber))).toEqual(success({ ok: true }))
      expect(offsets(server.attempts)).toEqual([0, 250])
    }))

  it.effect("each retry honours its own answer's Retry-After, and the schedule still bounds the attempts", () =>
    Effect.gen(function*() {
      const server = scripted([
        { status: 429, headers: { "retry-after": "1" } },
        { status: 429, headers: { "retry-after": "3" } },
        { status: 429, headers: { "retry-after": "2" } }
      ])
      const fiber = yield* get.pipe(
        Effect.provide(layerOver(server.layer, RetryPolicy.make(Schedule.recurs(2)))),
        Effect.fork
      )
      yield* TestClock.adjust("1 minute")
      expect(outcomeOf(yield* Fiber.await(fiber))).toEqual(failure("MammothAnalyticsDefaultError", { status: 429 }))
      expect(offsets(server.attempts)).toEqual([0, 1000, 4000])
    }))

  for (const op of notIdempotent) {
    it.effect(`${op.name} is retried after a 429's Retry-After (the server did not take it)`, () =>
      Effect.gen(function*() {
        const server = scripted([{ status: 429, headers: { "retry-after": "2" } }, op.answer])
        const fiber = yield* op.call.pipe(
          Effect.provide(layerOver(server.layer, RetryPolicy.make(Schedule.recurs(3)))),
          Effect.fork
        )
        yield* TestClock.adjust("1999 millis")
        expect(server.attempts.length).toBe(1)
        yield* TestClock.adjust("1 millis")
        expect(outcomeOf(yield* Fiber.await(fiber))).toEqual(success(op.value))
        expect(offsets(server.attempts)).toEqual([0, 2000])
      }))

    it.effect(`${op.name} is not retried after a 503, whatever its Retry-After says`, () =>
      Effect.gen(function*() {
        const server = scripted([{ status: 503, headers: { "retry-after": "1" } }, op.answer])
        const fiber = yield* op.call.pipe(
          Effect.provide(layerOver(server.layer, RetryPolicy.make(Schedule.recurs(3)))),
          Effect.fork
        )
        yield* TestClock.adjust("1 minute")
        expect(outcomeOf(yield* Fiber.await(fiber))).toEqual(failure("MammothAnalyticsDefaultError", { status: 503 }))
        expect(server.attempts.length).toBe(1)
      }))

    it.effect(`${op.name} with retryNonIdempotent: true is retried after a 503's Retry-After`, () =>
      Effect.gen(function*() {
        const server = scripted([{ status: 503, headers: { "retry-after": "3" } }, op.answer])
        const fiber = yield* op.call.pipe(
          Effect.provide(layerOver(server.layer, RetryPolicy.make(Schedule.recurs(3), { retryNonIdempotent: true }))),
          Effect.fork
        )
        yield* TestClock.adjust("2999 millis")
        expect(server.attempts.length).toBe(1)
        yield* TestClock.adjust("1 millis")
        expect(outcomeOf(yield* Fiber.await(fiber))).toEqual(success(op.value))
        expect(offsets(server.attempts)).toEqual([0, 3000])
      }))
  }

  it.effect("the standard policy stops: at most 5 attempts on a server that always answers 503", () =>
    Effect.gen(function*() {
      const server = scripted([{ status: 503 }])
      const fiber = yield* get.pipe(Effect.provide(layerOver(server.layer, RetryPolicy.standard)), Effect.fork)
      yield* TestClock.adjust("1 minute")
      expect(outcomeOf(yield* Fiber.await(fiber))).toEqual(failure("MammothAnalyticsDefaultError", { status: 503 }))
      expect(server.attempts.length).toBe(5)
      expect(server.attempts[4]! - server.attempts[0]!).toBeLessThanOrEqual(15_000)
    }))
})
