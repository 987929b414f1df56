/**
 * Retries on the Effect 4 line: which failures a policy retries, `Retry-After` (seconds or an HTTP date, capped by
 * `maxRetryAfter`), and create and delete never re-sent after an attempt the server may have taken.
 */
import { Duration, Effect, Schedule } from "effect"
import { describe, expect, it } from "vitest"
import {
  MammothAnalytics,
  MammothAnalyticsDefaultError,
  MammothAnalyticsForbiddenError,
  RetryPolicy
} from "../../src/v4/index.js"
import type { Answer } from "./support/fetch.js"
import { recording, scope } from "./support/fetch.js"

const connectionKey = "k-1"
const ok: Record<string, Answer> = {
  list: { status: 200, json: { connections: [] } },
  create: { status: 202, json: { job_id: 3 } },
  get: { status: 200, json: {} },
  update: { status: 200, json: {} },
  delete: { status: 204 }
}
const calls: Record<string, (m: MammothAnalytics["Service"]) => Effect.Effect<unknown, unknown>> = {
  list: (m) => m.connections.list(scope),
  create: (m) => m.connections.create({ ...scope, requestBody: {} }),
  get: (m) => m.connections.get({ ...scope, connectionKey }),
  update: (m) =>
    m.connections.update({ ...scope, connectionKey, patch: [{ op: "replace", path: "connection", value: {} }] }),
  delete: (m) => m.connections.delete({ ...scope, connectionKey })
}

/** Up to three retries, 5 ms apart. */
const quick = RetryPolicy.make(Schedule.spaced("5 millis").pipe(Schedule.upTo({ times: 3 })))

/** Answers `failures` in turn, then the operation's success; the call's exit, attempts and how long it took. */
const attempts = async (
  operation: string,
  failures: ReadonlyArray<Answer>,
  retry: RetryPolicy.RetryPolicy = quick
) => {
  const { layer, seen } = recording((_, n) => failures[n - 1] ?? ok[operation]!, { retry })
  const started = Date.now()
  const exit = await Effect.runPromise(Effect.exit(Effect.provide(MammothAnalytics.use(calls[operation]!), layer)))
  return { exit, sent: seen.length, millis: Date.now() - started }
}

const status = (code: number, headers?: Record<string, string>): Answer => ({
  status: code,
  text: `status ${code}`,
  ...(headers === undefined ? {} : { headers })
})

describe("what a policy retries", () => {
  it.each(["list", "get", "update"])("%s (idempotent): 408, 429, 500, 502, 503, 504 are retried", async (op) => {
    for (const code of [408, 429, 500, 502, 503, 504]) {
      const { exit, sent } = await attempts(op, [status(code)])
      expect(exit._tag).toBe("Success")
      expect(sent).toBe(2)
    }
  })

  it.each(["create", "delete"])("%s: a 429 (not taken) is retried; a 5xx or 408 (maybe taken) is not", async (op) => {
    const throttled = await attempts(op, [status(429)])
    expect(throttled.exit._tag).toBe("Success")
    expect(throttled.sent).toBe(2)
    for (const code of [408, 500, 502, 503, 504]) {
      const { exit, sent } = await attempts(op, [status(code)])
      expect(exit._tag).toBe("Failure")
      expect(sent).toBe(1)
    }
  })

  it("create with retryNonIdempotent: a 500 is retried", async () => {
    const policy = RetryPolicy.make(Schedule.spaced("5 millis").pipe(Schedule.upTo({ times: 3 })), {
      retryNonIdempotent: true
    })
    const { exit, sent } = await attempts("create", [status(500)], policy)
    expect(exit._tag).toBe("Success")
    expect(sent).toBe(2)
  })

  it("403, 404 and table statuses are never retried", async () => {
    for (const code of [400, 401, 403, 404]) {
      const { sent } = await attempts("get", [status(code)])
      expect(sent).toBe(1)
    }
  })

  it("the schedule stops the retries: its last failure is the call's", async () => {
    const { exit, sent } = await attempts("list", [status(503), status(503), status(503), status(503), status(503)])
    expect(sent).toBe(4)
    expect(exit._tag === "Failure" && String(exit.cause)).toContain("MammothAnalyticsDefaultError")
  })

  it("RetryPolicy.none, and a call's retry replacing the layer's", async () => {
    expect((await attempts("list", [status(503)], RetryPolicy.none)).sent).toBe(1)
    const { layer, seen } = recording((_, n) => n === 1 ? status(503) : ok["list"]!, { retry: RetryPolicy.none })
    await Effect.runPromise(
      Effect.provide(MammothAnalytics.use((m) => m.connections.list(scope, { retry: quick })), layer)
    )
    expect(seen).toHaveLength(2)
  })

  it("a plain Schedule is a policy of its delays, under the client's rules: on the layer and per call", async () => {
    const onLayer = recording((_, n) => n <= 2 ? status(503) : ok["list"]!, { retry: Schedule.recurs(2) })
    await Effect.runPromise(Effect.provide(MammothAnalytics.use(calls["list"]!), onLayer.layer))
    expect(onLayer.seen).toHaveLength(3)
    // create's 503 may have been taken: a plain schedule does not re-send it either
    const creating = recording(() => status(503), { retry: Schedule.recurs(2) })
    await Effect.runPromise(Effect.exit(Effect.provide(MammothAnalytics.use(calls["create"]!), creating.layer)))
    expect(creating.seen).toHaveLength(1)
    const perCall = recording((_, n) => n === 1 ? status(503) : ok["list"]!, { retry: RetryPolicy.none })
    await Effect.runPromise(
      Effect.provide(
        MammothAnalytics.use((m) => m.connections.list(scope, { retry: Schedule.recurs(1) })),
        perCall.layer
      )
    )
    expect(perCall.seen).toHaveLength(2)
    const schedule = Schedule.recurs(1)
    expect(RetryPolicy.of(schedule)).toBe(RetryPolicy.of(schedule))
    expect(RetryPolicy.of(RetryPolicy.standard)).toBe(RetryPolicy.standard)
  })

  it("a policy's schedule is fed only the failures it retries", async () => {
    const inputs: Array<unknown> = []
    const policy = RetryPolicy.make(
      Schedule.spaced("5 millis").pipe(
        Schedule.upTo({ times: 5 }),
        Schedule.tap(({ input }) => Effect.sync(() => inputs.push(input)))
      )
    )
    const { exit, sent } = await attempts("list", [status(503), status(403)], policy)
    expect(sent).toBe(2)
    expect(exit._tag === "Failure" && String(exit.cause)).toContain("MammothAnalyticsForbiddenError")
    expect(inputs).toHaveLength(1)
    expect(inputs[0]).toBeInstanceOf(MammothAnalyticsDefaultError)
    expect(inputs[0]).not.toBeInstanceOf(MammothAnalyticsForbiddenError)
  })
})

describe("Retry-After", () => {
  it("a 503 asking for 1 second is retried after at least that", async () => {
    const { exit, millis, sent } = await attempts("list", [status(503, { "retry-after": "1" })])
    expect(exit._tag).toBe("Success")
    expect(sent).toBe(2)
    expect(millis).toBeGreaterThanOrEqual(950)
  })

  it("an HTTP date is read, a date in the past asks for no wait", async () => {
    const past = new Date(Date.now() - 60_000).toUTCString()
    const { millis, sent } = await attempts("list", [status(429, { "retry-after": past })])
    expect(sent).toBe(2)
    expect(millis).toBeLessThan(900)
  })

  it("a wait longer than maxRetryAfter is cut to it", async () => {
    const policy = RetryPolicy.make(Schedule.spaced("5 millis").pipe(Schedule.upTo({ times: 3 })), {
      maxRetryAfter: "50 millis"
    })
    const { millis, sent } = await attempts("create", [status(429, { "retry-after": "30" })], policy)
    expect(sent).toBe(2)
    expect(millis).toBeLessThan(2_000)
  })

  it("the standard policy honours up to 10 seconds", () => {
    expect(Duration.toMillis(RetryPolicy.standard.maxRetryAfter)).toBe(10_000)
    expect(RetryPolicy.isRetryPolicy(RetryPolicy.standard)).toBe(true)
    expect(RetryPolicy.isRetryPolicy(RetryPolicy.none)).toBe(true)
  })
})

describe("RetryPolicy predicates", () => {
  const failure = (code: number) =>
    new MammothAnalyticsDefaultError({ operation: "GetConnection", status: code, headers: {}, body: "" })

  it("isTransient, isNotTaken, shouldRetry, retryAfterMillis", () => {
    expect(RetryPolicy.isTransient(failure(503))).toBe(true)
    expect(RetryPolicy.isTransient(failure(404))).toBe(false)
    expect(RetryPolicy.isNotTaken(failure(429))).toBe(true)
    expect(RetryPolicy.isNotTaken(failure(503))).toBe(false)
    const create = { id: "SaveConnection", idempotent: false } as const
    expect(RetryPolicy.shouldRetry(RetryPolicy.standard, create, failure(503))).toBe(false)
    expect(RetryPolicy.shouldRetry(RetryPolicy.standard, create, failure(429))).toBe(true)
    const withHeader = new MammothAnalyticsDefaultError({
      operation: "GetConnection",
      status: 503,
      headers: { "retry-after": "2" },
      body: ""
    })
    expect(RetryPolicy.retryAfterMillis(withHeader, 0)).toBe(2_000)
  })

  it("a policy whose maxRetryAfter is not a duration is refused on every call, nothing sent", async () => {
    const policy = RetryPolicy.make(Schedule.recurs(1), { maxRetryAfter: "1e3 millis" })
    expect(RetryPolicy.isRetryPolicy(policy)).toBe(false)
    const { exit, sent } = await attempts("list", [], policy)
    expect(sent).toBe(0)
    expect(exit._tag === "Failure" && String(exit.cause)).toContain("retry must be a RetryPolicy")
  })
})
