/**
 * Jobs on the Effect 4 line: `jobs.await` polls to completion on a `Schedule`, fails on a failed job (its response
 * masked), times out (`scope: "await"`) or gives up when its schedule ends; `createAndAwait` awaits create's job.
 */
import { Duration, Effect, Option, Schedule } from "effect"
import { describe, expect, it } from "vitest"
import type { Schemas } from "../../src/v4/index.js"
import {
  Jobs,
  MammothAnalytics,
  MammothAnalyticsInvalidRequestError,
  MammothAnalyticsJobFailedError,
  MammothAnalyticsTimeoutError,
  MammothAnalyticsTransportError,
  MammothAnalyticsUnauthorizedError,
  RetryPolicy
} from "../../src/v4/index.js"
import type { Answer, Seen } from "./support/fetch.js"
import { jobBody, recording, scope } from "./support/fetch.js"

const fast = Schedule.spaced("5 millis")

/** A job that is `processing` for `polls` polls, then `outcome`. */
const job = (polls: number, outcome: string, response: unknown = { connection_key: "new" }) => (n: number): Answer => ({
  status: 200,
  json: jobBody(17, n <= polls ? "processing" : outcome, n <= polls ? null : response)
})

const run = async <A, E>(
  answer: (request: Seen, n: number) => Answer,
  f: (m: MammothAnalytics["Service"]) => Effect.Effect<A, E>
) => {
  const { layer, seen } = recording(answer, { retry: RetryPolicy.none })
  const exit = await Effect.runPromise(Effect.exit(Effect.provide(MammothAnalytics.use(f), layer)))
  return { exit, seen }
}

describe("jobs.await", () => {
  it("polls until the job succeeds and returns it", async () => {
    const { exit, seen } = await run(
      (_, n) => job(3, "success")(n),
      (m) => m.jobs.await({ workspaceId: 4, jobId: 17 }, { schedule: fast })
    )
    expect(exit._tag).toBe("Success")
    if (exit._tag === "Success") {
      expect(exit.value.status).toBe("success")
      expect(exit.value.response).toEqual({ connection_key: "new" })
    }
    expect(seen).toHaveLength(4)
    expect(seen.every((s) => s.url.pathname === "/api/v2/jobs/17")).toBe(true)
  })

  it("a status the client does not know is polled again", async () => {
    const { exit, seen } = await run(
      (_, n) => ({ status: 200, json: jobBody(17, n === 1 ? "queued" : "success") }),
      (m) => m.jobs.await({ workspaceId: 4, jobId: 17 }, { schedule: fast })
    )
    expect(exit._tag).toBe("Success")
    expect(seen).toHaveLength(2)
  })

  it("a failed job is MammothAnalyticsJobFailedError, secret fields of its response masked", async () => {
    const { exit } = await run(
      (_, n) => job(1, "failure", { reason: "bad host", config: { password: "pw-job-2b", host: "h" } })(n),
      (m) => Effect.flip(m.jobs.await({ workspaceId: 4, jobId: 17 }, { schedule: fast }))
    )
    expect(exit._tag).toBe("Success")
    const error = exit._tag === "Success" ? exit.value : undefined
    expect(error).toBeInstanceOf(MammothAnalyticsJobFailedError)
    const e = error as MammothAnalyticsJobFailedError
    expect([e.jobId, e.status, e.jobOperation]).toEqual([17, "failure", "CreateConnection"])
    expect(e.response).toEqual({ reason: "bad host", config: { password: "********", host: "h" } })
    expect(e.message).toBe("job 17 (CreateConnection) ended with status failure")
  })

  it("a job still running at the await's timeout is MammothAnalyticsTimeoutError of scope await", async () => {
    const { exit, seen } = await run(
      (_, n) => job(1_000, "success")(n),
      (m) =>
        Effect.flip(
          m.jobs.await({ workspaceId: 4, jobId: 17 }, { schedule: Schedule.spaced("20 millis"), timeout: "150 millis" })
        )
    )
    const error = exit._tag === "Success" ? exit.value : undefined
    expect(error).toBeInstanceOf(MammothAnalyticsTimeoutError)
    const e = error as MammothAnalyticsTimeoutError
    expect([e.operation, e.scope, e.timeoutMillis]).toEqual(["GetJob", "await", 150])
    expect(e.description).toBe("job 17 did not finish within 150ms")
    expect(seen.length).toBeGreaterThan(1)
  })

  it("a schedule that ends while the job runs gives up as a timeout of scope await", async () => {
    const { exit, seen } = await run(
      (_, n) => job(1_000, "success")(n),
      (m) =>
        Effect.flip(m.jobs.await({ workspaceId: 4, jobId: 17 }, { schedule: fast.pipe(Schedule.upTo({ times: 2 })) }))
    )
    const e = (exit._tag === "Success" ? exit.value : undefined) as MammothAnalyticsTimeoutError
    expect(e).toBeInstanceOf(MammothAnalyticsTimeoutError)
    expect(e.description).toBe("job 17 was still running when the polling schedule ended")
    expect(seen).toHaveLength(3)
  })

  it("a schedule that ends at once: the first poll's running job ends the await as the schedule's end", async () => {
    const { exit, seen } = await run(
      (_, n) => job(1_000, "success")(n),
      (m) => Effect.flip(m.jobs.await({ workspaceId: 4, jobId: 17 }, { schedule: Schedule.recurs(0) }))
    )
    expect(exit._tag).toBe("Success")
    const e = (exit._tag === "Success" ? exit.value : undefined) as MammothAnalyticsTimeoutError
    expect(e).toBeInstanceOf(MammothAnalyticsTimeoutError)
    expect(e).toMatchObject({ scope: "await", jobId: 17 })
    expect(seen).toHaveLength(1)
  })

  it("the schedule is fed each job found", async () => {
    const fed: Array<string> = []
    const { exit } = await run(
      (_, n) => job(2, "success")(n),
      (m) =>
        m.jobs.await({ workspaceId: 4, jobId: 17 }, {
          schedule: Schedule.spaced("5 millis").pipe(
            Schedule.tap((meta: Schedule.Metadata<number, Schemas.Job>) =>
              Effect.sync(() => fed.push(meta.input.status))
            )
          )
        })
    )
    expect(exit._tag).toBe("Success")
    expect(fed.slice(0, 2)).toEqual(["processing", "processing"])
  })

  it("a poll's failure keeps its class, fields, message and cause, and names the job", async () => {
    const unauthorized = await run(
      (_, n) =>
        n === 1 ? job(1, "success")(n) : { status: 401, json: { status_code: 401, detail: "expired", extra: {} } },
      (m) => Effect.flip(m.jobs.await({ workspaceId: 4, jobId: 17 }, { schedule: fast }))
    )
    const e = (unauthorized.exit._tag === "Success" ? unauthorized.exit.value : undefined) as
      & MammothAnalyticsUnauthorizedError
      & { jobId: number }
    expect(e).toBeInstanceOf(MammothAnalyticsUnauthorizedError)
    expect(e).toMatchObject({ _tag: "MammothAnalyticsUnauthorizedError", operation: "GetJob", status: 401, jobId: 17 })
    expect(e.message).toBe("GetJob: unauthorized (HTTP 401): expired")
    expect(JSON.parse(JSON.stringify(e))).toMatchObject({ jobId: 17, detail: "expired" })

    const reset = await run(
      (_, n) => {
        if (n === 1) return job(1, "success")(n)
        throw Object.assign(new TypeError("fetch failed"), {
          cause: Object.assign(new Error("reset"), { code: "ECONNRESET" })
        })
      },
      (m) => Effect.flip(m.jobs.await({ workspaceId: 4, jobId: 17 }, { schedule: fast }))
    )
    const t = (reset.exit._tag === "Success" ? reset.exit.value : undefined) as MammothAnalyticsTransportError
    expect(t).toBeInstanceOf(MammothAnalyticsTransportError)
    expect(t).toMatchObject({ operation: "GetJob", method: "GET", jobId: 17 })
    expect(t.cause).toBeDefined()
    expect(t.message).toContain("GetJob: transport failure (GET ")

    const refused = await run(
      () => ({ status: 200, json: jobBody(17, "success", null) }),
      (m) => Effect.flip(m.jobs.await({ workspaceId: 0, jobId: 17 }))
    )
    const r = (refused.exit._tag === "Success" ? refused.exit.value : undefined) as MammothAnalyticsInvalidRequestError
    expect(r).toBeInstanceOf(MammothAnalyticsInvalidRequestError)
    expect(r).toMatchObject({ operation: "GetJob", jobId: 17 })
    expect(refused.seen).toHaveLength(0)
  })

  it("the defaults: 250 ms, each wait 1.5 times the last, capped at 5 s; 60 seconds in all", async () => {
    expect(Duration.toMillis(Jobs.defaultAwaitTimeout)).toBe(60_000)
    const delays = await Effect.runPromise(Effect.gen(function*() {
      const step = yield* Schedule.toStep(Jobs.defaultPollSchedule)
      const out: Array<number> = []
      for (let i = 0; i < 12; i++) {
        const [, delay] = yield* step(0, undefined)
        out.push(Duration.toMillis(delay))
      }
      return out
    }))
    expect(delays.slice(0, 3)).toEqual([250, 375, 562.5])
    expect(delays.slice(-3)).toEqual([5_000, 5_000, 5_000])
  })
})

describe("createAndAwait", () => {
  it("a 202 job is awaited to its end: Completed, with the job", async () => {
    const { exit, seen } = await run(
      (request, n) => request.method === "POST" ? { status: 202, json: { job_id: 17 } } : job(2, "success")(n - 1),
      (m) => m.connections.createAndAwait({ ...scope, requestBody: { database: "d" } }, { schedule: fast })
    )
    expect(exit._tag).toBe("Success")
    if (exit._tag === "Success") {
      expect(exit.value._tag).toBe("Completed")
      expect(exit.value._tag === "Completed" && exit.value.job.status).toBe("success")
      // the job's response is not a connection (no connection_config): no typed connection
      expect(exit.value._tag === "Completed" && Option.isNone(exit.value.connection)).toBe(true)
    }
    expect(seen.map((s) => s.method)).toEqual(["POST", "GET", "GET", "GET"])
  })

  it("Completed carries the connection the job's response names, typed", async () => {
    const response = { connection_key: "k-new", connection_config: { host: "db", password: "pw" } }
    const { exit } = await run(
      (request, n) =>
        request.method === "POST" ? { status: 202, json: { job_id: 17 } } : job(0, "success", response)(n),
      (m) => m.connections.createAndAwait({ ...scope, requestBody: { database: "d" } }, { schedule: fast })
    )
    expect(exit._tag === "Success" && exit.value._tag === "Completed" && Option.getOrNull(exit.value.connection))
      .toEqual({ connectionKey: "k-new", connectionConfig: { host: "db", password: "pw" } })
  })

  it("a 201, an OAuth exchange or a job without id is returned at once", async () => {
    const { exit, seen } = await run(
      () => ({ status: 202, json: {} }),
      (m) => m.connections.createAndAwait({ ...scope, requestBody: {} })
    )
    expect(exit._tag === "Success" && exit.value).toEqual({
      _tag: "Job",
      jobId: null,
      statusCode: null,
      failureReason: null
    })
    expect(seen).toHaveLength(1)
    const created = await run(
      () => ({ status: 201, json: { id: 1 } }),
      (m) => m.connections.createAndAwait({ ...scope, requestBody: {} })
    )
    expect(created.exit._tag === "Success" && created.exit.value).toEqual({ _tag: "Created", body: { id: 1 } })
  })
})
