import type { HttpClientError } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, Redacted, Schedule, TestClock } from "effect"
import { MammothAnalytics, RetryPolicy } from "../../src/v3/index.js"
import { MammothFake } from "../../src/v3/testing/index.js"

const scope = { workspaceId: 4, projectId: 4, connectorKey: "cG9zdGdyZXM=" } as const
/** Retries without delay, so no clock is involved; Retry-After is honoured up to 0 ms. */
const eager = RetryPolicy.make(Schedule.recurs(3), { maxRetryAfter: 0 })

describe("MammothFake fault injection", () => {
  it.layer(MammothFake.layer({ client: { retry: eager } }))((it) => {
    it.effect("scripted 5xx are retried by the client: the counters show every attempt", () =>
      Effect.gen(function*() {
        const fake = yield* MammothFake.Fake
        yield* fake.clear
        yield* fake.injectFaults([MammothFake.serverError(503), MammothFake.serverError(502)])
        const mammoth = yield* MammothAnalytics
        expect((yield* mammoth.connections.list(scope)).connections).toEqual([])
        const stats = yield* fake.stats
        expect(stats.requests.list).toBe(3)
        expect(stats.faultsInjected).toBe(2)
      }))

    it.effect("a create whose 5xx came after it was applied is not retried, so it is never duplicated", () =>
      Effect.gen(function*() {
        const fake = yield* MammothFake.Fake
        yield* fake.clear
        yield* fake.injectFaults([MammothFake.serverError(500, { applied: true })])
        const mammoth = yield* MammothAnalytics
        const failure = yield* Effect.flip(mammoth.connections.create({ ...scope, requestBody: { database: "a" } }))
        expect(failure._tag === "MammothAnalyticsDefaultError" && failure.status).toBe(500)
        const stats = yield* fake.stats
        expect(stats.requests.create).toBe(1)
        expect(stats.createsApplied).toBe(1)
        expect((yield* fake.connections).length).toBe(1)
      }))

    it.effect("a create refused with 429 + Retry-After is retried and applied once", () =>
      Effect.gen(function*() {
        const fake = yield* MammothFake.Fake
        yield* fake.clear
        yield* fake.injectFaults([MammothFake.tooManyRequests(0)])
        const mammoth = yield* MammothAnalytics
        yield* mammoth.connections.create({ ...scope, requestBody: { database: "a" } })
        const stats = yield* fake.stats
        expect(stats.requests.create).toBe(2)
        expect(stats.createsApplied).toBe(1)
      }))

    it.effect("429 carries Retry-After; an in-memory reset is a transport error", () =>
      Effect.gen(function*() {
        const fake = yield* MammothFake.Fake
        yield* fake.clear
        yield* fake.injectFaults([MammothFake.tooManyRequests(7), MammothFake.reset({ applied: true })])
        const mammoth = yield* MammothAnalytics
        const limited = yield* Effect.flip(mammoth.connections.list(scope, { retry: RetryPolicy.none }))
        expect(limited._tag === "MammothAnalyticsDefaultError" && limited.headers["retry-after"]).toBe("7")
        const reset = yield* Effect.flip(
          mammoth.connections.create({ ...scope, requestBody: { database: "a" } }, { retry: RetryPolicy.none })
        )
        expect(reset._tag).toBe("MammothAnalyticsTransportError")
        if (reset._tag === "MammothAnalyticsTransportError") {
          expect(reset.code).toBe("ECONNRESET")
          expect(reset.operation).toBe("SaveConnection")
          expect(reset.method).toBe("POST")
          expect(reset.description).toContain("fetch failed")
          // the platform's RequestError, rebuilt on a request without its headers and body
          const cause = reset.cause as HttpClientError.RequestError
          expect(cause).toMatchObject({ _tag: "RequestError", reason: "Transport" })
          expect(cause.request.headers).toEqual({})
          expect(cause.request.body._tag).toBe("Empty")
        }
        expect((yield* fake.stats).createsApplied).toBe(1)
      }))

    it.effect("a scripted 400 Validation Exception is a MammothAnalyticsValidationError with its issues; nothing is applied or retried", () =>
      Effect.gen(function*() {
        const fake = yield* MammothFake.Fake
        yield* fake.clear
        const issue = { message: "is not a known connector", key: "connector_key", source: "path" } as const
        yield* fake.injectFaults([MammothFake.validationError([issue]), MammothFake.validationError()])
        const mammoth = yield* MammothAnalytics
        const created = yield* Effect.flip(mammoth.connections.create({ ...scope, requestBody: { database: "a" } }))
        expect(created._tag).toBe("MammothAnalyticsValidationError")
        if (created._tag !== "MammothAnalyticsValidationError") return
        expect(created.statusCode).toBe(400)
        expect(created.detail).toBe(
          "Validation failed for POST /api/v2/workspaces/4/projects/4/connectors/cG9zdGdyZXM%3D/connections"
        )
        expect(created.issues).toEqual([issue])
        // without issues: one on the route's last path parameter
        const got = yield* Effect.flip(mammoth.connections.get({ ...scope, connectionKey: "abc" }))
        expect(got._tag === "MammothAnalyticsValidationError" && got.issues).toEqual([
          { message: "was refused by the server (an injected fault)", key: "connection_key", source: "path" }
        ])
        const stats = yield* fake.stats
        expect(stats.requests).toMatchObject({ create: 1, get: 1 })
        expect(stats).toMatchObject({ createsApplied: 0, faultsInjected: 2 })
      }))

    it.effect("a scripted 400 Client Error is a MammothAnalyticsClientError with its detail and extra (object or null)", () =>
      Effect.gen(function*() {
        const fake = yield* MammothFake.Fake
        yield* fake.clear
        yield* fake.injectFaults([
          MammothFake.clientError(),
          MammothFake.clientError("Connector is disabled", { connector_key: "cG9zdGdyZXM=" }),
          MammothFake.clientError("Gone", null)
        ])
        const mammoth = yield* MammothAnalytics
        const connectionKey = "abc"
        const failures = [
          yield* Effect.flip(mammoth.connections.create({ ...scope, requestBody: { database: "a" } })),
          yield* Effect.flip(
            mammoth.connections.update({
              ...scope,
              connectionKey,
              patch: [{ op: "replace", path: "connection", value: { database: "b" } }]
            })
          ),
          yield* Effect.flip(mammoth.connections.delete({ ...scope, connectionKey }))
        ]
        expect(failures.map((f) => f._tag === "MammothAnalyticsClientError" && [f.statusCode, f.detail, f.extra]))
          .toEqual([
            [400, "Bad Request", {}],
            [400, "Connector is disabled", { connector_key: "cG9zdGdyZXM=" }],
            [400, "Gone", null]
          ])
        expect((yield* fake.stats).createsApplied).toBe(0)
      }))
  })

  it.effect("a 400 fault answers the spec's error body on every route, list and GetJob (whose 400 the spec leaves bodiless) included", () =>
    Effect.gen(function*() {
      const fake = yield* MammothFake.make()
      const request = (url: string) => ({
        method: "GET",
        url,
        headers: { authorization: `Bearer ${Redacted.value(MammothFake.token)}` },
        body: ""
      })
      const list = "/api/v2/workspaces/4/projects/4/connectors/cG9zdGdyZXM%3D/connections"
      yield* fake.injectFaults([
        MammothFake.validationError(),
        MammothFake.validationError(undefined, "No such workspace"),
        MammothFake.validationError(),
        MammothFake.clientError()
      ])
      const bodies = []
      for (const url of [list, list, "/api/v2/jobs/1", "/api/v2/nowhere"]) {
        const outcome = yield* fake.handle(request(url))
        expect(outcome._tag === "Response" && [outcome.status, outcome.headers["content-type"]]).toEqual([
          400,
          "application/json"
        ])
        bodies.push(outcome._tag === "Response" ? JSON.parse(outcome.body!) : undefined)
      }
      const injected = "was refused by the server (an injected fault)"
      expect(bodies).toEqual([
        {
          status_code: 400,
          detail: `Validation failed for GET ${list}`,
          extra: [{ message: injected, key: "connector_key", source: "path" }]
        },
        {
          status_code: 400,
          detail: "No such workspace",
          extra: [{ message: injected, key: "connector_key", source: "path" }]
        },
        {
          status_code: 400,
          detail: "Validation failed for GET /api/v2/jobs/1",
          extra: [{ message: injected, key: "job_id", source: "path" }]
        },
        { status_code: 400, detail: "Bad Request", extra: {} }
      ])
    }))

  it.effect("400 rates: a Validation Exception, else a Client Error, drawn like the others", () =>
    Effect.gen(function*() {
      const statuses = (rates: MammothFake.FaultRates) =>
        Effect.gen(function*() {
          const fake = yield* MammothFake.make({ faults: { rates } })
          const seen: Array<unknown> = []
          for (let i = 0; i < 3; i++) {
            const outcome = yield* fake.handle({ method: "GET", url: "/api/v2/nowhere", headers: {}, body: "" })
            seen.push(outcome._tag === "Response" && [outcome.status, JSON.parse(outcome.body!).extra])
          }
          return { seen, faults: (yield* fake.stats).faultsInjected }
        })
      const issue = { message: "is required", key: "name", source: "body" } as const
      expect(yield* statuses({ validationError: { probability: 1, issues: [issue] } })).toEqual({
        seen: [[400, [issue]], [400, [issue]], [400, [issue]]],
        faults: 3
      })
      expect(yield* statuses({ clientError: { probability: 1, extra: null } })).toEqual({
        seen: [[400, null], [400, null], [400, null]],
        faults: 3
      })
      // at most one failure per request: a 5xx before a Validation Exception before a Client Error
      const both = yield* statuses({ validationError: { probability: 1 }, clientError: { probability: 1 } })
      expect(both.seen.map((s) => Array.isArray(s) && Array.isArray(s[1]))).toEqual([true, true, true])
      const all = yield* statuses({ serverError: { probability: 1 }, validationError: { probability: 1 } })
      expect(all.seen.map((s) => Array.isArray(s) && s[0])).toEqual([503, 503, 503])
    }))

  it.effect("rates are deterministic for a seed, and differ across seeds", () =>
    Effect.gen(function*() {
      const rates: MammothFake.FaultRates = {
        reset: { probability: 0.1 },
        tooManyRequests: { probability: 0.2 },
        serverError: { probability: 0.2, status: 502 },
        latency: { probability: 0.5, delay: 0 }
      }
      const run = (seed: number) =>
        Effect.gen(function*() {
          const fake = yield* MammothFake.make({ seed, faults: { rates } })
          const seen: Array<string> = []
          for (let i = 0; i < 60; i++) {
            const outcome = yield* fake.handle({ method: "GET", url: "/api/v2/nowhere", headers: {}, body: "" })
            seen.push(outcome._tag === "Reset" ? "reset" : String(outcome.status))
          }
          return { seen, stats: yield* fake.stats }
        })
      const first = yield* run(42)
      const again = yield* run(42)
      expect(again).toEqual(first)
      expect(new Set(first.seen)).toEqual(new Set(["404", "429", "502", "reset"]))
      expect(first.stats.faultsInjected).toBeGreaterThan(first.seen.filter((s) => s !== "404").length)
      expect((yield* run(43)).seen).not.toEqual(first.seen)
    }))

  it.effect("a script comes before the rates, one entry per request, then the rates apply", () =>
    Effect.gen(function*() {
      const fake = yield* MammothFake.make({
        faults: {
          script: [MammothFake.pass, MammothFake.serverError(504)],
          rates: { serverError: { probability: 1, status: 503 } }
        }
      })
      const statuses: Array<number> = []
      for (let i = 0; i < 3; i++) {
        const outcome = yield* fake.handle({ method: "GET", url: "/x", headers: {}, body: "" })
        statuses.push(outcome._tag === "Response" ? outcome.status : 0)
      }
      expect(statuses).toEqual([404, 504, 503])
    }))

  it.effect("latency sleeps on the clock of the runtime that made the fake (TestClock here)", () =>
    Effect.gen(function*() {
      const fake = yield* MammothFake.make({ faults: { script: [MammothFake.latency("10 seconds")] } })
      const fiber = yield* Effect.fork(fake.handle({ method: "GET", url: "/x", headers: {}, body: "" }))
      yield* TestClock.adjust("9 seconds")
      expect(fiber.unsafePoll()).toBeNull()
      yield* TestClock.adjust("1 second")
      const outcome = yield* Fiber.join(fiber)
      expect(outcome._tag === "Response" && outcome.status).toBe(404)
    }))

  it.effect("a create interrupted during its latency is counted but never carried out", () =>
    Effect.gen(function*() {
      const fake = yield* MammothFake.make({ faults: { script: [MammothFake.latency("1 second")] } })
      const create = {
        method: "POST",
        url: "/api/v2/workspaces/4/projects/4/connectors/cG9zdGdyZXM%3D/connections",
        headers: { authorization: `Bearer ${Redacted.value(MammothFake.token)}` },
        body: JSON.stringify({ database: "db" })
      }
      const fiber = yield* Effect.fork(fake.handle(create))
      yield* TestClock.adjust("500 millis")
      yield* Fiber.interrupt(fiber)
      yield* TestClock.adjust("1 second")
      expect(yield* fake.stats).toMatchObject({ totalRequests: 1, faultsInjected: 1, createsApplied: 0 })
      expect(yield* fake.connections).toEqual([])
      // the next one has no fault, and is carried out
      const outcome = yield* fake.handle(create)
      expect(outcome._tag === "Response" && outcome.status).toBe(202)
      expect((yield* fake.stats).createsApplied).toBe(1)
    }))
})
