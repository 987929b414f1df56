/**
 * Retries as Schedules, on the TestClock: no real sleeping, attempts counted.
 */
import { HttpClient, HttpClientError, HttpClientResponse } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Clock, Duration, Effect, Either, Fiber, Layer, Option, Redacted, Schedule, TestClock } from "effect"
import {
  MammothAnalytics,
  MammothAnalyticsClientError,
  MammothAnalyticsDefaultError,
  MammothAnalyticsForbiddenError,
  MammothAnalyticsTimeoutError,
  MammothAnalyticsTransportError,
  MammothAnalyticsUnauthorizedError,
  RetryPolicy
} from "../../src/v3/index.js"
import type { MammothAnalyticsOptions } from "../../src/v3/index.js"
import type { Answer } from "../support/recordingClient.js"
import { apiKey, apiSecret, errorBody, mammothOver, scope } from "../support/recordingClient.js"

const connectionKey = "k1"
const ok: Answer = { status: 200, json: { connections: [] } }

/** Answers from a script: the n-th attempt gets script[n-1], the last entry repeats. */
const scripted = (script: ReadonlyArray<Answer>, options?: Partial<MammothAnalyticsOptions>) =>
  mammothOver((_, attempt) => script[Math.min(attempt, script.length) - 1]!, options)

/** Moves the TestClock forward in small steps so that each retry's sleep runs in turn. */
const advance = (total: Duration.DurationInput, step: Duration.DurationInput = "100 millis") =>
  Effect.gen(function*() {
    const steps = Math.ceil(Duration.toMillis(total) / Duration.toMillis(step))
    for (let i = 0; i < steps; i++) yield* TestClock.adjust(step)
  })

const list = Effect.flatMap(MammothAnalytics, (m) => m.connections.list(scope))
const create = Effect.flatMap(
  MammothAnalytics,
  (m) => m.connections.create({ ...scope, requestBody: { database: "db" } })
)
const del = Effect.flatMap(MammothAnalytics, (m) => m.connections.delete({ ...scope, connectionKey }))
const get = Effect.flatMap(MammothAnalytics, (m) => m.connections.get({ ...scope, connectionKey }))

describe("retries", () => {
  it.effect("the default policy retries transient statuses until success", () =>
    Effect.gen(function*() {
      for (const status of [408, 429, 500, 502, 503, 504]) {
        const { layer, seen } = scripted([{ status, text: "" }, { status, text: "" }, ok])
        const fiber = yield* Effect.fork(Effect.provide(list, layer))
        yield* advance("5 seconds")
        const result = yield* Fiber.join(fiber)
        expect(result).toEqual({ connections: [] })
        expect(seen).toHaveLength(3)
      }
    }))

  it.effect("the default policy gives up after 5 attempts with the last failure", () =>
    Effect.gen(function*() {
      const { layer, seen } = scripted([{ status: 503, text: "busy" }])
      const fiber = yield* Effect.fork(Effect.flip(Effect.provide(list, layer)))
      yield* advance("30 seconds")
      const error = yield* Fiber.join(fiber)
      expect(error).toBeInstanceOf(MammothAnalyticsDefaultError)
      expect((error as MammothAnalyticsDefaultError).status).toBe(503)
      expect(seen).toHaveLength(5)
    }))

  // effect 3's TestClock reads `currentTimeNanos` as `BigInt(instant * 1e6)`, which throws at the fractional
  // instants a jittered delay leaves; each failed attempt's span event once read it there and died
  it.effect("retries whose delays are fractional milliseconds end as failures under the TestClock, not defects", () =>
    Effect.gen(function*() {
      const retry = RetryPolicy.make(
        Schedule.spaced(Duration.millis(0.1 + 0.2)).pipe(Schedule.intersect(Schedule.recurs(3)))
      )
      const { layer, seen } = scripted([{ status: 503, text: "busy" }], { retry })
      const fiber = yield* Effect.fork(Effect.exit(Effect.provide(list, layer)))
      yield* advance("2 seconds", "33 millis")
      const exit = yield* Fiber.join(fiber)
      expect(exit._tag === "Failure" && exit.cause._tag).toBe("Fail")
      expect(seen).toHaveLength(4)
    }))

  it.effect("the default policy stops within its time budget", () =>
    Effect.gen(function*() {
      // each attempt is refused with Retry-After 10: the budget of 15 s allows two waits at most
      const { layer, seen } = scripted([{ status: 429, text: "", headers: { "retry-after": "10" } }])
      const fiber = yield* Effect.fork(Effect.flip(Effect.provide(list, layer)))
      yield* advance("60 seconds", "500 millis")
      yield* Fiber.join(fiber)
      expect(seen.length).toBeLessThanOrEqual(3)
      expect(seen.length).toBeGreaterThanOrEqual(2)
    }))

  it.effect("client errors are not retried", () =>
    Effect.gen(function*() {
      for (
        const answer of [
          { status: 400, json: errorBody(400, "Bad Request", {}) },
          { status: 401, json: errorBody(401, "Unauthorized", {}) },
          { status: 403, json: errorBody(403, "Authorization Exception", {}) },
          { status: 403, text: "" },
          { status: 404, text: "" },
          { status: 200, text: "not json" }
        ] satisfies Array<Answer>
      ) {
        const { layer, seen } = scripted([answer, ok])
        const fiber = yield* Effect.fork(
          Effect.flip(
            Effect.provide(
              Effect.flatMap(MammothAnalytics, (m) => m.connections.get({ ...scope, connectionKey })),
              layer
            )
          )
        )
        yield* advance("5 seconds")
        yield* Fiber.join(fiber)
        expect(seen).toHaveLength(1)
      }
    }))

  it.effect("create is not retried on 5xx: it may have been taken", () =>
    Effect.gen(function*() {
      for (const status of [500, 502, 503, 504, 408]) {
        const { layer, seen } = scripted([{ status, text: "" }, { status: 201, json: {} }])
        const fiber = yield* Effect.fork(Effect.flip(Effect.provide(create, layer)))
        yield* advance("5 seconds")
        const error = yield* Fiber.join(fiber)
        expect((error as MammothAnalyticsDefaultError).status).toBe(status)
        expect(seen).toHaveLength(1)
      }
    }))

  it.effect("create is retried on 429: the server did not take it", () =>
    Effect.gen(function*() {
      const { layer, seen } = scripted([
        { status: 429, text: "" },
        { status: 202, json: { status_code: 202, job_id: 11, failure_reason: null } }
      ])
      const fiber = yield* Effect.fork(Effect.provide(create, layer))
      yield* advance("5 seconds")
      expect(yield* Fiber.join(fiber)).toEqual({ _tag: "Job", jobId: 11, statusCode: 202, failureReason: null })
      expect(seen).toHaveLength(2)
    }))

  it.effect("create is retried on 5xx when the policy opts in", () =>
    Effect.gen(function*() {
      const { layer, seen } = scripted([{ status: 503, text: "" }, { status: 201, json: {} }], {
        retry: RetryPolicy.make(Schedule.recurs(3), { retryNonIdempotent: true })
      })
      yield* Effect.provide(create, layer)
      expect(seen).toHaveLength(2)
    }))

  it.effect("delete is not retried on 5xx or 408: the server may have taken it", () =>
    Effect.gen(function*() {
      for (const status of [500, 502, 503, 504, 408]) {
        const { layer, seen } = scripted([{ status, text: "" }, { status: 204 }])
        const fiber = yield* Effect.fork(Effect.flip(Effect.provide(del, layer)))
        yield* advance("5 seconds")
        const error = yield* Fiber.join(fiber)
        expect((error as { _tag: string })._tag).toBe("MammothAnalyticsDefaultError")
        expect((error as MammothAnalyticsDefaultError).status).toBe(status)
        expect((error as MammothAnalyticsDefaultError).operation).toBe("DeleteConnection")
        expect(seen).toHaveLength(1)
      }
    }))

  it.effect("delete is retried on 429: the server did not take it", () =>
    Effect.gen(function*() {
      const { layer, seen } = scripted([{ status: 429, text: "" }, { status: 429, text: "" }, { status: 204 }])
      const fiber = yield* Effect.fork(Effect.provide(del, layer))
      yield* advance("5 seconds")
      expect(yield* Fiber.join(fiber)).toBeUndefined()
      expect(seen).toHaveLength(3)
      expect(seen.every((r) => r.method === "DELETE")).toBe(true)
    }))

  it.effect("delete is retried on 5xx when the policy opts in, on the layer or per call", () =>
    Effect.gen(function*() {
      const optIn = RetryPolicy.make(Schedule.recurs(3), { retryNonIdempotent: true })
      const onLayer = scripted([{ status: 503, text: "" }, { status: 502, text: "" }, { status: 204 }], {
        retry: optIn
      })
      yield* Effect.provide(del, onLayer.layer)
      expect(onLayer.seen).toHaveLength(3)
      const perCall = scripted([{ status: 503, text: "" }, { status: 204 }], { retry: RetryPolicy.none })
      yield* Effect.provide(
        Effect.flatMap(MammothAnalytics, (m) => m.connections.delete({ ...scope, connectionKey }, { retry: optIn })),
        perCall.layer
      )
      expect(perCall.seen).toHaveLength(2)
    }))

  it.effect("a policy without the opt-in does not retry delete's 503, even a patient one", () =>
    Effect.gen(function*() {
      const { layer, seen } = scripted([{ status: 503, text: "" }, { status: 204 }], {
        retry: RetryPolicy.make(Schedule.recurs(5))
      })
      const error = yield* Effect.flip(Effect.provide(del, layer))
      expect((error as MammothAnalyticsDefaultError).status).toBe(503)
      expect(seen).toHaveLength(1)
    }))

  it.effect("a delete attempt that times out is not retried: it may have been taken", () =>
    Effect.gen(function*() {
      let attempts = 0
      const silent = HttpClient.make(() => Effect.sync(() => attempts++).pipe(Effect.zipRight(Effect.never)))
      const layer = MammothAnalytics.layer({
        apiKey: Redacted.make(apiKey),
        apiSecret: Redacted.make(apiSecret),
        serverUrl: "http://127.0.0.1:4010/api/v2",
        timeout: "1 second"
      }).pipe(Layer.provide(Layer.succeed(HttpClient.HttpClient, silent)))
      const fiber = yield* Effect.fork(Effect.flip(Effect.provide(del, layer)))
      yield* advance("20 seconds", "250 millis")
      const error = yield* Fiber.join(fiber)
      expect(error._tag).toBe("MammothAnalyticsTimeoutError")
      expect(error).toMatchObject({ operation: "DeleteConnection", scope: "attempt", timeoutMillis: 1000 })
      expect(attempts).toBe(1)
    }))

  it.effect("Retry-After in seconds is honoured", () =>
    Effect.gen(function*() {
      const { layer, seen } = scripted([{ status: 429, text: "", headers: { "retry-after": "5" } }, ok])
      const fiber = yield* Effect.fork(Effect.provide(list, layer))
      yield* advance("4900 millis")
      expect(seen).toHaveLength(1)
      yield* advance("200 millis")
      yield* Fiber.join(fiber)
      expect(seen).toHaveLength(2)
    }))

  it.effect("Retry-After as an HTTP date is honoured", () =>
    Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      const at = new Date(now + 7000).toUTCString()
      const { layer, seen } = scripted([{ status: 503, text: "", headers: { "retry-after": at } }, ok])
      const fiber = yield* Effect.fork(Effect.provide(list, layer))
      yield* advance("6900 millis")
      expect(seen).toHaveLength(1)
      yield* advance("200 millis")
      yield* Fiber.join(fiber)
      expect(seen).toHaveLength(2)
    }))

  it.effect("Retry-After is capped by maxRetryAfter", () =>
    Effect.gen(function*() {
      const { layer, seen } = scripted([{ status: 429, text: "", headers: { "retry-after": "3600" } }, ok], {
        retry: RetryPolicy.make(Schedule.recurs(2), { maxRetryAfter: "2 seconds" })
      })
      const fiber = yield* Effect.fork(Effect.provide(list, layer))
      yield* advance("1900 millis")
      expect(seen).toHaveLength(1)
      yield* advance("200 millis")
      yield* Fiber.join(fiber)
      expect(seen).toHaveLength(2)
    }))

  it.effect("RetryPolicy.none turns retries off, on the layer", () =>
    Effect.gen(function*() {
      const { layer, seen } = scripted([{ status: 503, text: "" }, ok], { retry: RetryPolicy.none })
      yield* Effect.flip(Effect.provide(list, layer))
      expect(seen).toHaveLength(1)
    }))

  it.effect("a per-call policy overrides the layer's", () =>
    Effect.gen(function*() {
      const { layer, seen } = scripted([{ status: 503, text: "" }, { status: 503, text: "" }, ok], {
        retry: RetryPolicy.none
      })
      const result = yield* Effect.provide(
        Effect.flatMap(MammothAnalytics, (m) =>
          m.connections.list(scope, { retry: RetryPolicy.make(Schedule.recurs(2)) })),
        layer
      )
      expect(result).toEqual({ connections: [] })
      expect(seen).toHaveLength(3)
    }))

  it.effect("a plain Schedule is a policy of its delays, under the client's rules: on the layer and per call", () =>
    Effect.gen(function*() {
      const busy: Answer = { status: 503, text: "" }
      const onLayer = scripted([busy, busy, ok], { retry: Schedule.recurs(2) })
      expect(yield* Effect.provide(list, onLayer.layer)).toEqual({ connections: [] })
      expect(onLayer.seen).toHaveLength(3)
      // create's 503 may have been taken: a plain schedule does not re-send it either
      const creating = scripted([busy], { retry: Schedule.recurs(2) })
      yield* Effect.flip(Effect.provide(create, creating.layer))
      expect(creating.seen).toHaveLength(1)
      const perCall = scripted([busy, ok], { retry: RetryPolicy.none })
      yield* Effect.provide(
        Effect.flatMap(MammothAnalytics, (m) => m.connections.list(scope, { retry: Schedule.recurs(1) })),
        perCall.layer
      )
      expect(perCall.seen).toHaveLength(2)
      // the same schedule object is the same policy: compiled once
      const schedule = Schedule.recurs(1)
      expect(RetryPolicy.of(schedule)).toBe(RetryPolicy.of(schedule))
      expect(RetryPolicy.of(RetryPolicy.standard)).toBe(RetryPolicy.standard)
    }))

  it.effect("a policy's schedule sees only retryable failures, typed", () =>
    Effect.gen(function*() {
      const inputs: Array<string> = []
      const observing = RetryPolicy.make(
        Schedule.recurs(5).pipe(
          Schedule.tapInput((failure: RetryPolicy.RetryableFailure) => Effect.sync(() => inputs.push(failure._tag)))
        )
      )
      const { layer } = scripted(
        [{ status: 503, text: "" }, { status: 400, json: errorBody(400, "Bad Request", {}) }],
        {
          retry: observing
        }
      )
      const error = yield* Effect.flip(
        Effect.provide(Effect.flatMap(MammothAnalytics, (m) => m.connections.get({ ...scope, connectionKey })), layer)
      )
      expect(error).toBeInstanceOf(MammothAnalyticsClientError)
      expect(inputs).toEqual(["MammothAnalyticsDefaultError"])
    }))

  it.effect("an attempt that never answers ends with MammothAnalyticsTimeoutError, and is retried", () =>
    Effect.gen(function*() {
      let attempts = 0
      const inputs: Array<RetryPolicy.RetryableFailure> = []
      const silent = HttpClient.make(() => Effect.sync(() => attempts++).pipe(Effect.zipRight(Effect.never)))
      const layer = MammothAnalytics.layer({
        apiKey: Redacted.make(apiKey),
        apiSecret: Redacted.make(apiSecret),
        serverUrl: "http://127.0.0.1:4010/api/v2",
        timeout: "1 second",
        retry: RetryPolicy.make(
          Schedule.recurs(2).pipe(
            Schedule.tapInput((failure: RetryPolicy.RetryableFailure) => Effect.sync(() => inputs.push(failure)))
          )
        )
      }).pipe(Layer.provide(Layer.succeed(HttpClient.HttpClient, silent)))
      const fiber = yield* Effect.fork(Effect.flip(Effect.provide(list, layer)))
      yield* advance("5 seconds")
      const error = yield* Fiber.join(fiber)
      expect(error).toBeInstanceOf(MammothAnalyticsTimeoutError)
      const e = error as MammothAnalyticsTimeoutError
      expect(e.operation).toBe("ListConnections")
      expect(e.scope).toBe("attempt")
      expect(e.timeoutMillis).toBe(1000)
      expect(e.description).toBe("an attempt timed out after 1s")
      expect(e.message).toBe("ListConnections: an attempt timed out after 1s")
      expect(RetryPolicy.isTransient(e)).toBe(true)
      expect(attempts).toBe(3)
      // the policy's schedule sees each timed-out attempt as the library's class
      expect(inputs.map((failure) => failure._tag)).toEqual(
        Array(inputs.length).fill("MammothAnalyticsTimeoutError")
      )
      expect(inputs.length).toBeGreaterThanOrEqual(2)
    }))

  it.effect("a per-call timeout overrides the layer's", () =>
    Effect.gen(function*() {
      const silent = HttpClient.make(() => Effect.never)
      const layer = MammothAnalytics.layer({
        apiKey: Redacted.make(apiKey),
        apiSecret: Redacted.make(apiSecret),
        retry: RetryPolicy.none
      }).pipe(Layer.provide(Layer.succeed(HttpClient.HttpClient, silent)))
      const fiber = yield* Effect.fork(
        Effect.flip(Effect.provide(
          Effect.flatMap(MammothAnalytics, (m) => m.connections.list(scope, { timeout: "300 millis" })),
          layer
        ))
      )
      yield* TestClock.adjust("299 millis")
      expect(fiber.unsafePoll()).toBeNull()
      yield* TestClock.adjust("2 millis")
      const error = yield* Fiber.join(fiber)
      expect(error._tag).toBe("MammothAnalyticsTimeoutError")
      expect(error).toMatchObject({ scope: "attempt", timeoutMillis: 300 })
    }))

  it.effect("interrupting a call stops its backoff: no further attempt", () =>
    Effect.gen(function*() {
      const { layer, seen } = scripted([{ status: 503, text: "", headers: { "retry-after": "5" } }, ok])
      const fiber = yield* Effect.fork(Effect.provide(list, layer))
      yield* advance("1 second")
      yield* Fiber.interrupt(fiber)
      yield* advance("10 seconds")
      expect(seen).toHaveLength(1)
    }))
})

describe("RetryPolicy.isTransient and isNotTaken read the library's classes", () => {
  it("transport failures and attempt timeouts are transient; only a refused connection (or a 429) is not taken", () => {
    const transport = (code?: string) =>
      new MammothAnalyticsTransportError({
        operation: "DeleteConnection",
        method: "DELETE",
        url: "http://127.0.0.1:4010/api/v2/x",
        description: "fetch failed",
        ...(code === undefined ? {} : { code })
      })
    const timeout = (scope: "attempt" | "await") =>
      new MammothAnalyticsTimeoutError({ operation: "GetJob", scope, timeoutMillis: 1000, description: "d" })
    expect(RetryPolicy.isTransient(transport("ECONNREFUSED"))).toBe(true)
    expect(RetryPolicy.isTransient(transport("ECONNRESET"))).toBe(true)
    expect(RetryPolicy.isTransient(transport())).toBe(true)
    expect(RetryPolicy.isTransient(timeout("attempt"))).toBe(true)
    expect(RetryPolicy.isTransient(timeout("await"))).toBe(false)
    expect(RetryPolicy.isNotTaken(transport("ECONNREFUSED"))).toBe(true)
    expect(RetryPolicy.isNotTaken(transport("ECONNRESET"))).toBe(false)
    expect(RetryPolicy.isNotTaken(transport())).toBe(false)
    expect(RetryPolicy.isNotTaken(timeout("attempt"))).toBe(false)
  })
})

describe("create and a connection refused", () => {
  it.effect("create is retried when the connection was refused: the server never saw it", () =>
    Effect.gen(function*() {
      let attempts = 0
      const refusedOnce = HttpClient.make((request) =>
        Effect.suspend(() => {
          attempts++
          if (attempts === 1) {
            const cause = new TypeError("fetch failed", {
              cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:4010"), { code: "ECONNREFUSED" })
            })
            return Effect.fail(new HttpClientError.RequestError({ request, reason: "Transport", cause }))
          }
          return Effect.succeed(
            HttpClientResponse.fromWeb(request, Response.json({ connection_key: "c1" }, { status: 201 }))
          )
        })
      )
      const layer = MammothAnalytics.layer({ apiKey: Redacted.make(apiKey), apiSecret: Redacted.make(apiSecret) }).pipe(
        Layer.provide(Layer.succeed(HttpClient.HttpClient, refusedOnce))
      )
      const fiber = yield* Effect.fork(Effect.provide(create, layer))
      yield* advance("2 seconds")
      expect(yield* Fiber.join(fiber)).toEqual({ _tag: "Created", body: { connection_key: "c1" } })
      expect(attempts).toBe(2)
    }))

  it.effect("create is not retried after a reset: the server may have taken it", () =>
    Effect.gen(function*() {
      let attempts = 0
      const reset = HttpClient.make((request) =>
        Effect.suspend(() => {
          attempts++
          const cause = new TypeError("fetch failed", {
            cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" })
          })
          return Effect.fail(new HttpClientError.RequestError({ request, reason: "Transport", cause }))
        })
      )
      const layer = MammothAnalytics.layer({ apiKey: Redacted.make(apiKey), apiSecret: Redacted.make(apiSecret) }).pipe(
        Layer.provide(Layer.succeed(HttpClient.HttpClient, reset))
      )
      const fiber = yield* Effect.fork(Effect.flip(Effect.provide(create, layer)))
      yield* advance("2 seconds")
      const error = yield* Fiber.join(fiber)
      expect(error._tag).toBe("MammothAnalyticsTransportError")
      expect(error).toMatchObject({ operation: "SaveConnection", method: "POST", code: "ECONNRESET" })
      expect(RetryPolicy.isNotTaken(error)).toBe(false)
      expect(attempts).toBe(1)
    }))
})

/** A transport that fails once with `code` (as undici and fetch report it), then answers `then`. */
const failingOnce = (code: string, then: () => Response) => {
  let attempts = 0
  const client = HttpClient.make((request) =>
    Effect.suspend(() => {
      attempts++
      if (attempts === 1) {
        const cause = new TypeError("fetch failed", {
          cause: Object.assign(new Error(`connect ${code} 127.0.0.1:4010`), { code })
        })
        return Effect.fail(new HttpClientError.RequestError({ request, reason: "Transport", cause }))
      }
      return Effect.succeed(HttpClientResponse.fromWeb(request, then()))
    })
  )
  const layer = MammothAnalytics.layer({ apiKey: Redacted.make(apiKey), apiSecret: Redacted.make(apiSecret) }).pipe(
    Layer.provide(Layer.succeed(HttpClient.HttpClient, client))
  )
  return { layer, attempts: () => attempts }
}

describe("delete and a connection refused", () => {
  it.effect("delete is retried when the connection was refused: the server never saw it", () =>
    Effect.gen(function*() {
      const { attempts, layer } = failingOnce("ECONNREFUSED", () => new Response(null, { status: 204 }))
      const fiber = yield* Effect.fork(Effect.provide(del, layer))
      yield* advance("2 seconds")
      expect(yield* Fiber.join(fiber)).toBeUndefined()
      expect(attempts()).toBe(2)
    }))

  it.effect("delete is not retried after a reset: the server may have taken it", () =>
    Effect.gen(function*() {
      const { attempts, layer } = failingOnce("ECONNRESET", () => new Response(null, { status: 204 }))
      const fiber = yield* Effect.fork(Effect.flip(Effect.provide(del, layer)))
      yield* advance("2 seconds")
      const error = yield* Fiber.join(fiber)
      expect(error._tag).toBe("MammothAnalyticsTransportError")
      expect(error).toMatchObject({ operation: "DeleteConnection", method: "DELETE", code: "ECONNRESET" })
      expect(attempts()).toBe(1)
    }))
})

describe("a transformClient that turns a status into a failure (HttpClient.filterStatusOk)", () => {
  // The transform fails every non-2xx with a ResponseError (reason "StatusCode"): the answer must still go
  // through the operation's status table, as without the transform, and not become a retried transport failure.
  const filtered = (script: ReadonlyArray<Answer>) => scripted(script, { transformClient: HttpClient.filterStatusOk })

  it.effect("a 404 of get is MammothAnalyticsDefaultError 404 with its body, not retried", () =>
    Effect.gen(function*() {
      const { layer, seen } = filtered([
        { status: 404, text: "no such route", headers: { "x-trace": "t404" } },
        { status: 200, json: {} }
      ])
      const fiber = yield* Effect.fork(Effect.either(Effect.provide(get, layer)))
      yield* advance("30 seconds", "250 millis")
      const result = yield* Fiber.join(fiber)
      // before the fix: a transport failure, retried (here into the second answer's success)
      expect(seen).toHaveLength(1)
      expect(result._tag).toBe("Left")
      const error = Either.getLeft(result).pipe(Option.getOrThrow)
      expect(error._tag).toBe("MammothAnalyticsDefaultError")
      const e = error as MammothAnalyticsDefaultError
      expect(e.status).toBe(404)
      expect(e.operation).toBe("GetConnection")
      expect(e.body).toBe("no such route")
      expect(e.headers["x-trace"]).toBe("t404")
    }))

  it.effect("a 401, 403 and 400 of get are the status table's classes, not retried", () =>
    Effect.gen(function*() {
      const cases: ReadonlyArray<readonly [Answer, string]> = [
        [{ status: 401, json: errorBody(401, "Invalid bearer token", {}) }, "MammothAnalyticsUnauthorizedError"],
        [{ status: 403, json: errorBody(403, "Authorization Exception", {}) }, "MammothAnalyticsForbiddenError"],
        [{ status: 400, json: errorBody(400, "Connection not found", {}) }, "MammothAnalyticsClientError"],
        [
          { status: 400, json: errorBody(400, "Validation Exception", [{ message: "m", key: "k", source: "path" }]) },
          "MammothAnalyticsValidationError"
        ]
      ]
      for (const [answer, tag] of cases) {
        const { layer, seen } = filtered([answer, { status: 200, json: {} }])
        const fiber = yield* Effect.fork(Effect.either(Effect.provide(get, layer)))
        yield* advance("30 seconds", "250 millis")
        const result = yield* Fiber.join(fiber)
        expect(seen).toHaveLength(1)
        const error = Either.getLeft(result).pipe(Option.getOrThrow)
        expect(error._tag).toBe(tag)
        expect((error as { statusCode: number }).statusCode).toBe(answer.status)
        expect((error as { detail: string }).detail).toBe((answer.json as { detail: string }).detail)
      }
      const unauthorized = yield* Effect.flip(Effect.provide(get, filtered([{ status: 401, text: "" }]).layer))
      expect(unauthorized instanceof MammothAnalyticsUnauthorizedError).toBe(true)
      const forbidden = yield* Effect.flip(Effect.provide(list, filtered([{ status: 403, text: "" }]).layer))
      expect(forbidden instanceof MammothAnalyticsForbiddenError).toBe(true)
    }))

  it.effect("list's 401, with a body or without, is MammothAnalyticsUnauthorizedError, as without the transform", () =>
    Effect.gen(function*() {
      for (const answer of [{ status: 401, json: errorBody(401, "x", {}) }, { status: 401, text: "" }]) {
        const { layer, seen } = filtered([answer, ok])
        const fiber = yield* Effect.fork(Effect.either(Effect.provide(list, layer)))
        yield* advance("30 seconds", "250 millis")
        const result = yield* Fiber.join(fiber)
        expect(seen).toHaveLength(1)
        const error = Either.getLeft(result).pipe(Option.getOrThrow)
        expect(error).toBeInstanceOf(MammothAnalyticsUnauthorizedError)
        expect((error as MammothAnalyticsUnauthorizedError).status).toBe(401)
      }
    }))

  it.effect("a 503 is a transient MammothAnalyticsDefaultError: list retries it, create does not", () =>
    Effect.gen(function*() {
      const listing = filtered([{ status: 503, text: "busy" }, ok])
      const fiber = yield* Effect.fork(Effect.provide(list, listing.layer))
      yield* advance("5 seconds")
      expect(yield* Fiber.join(fiber)).toEqual({ connections: [] })
      expect(listing.seen).toHaveLength(2)

      const creating = filtered([{ status: 503, text: "busy" }, { status: 202, json: {} }])
      const createFiber = yield* Effect.fork(Effect.flip(Effect.provide(create, creating.layer)))
      yield* advance("5 seconds")
      const error = yield* Fiber.join(createFiber)
      expect(error._tag).toBe("MammothAnalyticsDefaultError")
      expect((error as MammothAnalyticsDefaultError).status).toBe(503)
      expect(creating.seen).toHaveLength(1)
    }))

  it.effect("a 2xx goes through the transform untouched", () =>
    Effect.gen(function*() {
      const { layer } = filtered([{
        status: 200,
        json: { connections: [{ connection_key: "k", connection_config: {} }] }
      }])
      expect(yield* Effect.provide(list, layer)).toEqual({
        connections: [{ connectionKey: "k", connectionConfig: {} }]
      })
    }))
})
