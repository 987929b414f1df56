/**
 * Every error tag of the table, produced from real-shaped answers, through the public API.
 */
import { HttpClient, HttpClientError } from "@effect/platform"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Fiber, Layer, Redacted, TestClock } from "effect"
import * as net from "node:net"
import type { AddressInfo } from "node:net"
import * as util from "node:util"
import type { Connections } from "../../src/v3/index.js"
import {
  MammothAnalytics,
  MammothAnalyticsClientError,
  MammothAnalyticsDefaultError,
  MammothAnalyticsForbiddenError,
  MammothAnalyticsResponseValidationError,
  MammothAnalyticsTimeoutError,
  MammothAnalyticsTransportError,
  MammothAnalyticsUnauthorizedError,
  MammothAnalyticsValidationError,
  RetryPolicy
} from "../../src/v3/index.js"
import type { Answer } from "../support/recordingClient.js"
import { apiKey, apiSecret, apiToken, errorBody, mammothOver, scope } from "../support/recordingClient.js"

const connectionKey = "kvx3b8lhfe3ilk0wv4xu4fl539njerj0lmcr6wf8"

/** One call of each operation, by operationId. */
const calls: Record<string, (c: Connections.Connections) => Effect.Effect<unknown, unknown>> = {
  ListConnections: (c) => c.list(scope),
  SaveConnection: (c) => c.create({ ...scope, requestBody: { database: "db", password: "hunter2-pw" } }),
  GetConnection: (c) => c.get({ ...scope, connectionKey }),
  UpdateConnection: (c) =>
    c.update({
      ...scope,
      connectionKey,
      patch: [{ op: "replace", path: "connection", value: { password: "hunter2-pw" } }]
    }),
  DeleteConnection: (c) => c.delete({ ...scope, connectionKey })
}
const withBodies = ["SaveConnection", "GetConnection", "UpdateConnection", "DeleteConnection"] as const

const failWith = (operation: string, answer: Answer) => {
  const { layer, seen } = mammothOver(() => answer, { retry: RetryPolicy.none })
  return Effect.provide(
    Effect.flatMap(MammothAnalytics, (m) => Effect.flip(calls[operation]!(m.connections))),
    layer
  ).pipe(Effect.map((error) => ({ error, seen })))
}

/**
 * One call under the layer's default policy (`RetryPolicy.standard`), the TestClock moved past the policy's
 * whole budget: a failure the policy retried would show as more than one request.
 */
const failUnderStandardPolicy = (operation: string, answer: Answer) =>
  Effect.gen(function*() {
    const { layer, seen } = mammothOver(() => answer)
    const fiber = yield* Effect.fork(
      Effect.provide(Effect.flatMap(MammothAnalytics, (m) => Effect.flip(calls[operation]!(m.connections))), layer)
    )
    for (let elapsed = 0; elapsed < 20_000; elapsed += 250) yield* TestClock.adjust(Duration.millis(250))
    const error = yield* Fiber.join(fiber)
    return { error, seen }
  })

/** Everything a user could print of an error. */
const renderings = (error: unknown): string =>
  [String(error), JSON.stringify(error), util.inspect(error, { depth: 10 }), (error as Error).message].join("\n")

describe("errors", () => {
  for (const operation of withBodies) {
    describe(operation, () => {
      it.effect("400 with a list `extra` is MammothAnalyticsValidationError", () =>
        Effect.gen(function*() {
          const extra = [{ message: "must be >= 1", key: "workspace_id", source: "path" }]
          const { error } = yield* failWith(operation, {
            status: 400,
            json: errorBody(400, "Validation Exception", extra)
          })
          expect(error).toBeInstanceOf(MammothAnalyticsValidationError)
          const e = error as MammothAnalyticsValidationError
          expect(e._tag).toBe("MammothAnalyticsValidationError")
          expect(e.operation).toBe(operation)
          expect(e.status).toBe(400)
          expect(e.statusCode).toBe(400)
          expect(e.detail).toBe("Validation Exception")
          expect(e.extra).toEqual(extra)
          expect(e.issues).toEqual(extra)
          expect(e.headers["content-type"]).toBe("application/json")
          expect(JSON.parse(e.body)).toEqual(errorBody(400, "Validation Exception", extra))
          expect(e.message).toBe(`${operation}: validation failed (HTTP 400): Validation Exception`)
        }))

      it.effect("400 with an object or null `extra` is MammothAnalyticsClientError", () =>
        Effect.gen(function*() {
          for (const extra of [{}, { connection_key: "unknown" }, null]) {
            const { error } = yield* failWith(operation, { status: 400, json: errorBody(400, "Bad Request", extra) })
            expect(error).toBeInstanceOf(MammothAnalyticsClientError)
            const e = error as MammothAnalyticsClientError
            expect(e.operation).toBe(operation)
            expect(e.status).toBe(400)
            expect(e.detail).toBe("Bad Request")
            expect(e.extra).toEqual(extra)
          }
        }))

      it.effect("401 is MammothAnalyticsUnauthorizedError", () =>
        Effect.gen(function*() {
          const { error } = yield* failWith(operation, { status: 401, json: errorBody(401, "Unauthorized", {}) })
          expect(error).toBeInstanceOf(MammothAnalyticsUnauthorizedError)
          const e = error as MammothAnalyticsUnauthorizedError
          expect(e.operation).toBe(operation)
          expect(e.statusCode).toBe(401)
          expect(e.detail).toBe("Unauthorized")
          expect(e.extra).toEqual({})
        }))

      it.effect("a 401 whose body is not the spec's (a proxy's page) is still MammothAnalyticsUnauthorizedError", () =>
        Effect.gen(function*() {
          const { error } = yield* failWith(operation, {
            status: 401,
            text: "<html>denied</html>",
            headers: { "content-type": "text/html" }
          })
          expect(error).toBeInstanceOf(MammothAnalyticsUnauthorizedError)
          const e = error as MammothAnalyticsUnauthorizedError
          expect(e.statusCode).toBe(401)
          expect(e.detail).toBe("Unauthorized")
          expect(e.extra).toBeNull()
          expect(e.body).toBe("<html>denied</html>")
        }))
    })
  }

  describe("ListConnections", () => {
    it.effect("400 has no body in the spec: MammothAnalyticsDefaultError", () =>
      Effect.gen(function*() {
        const { error } = yield* failWith("ListConnections", { status: 400, json: errorBody(400, "x", {}) })
        expect(error).toBeInstanceOf(MammothAnalyticsDefaultError)
        expect((error as MammothAnalyticsDefaultError).status).toBe(400)
        expect((error as MammothAnalyticsDefaultError).operation).toBe("ListConnections")
      }))

    it.effect("401 is MammothAnalyticsUnauthorizedError and 403 MammothAnalyticsForbiddenError, body or none", () =>
      Effect.gen(function*() {
        for (
          const [status, Class] of [[401, MammothAnalyticsUnauthorizedError], [
            403,
            MammothAnalyticsForbiddenError
          ]] as const
        ) {
          const withBody = yield* failWith("ListConnections", { status, json: errorBody(status, "no access", {}) })
          expect(withBody.error).toBeInstanceOf(Class)
          expect(withBody.error).toMatchObject({
            operation: "ListConnections",
            status,
            statusCode: status,
            detail: "no access"
          })
          const bodyless = yield* failWith("ListConnections", { status, text: "" })
          expect(bodyless.error).toBeInstanceOf(Class)
          expect(bodyless.error).toMatchObject({
            operation: "ListConnections",
            status,
            statusCode: status,
            extra: null
          })
        }
      }))

    it.effect("a 2xx body of the wrong shape is MammothAnalyticsResponseValidationError naming where and how", () =>
      Effect.gen(function*() {
        const { error } = yield* failWith("ListConnections", {
          status: 200,
          json: { connections: [{ connection_key: "", connection_config: {} }] }
        })
        expect(error).toBeInstanceOf(MammothAnalyticsResponseValidationError)
        const e = error as MammothAnalyticsResponseValidationError
        expect(e.operation).toBe("ListConnections")
        // the ParseError quotes the values it refused: it is not kept, the reason names the place and the kind
        expect(e.cause).toBeUndefined()
        expect(e.reason).toBe(
          "the body does not match ListConnectionsSchema: at [connections, 0, connection_key]: is not an accepted value"
        )
        expect(e.body).toBe(`{"connections":[{"connection_key":"<redacted>","connection_config":{}}]}`)
      }))
  })

  for (const operation of Object.keys(calls)) {
    // 403 has its own class on every operation (below)
    it.effect(`${operation}: other 4xx/5xx and 3xx are MammothAnalyticsDefaultError with status, headers and body`, () =>
      Effect.gen(function*() {
        for (const status of [302, 404, 409, 418, 500, 503]) {
          const { error } = yield* failWith(operation, {
            status,
            text: "upstream says no",
            headers: { "content-type": "text/plain", "set-cookie": "session=abc", "x-trace": "t1" }
          })
          expect(error).toBeInstanceOf(MammothAnalyticsDefaultError)
          const e = error as MammothAnalyticsDefaultError
          expect(e.status).toBe(status)
          expect(e.operation).toBe(operation)
          expect(e.body).toBe("upstream says no")
          expect(e.headers["x-trace"]).toBe("t1")
          expect(e.headers["set-cookie"]).toBe("<redacted>")
          expect(e.message).toBe(`${operation}: unexpected HTTP ${status}: upstream says no`)
        }
      }))

    if (operation !== "DeleteConnection") {
      it.effect(`${operation}: a 2xx body that is not JSON is MammothAnalyticsResponseValidationError`, () =>
        Effect.gen(function*() {
          const { error } = yield* failWith(operation, {
            status: 200,
            text: "<html>maintenance</html>",
            headers: { "content-type": "text/html" }
          })
          expect(error).toBeInstanceOf(MammothAnalyticsResponseValidationError)
          expect((error as MammothAnalyticsResponseValidationError).reason).toBe(
            "the body is not JSON (content-type text/html)"
          )
        }))
    }
  }

  describe("403 is MammothAnalyticsForbiddenError on every operation, list included, and never retried", () => {
    for (const operation of Object.keys(calls)) {
      it.effect(`${operation}: the spec's body is decoded; one attempt under the standard policy`, () =>
        Effect.gen(function*() {
          const extra = { workspace_id: 4 }
          const { error, seen } = yield* failUnderStandardPolicy(operation, {
            status: 403,
            json: errorBody(403, "Authorization Exception", extra),
            headers: { "x-trace": "t403", "set-cookie": "session=abc" }
          })
          // compare tags: a failed toBeInstanceOf on a Data error overflows vitest's differ
          expect((error as { _tag: string })._tag).toBe("MammothAnalyticsForbiddenError")
          expect(error instanceof MammothAnalyticsForbiddenError).toBe(true)
          const e = error as MammothAnalyticsForbiddenError
          expect(e.operation).toBe(operation)
          expect(e.status).toBe(403)
          expect(e.statusCode).toBe(403)
          expect(e.detail).toBe("Authorization Exception")
          expect(e.extra).toEqual(extra)
          expect(e.headers["x-trace"]).toBe("t403")
          expect(e.headers["set-cookie"]).toBe("<redacted>")
          expect(JSON.parse(e.body)).toEqual(errorBody(403, "Authorization Exception", extra))
          expect(e.message).toBe(`${operation}: forbidden (HTTP 403): Authorization Exception`)
          expect(seen).toHaveLength(1)
        }))

      it.effect(`${operation}: a 403 whose body is not the spec's (a proxy's page) is still Forbidden`, () =>
        Effect.gen(function*() {
          for (
            const answer of [
              { status: 403, text: "<html>forbidden</html>", headers: { "content-type": "text/html" } },
              { status: 403, text: "" },
              { status: 403, json: { detail: "no status_code" } }
            ] satisfies Array<Answer>
          ) {
            const { error, seen } = yield* failUnderStandardPolicy(operation, answer)
            expect((error as { _tag: string })._tag).toBe("MammothAnalyticsForbiddenError")
            const e = error as MammothAnalyticsForbiddenError
            expect(e.operation).toBe(operation)
            expect(e.status).toBe(403)
            expect(e.statusCode).toBe(403)
            expect(e.detail).toBe("Forbidden")
            expect(e.extra).toBeNull()
            expect(e.body).toBe(answer.text ?? JSON.stringify(answer.json))
            expect(seen).toHaveLength(1)
          }
        }))
    }
  })

  describe("SaveConnection's 202", () => {
    it.effect("a job field of the wrong type, or a body that is not an object, is ResponseValidationError", () =>
      Effect.gen(function*() {
        for (
          const json of [
            { job_id: "7" },
            { job_id: 1.5 },
            { status_code: "202", job_id: 7 },
            { job_id: 7, failure_reason: 12 },
            // some of the OAuth exchange's fields, but not a valid one: neither an exchange nor a job
            { pending_id: "p-1", access_token: "tok" },
            { pending_id: "p-1", access_token: "tok", picker_api_key: null },
            [{ job_id: 7 }],
            "queued",
            7,
            null
          ]
        ) {
          const { error, seen } = yield* failWith("SaveConnection", { status: 202, json })
          expect((error as { _tag: string })._tag).toBe("MammothAnalyticsResponseValidationError")
          const e = error as MammothAnalyticsResponseValidationError
          expect(e.operation).toBe("SaveConnection")
          expect(e.status).toBe(202)
          expect(e.reason).toMatch(/^the 202 body is neither an OAuth exchange nor a job: /)
          // the body may hold an OAuth token: the ParseError, whose rendering quotes values, is not kept
          expect(e.cause).toBeUndefined()
          // the body as sent, but for an OAuth token's value and the values refused: its keys still show
          expect(e.body).not.toContain(`"tok"`)
          if (typeof json === "object" && json !== null && !Array.isArray(json)) {
            expect(Object.keys(JSON.parse(e.body) as object)).toEqual(Object.keys(json))
          }
          expect(seen).toHaveLength(1)
        }
      }))

    it.effect("a malformed 202 holding OAuth credentials: the error shows neither, in any rendering", () =>
      Effect.gen(function*() {
        const accessToken = "ya29.oauth-SENTINEL-access"
        const pickerKey = "AIza-SENTINEL-picker"
        for (
          const answer of [
            { json: { access_token: accessToken, picker_api_key: pickerKey, pending_id: 7, status_code: "x" } },
            { json: { access_token: accessToken, picker_api_key: pickerKey, job_id: "7" } },
            // cut short: not JSON, so nothing of it is kept
            { text: `{"access_token": "${accessToken}", "picker_api_key": "${pickerKey}` }
          ]
        ) {
          const { error } = yield* failWith("SaveConnection", { status: 202, ...answer })
          expect((error as { _tag: string })._tag).toBe("MammothAnalyticsResponseValidationError")
          for (const rendering of [String(error), JSON.stringify(error), util.inspect(error, { depth: 10 })]) {
            expect(rendering).not.toContain(accessToken)
            expect(rendering).not.toContain(pickerKey)
          }
          const body = (error as MammothAnalyticsResponseValidationError).body
          if ("json" in answer) {
            expect(body).toContain(`"access_token":"<redacted>","picker_api_key":"<redacted>"`)
          } else expect(body).toBe("")
        }
      }))

    it.effect("a 202 body that is not JSON is ResponseValidationError", () =>
      Effect.gen(function*() {
        const { error } = yield* failWith("SaveConnection", {
          status: 202,
          text: "<html>accepted</html>",
          headers: { "content-type": "text/html" }
        })
        expect((error as { _tag: string })._tag).toBe("MammothAnalyticsResponseValidationError")
        expect((error as MammothAnalyticsResponseValidationError).reason).toBe(
          "the body is not JSON (content-type text/html)"
        )
      }))
  })

  it.effect("an error body is kept to a bounded size", () =>
    Effect.gen(function*() {
      const { error } = yield* failWith("GetConnection", { status: 500, text: "x".repeat(100_000) })
      expect((error as MammothAnalyticsDefaultError).body.length).toBe(16 * 1024)
      expect((error as MammothAnalyticsDefaultError).message.length).toBeLessThan(300)
    }))

  it.effect("a 2xx body over maxResponseBytes is refused", () =>
    Effect.gen(function*() {
      const { layer } = mammothOver(() => ({ status: 200, json: { connections: [], pad: "y".repeat(5000) } }), {
        maxResponseBytes: 1000
      })
      const error = yield* Effect.provide(
        Effect.flip(Effect.flatMap(MammothAnalytics, (m) => m.connections.list(scope))),
        layer
      )
      expect(error).toBeInstanceOf(MammothAnalyticsResponseValidationError)
      expect((error as MammothAnalyticsResponseValidationError).reason).toBe("the body is larger than 1000 bytes")
    }))

  it.effect("a transport failure is a MammothAnalyticsTransportError whose renderings hold no credential and no body", () =>
    Effect.gen(function*() {
      // A transport that fails the way @effect/platform's do: with the request, all headers and body, attached.
      const failing = HttpClient.make((request) =>
        Effect.fail(
          new HttpClientError.RequestError({ request, reason: "Transport", cause: new Error("socket hang up") })
        )
      )
      const layer = MammothAnalytics.layer({
        apiKey: Redacted.make(apiKey),
        apiSecret: Redacted.make(apiSecret),
        serverUrl: "http://127.0.0.1:4010/api/v2",
        retry: RetryPolicy.none
      }).pipe(Layer.provide(Layer.succeed(HttpClient.HttpClient, failing)))
      const error = yield* Effect.provide(
        Effect.flip(
          Effect.flatMap(
            MammothAnalytics,
            (m) => m.connections.create({ ...scope, requestBody: { password: "hunter2-pw" } })
          )
        ),
        layer
      )
      expect(error).toBeInstanceOf(MammothAnalyticsTransportError)
      const e = error as MammothAnalyticsTransportError
      const url = "http://127.0.0.1:4010/api/v2/workspaces/4/projects/4/connectors/cG9zdGdyZXM%3D/connections"
      expect(e.operation).toBe("SaveConnection")
      expect(e.method).toBe("POST")
      expect(e.url).toBe(url)
      expect(e.code).toBeUndefined()
      expect(e.description).toContain("socket hang up")
      expect(e.message).toBe(`SaveConnection: transport failure (POST ${url}): ${e.description}`)
      // the platform's RequestError, rebuilt on a request with no headers and no body
      const cause = e.cause as HttpClientError.RequestError
      expect(HttpClientError.isHttpClientError(cause)).toBe(true)
      expect(cause._tag).toBe("RequestError")
      expect(cause.reason).toBe("Transport")
      expect(cause.request.url).toBe(url)
      expect(cause.request.headers).toEqual({})
      expect(cause.request.body._tag).toBe("Empty")
      const all = renderings(error)
      expect(all).not.toContain(apiKey)
      expect(all).not.toContain(apiSecret)
      expect(all).not.toContain("hunter2-pw")
    }))

  it.scopedLive("a refused connection is a MammothAnalyticsTransportError with code ECONNREFUSED", () =>
    Effect.gen(function*() {
      // a loopback port that was just ours and is now closed: nothing listens there
      const port = yield* Effect.async<number>((resume) => {
        const probe = net.createServer()
        probe.listen(0, "127.0.0.1", () => {
          const { port } = probe.address() as AddressInfo
          probe.close(() => resume(Effect.succeed(port)))
        })
      })
      const layer = MammothAnalytics.layer({
        apiKey: Redacted.make(apiKey),
        apiSecret: Redacted.make(apiSecret),
        serverUrl: `http://127.0.0.1:${port}/api/v2`,
        retry: RetryPolicy.none
      }).pipe(Layer.provide(NodeHttpClient.layerUndici))
      const error = yield* Effect.provide(
        Effect.flip(Effect.flatMap(MammothAnalytics, (m) => m.connections.get({ ...scope, connectionKey }))),
        layer
      )
      expect(error).toBeInstanceOf(MammothAnalyticsTransportError)
      const e = error as MammothAnalyticsTransportError
      const url =
        `http://127.0.0.1:${port}/api/v2/workspaces/4/projects/4/connectors/cG9zdGdyZXM%3D/connections/${connectionKey}`
      expect(e._tag).toBe("MammothAnalyticsTransportError")
      expect(e.code).toBe("ECONNREFUSED")
      expect(e.operation).toBe("GetConnection")
      expect(e.method).toBe("GET")
      expect(e.url).toBe(url)
      expect(e.message).toBe(`GetConnection: transport failure (GET ${url}): ${e.description}`)
      expect((e.cause as HttpClientError.RequestError).request.headers).toEqual({})
      // a refused connection was never taken: the policies may retry it, whatever the method
      expect(RetryPolicy.isTransient(e)).toBe(true)
      expect(RetryPolicy.isNotTaken(e)).toBe(true)
      const all = renderings(error)
      expect(all).not.toContain(apiKey)
      expect(all).not.toContain(apiSecret)
    }))

  it.effect("an attempt that outlives its timeout is a MammothAnalyticsTimeoutError of scope attempt", () =>
    Effect.gen(function*() {
      // a transport that never answers
      const silent = HttpClient.make(() => Effect.never)
      const layer = MammothAnalytics.layer({
        apiKey: Redacted.make(apiKey),
        apiSecret: Redacted.make(apiSecret),
        serverUrl: "http://127.0.0.1:4010/api/v2",
        retry: RetryPolicy.none,
        timeout: "3 seconds"
      }).pipe(Layer.provide(Layer.succeed(HttpClient.HttpClient, silent)))
      const fiber = yield* Effect.fork(
        Effect.provide(Effect.flip(Effect.flatMap(MammothAnalytics, (m) => m.connections.list(scope))), layer)
      )
      yield* TestClock.adjust(Duration.seconds(3))
      const error = yield* Fiber.join(fiber)
      expect(error).toBeInstanceOf(MammothAnalyticsTimeoutError)
      const e = error as MammothAnalyticsTimeoutError
      expect(e.operation).toBe("ListConnections")
      expect(e.scope).toBe("attempt")
      expect(e.timeoutMillis).toBe(3_000)
      expect(e.description).toBe("an attempt timed out after 3s")
      expect(e.message).toBe("ListConnections: an attempt timed out after 3s")
      expect((e.cause as { _tag?: unknown })._tag).toBe("TimeoutException")
      expect(RetryPolicy.isTransient(e)).toBe(true)
      expect(RetryPolicy.isNotTaken(e)).toBe(false)
    }))

  it.effect("no error of the table carries a credential or a request body in any rendering", () =>
    Effect.gen(function*() {
      const answers: Array<Answer> = [
        { status: 400, json: errorBody(400, "Validation Exception", [{ message: "m", key: "k", source: "body" }]) },
        { status: 400, json: errorBody(400, "Bad Request", {}) },
        { status: 401, json: errorBody(401, "Unauthorized", {}) },
        { status: 403, json: errorBody(403, "Authorization Exception", {}) },
        { status: 500, text: "boom" },
        { status: 200, text: "not json" }
      ]
      for (const operation of Object.keys(calls)) {
        for (const answer of answers) {
          // delete reads no body: a 2xx of any content is its success
          if (operation === "DeleteConnection" && answer.status === 200) continue
          const { error } = yield* failWith(operation, answer)
          const all = renderings(error)
          expect(all).not.toContain(apiKey)
          expect(all).not.toContain(apiSecret)
          expect(all).not.toContain("hunter2-pw")
        }
      }
    }))

  it.effect("in token mode, no error of the table carries the token in any rendering", () =>
    Effect.gen(function*() {
      const answers: Array<Answer> = [
        { status: 400, json: errorBody(400, "Bad Request", {}) },
        { status: 401, json: errorBody(401, "Invalid bearer token", {}) },
        { status: 403, json: errorBody(403, "Authorization Exception", {}) },
        { status: 500, text: "boom" }
      ]
      for (const operation of Object.keys(calls)) {
        for (const answer of answers) {
          const { layer, seen } = mammothOver(() => answer, {
            apiToken: Redacted.make(apiToken),
            retry: RetryPolicy.none
          })
          const error = yield* Effect.provide(
            Effect.flatMap(MammothAnalytics, (m) => Effect.flip(calls[operation]!(m.connections))),
            layer
          )
          expect(seen[0]!.headers["authorization"]).toBe(`Bearer ${apiToken}`)
          const all = renderings(error)
          expect(all).not.toContain(apiToken)
          expect(all).not.toContain("hunter2-pw")
        }
      }
    }))
})
