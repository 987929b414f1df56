/**
 * The Effect 4 line over real sockets (`FetchHttpClient` and a node:http server on 127.0.0.1): per-attempt
 * timeouts, transport failures and what their errors show, redirects not followed, a body cut short.
 */
import type { Config } from "effect"
import { Effect, Layer, Redacted, Schedule } from "effect"
import { FetchHttpClient, HttpClient } from "effect/http"
import * as util from "node:util"
import { afterEach, describe, expect, it } from "vitest"
import type { MammothAnalyticsOptions } from "../../src/v4/index.js"
import {
  MammothAnalytics,
  MammothAnalyticsDefaultError,
  MammothAnalyticsTimeoutError,
  MammothAnalyticsTransportError,
  RetryPolicy
} from "../../src/v4/index.js"
import { apiKey, apiSecret, apiToken, scope } from "./support/fetch.js"
import type { TestServer } from "./support/server.js"
import { closedPort, startServer } from "./support/server.js"

const password = "pw-over-the-wire-3c"
const servers: Array<TestServer> = []

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

const serve = async (handler: Parameters<typeof startServer>[0]) => {
  const server = await startServer(handler)
  servers.push(server)
  return server
}

const over = (serverUrl: string, options: Partial<MammothAnalyticsOptions> = {}) =>
  MammothAnalytics.layer({ apiToken: Redacted.make(apiToken), serverUrl, ...options } as MammothAnalyticsOptions)
    .pipe(Layer.provide(FetchHttpClient.layer))

const fail = <A, E>(
  layer: Layer.Layer<MammothAnalytics, Config.ConfigError>,
  f: (m: MammothAnalytics["Service"]) => Effect.Effect<A, E>
) => Effect.runPromise(Effect.provide(MammothAnalytics.use((m) => Effect.flip(f(m))), layer))

const renderings = (error: unknown) =>
  [String(error), JSON.stringify(error), util.inspect(error, { depth: 12 }), (error as Error).message].join("\n")

const fastRetries = RetryPolicy.make(Schedule.spaced("5 millis").pipe(Schedule.upTo({ times: 2 })))

describe("over a real server", () => {
  it("a list answered by the server decodes", async () => {
    const server = await serve((_, res) => {
      res.writeHead(200, { "content-type": "application/json" })
      res.end(JSON.stringify({ connections: [{ connection_key: "k", connection_config: {} }] }))
    })
    const list = await Effect.runPromise(
      Effect.provide(MammothAnalytics.use((m) => m.connections.list(scope)), over(server.url))
    )
    expect(list).toEqual({ connections: [{ connectionKey: "k", connectionConfig: {} }] })
    expect(server.received[0]!.url).toBe("/api/v2/workspaces/4/projects/7/connectors/cG9zdGdyZXM%3D/connections")
    expect(server.received[0]!.headers["authorization"]).toBe(`Bearer ${apiToken}`)
  })

  it("an attempt that outlives its timeout is MammothAnalyticsTimeoutError of scope attempt, retried", async () => {
    const server = await serve((_, res) => {
      setTimeout(() => res.end(JSON.stringify({ connections: [] })), 2_000).unref()
    })
    const error = await fail(
      over(server.url, { timeout: "100 millis", retry: fastRetries }),
      (m) => m.connections.list(scope)
    )
    expect(error).toBeInstanceOf(MammothAnalyticsTimeoutError)
    const e = error as MammothAnalyticsTimeoutError
    expect(e.scope).toBe("attempt")
    expect(e.timeoutMillis).toBe(100)
    expect(e.operation).toBe("ListConnections")
    expect(e.message).toBe("ListConnections: an attempt timed out after 100ms")
    // list is idempotent: each timed-out attempt is retried, as the policy allows (two retries)
    expect(server.received).toHaveLength(3)
  })

  it("a call's timeout replaces the layer's", async () => {
    const server = await serve((_, res) => {
      setTimeout(() => res.end("{}"), 300).unref()
    })
    const layer = over(server.url, { timeout: "20 millis", retry: RetryPolicy.none })
    const got = await Effect.runPromise(
      Effect.provide(
        MammothAnalytics.use((m) => m.connections.get({ ...scope, connectionKey: "k" }, { timeout: "5 seconds" })),
        layer
      )
    )
    expect(got).toEqual({})
  })

  it("a refused connection is MammothAnalyticsTransportError ECONNREFUSED; no rendering holds a secret", async () => {
    const port = await closedPort()
    const layer = MammothAnalytics.layer({
      apiKey: Redacted.make(apiKey),
      apiSecret: Redacted.make(apiSecret),
      serverUrl: `http://127.0.0.1:${port}/api/v2`,
      retry: RetryPolicy.none
    }).pipe(Layer.provide(FetchHttpClient.layer))
    const error = await fail(layer, (m) => m.connections.create({ ...scope, requestBody: { password } }))
    expect(error).toBeInstanceOf(MammothAnalyticsTransportError)
    const e = error as MammothAnalyticsTransportError
    expect(e.operation).toBe("SaveConnection")
    expect(e.method).toBe("POST")
    expect(e.url).toBe(`http://127.0.0.1:${port}/api/v2/workspaces/4/projects/7/connectors/cG9zdGdyZXM%3D/connections`)
    expect(e.code).toBe("ECONNREFUSED")
    expect(e.description).toContain("ECONNREFUSED")
    const text = renderings(error)
    for (const secret of [apiKey, apiSecret, password]) expect(text).not.toContain(secret)
    // the cause is effect's own error, on a request without headers or body
    const cause = e.cause as { readonly _tag: string; readonly request: { readonly headers: object } }
    expect(cause._tag).toBe("HttpClientError")
    expect(cause.request.headers).toEqual({})
  })

  it("create is retried after a refused connection (not taken), not after a reset (maybe taken)", async () => {
    const port = await closedPort()
    const refused = await fail(
      over(`http://127.0.0.1:${port}/api/v2`, { retry: fastRetries }),
      (m) => m.connections.create({ ...scope, requestBody: {} })
    )
    expect((refused as MammothAnalyticsTransportError).code).toBe("ECONNREFUSED")

    const server = await serve((req) => req.socket.destroy())
    const reset = await fail(
      over(server.url, { retry: fastRetries }),
      (m) => m.connections.create({ ...scope, requestBody: { password } })
    )
    expect(reset).toBeInstanceOf(MammothAnalyticsTransportError)
    expect(server.received).toHaveLength(1)
    expect(renderings(reset)).not.toContain(password)

    // a list, idempotent, is retried after the same reset
    const listServer = await serve((req) => req.socket.destroy())
    await fail(over(listServer.url, { retry: fastRetries }), (m) => m.connections.list(scope))
    expect(listServer.received).toHaveLength(3)
  })

  it("a body cut short is a transport failure", async () => {
    const server = await serve((_, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "1000" })
      res.write("{\"connections\": [")
      setTimeout(() => res.socket?.destroy(), 20).unref()
    })
    const error = await fail(over(server.url, { retry: RetryPolicy.none }), (m) => m.connections.list(scope))
    expect(error).toBeInstanceOf(MammothAnalyticsTransportError)
    expect((error as MammothAnalyticsTransportError).description).toBe("the response body could not be read (HTTP 200)")
  })

  it("a redirect is not followed: it is a MammothAnalyticsDefaultError, the other host never asked", async () => {
    const elsewhere = await serve((_, res) => res.end("{}"))
    const server = await serve((_, res) => {
      res.writeHead(307, { location: `${elsewhere.url}/moved` })
      res.end()
    })
    const error = await fail(
      over(server.url, { retry: RetryPolicy.none }),
      (m) => m.connections.get({ ...scope, connectionKey: "k" })
    )
    expect(error).toBeInstanceOf(MammothAnalyticsDefaultError)
    expect((error as MammothAnalyticsDefaultError).status).toBe(307)
    expect(elsewhere.received).toHaveLength(0)
  })

  it("a streamed 2xx body over the limit is refused without reading it all", async () => {
    const server = await serve((_, res) => {
      res.writeHead(200, { "content-type": "application/json" })
      res.write(`{"pad": "${"x".repeat(4096)}`)
      res.end(`${"y".repeat(4096)}"}`)
    })
    const error = await fail(
      over(server.url, { retry: RetryPolicy.none, maxResponseBytes: 2048 }),
      (m) => m.connections.get({ ...scope, connectionKey: "k" })
    )
    expect((error as { readonly reason: string }).reason).toBe("the body is larger than 2048 bytes")
  })
})

describe("a per-attempt timeout with a transformClient (interrupted, not aborted: a transform may wait or send more)", () => {
  // a guard for the test itself: a timeout that did not hold would hang, not fail
  const within = <A, E>(effect: Effect.Effect<A, E>) => Effect.timeout(effect, "5 seconds")

  it("a redirect followed by the transform to a server that never answers times out", async () => {
    const server = await serve((req, res) => {
      if (req.url === "/stall") return // never answers
      res.writeHead(302, { location: "/stall" })
      res.end()
    })
    const layer = over(server.url, {
      timeout: "200 millis",
      retry: RetryPolicy.none,
      transformClient: (client) => HttpClient.followRedirects(client, 3)
    })
    const error = await Effect.runPromise(
      Effect.provide(MammothAnalytics.use((m) => within(Effect.flip(m.connections.list(scope)))), layer)
    )
    expect(error).toBeInstanceOf(MammothAnalyticsTimeoutError)
    expect(server.received.map((r) => r.url)).toContain("/stall")
  })

  it("a transform that retries on its own is bounded by the attempt's timeout", async () => {
    const server = await serve((_, res) => {
      res.writeHead(503)
      res.end()
    })
    const layer = over(server.url, {
      timeout: "200 millis",
      retry: RetryPolicy.none,
      transformClient: (client) =>
        HttpClient.retryTransient(HttpClient.filterStatusOk(client), { schedule: Schedule.spaced("50 millis") })
    })
    const error = await Effect.runPromise(
      Effect.provide(MammothAnalytics.use((m) => within(Effect.flip(m.connections.list(scope)))), layer)
    )
    expect(error).toBeInstanceOf(MammothAnalyticsTimeoutError)
  })
})
