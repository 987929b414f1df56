/**
 * Every failure of an await carries the job's id, on every client line, against a real server on 127.0.0.1:
 * `jobs.await`, and `createAndAwait` once the create was accepted (its 202 names the job). The caller can then
 * resume the await (`jobs.await({ workspaceId, jobId: error.jobId })`) instead of creating the connection again.
 *
 * Each kind of failure keeps its class and fields (`_tag`, `operation: "GetJob"`, status, cause, message): only
 * `jobId` is added. A failure of create itself (before it was accepted) names no job.
 */
import type * as http from "node:http"
import type { Socket } from "node:net"
import { describe, expect, it } from "vitest"
import { lines, useClient } from "../lines/index.js"
import type { Line, NeutralCallOptions, NeutralRetry, OperationName, Outcome } from "../lines/Line.js"
import type { Handler, TestServer } from "../reliability/support/server.js"
import { createBody, credentialsOf, scope, serve } from "../reliability/support/server.js"

const jobId = 31
const jobPath = `/api/v2/jobs/${jobId}`
const collection = `/api/v2/workspaces/4/projects/7/connectors/cG9zdGdyZXM%3D/connections`

/** A wire job, as `GET /jobs/{job_id}` answers it. */
const wireJob = (status: string, response: unknown = {}) => ({
  job: {
    id: jobId,
    status,
    response,
    created_at: "2026-11-28T10:00:00Z",
    last_updated_at: "2026-11-28T10:00:01Z",
    path: collection,
    operation: "SaveConnection"
  }
})

const send = (res: http.ServerResponse, status: number, body?: unknown, contentType = "application/json") => {
  if (body === undefined) res.writeHead(status).end()
  else {res.writeHead(status, { "content-type": contentType }).end(
      typeof body === "string" ? body : JSON.stringify(body)
    )}
}

/**
 * A server whose create answers 202 with job 31 (or `create`, when given) and whose `GET /jobs/31` answers as
 * `job` says, given the number of that poll (1 for the first).
 */
const jobServer = (
  job: (res: http.ServerResponse, poll: number, req: http.IncomingMessage, socket: Socket) => void,
  create?: (res: http.ServerResponse) => void
): Promise<TestServer> => {
  let polls = 0
  const handler: Handler = (req, res, ctx) => {
    if (req.method === "POST" && req.url === collection) {
      if (create === undefined) send(res, 202, { status_code: 202, job_id: jobId, failure_reason: null })
      else create(res)
    } else if (req.method === "GET" && req.url === jobPath) {
      job(res, ++polls, req, ctx.socket)
    } else {
      send(res, 404, "no such route", "text/plain")
    }
  }
  return serve(handler)
}

const polls = (server: TestServer) => server.requests.filter((r) => r.url === jobPath).length

interface AwaitFailure {
  readonly name: string
  readonly job: Parameters<typeof jobServer>[0]
  readonly retry?: NeutralRetry
  /** The layer's per-attempt timeout. */
  readonly attemptTimeoutMillis?: number
  readonly call?: NeutralCallOptions
  /** The fields the error keeps, beyond `jobId` (`operation` is always `GetJob`). */
  readonly expected: Readonly<Record<string, unknown>>
  /** Polls the server saw. */
  readonly polls?: number
  /** Further checks of the error. */
  readonly check?: (error: Record<string, unknown>) => void
}

const fast: NeutralCallOptions = { poll: { spacedMillis: 5 } }

const failures: ReadonlyArray<AwaitFailure> = [
  {
    name: "the await's timeout",
    job: (res) => send(res, 200, wireJob("processing")),
    call: { poll: { spacedMillis: 10 }, timeoutMillis: 200 },
    expected: { _tag: "MammothAnalyticsTimeoutError", scope: "await", timeoutMillis: 200 },
    check: (error) => expect(error["message"]).toContain(`job ${jobId}`)
  },
  {
    name: "the polling schedule ending",
    job: (res) => send(res, 200, wireJob("processing")),
    call: { poll: { spacedMillis: 1, recurs: 2 } },
    expected: {
      _tag: "MammothAnalyticsTimeoutError",
      scope: "await",
      description: `job ${jobId} was still running when the polling schedule ended`
    },
    polls: 3
  },
  {
    name: "a 500 after the retries",
    job: (res) => send(res, 500, "boom", "text/plain"),
    retry: { retries: 1 },
    call: fast,
    expected: { _tag: "MammothAnalyticsDefaultError", status: 500, body: "boom" },
    polls: 2
  },
  {
    name: "a 401 with the spec's body",
    job: (res, poll) =>
      poll === 1
        ? send(res, 200, wireJob("processing"))
        : send(res, 401, { status_code: 401, detail: "Invalid bearer token", extra: {} }),
    call: fast,
    expected: { _tag: "MammothAnalyticsUnauthorizedError", status: 401, detail: "Invalid bearer token" },
    polls: 2
  },
  {
    name: "a 401 without a body",
    job: (res) => send(res, 401),
    call: fast,
    expected: { _tag: "MammothAnalyticsUnauthorizedError", status: 401, statusCode: 401, detail: "Unauthorized" },
    polls: 1
  },
  {
    name: "a 403",
    job: (res) => send(res, 403, { status_code: 403, detail: "Authorization Exception", extra: null }),
    call: fast,
    expected: { _tag: "MammothAnalyticsForbiddenError", status: 403, detail: "Authorization Exception" },
    polls: 1
  },
  {
    name: "a transport failure (a reset)",
    job: (_res, _poll, _req, socket) => socket.resetAndDestroy(),
    retry: "none",
    call: fast,
    expected: { _tag: "MammothAnalyticsTransportError", code: "ECONNRESET", method: "GET" },
    check: (error) => expect(error["cause"]).toBeDefined()
  },
  {
    name: "an attempt's timeout",
    // never answered: the layer's attempt timeout ends the poll
    job: () => {},
    retry: "none",
    attemptTimeoutMillis: 100,
    call: { ...fast, timeoutMillis: 60_000 },
    expected: { _tag: "MammothAnalyticsTimeoutError", scope: "attempt", timeoutMillis: 100 }
  },
  {
    name: "a refused body",
    job: (res) => send(res, 200, "<html>not json</html>", "text/html"),
    call: fast,
    expected: { _tag: "MammothAnalyticsResponseValidationError", status: 200 },
    check: (error) => expect(error["reason"]).toContain("not JSON"),
    polls: 1
  },
  {
    name: "a job that failed",
    job: (res) => send(res, 200, wireJob("failure", { failure_reason: "refused" })),
    call: fast,
    expected: { _tag: "MammothAnalyticsJobFailedError", status: "failure", jobOperation: "SaveConnection" },
    polls: 1
  }
]

const awaitInput = { workspaceId: 4, jobId }

/** The error of a failed outcome, as a record (its fields are asserted by name). */
const errorOf = (outcome: Outcome): Record<string, unknown> => {
  expect(outcome._tag).toBe("Failure")
  if (outcome._tag !== "Failure") throw new Error(`expected a failure, got ${outcome._tag}`)
  return outcome.error as Record<string, unknown>
}

const clientFor = (line: Line, server: TestServer, failure?: AwaitFailure) =>
  useClient(line, {
    credentials: credentialsOf("token"),
    serverUrl: server.url,
    transport: "fetch",
    retry: failure?.retry ?? "none",
    ...(failure?.attemptTimeoutMillis === undefined ? {} : { timeoutMillis: failure.attemptTimeoutMillis })
  })

for (const line of lines) {
  describe(`[${line.name}] every failure of an await carries the job's id`, () => {
    for (const operation of ["jobs.await", "createAndAwait"] as const satisfies ReadonlyArray<OperationName>) {
      const input = operation === "jobs.await" ? awaitInput : { ...scope, requestBody: createBody }
      for (const failure of failures) {
        it(`${operation}: ${failure.name}`, async () => {
          const server = await jobServer(failure.job)
          const error = errorOf(await clientFor(line, server, failure).call(operation, input, failure.call))
          expect(error).toMatchObject({ ...failure.expected, jobId })
          // the failure is still the poll's (or the await's, which polls GetJob): only the id is added
          if (failure.expected["_tag"] !== "MammothAnalyticsJobFailedError") expect(error["operation"]).toBe("GetJob")
          expect(typeof error["message"]).toBe("string")
          expect(error["message"]).not.toBe("")
          if (failure.polls !== undefined) expect(polls(server)).toBe(failure.polls)
          failure.check?.(error)
        })
      }
    }

    it("jobs.await: input refused before sending names the job too", async () => {
      const server = await jobServer((res) => send(res, 200, wireJob("success")))
      const error = errorOf(await clientFor(line, server).call("jobs.await", { workspaceId: 0, jobId }, fast))
      expect(error).toMatchObject({ _tag: "MammothAnalyticsInvalidRequestError", operation: "GetJob", jobId })
      expect(server.requests).toHaveLength(0)
    })

    it("createAndAwait: a failure of create itself names no job (nothing was accepted)", async () => {
      for (
        const [status, tag] of [[401, "MammothAnalyticsUnauthorizedError"], [
          500,
          "MammothAnalyticsDefaultError"
        ]] as const
      ) {
        const server = await jobServer(
          (res) => send(res, 200, wireJob("success")),
          (res) => send(res, status, { status_code: status, detail: "no", extra: {} })
        )
        const error = errorOf(
          await clientFor(line, server).call("createAndAwait", { ...scope, requestBody: createBody }, fast)
        )
        expect(error).toMatchObject({ _tag: tag, operation: "SaveConnection", status })
        expect(error).not.toHaveProperty("jobId")
        expect(polls(server)).toBe(0)
      }
    })

    it("the await resumes from the error's jobId: the connection is not created twice", async () => {
      let authorized = false
      const server = await jobServer((res) =>
        authorized
          ? send(res, 200, wireJob("success", { connection_key: "k31" }))
          : send(res, 401, { status_code: 401, detail: "expired", extra: {} })
      )
      const client = clientFor(line, server)
      const error = errorOf(await client.call("createAndAwait", { ...scope, requestBody: createBody }, fast))
      expect(error).toMatchObject({ _tag: "MammothAnalyticsUnauthorizedError", jobId })
      authorized = true
      const resumed = await client.call("jobs.await", { workspaceId: scope.workspaceId, jobId: error["jobId"] }, fast)
      expect(resumed._tag).toBe("Success")
      expect(resumed._tag === "Success" && resumed.value).toMatchObject({ id: jobId, status: "success" })
      expect(server.requests.filter((r) => r.method === "POST")).toHaveLength(1)
    })
  })
}
