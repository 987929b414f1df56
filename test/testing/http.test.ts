import { FetchHttpClient } from "@effect/platform"
import type { HttpClientError } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Redacted, Scope } from "effect"
import * as Http from "node:http"
import { MammothAnalytics, RetryPolicy } from "../../src/v3/index.js"
import type * as MammothAnalyticsModule from "../../src/v3/MammothAnalytics.js"
import { MammothFake } from "../../src/v3/testing/index.js"

const scope = { workspaceId: 4, projectId: 4, connectorKey: "cG9zdGdyZXM=" } as const

/** The two credential forms: the token (the API's primary credential), and the deprecated key and secret. */
const credentialForms = {
  token: { apiToken: MammothFake.token },
  "key and secret": MammothFake.credentials
} as const

const clientOf = (
  server: MammothFake.FakeServer,
  credentials: MammothAnalyticsModule.Credentials = credentialForms.token
) =>
  MammothAnalytics.make({ ...credentials, serverUrl: server.url, retry: RetryPolicy.none }).pipe(
    Effect.provide(FetchHttpClient.layer)
  )

/** One request over a keep-alive agent, so the server holds an open connection afterwards. */
const keepAliveGet = (url: string, agent: Http.Agent) =>
  Effect.async<number>((resume) => {
    Http.get(url, { agent }, (res) => {
      res.resume()
      res.on("end", () => resume(Effect.succeed(res.statusCode ?? 0)))
    }).on("error", () => resume(Effect.succeed(-1)))
  })

describe("MammothFake.serve over real HTTP", () => {
  for (const [form, credentials] of Object.entries(credentialForms)) {
    it.scoped(`listens on 127.0.0.1 on a free port and serves the five operations to the real client (${form})`, () =>
      Effect.gen(function*() {
        const server = yield* MammothFake.serve()
        expect(server.url).toBe(`http://127.0.0.1:${server.port}/api/v2`)
        expect(server.port).toBeGreaterThan(0)
        const mammoth = yield* clientOf(server, credentials)
        const created = yield* mammoth.connections.create({
          ...scope,
          requestBody: { database: "db", password: "pwd" }
        })
        expect(created).toMatchObject({ _tag: "Job", jobId: 1, failureReason: null })
        const { connections } = yield* mammoth.connections.list(scope)
        expect(connections).toHaveLength(1)
        const { connectionConfig, connectionKey } = connections[0]!
        expect(connectionConfig).toEqual({ database: "db", password: MammothFake.secretMask })
        expect(yield* mammoth.connections.get({ ...scope, connectionKey, isExport: false })).toEqual({
          connection_key: connectionKey,
          connection_config: connectionConfig
        })
        yield* mammoth.connections.update({
          ...scope,
          connectionKey,
          patch: [{ op: "replace", path: "connection", value: { database: "db2" } }]
        })
        yield* mammoth.connections.delete({ ...scope, connectionKey })
        const gone = yield* Effect.flip(mammoth.connections.get({ ...scope, connectionKey }))
        expect(gone._tag).toBe("MammothAnalyticsClientError")
        expect(yield* server.fake.stats).toMatchObject({
          requests: { list: 1, create: 1, get: 2, update: 1, delete: 1, unmatched: 0 },
          createsApplied: 1
        })
      }))
  }

  it.scoped("a workspace the credentials do not reach is a MammothAnalyticsForbiddenError on every operation", () =>
    Effect.gen(function*() {
      const server = yield* MammothFake.serve({ workspaces: [4] })
      const mammoth = yield* clientOf(server)
      const elsewhere = { ...scope, workspaceId: 5 }
      const connectionKey = "abc"
      const failures = [
        yield* Effect.flip(mammoth.connections.list(elsewhere)),
        yield* Effect.flip(mammoth.connections.create({ ...elsewhere, requestBody: { database: "db" } })),
        yield* Effect.flip(mammoth.connections.get({ ...elsewhere, connectionKey })),
        yield* Effect.flip(mammoth.connections.update({ ...elsewhere, connectionKey, patch: [] })),
        yield* Effect.flip(mammoth.connections.delete({ ...elsewhere, connectionKey }))
      ]
      expect(failures.map((f) => f._tag)).toEqual(Array(5).fill("MammothAnalyticsForbiddenError"))
      for (const failure of failures) {
        if (failure._tag !== "MammothAnalyticsForbiddenError") continue
        expect([failure.status, failure.statusCode, failure.detail]).toEqual([403, 403, "Forbidden"])
        expect(failure.extra).toEqual({ workspace_id: 5 })
      }
      expect((yield* server.fake.stats).totalRequests).toBe(5)
    }))

  it.scoped("401 without credentials and 404 for an unknown path, as JSON bodies", () =>
    Effect.gen(function*() {
      const server = yield* MammothFake.serve()
      const noAuth = yield* Effect.promise(() =>
        fetch(`${server.url}/workspaces/4/projects/4/connectors/x/connections`).then(async (r) => ({
          status: r.status,
          body: await r.json()
        }))
      )
      expect(noAuth).toEqual({
        status: 401,
        body: {
          status_code: 401,
          detail: "Missing credentials: Authorization: Bearer <token>, or X-API-KEY and X-API-SECRET",
          extra: {}
        }
      })
      const unknown = yield* Effect.promise(() =>
        fetch(`http://127.0.0.1:${server.port}/elsewhere`, {
          headers: { "x-api-key": Redacted.value(MammothFake.credentials.apiKey) }
        }).then((r) => r.status)
      )
      expect(unknown).toBe(404)
    }))

  it.scoped("a reset fault resets the socket: a transport error, and the next request is served", () =>
    Effect.gen(function*() {
      const server = yield* MammothFake.serve({ faults: { script: [MammothFake.reset()] } })
      const mammoth = yield* clientOf(server)
      const failure = yield* Effect.flip(mammoth.connections.list(scope))
      expect(failure._tag).toBe("MammothAnalyticsTransportError")
      if (failure._tag === "MammothAnalyticsTransportError") {
        expect(failure.operation).toBe("ListConnections")
        expect(failure.method).toBe("GET")
        expect(failure.url.startsWith(server.url)).toBe(true)
        expect(failure.code).toBe("ECONNRESET")
        expect(failure.description).not.toBe("")
        // the platform's RequestError, rebuilt on a request without its headers (the token) and body
        const cause = failure.cause as HttpClientError.RequestError
        expect(cause).toMatchObject({ _tag: "RequestError", reason: "Transport" })
        expect(cause.request.headers).toEqual({})
      }
      expect((yield* mammoth.connections.list(scope)).connections).toEqual([])
      expect((yield* server.fake.stats).requests.list).toBe(2)
    }))

  it.effect("closing the scope closes the server and its keep-alive connections", () =>
    Effect.gen(function*() {
      const agent = new Http.Agent({ keepAlive: true, maxSockets: 1 })
      const serverScope = yield* Scope.make()
      const server = yield* MammothFake.serve().pipe(Scope.extend(serverScope))
      expect(yield* keepAliveGet(`${server.url}/nowhere`, agent)).toBe(404)
      yield* Scope.close(serverScope, Exit.void)
      // the pooled socket was closed by the server, and nothing listens any more
      expect(yield* keepAliveGet(`${server.url}/nowhere`, agent)).toBe(-1)
      agent.destroy()
    }))

  it.scoped("a fake shared between serve and the in-memory layer has one state", () =>
    Effect.gen(function*() {
      const fake = yield* MammothFake.make()
      const server = yield* MammothFake.serve({ fake })
      const overHttp = yield* clientOf(server)
      yield* overHttp.connections.create({ ...scope, requestBody: { database: "db" } })
      const inMemory = yield* MammothAnalytics.pipe(Effect.provide(MammothFake.layer({ fake })))
      expect((yield* inMemory.connections.list(scope)).connections).toHaveLength(1)
      expect((yield* fake.stats).requests).toMatchObject({ create: 1, list: 1 })
    }))

  it.effect("a taken port is a MammothFakeServerError", () =>
    Effect.gen(function*() {
      const failure = yield* Effect.scoped(
        Effect.gen(function*() {
          const first = yield* MammothFake.serve()
          return yield* Effect.flip(MammothFake.serve({ port: first.port }))
        })
      )
      expect(failure._tag).toBe("MammothFakeServerError")
    }))
})
