/**
 * The client works over each `HttpClient` a user may already provide: the five operations over real HTTP on
 * 127.0.0.1, through `FetchHttpClient.layer` and through `@effect/platform-node`'s undici client.
 */
import { FetchHttpClient } from "@effect/platform"
import type { HttpClient, HttpClientError } from "@effect/platform"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { MammothAnalytics, RetryPolicy } from "../../src/v3/index.js"
import { loopbackServer } from "./loopbackServer.js"

const apiKey = "loopback-key-93c1e7"
const apiSecret = "loopback-secret-0d4a2b"
const apiToken = "mm_loopback-token-6b2f90"
const scope = { workspaceId: 4, projectId: 7, connectorKey: "cG9zdGdyZXM=" } as const
const connectionKey = "kvx3b8lhfe3ilk0wv4xu4fl539njerj0lmcr6wf8"
const collectionPath = "/api/v2/workspaces/4/projects/7/connectors/cG9zdGdyZXM%3D/connections"

const httpClients: ReadonlyArray<readonly [string, Layer.Layer<HttpClient.HttpClient>]> = [
  ["FetchHttpClient.layer", FetchHttpClient.layer],
  ["NodeHttpClient.layerUndici", NodeHttpClient.layerUndici]
]

/** The service over a given HttpClient layer, pointed at the loopback server; retries off so a failure shows. */
const mammoth = (serverUrl: string, httpClient: Layer.Layer<HttpClient.HttpClient>) =>
  MammothAnalytics.layer({
    apiKey: Redacted.make(apiKey),
    apiSecret: Redacted.make(apiSecret),
    serverUrl,
    retry: RetryPolicy.none
  }).pipe(Layer.provide(httpClient))

for (const [name, httpClient] of httpClients) {
  describe(`over ${name}`, () => {
    it.scopedLive("all five operations send the spec's requests and decode the answers", () =>
      Effect.gen(function*() {
        const server = yield* loopbackServer
        const results = yield* Effect.gen(function*() {
          const { connections } = yield* MammothAnalytics
          const listed = yield* connections.list(scope)
          const created = yield* connections.create({
            ...scope,
            requestBody: { database: "hubli_journal", hostname: "localhost", port: 5432, password: "pwd" }
          })
          const got = yield* connections.get({ ...scope, connectionKey, concern: "profiles", profile: "api" })
          const updated = yield* connections.update({
            ...scope,
            connectionKey,
            isExport: true,
            patch: [{ op: "replace", path: "connection", value: { database: "db2" } }]
          })
          const deleted = yield* connections.delete({ ...scope, connectionKey })
          return { listed, created, got, updated, deleted }
        }).pipe(Effect.provide(mammoth(server.serverUrl, httpClient)))

        expect(results.listed).toEqual({
          connections: [{ connectionKey: "k1", connectionConfig: { database: "db", port: 5432 } }]
        })
        expect(results.created).toEqual({ _tag: "Job", jobId: 17, statusCode: 202, failureReason: null })
        expect(results.got).toEqual({ connection_key: connectionKey, connection_config: { database: "db" } })
        expect(results.updated).toEqual({ connection_key: connectionKey, updated: true })
        expect(results.deleted).toBeUndefined()

        expect(server.received.map((r) => [r.method, r.path, r.query])).toEqual([
          ["GET", collectionPath, ""],
          ["POST", collectionPath, ""],
          ["GET", `${collectionPath}/${connectionKey}`, "?concern=profiles&profile=api"],
          ["PATCH", `${collectionPath}/${connectionKey}`, "?is_export=true"],
          ["DELETE", `${collectionPath}/${connectionKey}`, ""]
        ])
        for (const request of server.received) {
          expect(request.headers["x-api-key"]).toBe(apiKey)
          expect(request.headers["x-api-secret"]).toBe(apiSecret)
          expect(request.headers["x-workspace-id"]).toBe(String(scope.workspaceId))
          expect(request.headers["authorization"]).toBeUndefined()
          expect(request.headers["accept"]).toBe("application/json")
          expect(request.headers["user-agent"]).toMatch(/^mammoth-analytics-effect\//)
        }
        const [, post, , patch] = server.received
        expect(post!.headers["content-type"]).toMatch(/^application\/json/)
        expect(JSON.parse(post!.body)).toEqual({
          database: "hubli_journal",
          hostname: "localhost",
          port: 5432,
          password: "pwd"
        })
        expect(JSON.parse(patch!.body)).toEqual({
          patch: [{ op: "replace", path: "connection", value: { database: "db2" } }]
        })
      }))

    it.scopedLive("with a token: Authorization: Bearer, no key, secret or workspace header; 202s decoded", () =>
      Effect.gen(function*() {
        const server = yield* loopbackServer
        const layer = MammothAnalytics.layer({
          apiToken: Redacted.make(apiToken),
          serverUrl: server.serverUrl,
          retry: RetryPolicy.none
        }).pipe(Layer.provide(httpClient))
        const { created, exchange } = yield* Effect.gen(function*() {
          const { connections } = yield* MammothAnalytics
          yield* connections.list(scope)
          const created = yield* connections.create({ ...scope, requestBody: { database: "db" } })
          yield* connections.get({ ...scope, connectionKey, browseRoot: "root/ü", foldersOnly: false })
          yield* connections.update({
            ...scope,
            connectionKey,
            patch: [{ op: "replace", path: "connection", value: { database: "db2" } }]
          })
          yield* connections.delete({ ...scope, connectionKey })
          server.force({
            status: 202,
            body: { pending_id: "pending-1", access_token: "ya29.loopback-access", picker_api_key: "AIza-loopback" }
          })
          const exchange = yield* connections.create({ ...scope, requestBody: { database: "db" } })
          return { created, exchange }
        }).pipe(Effect.provide(layer))
        expect(created).toEqual({ _tag: "Job", jobId: 17, statusCode: 202, failureReason: null })
        expect(exchange._tag).toBe("OAuthExchange")
        if (exchange._tag === "OAuthExchange") {
          expect(exchange.pendingId).toBe("pending-1")
          expect(Redacted.value(exchange.accessToken)).toBe("ya29.loopback-access")
          expect(JSON.stringify(exchange)).not.toContain("ya29.loopback-access")
          expect(JSON.stringify(exchange)).not.toContain("AIza-loopback")
        }
        expect(server.received).toHaveLength(6)
        expect(server.received[2]!.query).toBe("?browse_root=root%2F%C3%BC&folders_only=false")
        for (const request of server.received) {
          expect(request.headers["authorization"]).toBe(`Bearer ${apiToken}`)
          expect(request.headers["x-api-key"]).toBeUndefined()
          expect(request.headers["x-api-secret"]).toBeUndefined()
          expect(request.headers["x-workspace-id"]).toBeUndefined()
        }
      }))

    it.scopedLive("a 403 body becomes MammothAnalyticsForbiddenError, not retried by the standard policy", () =>
      Effect.gen(function*() {
        const server = yield* loopbackServer
        server.force({ status: 403, body: { status_code: 403, detail: "Authorization Exception", extra: null } })
        const standard = MammothAnalytics.layer({ apiToken: Redacted.make(apiToken), serverUrl: server.serverUrl })
          .pipe(Layer.provide(httpClient))
        const error = yield* Effect.flatMap(MammothAnalytics, (m) => m.connections.delete({ ...scope, connectionKey }))
          .pipe(Effect.flip, Effect.provide(standard))
        expect(error._tag).toBe("MammothAnalyticsForbiddenError")
        if (error._tag === "MammothAnalyticsForbiddenError") {
          expect(error.status).toBe(403)
          expect(error.statusCode).toBe(403)
          expect(error.detail).toBe("Authorization Exception")
          expect(error.extra).toBeNull()
          expect(error.operation).toBe("DeleteConnection")
        }
        expect(server.received).toHaveLength(1)
      }))

    it.scopedLive("a 401 body becomes MammothAnalyticsUnauthorizedError with its status and detail", () =>
      Effect.gen(function*() {
        const server = yield* loopbackServer
        server.force({ status: 401, body: { status_code: 401, detail: "Authorization Exception", extra: {} } })
        const error = yield* Effect.flatMap(MammothAnalytics, (m) => m.connections.get({ ...scope, connectionKey }))
          .pipe(Effect.flip, Effect.provide(mammoth(server.serverUrl, httpClient)))
        expect(error._tag).toBe("MammothAnalyticsUnauthorizedError")
        if (error._tag === "MammothAnalyticsUnauthorizedError") {
          expect(error.status).toBe(401)
          expect(error.detail).toBe("Authorization Exception")
          expect(error.operation).toBe("GetConnection")
        }
      }))

    it.scopedLive("a refused connection is a MammothAnalyticsTransportError (ECONNREFUSED) that carries no credential", () =>
      Effect.gen(function*() {
        // a port that was just ours and is now closed: nothing listens there
        const closedUrl = yield* Effect.scoped(Effect.map(loopbackServer, (server) => server.serverUrl))
        const error = yield* Effect.flatMap(MammothAnalytics, (m) => m.connections.list(scope))
          .pipe(Effect.flip, Effect.provide(mammoth(closedUrl, httpClient)))
        expect(error._tag).toBe("MammothAnalyticsTransportError")
        if (error._tag === "MammothAnalyticsTransportError") {
          expect(error.code).toBe("ECONNREFUSED")
          expect(error.operation).toBe("ListConnections")
          expect(error.method).toBe("GET")
          expect(error.url).toBe(`${closedUrl}/workspaces/4/projects/7/connectors/cG9zdGdyZXM%3D/connections`)
          expect(error.description).not.toBe("")
          // the platform's RequestError, rebuilt on a request without headers or body
          const cause = error.cause as HttpClientError.RequestError
          expect(cause._tag).toBe("RequestError")
          expect(cause.reason).toBe("Transport")
          expect(cause.request.headers).toEqual({})
          expect(cause.request.body._tag).toBe("Empty")
        }
        const rendered = `${JSON.stringify(error)} ${String(error)} ${JSON.stringify(error.toJSON())}`
        expect(rendered).not.toContain(apiKey)
        expect(rendered).not.toContain(apiSecret)
      }))
  })
}
