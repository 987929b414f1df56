/**
 * The five operations over real HTTP, against a node:http server on 127.0.0.1, through both HttpClients a
 * Node user may provide.
 */
import { FetchHttpClient, HttpClient } from "@effect/platform"
import type { HttpClientError } from "@effect/platform"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import type { ConfigError } from "effect"
import { Effect, Layer, Redacted, Schedule } from "effect"
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import * as util from "node:util"
import type { MammothAnalyticsForbiddenError } from "../../src/v3/index.js"
import {
  MammothAnalytics,
  MammothAnalyticsClientError,
  MammothAnalyticsDefaultError,
  MammothAnalyticsTimeoutError,
  MammothAnalyticsTransportError,
  MammothAnalyticsUnauthorizedError,
  RetryPolicy
} from "../../src/v3/index.js"
import { apiKey, apiSecret, apiToken, scope } from "../support/recordingClient.js"

interface Seen {
  readonly method: string
  readonly url: string
  readonly headers: http.IncomingHttpHeaders
  readonly body: string
}

/** A loopback server answering like Mammoth for one connection "k1"; it records what it sees. */
const loopbackServer = Effect.acquireRelease(
  Effect.async<{ readonly server: http.Server; readonly seen: Array<Seen>; readonly url: string }>((resume) => {
    const seen: Array<Seen> = []
    const server = http.createServer((req, res) => {
      let body = ""
      req.setEncoding("utf8")
      req.on("data", (chunk: string) => (body += chunk))
      req.on("end", () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body })
        const json = (status: number, value: unknown, headers: http.OutgoingHttpHeaders = {}) => {
          res.writeHead(status, { "content-type": "application/json", ...headers })
          res.end(JSON.stringify(value))
        }
        const path = new URL(req.url!, "http://x").pathname
        // as the live API: a bearer token, or the key and secret with X-WORKSPACE-ID naming the path's workspace
        const workspace = /\/workspaces\/([^/]+)\//.exec(path)?.[1]
        const authorization = req.headers["authorization"]
        const authenticated = authorization !== undefined
          ? authorization === `Bearer ${apiToken}`
          : req.headers["x-api-key"] === apiKey && req.headers["x-api-secret"] === apiSecret &&
            req.headers["x-workspace-id"] === workspace
        if (!authenticated) {
          return json(401, { status_code: 401, detail: "Unauthorized", extra: {} })
        }
        if (workspace === "5") {
          return json(403, { status_code: 403, detail: "Authorization Exception", extra: { workspace_id: 5 } })
        }
        const collection = "/api/v2/workspaces/4/projects/4/connectors/cG9zdGdyZXM%3D/connections"
        if (path === "/api/v2/redirect/workspaces/4/projects/4/connectors/cG9zdGdyZXM%3D/connections") {
          res.writeHead(307, { location: `http://127.0.0.1:1${collection}` })
          return res.end()
        }
        if (path === collection && req.method === "GET") {
          return json(200, { connections: [{ connection_key: "k1", connection_config: { database: "db" } }] })
        }
        if (path === collection && req.method === "POST") {
          return json(201, { connection_key: "k2", connection_config: JSON.parse(body) })
        }
        if (path === `${collection}/k1`) {
          if (req.method === "GET") return json(200, { connection_key: "k1", connection_config: { database: "db" } })
          if (req.method === "PATCH") {
            return json(200, { connection_key: "k1", connection_config: JSON.parse(body).patch[0].value })
          }
          if (req.method === "DELETE") {
            res.writeHead(204)
            return res.end()
          }
        }
        if (path.startsWith(`${collection}/`)) {
          return json(400, { status_code: 400, detail: "Connection not found", extra: {} })
        }
        return json(404, { detail: "Not Found" })
      })
    })
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      resume(Effect.succeed({ server, seen, url: `http://127.0.0.1:${port}/api/v2` }))
    })
  }),
  ({ server }) =>
    Effect.async<void>((resume) => {
      server.closeAllConnections()
      server.close(() => resume(Effect.void))
    })
)

const clients = [
  ["FetchHttpClient.layer", FetchHttpClient.layer],
  ["NodeHttpClient.layerUndici", NodeHttpClient.layerUndici]
] as const

describe("over real HTTP on 127.0.0.1", () => {
  for (const [name, clientLayer] of clients) {
    describe(name, () => {
      const live = (url: string, secret = apiSecret) =>
        MammothAnalytics.layer({
          apiKey: Redacted.make(apiKey),
          apiSecret: Redacted.make(secret),
          serverUrl: url,
          retry: RetryPolicy.none
        })
          .pipe(Layer.provide(clientLayer))

      it.scoped("all five operations", () =>
        Effect.gen(function*() {
          const { seen, url } = yield* loopbackServer
          const results = yield* Effect.gen(function*() {
            const { connections } = yield* MammothAnalytics
            return [
              yield* connections.list(scope),
              yield* connections.create({ ...scope, requestBody: { database: "db2", port: 5432 } }),
              yield* connections.get({ ...scope, connectionKey: "k1", concern: "ds_config_spec", isExport: true }),
              yield* connections.update({
                ...scope,
                connectionKey: "k1",
                patch: [{ op: "replace", path: "connection", value: { database: "db3" } }]
              }),
              yield* connections.delete({ ...scope, connectionKey: "k1" })
            ]
          }).pipe(Effect.provide(live(url)))
          expect(results).toEqual([
            { connections: [{ connectionKey: "k1", connectionConfig: { database: "db" } }] },
            { _tag: "Created", body: { connection_key: "k2", connection_config: { database: "db2", port: 5432 } } },
            { connection_key: "k1", connection_config: { database: "db" } },
            { connection_key: "k1", connection_config: { database: "db3" } },
            undefined
          ])
          expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
            "GET /api/v2/workspaces/4/projects/4/connectors/cG9zdGdyZXM%3D/connections",
            "POST /api/v2/workspaces/4/projects/4/connectors/cG9zdGdyZXM%3D/connections",
            "GET /api/v2/workspaces/4/projects/4/connectors/cG9zdGdyZXM%3D/connections/k1?concern=ds_config_spec&is_export=true",
            "PATCH /api/v2/workspaces/4/projects/4/connectors/cG9zdGdyZXM%3D/connections/k1",
            "DELETE /api/v2/workspaces/4/projects/4/connectors/cG9zdGdyZXM%3D/connections/k1"
          ])
          expect(JSON.parse(seen[3]!.body)).toEqual({
            patch: [{ op: "replace", path: "connection", value: { database: "db3" } }]
          })
          for (const s of seen) {
            expect(s.headers["accept"]).toBe("application/json")
            expect(s.headers["user-agent"]).toMatch(/^mammoth-analytics-effect\/\d+\.\d+\.\d+/)
            expect(s.headers["x-api-key"]).toBe(apiKey)
            expect(s.headers["x-api-secret"]).toBe(apiSecret)
            expect(s.headers["x-workspace-id"]).toBe("4")
            expect(s.headers["authorization"]).toBeUndefined()
          }
        }))

      it.scoped("with a token: all five operations send `authorization: Bearer <token>` and nothing else of auth", () =>
        Effect.gen(function*() {
          const { seen, url } = yield* loopbackServer
          const layer = MammothAnalytics.layer({
            apiToken: Redacted.make(apiToken),
            serverUrl: url,
            retry: RetryPolicy.none
          })
            .pipe(Layer.provide(clientLayer))
          const at = { ...scope, workspaceId: 4 }
          yield* Effect.gen(function*() {
            const { connections } = yield* MammothAnalytics
            yield* connections.list(at)
            yield* connections.create({ ...at, requestBody: { database: "db2" } })
            yield* connections.get({ ...at, connectionKey: "k1", browseRoot: "/a b", foldersOnly: true })
            yield* connections.update({
              ...at,
              connectionKey: "k1",
              patch: [{ op: "replace", path: "connection", value: { database: "db3" } }]
            })
            yield* connections.delete({ ...at, connectionKey: "k1" })
          }).pipe(Effect.provide(layer))
          expect(seen).toHaveLength(5)
          expect(seen[2]!.url).toBe(
            "/api/v2/workspaces/4/projects/4/connectors/cG9zdGdyZXM%3D/connections/k1?browse_root=%2Fa%20b&folders_only=true"
          )
          for (const s of seen) {
            expect(s.headers["authorization"]).toBe(`Bearer ${apiToken}`)
            expect(s.headers["x-api-key"]).toBeUndefined()
            expect(s.headers["x-api-secret"]).toBeUndefined()
            expect(s.headers["x-workspace-id"]).toBeUndefined()
          }
        }))

      it.scoped("a 403 from a real answer is MammothAnalyticsForbiddenError, in either mode, list included", () =>
        Effect.gen(function*() {
          const { seen, url } = yield* loopbackServer
          const token = MammothAnalytics.layer({
            apiToken: Redacted.make(apiToken),
            serverUrl: url,
            retry: RetryPolicy.none
          }).pipe(Layer.provide(clientLayer))
          for (const layer of [live(url), token]) {
            const forbidden = yield* Effect.flip(
              Effect.flatMap(MammothAnalytics, (m) => m.connections.list({ ...scope, workspaceId: 5 })).pipe(
                Effect.provide(layer)
              )
            )
            expect(forbidden._tag).toBe("MammothAnalyticsForbiddenError")
            const e = forbidden as MammothAnalyticsForbiddenError
            expect(e.operation).toBe("ListConnections")
            expect(e.statusCode).toBe(403)
            expect(e.detail).toBe("Authorization Exception")
            expect(e.extra).toEqual({ workspace_id: 5 })
          }
          // the standard policy does not retry it
          const standard = MammothAnalytics.layer({ apiToken: Redacted.make(apiToken), serverUrl: url })
            .pipe(Layer.provide(clientLayer))
          const before = seen.length
          const error = yield* Effect.flip(
            Effect.flatMap(
              MammothAnalytics,
              (m) => m.connections.get({ ...scope, workspaceId: 5, connectionKey: "k1" })
            )
              .pipe(Effect.provide(standard))
          )
          expect(error._tag).toBe("MammothAnalyticsForbiddenError")
          expect(seen.length - before).toBe(1)
        }))

      it.scoped("a serverUrl with a user and password, even to this server, sends nothing", () =>
        Effect.gen(function*() {
          const { seen, url } = yield* loopbackServer
          const withPassword = url.replace("http://", "http://bob:pw-5e0b1c@")
          const error = yield* Effect.flip(
            Effect.flatMap(MammothAnalytics, (m) => m.connections.list(scope)).pipe(
              Effect.provide(live(withPassword))
            )
          )
          expect(error._tag).toBe("ConfigError")
          expect(`${String(error)} ${JSON.stringify(error)} ${util.inspect(error)}`).not.toContain("pw-5e0b1c")
          expect(seen).toHaveLength(0)
        }))

      it.scoped("typed errors from real answers", () =>
        Effect.gen(function*() {
          const { url } = yield* loopbackServer
          const unknown = yield* Effect.flip(
            Effect.flatMap(MammothAnalytics, (m) => m.connections.get({ ...scope, connectionKey: "nope" })).pipe(
              Effect.provide(live(url))
            )
          )
          expect(unknown).toBeInstanceOf(MammothAnalyticsClientError)
          const denied = yield* Effect.flip(
            Effect.flatMap(MammothAnalytics, (m) => m.connections.get({ ...scope, connectionKey: "k1" })).pipe(
              Effect.provide(live(url, "wrong-secret"))
            )
          )
          expect(denied).toBeInstanceOf(MammothAnalyticsUnauthorizedError)
        }))

      it.scoped("a refused connection is a MammothAnalyticsTransportError that RetryPolicy.isNotTaken recognises", () =>
        Effect.gen(function*() {
          // a port that was just free: listen, note it, close
          const { url } = yield* Effect.scoped(loopbackServer)
          const error = yield* Effect.flip(
            Effect.flatMap(MammothAnalytics, (m) => m.connections.create({ ...scope, requestBody: {} })).pipe(
              Effect.provide(live(url))
            )
          )
          expect(error).toBeInstanceOf(MammothAnalyticsTransportError)
          const e = error as MammothAnalyticsTransportError
          expect(e.code).toBe("ECONNREFUSED")
          expect(e.operation).toBe("SaveConnection")
          expect(e.method).toBe("POST")
          expect(e.url).toBe(`${url}/workspaces/4/projects/4/connectors/cG9zdGdyZXM%3D/connections`)
          // the platform's RequestError, rebuilt without the request's headers (credentials) and body
          const cause = e.cause as HttpClientError.RequestError
          expect(cause._tag).toBe("RequestError")
          expect(cause.reason).toBe("Transport")
          expect(cause.request.headers).toEqual({})
          expect(cause.request.body._tag).toBe("Empty")
          expect(RetryPolicy.isNotTaken(error)).toBe(true)
          expect(RetryPolicy.isTransient(error)).toBe(true)
        }))

      it.scoped("a redirect is not followed: the keys never travel to another host", () =>
        Effect.gen(function*() {
          const { seen, url } = yield* loopbackServer
          const error = yield* Effect.flip(
            Effect.flatMap(MammothAnalytics, (m) => m.connections.list(scope)).pipe(
              Effect.provide(live(url.replace("/api/v2", "/api/v2/redirect")))
            )
          )
          expect(error).toBeInstanceOf(MammothAnalyticsDefaultError)
          expect((error as MammothAnalyticsDefaultError).status).toBe(307)
          expect(seen).toHaveLength(1)
        }))
    })
  }
})

/** A server on 127.0.0.1 answering with `handler`; it records the paths it saw and closes with the scope. */
const rawServer = (handler: (req: http.IncomingMessage, res: http.ServerResponse) => void) =>
  Effect.acquireRelease(
    Effect.async<{ readonly server: http.Server; readonly paths: Array<string>; readonly url: string }>((resume) => {
      const paths: Array<string> = []
      const server = http.createServer((req, res) => {
        paths.push(req.url!)
        handler(req, res)
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        resume(Effect.succeed({ server, paths, url: `http://127.0.0.1:${port}/api/v2` }))
      })
    }),
    ({ server }) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  )

describe("a per-attempt timeout with a transformClient (interrupted, not aborted: a transform may wait or send more)", () => {
  const layerWith = (url: string, transformClient: (client: HttpClient.HttpClient) => HttpClient.HttpClient) =>
    MammothAnalytics.layer({
      apiToken: Redacted.make(apiToken),
      serverUrl: url,
      timeout: "200 millis",
      retry: RetryPolicy.none,
      transformClient
    }).pipe(Layer.provide(FetchHttpClient.layer))
  // a guard for the test itself: a timeout that did not hold would hang, not fail
  const listWithin = (layer: Layer.Layer<MammothAnalytics, ConfigError.ConfigError>) =>
    Effect.flatMap(MammothAnalytics, (m) => Effect.flip(m.connections.list(scope))).pipe(
      Effect.timeout("5 seconds"),
      Effect.provide(layer)
    )

  it.scopedLive("a redirect followed by the transform to a server that never answers times out", () =>
    Effect.gen(function*() {
      const { paths, url } = yield* rawServer((req, res) => {
        if (req.url === "/stall") return // never answers
        res.writeHead(302, { location: "/stall" })
        res.end()
      })
      const error = yield* listWithin(layerWith(url, (client) => HttpClient.followRedirects(client, 3)))
      expect(error).toBeInstanceOf(MammothAnalyticsTimeoutError)
      expect(paths).toContain("/stall")
    }))

  it.scopedLive("a transform that retries on its own is bounded by the attempt's timeout", () =>
    Effect.gen(function*() {
      const { url } = yield* rawServer((_, res) => {
        res.writeHead(503)
        res.end()
      })
      const error = yield* listWithin(
        layerWith(
          url,
          (client) =>
            HttpClient.retryTransient(HttpClient.filterStatusOk(client), { schedule: Schedule.spaced("50 millis") })
        )
      )
      expect(error).toBeInstanceOf(MammothAnalyticsTimeoutError)
    }))
})
