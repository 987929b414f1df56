/**
 * Every error class of the Effect 4 line, produced from real-shaped answers: each status of each operation's table,
 * the statuses no table names, bodies that do not match, and the error renderings, which hold no secret.
 */
import { Effect } from "effect"
import { HttpClient } from "effect/http"
import * as util from "node:util"
import { describe, expect, it } from "vitest"
import {
  MammothAnalytics,
  MammothAnalyticsClientError,
  MammothAnalyticsDefaultError,
  MammothAnalyticsForbiddenError,
  MammothAnalyticsResponseValidationError,
  MammothAnalyticsUnauthorizedError,
  MammothAnalyticsValidationError,
  RetryPolicy
} from "../../src/v4/index.js"
import type { Answer } from "./support/fetch.js"
import { apiToken, recording, scope } from "./support/fetch.js"

const connectionKey = "kvx3b8lhfe3ilk0wv4xu4fl539njerj0lmcr6wf8"
const password = "hunter2-pw"

/** One call of each operation, by operationId. */
const calls: Record<string, (m: MammothAnalytics["Service"]) => Effect.Effect<unknown, unknown>> = {
  ListConnections: (m) => m.connections.list(scope),
  SaveConnection: (m) => m.connections.create({ ...scope, requestBody: { database: "db", password } }),
  GetConnection: (m) => m.connections.get({ ...scope, connectionKey }),
  UpdateConnection: (m) =>
    m.connections.update({
      ...scope,
      connectionKey,
      patch: [{ op: "replace", path: "connection", value: { password } }]
    }),
  DeleteConnection: (m) => m.connections.delete({ ...scope, connectionKey }),
  GetJob: (m) => m.jobs.get({ workspaceId: 4, jobId: 9 })
}
const withBodies = ["SaveConnection", "GetConnection", "UpdateConnection", "DeleteConnection"] as const

/** The failure of one call of `operation` answered with `answer` (no retries), and what was sent. */
const failWith = async (operation: string, answer: Answer) => {
  const { layer, seen } = recording(() => answer, { retry: RetryPolicy.none })
  const error = await Effect.runPromise(
    Effect.provide(MammothAnalytics.use((m) => Effect.flip(calls[operation]!(m))), layer)
  )
  return { error, seen }
}

const errorBody = (status: number, detail: string, extra: unknown) => ({ status_code: status, detail, extra })

/** Every rendering of an error: none may hold a credential or a request body's secret. */
const renderings = (error: unknown) =>
  [String(error), JSON.stringify(error), util.inspect(error, { depth: 10 }), (error as Error).message].join("\n")

describe.each(withBodies)("%s: its table (400, 401, 403)", (operation) => {
  it("400 with a list `extra` is MammothAnalyticsValidationError, its issues read", async () => {
    const extra = [{ message: "required", key: "database", source: "body" }, "noise"]
    const { error } = await failWith(operation, { status: 400, json: errorBody(400, "Validation Exception", extra) })
    expect(error).toBeInstanceOf(MammothAnalyticsValidationError)
    const e = error as MammothAnalyticsValidationError
    expect(e._tag).toBe("MammothAnalyticsValidationError")
    expect(e.operation).toBe(operation)
    expect(e.status).toBe(400)
    expect(e.statusCode).toBe(400)
    expect(e.detail).toBe("Validation Exception")
    expect(e.issues).toEqual([{ message: "required", key: "database", source: "body" }])
    expect(e.message).toBe(`${operation}: validation failed (HTTP 400): Validation Exception`)
  })

  it("400 with an object or null `extra` is MammothAnalyticsClientError", async () => {
    for (const extra of [{ reason: "not found" }, null]) {
      const { error } = await failWith(operation, { status: 400, json: errorBody(400, "Client Error", extra) })
      expect(error).toBeInstanceOf(MammothAnalyticsClientError)
      expect((error as MammothAnalyticsClientError).extra).toEqual(extra)
    }
  })

  it("401 is MammothAnalyticsUnauthorizedError, also when its body is a proxy's page", async () => {
    const { error } = await failWith(operation, { status: 401, json: errorBody(401, "Authorization Exception", null) })
    expect(error).toBeInstanceOf(MammothAnalyticsUnauthorizedError)
    expect((error as MammothAnalyticsUnauthorizedError).detail).toBe("Authorization Exception")
    const page = await failWith(operation, { status: 401, text: "<html>denied</html>" })
    expect(page.error).toBeInstanceOf(MammothAnalyticsUnauthorizedError)
    const e = page.error as MammothAnalyticsUnauthorizedError
    expect([e.statusCode, e.detail, e.extra, e.body]).toEqual([401, "Unauthorized", null, "<html>denied</html>"])
  })

  it("403 is MammothAnalyticsForbiddenError", async () => {
    const { error } = await failWith(operation, { status: 403, json: errorBody(403, "Forbidden workspace", {}) })
    expect(error).toBeInstanceOf(MammothAnalyticsForbiddenError)
    expect((error as MammothAnalyticsForbiddenError).message).toBe(
      `${operation}: forbidden (HTTP 403): Forbidden workspace`
    )
  })
})

describe("statuses the table does not name", () => {
  it.each(["ListConnections", "GetJob"] as const)(
    "%s: its 400 has no body in the spec: MammothAnalyticsDefaultError; its 401 and 403, body or none, their classes",
    async (operation) => {
      const { error } = await failWith(operation, { status: 400, json: errorBody(400, "x", null) })
      expect(error).toBeInstanceOf(MammothAnalyticsDefaultError)
      for (
        const [status, Class] of [[401, MammothAnalyticsUnauthorizedError], [
          403,
          MammothAnalyticsForbiddenError
        ]] as const
      ) {
        const withBody = await failWith(operation, { status, json: errorBody(status, "no access", null) })
        expect(withBody.error).toBeInstanceOf(Class)
        expect(withBody.error).toMatchObject({ operation, status, statusCode: status, detail: "no access" })
        const bodyless = await failWith(operation, { status, text: "" })
        expect(bodyless.error).toBeInstanceOf(Class)
        expect(bodyless.error).toMatchObject({ operation, status, statusCode: status, extra: null, body: "" })
      }
    }
  )

  it.each(Object.keys(calls))(
    "%s: 3xx, 404, 409, 500 are MammothAnalyticsDefaultError with status, headers, body",
    async (
      operation
    ) => {
      for (const status of [302, 404, 409, 500]) {
        const { error, seen } = await failWith(operation, {
          status,
          text: "plain answer",
          headers: { location: "https://elsewhere.example/", "set-cookie": "session=s3cr3t", "x-trace": "t-1" }
        })
        expect(error).toBeInstanceOf(MammothAnalyticsDefaultError)
        const e = error as MammothAnalyticsDefaultError
        expect(e.status).toBe(status)
        expect(e.body).toBe("plain answer")
        expect(e.headers["x-trace"]).toBe("t-1")
        expect(e.headers["set-cookie"]).toBe("<redacted>")
        expect(e.message).toBe(`${operation}: unexpected HTTP ${status}: plain answer`)
        expect(seen).toHaveLength(1)
      }
    }
  )
})

describe("2xx bodies that do not match", () => {
  it("a list of the wrong shape is refused where and how it is wrong; no SchemaError (it quotes values) is kept", async () => {
    const { error } = await failWith("ListConnections", {
      status: 200,
      json: { connections: [{ connection_key: "", connection_config: {} }] }
    })
    expect(error).toBeInstanceOf(MammothAnalyticsResponseValidationError)
    const e = error as MammothAnalyticsResponseValidationError
    expect(e.reason).toBe(
      "the body does not match ListConnectionsSchema: at [connections, 0, connection_key]: is not an accepted value"
    )
    expect(e.cause).toBeUndefined()
    expect(e.body).toBe(`{"connections":[{"connection_key":"<redacted>","connection_config":{}}]}`)
  })

  it("a body that is not JSON names its content type", async () => {
    const { error } = await failWith("GetConnection", {
      status: 200,
      text: "<html>",
      headers: { "content-type": "text/html" }
    })
    expect((error as MammothAnalyticsResponseValidationError).reason).toBe(
      "the body is not JSON (content-type text/html)"
    )
  })

  it("an empty list body is refused; a job of the wrong type is refused", async () => {
    const empty = await failWith("ListConnections", { status: 200, text: "" })
    expect((empty.error as MammothAnalyticsResponseValidationError).reason).toBe("the body is empty")
    const job = await failWith("GetJob", { status: 200, json: { job: { id: "x" } } })
    expect((job.error as MammothAnalyticsResponseValidationError).reason).toMatch(
      /^the body does not match JobResponse: at \[job, id\]/
    )
  })

  it("a malformed 202 holding OAuth credentials: no rendering shows them, and no SchemaError is kept", async () => {
    const { error } = await failWith("SaveConnection", {
      status: 202,
      json: { pending_id: 5, access_token: "ya29.oauth-token-1f", picker_api_key: "AIza-picker-key-2e" }
    })
    expect(error).toBeInstanceOf(MammothAnalyticsResponseValidationError)
    const e = error as MammothAnalyticsResponseValidationError
    expect(e.reason).toMatch(/^the 202 body is neither an OAuth exchange nor a job: at \[/)
    expect(e.cause).toBeUndefined()
    const text = renderings(error)
    expect(text).not.toContain("ya29.oauth-token-1f")
    expect(text).not.toContain("AIza-picker-key-2e")
  })

  it("a 2xx body over maxResponseBytes is refused", async () => {
    const { layer } = recording(() => ({ status: 200, text: JSON.stringify({ big: "x".repeat(5000) }) }), {
      maxResponseBytes: 1000
    })
    const error = await Effect.runPromise(
      Effect.provide(MammothAnalytics.use((m) => Effect.flip(m.connections.get({ ...scope, connectionKey }))), layer)
    )
    expect((error as MammothAnalyticsResponseValidationError).reason).toBe("the body is larger than 1000 bytes")
  })

  it("a valid OAuth 202 has its token and key Redacted", async () => {
    const { layer } = recording(() => ({
      status: 202,
      json: { pending_id: "p-1", access_token: "ya29.oauth-token-1f", picker_api_key: "AIza-picker-key-2e" }
    }))
    const created = await Effect.runPromise(
      Effect.provide(MammothAnalytics.use((m) => m.connections.create({ ...scope, requestBody: {} })), layer)
    )
    expect(created._tag).toBe("OAuthExchange")
    const text = `${String(created)} ${JSON.stringify(created)} ${util.inspect(created)}`
    expect(text).not.toContain("ya29.oauth-token-1f")
    expect(text).not.toContain("AIza-picker-key-2e")
  })
})

describe("no secret in an error", () => {
  it.each(Object.keys(calls))("%s: no error of the table holds the token or a body's password", async (operation) => {
    for (
      const answer of [
        { status: 400, json: errorBody(400, "Client Error", null) },
        { status: 401, json: errorBody(401, "Authorization Exception", null) },
        { status: 403, json: errorBody(403, "Forbidden", null) },
        { status: 500, text: "oops" },
        // delete reads and discards a 2xx body: only the others refuse one
        ...(operation === "DeleteConnection" ? [] : [{ status: 200, text: "not json" }])
      ]
    ) {
      const { error, seen } = await failWith(operation, answer)
      expect(seen[0]!.headers["authorization"]).toBe(`Bearer ${apiToken}`)
      const text = renderings(error)
      expect(text).not.toContain(apiToken)
      expect(text).not.toContain(password)
    }
  })
})

describe("a transformClient that turns a status into a failure (HttpClient.filterStatusOk)", () => {
  it("the answer still goes through the operation's status table", async () => {
    for (
      const [status, expected] of [[401, MammothAnalyticsUnauthorizedError], [
        404,
        MammothAnalyticsDefaultError
      ]] as const
    ) {
      const { layer, seen } = recording(() => ({ status, json: errorBody(status, "x", null) }), {
        retry: RetryPolicy.none,
        transformClient: HttpClient.filterStatusOk
      })
      const error = await Effect.runPromise(
        Effect.provide(MammothAnalytics.use((m) => Effect.flip(m.connections.get({ ...scope, connectionKey }))), layer)
      )
      expect(error).toBeInstanceOf(expected)
      expect((error as MammothAnalyticsDefaultError).status).toBe(status)
      expect(seen).toHaveLength(1)
    }
  })
})
