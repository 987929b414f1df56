/**
 * Jobs: `jobs.get`, `jobs.await` and `connections.createAndAwait`, against the fake over real HTTP (its jobs
 * stay `processing` for a number of polls, then end as told), over a recording client for the exact wire,
 * and under `TestClock` for the times of the polls.
 */
import { NodeSdk } from "@effect/opentelemetry"
import { FetchHttpClient, HttpClient, HttpClientError } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import { Cause, Clock, Effect, Fiber, Layer, Option, Redacted, Schedule, TestClock } from "effect"
import type { Credentials, Schemas } from "../../src/v3/index.js"
import {
  Connections,
  Jobs,
  MammothAnalytics,
  MammothAnalyticsTimeoutError,
  MammothAnalyticsTransportError,
  MammothAnalyticsUnauthorizedError,
  RetryPolicy
} from "../../src/v3/index.js"
import { MammothFake } from "../../src/v3/testing/index.js"
import type { Answer, SeenRequest } from "../support/recordingClient.js"
import { apiToken, mammothOver } from "../support/recordingClient.js"

const scope = { workspaceId: 4, projectId: 4, connectorKey: "cG9zdGdyZXM=" } as const
const requestBody = { database: "hubli_journal", hostname: "localhost", port: 5432, password: "pwd" }
const fast = { schedule: Schedule.spaced("10 millis") } as const

/** The client over HTTP against `server`, with the fake's token unless told otherwise. */
const clientOf = (server: MammothFake.FakeServer, credentials: Credentials = { apiToken: MammothFake.token }) =>
  MammothAnalytics.layer({ ...credentials, serverUrl: server.url, retry: RetryPolicy.none }).pipe(
    Layer.provide(FetchHttpClient.layer)
  )

/** A wire job, as `GET /jobs/{job_id}` answers it. */
const wireJob = (id: number, status: string, response: unknown = {}) => ({
  job: {
    id,
    status,
    response,
    created_at: "2026-11-28T10:00:00Z",
    last_updated_at: "2026-11-28T10:00:01Z",
    path: "/api/v2/workspaces/4/projects/4/connectors/cG9zdGdyZXM%3D/connections",
    operation: "SaveConnection"
  }
})

const json = (status: number, body: unknown): Answer => ({ status, json: body })

describe("createAndAwait against the fake over HTTP", () => {
  for (
    const [form, credentials] of [["token", { apiToken: MammothFake.token }], [
      "key and secret",
      MammothFake.credentials
    ]] as const
  ) {
    it.scopedLive(`returns the created connection after the job's polls (${form})`, () =>
      Effect.gen(function*() {
        const server = yield* MammothFake.serve({ jobs: { processingPolls: 3 } })
        const result = yield* Connections.createAndAwait({ ...scope, requestBody }, fast).pipe(
          Effect.provide(clientOf(server, credentials))
        )
        expect(result._tag).toBe("Completed")
        if (result._tag !== "Completed") return
        expect(result.job).toMatchObject({ id: 1, status: "success", operation: "SaveConnection" })
        const created = result.job.response as { connection_key: string; connection_config: unknown }
        expect(created.connection_key).toMatch(/^[a-z0-9]{40}$/)
        expect(created.connection_config).toEqual({ ...requestBody, password: MammothFake.secretMask })
        // and typed: the connection decoded from the job's response
        expect(Option.getOrThrow(result.connection)).toEqual({
          connectionKey: created.connection_key,
          connectionConfig: created.connection_config
        })
        // three polls found it processing, the fourth found it done; the connection exists now
        expect((yield* server.fake.stats).requests).toMatchObject({ create: 1, getJob: 4 })
        expect((yield* server.fake.connections).map((c) => c.connectionKey)).toEqual([created.connection_key])
      }))
  }

  it.scopedLive("a job that fails, or errors, is a MammothAnalyticsJobFailedError with its response", () =>
    Effect.gen(function*() {
      for (const outcome of ["failure", "error"] as const) {
        const server = yield* MammothFake.serve({ jobs: { processingPolls: 1, outcome } })
        const failure = yield* Connections.createAndAwait({ ...scope, requestBody }, fast).pipe(
          Effect.flip,
          Effect.provide(clientOf(server))
        )
        expect(failure._tag).toBe("MammothAnalyticsJobFailedError")
        if (failure._tag !== "MammothAnalyticsJobFailedError") continue
        expect({ jobId: failure.jobId, status: failure.status, jobOperation: failure.jobOperation }).toEqual({
          jobId: 1,
          status: outcome,
          jobOperation: "SaveConnection"
        })
        expect(failure.response).toEqual(
          outcome === "failure"
            ? { error: "the database refused the connection", failure_reason: "the database refused the connection" }
            : { error: "the job crashed" }
        )
        const reason = outcome === "failure" ? "the database refused the connection" : "the job crashed"
        // the reason where the API's Python SDK reads it (response.error)
        expect(failure.reason).toBe(reason)
        expect(failure.message).toBe(`job 1 (SaveConnection) ended with status ${outcome}: ${reason}`)
        expect(yield* server.fake.connections).toEqual([])
      }
    }))

  it.scopedLive("a job that never finishes ends at the await's timeout, and no poll is sent after it", () =>
    Effect.gen(function*() {
      const server = yield* MammothFake.serve({ jobs: { processingPolls: 1_000_000 } })
      const failure = yield* Connections.createAndAwait({ ...scope, requestBody }, {
        schedule: Schedule.spaced("20 millis"),
        timeout: "300 millis"
      }).pipe(Effect.flip, Effect.provide(clientOf(server)))
      expect(failure._tag).toBe("MammothAnalyticsTimeoutError")
      expect(failure).toMatchObject({
        operation: "GetJob",
        scope: "await",
        timeoutMillis: 300,
        description: "job 1 did not finish within 300ms"
      })
      expect(failure.message).toBe("GetJob: job 1 did not finish within 300ms")
      // effect's own TimeoutException, as the cause
      expect(failure._tag === "MammothAnalyticsTimeoutError" && Cause.isTimeoutException(failure.cause)).toBe(true)
      // a poll already on the wire when the timeout struck may still arrive: let it, then nothing more comes
      yield* Effect.sleep("50 millis")
      const polls = (yield* server.fake.stats).requests.getJob
      expect(polls).toBeGreaterThan(2)
      yield* Effect.sleep("200 millis")
      expect((yield* server.fake.stats).requests.getJob).toBe(polls)
    }))

  it.scopedLive("interrupting the await stops the polling: the fake sees no further request", () =>
    Effect.gen(function*() {
      const server = yield* MammothFake.serve({ jobs: { processingPolls: 1_000_000 } })
      const fiber = yield* Jobs.await({ workspaceId: 4, jobId: 1 }, { schedule: Schedule.spaced("10 millis") }).pipe(
        Effect.provide(clientOf(server)),
        Effect.fork
      )
      yield* Connections.create({ ...scope, requestBody }).pipe(Effect.provide(clientOf(server)))
      // wait for a few polls, then interrupt
      while ((yield* server.fake.stats).requests.getJob < 3) yield* Effect.sleep("5 millis")
      yield* Fiber.interrupt(fiber)
      // a poll already on the wire may still arrive: let it, then nothing more comes
      yield* Effect.sleep("50 millis")
      const polls = (yield* server.fake.stats).requests.getJob
      yield* Effect.sleep("200 millis")
      expect((yield* server.fake.stats).requests.getJob).toBe(polls)
    }))

  it.scopedLive("a 201 (older servers) and an OAuth exchange return at once, with no poll", () =>
    Effect.gen(function*() {
      for (const createAnswer of ["created", "oauthExchange"] as const) {
        const server = yield* MammothFake.serve({ createAnswer })
        const result = yield* Connections.createAndAwait({ ...scope, requestBody }).pipe(
          Effect.provide(clientOf(server))
        )
        expect(result._tag).toBe(createAnswer === "created" ? "Created" : "OAuthExchange")
        expect((yield* server.fake.stats).requests.getJob).toBe(0)
      }
    }))
})

describe("the wire of jobs.get", () => {
  it.effect("GET /jobs/{job_id}: with key and secret it sends X-WORKSPACE-ID; with a token only Authorization", () =>
    Effect.gen(function*() {
      const answer = () => json(200, wireJob(17, "processing"))
      const keyed = mammothOver(answer)
      const job = yield* Jobs.get({ workspaceId: 4, jobId: 17 }).pipe(Effect.provide(keyed.layer))
      expect(job).toEqual({
        id: 17,
        status: "processing",
        response: {},
        createdAt: "2026-11-28T10:00:00Z",
        lastUpdatedAt: "2026-11-28T10:00:01Z",
        path: "/api/v2/workspaces/4/projects/4/connectors/cG9zdGdyZXM%3D/connections",
        operation: "SaveConnection"
      })
      const [keyRequest] = keyed.seen
      expect(keyRequest!.method).toBe("GET")
      expect(keyRequest!.url.href).toBe("http://127.0.0.1:4010/api/v2/jobs/17")
      expect(keyRequest!.headers["x-workspace-id"]).toBe("4")
      expect(keyRequest!.headers["x-api-key"]).toBeDefined()
      expect(keyRequest!.headers).not.toHaveProperty("authorization")

      const tokened = mammothOver(answer, { apiToken: Redacted.make(apiToken) })
      yield* Jobs.get({ workspaceId: 4, jobId: 17 }).pipe(Effect.provide(tokened.layer))
      const [tokenRequest] = tokened.seen
      expect(tokenRequest!.headers["authorization"]).toBe(`Bearer ${apiToken}`)
      for (const name of ["x-api-key", "x-api-secret", "x-workspace-id"]) {
        expect(tokenRequest!.headers).not.toHaveProperty(name)
      }
    }))

  it.effect("a jobId that is not an integer >= 0 is refused before sending", () =>
    Effect.gen(function*() {
      const { layer, seen } = mammothOver(() => json(200, wireJob(0, "success")))
      for (const jobId of [-1, 1.5, Number.NaN]) {
        const refused = yield* Jobs.get({ workspaceId: 4, jobId }).pipe(Effect.flip, Effect.provide(layer))
        expect(refused._tag).toBe("MammothAnalyticsInvalidRequestError")
        const awaited = yield* Jobs.await({ workspaceId: 4, jobId }).pipe(Effect.flip, Effect.provide(layer))
        expect(awaited._tag).toBe("MammothAnalyticsInvalidRequestError")
      }
      expect(seen).toHaveLength(0)
      // 0 is a valid job id
      expect((yield* Jobs.get({ workspaceId: 4, jobId: 0 }).pipe(Effect.provide(layer))).id).toBe(0)
    }))

  it.effect("GetJob's 400 is MammothAnalyticsDefaultError (no body in the spec); its 401 and 403 their classes", () =>
    Effect.gen(function*() {
      for (
        const [status, tag] of [
          [400, "MammothAnalyticsDefaultError"],
          [401, "MammothAnalyticsUnauthorizedError"],
          [403, "MammothAnalyticsForbiddenError"]
        ] as const
      ) {
        const { layer } = mammothOver(() => json(status, { status_code: status, detail: "no", extra: {} }))
        const failure = yield* Jobs.get({ workspaceId: 4, jobId: 1 }).pipe(Effect.flip, Effect.provide(layer))
        expect(failure._tag).toBe(tag)
        expect(failure).toMatchObject({ operation: "GetJob", status })
      }
    }))

  it.effect("a job body of the wrong shape is a MammothAnalyticsResponseValidationError", () =>
    Effect.gen(function*() {
      const { layer } = mammothOver(() => json(200, { job: { id: "7", status: "success" } }))
      const failure = yield* Jobs.get({ workspaceId: 4, jobId: 7 }).pipe(Effect.flip, Effect.provide(layer))
      expect(failure._tag).toBe("MammothAnalyticsResponseValidationError")
    }))
})

describe("jobs.await under TestClock", () => {
  /** A recording client whose job is `processing` for `polls` polls (or `statuses` in turn), then `success`. */
  const scripted = (statuses: ReadonlyArray<string>) => {
    const times: Array<number> = []
    const answer = (request: SeenRequest, attempt: number): Answer => {
      expect(request.url.pathname).toBe("/api/v2/jobs/9")
      return json(200, wireJob(9, statuses[attempt - 1] ?? "success", { connection_key: "k9" }))
    }
    const { layer, seen } = mammothOver(answer, {
      transformClient: HttpClient.tapRequest(() => Effect.map(Clock.currentTimeMillis, (now) => times.push(now)))
    })
    return { layer, seen, times }
  }

  it.effect("the first poll is at once, then each as the schedule says", () =>
    Effect.gen(function*() {
      const { layer, times } = scripted(["processing", "processing", "processing"])
      const fiber = yield* Jobs.await({ workspaceId: 4, jobId: 9 }, { schedule: Schedule.spaced("1 second") }).pipe(
        Effect.provide(layer),
        Effect.fork
      )
      yield* TestClock.adjust("10 seconds")
      const job = yield* Fiber.join(fiber)
      expect(job.status).toBe("success")
      expect(times).toEqual([0, 1000, 2000, 3000])
    }))

  it.effect("the default schedule: 250 ms, then each wait 1.5 times the last", () =>
    Effect.gen(function*() {
      const { layer, times } = scripted(["processing", "processing", "processing"])
      const fiber = yield* Jobs.await({ workspaceId: 4, jobId: 9 }).pipe(Effect.provide(layer), Effect.fork)
      yield* TestClock.adjust("10 seconds")
      yield* Fiber.join(fiber)
      expect(times.map((t, i) => i === 0 ? 0 : t - times[i - 1]!)).toEqual([0, 250, 375, 562.5])
    }))

  it.effect("a status the client does not know keeps polling; the schedule ending ends the await", () =>
    Effect.gen(function*() {
      const { layer, times } = scripted(["queued", "processing", "queued", "queued", "queued"])
      const fiber = yield* Jobs.await({ workspaceId: 4, jobId: 9 }, {
        schedule: Schedule.spaced("1 second").pipe(Schedule.intersect(Schedule.recurs(3)))
      }).pipe(Effect.provide(layer), Effect.flip, Effect.fork)
      yield* TestClock.adjust("1 minute")
      const failure = yield* Fiber.join(fiber)
      expect(failure._tag).toBe("MammothAnalyticsTimeoutError")
      expect(failure).toMatchObject({
        operation: "GetJob",
        scope: "await",
        timeoutMillis: 60_000,
        description: "job 9 was still running when the polling schedule ended"
      })
      expect(failure.message).toBe("GetJob: job 9 was still running when the polling schedule ended")
      expect(times).toEqual([0, 1000, 2000, 3000])
    }))

  it.effect("the timeout bounds the whole await", () =>
    Effect.gen(function*() {
      const { layer, times } = scripted(Array(100).fill("processing"))
      const fiber = yield* Jobs.await({ workspaceId: 4, jobId: 9 }, {
        schedule: Schedule.spaced("1 second"),
        timeout: "3500 millis"
      }).pipe(Effect.provide(layer), Effect.flip, Effect.fork)
      yield* TestClock.adjust("1 minute")
      const failure = yield* Fiber.join(fiber)
      expect(failure._tag).toBe("MammothAnalyticsTimeoutError")
      expect(failure).toMatchObject({
        operation: "GetJob",
        scope: "await",
        timeoutMillis: 3500,
        description: "job 9 did not finish within 3s 500ms"
      })
      expect(times).toEqual([0, 1000, 2000, 3000])
    }))

  it.effect("a schedule that ends at once: the first poll's running job ends the await as the schedule's end", () =>
    Effect.gen(function*() {
      const { layer, times } = scripted(["processing"])
      const failure = yield* Jobs.await({ workspaceId: 4, jobId: 9 }, { schedule: Schedule.recurs(0) }).pipe(
        Effect.provide(layer),
        Effect.flip
      )
      expect(failure).toBeInstanceOf(MammothAnalyticsTimeoutError)
      expect(failure).toMatchObject({
        operation: "GetJob",
        scope: "await",
        jobId: 9,
        description: "job 9 was still running when the polling schedule ended"
      })
      expect(times).toEqual([0])
    }))

  it.effect("the schedule is fed each job found", () =>
    Effect.gen(function*() {
      const { layer } = scripted(["processing", "queued"])
      const fed: Array<string> = []
      const fiber = yield* Jobs.await({ workspaceId: 4, jobId: 9 }, {
        schedule: Schedule.spaced("1 second").pipe(
          Schedule.tapInput((job: Schemas.Job) => Effect.sync(() => fed.push(job.status)))
        )
      }).pipe(Effect.provide(layer), Effect.fork)
      yield* TestClock.adjust("10 seconds")
      expect((yield* Fiber.join(fiber)).status).toBe("success")
      expect(fed.slice(0, 2)).toEqual(["processing", "queued"])
    }))

  it.effect("the await's timeout and the schedule's end name the job", () =>
    Effect.gen(function*() {
      const { layer } = scripted(Array(100).fill("processing"))
      const timedOut = yield* Jobs.await({ workspaceId: 4, jobId: 9 }, {
        schedule: Schedule.spaced("1 second"),
        timeout: "3 seconds"
      }).pipe(Effect.provide(layer), Effect.flip, Effect.fork)
      const ended = yield* Jobs.await({ workspaceId: 4, jobId: 9 }, {
        schedule: Schedule.spaced("1 second").pipe(Schedule.intersect(Schedule.recurs(1)))
      }).pipe(Effect.provide(layer), Effect.flip, Effect.fork)
      yield* TestClock.adjust("1 minute")
      for (const failure of [yield* Fiber.join(timedOut), yield* Fiber.join(ended)]) {
        expect(failure).toBeInstanceOf(MammothAnalyticsTimeoutError)
        expect(failure).toMatchObject({ operation: "GetJob", scope: "await", jobId: 9 })
        expect(failure.message).toContain("job 9")
      }
    }))

  it.effect("a poll's failure keeps its class, fields, message and cause, and names the job", () =>
    Effect.gen(function*() {
      const unauthorized = mammothOver((_, attempt) =>
        attempt === 1
          ? json(200, wireJob(9, "processing"))
          : json(401, { status_code: 401, detail: "expired", extra: {} })
      )
      const fiber = yield* Jobs.await({ workspaceId: 4, jobId: 9 }, { schedule: Schedule.spaced("1 second") }).pipe(
        Effect.provide(unauthorized.layer),
        Effect.flip,
        Effect.fork
      )
      yield* TestClock.adjust("10 seconds")
      const e = yield* Fiber.join(fiber)
      expect(e).toBeInstanceOf(MammothAnalyticsUnauthorizedError)
      expect(e).toMatchObject({
        _tag: "MammothAnalyticsUnauthorizedError",
        operation: "GetJob",
        status: 401,
        detail: "expired",
        jobId: 9
      })
      expect(e.message).toBe("GetJob: unauthorized (HTTP 401): expired")
      expect(JSON.parse(JSON.stringify(e))).toMatchObject({ jobId: 9, detail: "expired" })
      // one catchTag handles it, the job's id in hand to resume
      const resumed = yield* Jobs.await({ workspaceId: 4, jobId: 9 }).pipe(
        Effect.catchTag("MammothAnalyticsUnauthorizedError", (error) => Effect.succeed(error.jobId)),
        Effect.provide(mammothOver(() => json(401, {})).layer)
      )
      expect(resumed).toBe(9)

      const reset = mammothOver(() => {
        throw new Error("unreachable")
      }, {
        transformClient: () =>
          HttpClient.make((request) =>
            Effect.fail(
              new HttpClientError.RequestError({
                request,
                reason: "Transport",
                cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })
              })
            )
          ),
        retry: RetryPolicy.none
      })
      const t = yield* Jobs.await({ workspaceId: 4, jobId: 9 }).pipe(Effect.provide(reset.layer), Effect.flip)
      expect(t).toBeInstanceOf(MammothAnalyticsTransportError)
      expect(t).toMatchObject({ operation: "GetJob", method: "GET", code: "ECONNRESET", jobId: 9 })
      expect(t._tag === "MammothAnalyticsTransportError" && t.cause).toBeDefined()
    }))

  it.effect("each poll is a normal call: a 503 is retried by the retry policy", () =>
    Effect.gen(function*() {
      let n = 0
      const { layer, seen } = mammothOver(() => {
        n++
        return n === 1 ? { status: 503, text: "" } : json(200, wireJob(9, n === 2 ? "processing" : "success"))
      }, { retry: RetryPolicy.make(Schedule.spaced("100 millis")) })
      const fiber = yield* Jobs.await({ workspaceId: 4, jobId: 9 }, { schedule: Schedule.spaced("1 second") }).pipe(
        Effect.provide(layer),
        Effect.fork
      )
      yield* TestClock.adjust("10 seconds")
      expect((yield* Fiber.join(fiber)).status).toBe("success")
      expect(seen).toHaveLength(3)
    }))
})

describe("spans", () => {
  it.scopedLive("one span for the await, a child span per poll, under createAndAwait's span", () =>
    Effect.gen(function*() {
      const server = yield* MammothFake.serve({ jobs: { processingPolls: 2 } })
      const exporter = new InMemorySpanExporter()
      const Tracing = NodeSdk.layer(() => ({
        resource: { serviceName: "mammoth-jobs-test" },
        spanProcessor: new SimpleSpanProcessor(exporter)
      }))
      const spans = yield* Connections.createAndAwait({ ...scope, requestBody }, fast).pipe(
        Effect.zipRight(Effect.promise(() => exporter.forceFlush())),
        Effect.map(() => [...exporter.getFinishedSpans()]),
        Effect.provide(Layer.merge(clientOf(server), Tracing))
      )
      const named = (name: string) => spans.filter((s) => s.name === name)
      const [root] = named("MammothAnalytics.connections.createAndAwait")
      const [awaitSpan] = named("MammothAnalytics.jobs.await")
      expect(root).toBeDefined()
      expect(awaitSpan!.parentSpanContext?.spanId).toBe(root!.spanContext().spanId)
      expect(awaitSpan!.attributes).toMatchObject({ "mammoth.workspace_id": 4, "mammoth.job_id": 1 })
      const polls = named("MammothAnalytics.jobs.get")
      expect(polls).toHaveLength(3)
      for (const poll of polls) {
        expect(poll.parentSpanContext?.spanId).toBe(awaitSpan!.spanContext().spanId)
        expect(poll.attributes).toMatchObject({ "mammoth.operation": "GetJob", "mammoth.job_id": 1 })
      }
      const [create] = named("MammothAnalytics.connections.create")
      expect(create!.parentSpanContext?.spanId).toBe(root!.spanContext().spanId)
    }))
})
