/**
 * A small node:http server on 127.0.0.1 for the reliability suites: each test gives it a handler that
 * answers exactly the fault it wants, and reads back what the server saw (every attempt, every socket opened
 * and closed). Scoped: the server and every socket it holds are closed with the test's scope.
 *
 * The operations answer as the live contract does: create a 202 with a job (`ObjectJobSchema`), delete a 204.
 */
import { FetchHttpClient, type HttpClient } from "@effect/platform"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { Effect, Layer, Redacted } from "effect"
import type { Scope } from "effect"
import * as http from "node:http"
import * as net from "node:net"
import type { AddressInfo, Socket } from "node:net"
import type { ClientOptions, Credentials } from "../../../src/index.js"
import { MammothAnalytics } from "../../../src/index.js"

/** One request as the server received it. */
export interface Seen {
  readonly method: string
  /** The raw request target, exactly as it arrived on the wire. */
  readonly url: string
  readonly headers: http.IncomingHttpHeaders
  readonly body: string
  /** The id of the socket it came on. */
  readonly socket: number
}

export interface Ctx {
  /** 1 for the first request this server received, 2 for the next... */
  readonly attempt: number
  readonly body: string
  readonly socket: Socket
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, ctx: Ctx) => void

export interface TestServer {
  /** The base URL to give the client (`http://127.0.0.1:<port>/api/v2`). */
  readonly url: string
  readonly origin: string
  readonly port: number
  /** Every request received, in order: one per attempt. */
  readonly requests: Array<Seen>
  /** Sockets accepted so far. */
  readonly opened: () => number
  /** Sockets currently open on the server side. */
  readonly open: () => number
  /** Whether the socket of that id has been closed. */
  readonly isClosed: (socket: number) => boolean
}

/**
 * Polls `predicate` (on real time, so it works under `TestClock` too) until it holds, for at most `maxMillis`;
 * fails with `label` otherwise. A guard against hanging, never an assertion on how long something took.
 */
export const waitUntil = (predicate: () => boolean, label: string, maxMillis = 5_000): Effect.Effect<void, Error> =>
  Effect.promise(async () => {
    const deadline = Date.now() + maxMillis
    while (!predicate()) {
      if (Date.now() > deadline) return false
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
    return true
  }).pipe(Effect.flatMap((ok) => (ok ? Effect.void : Effect.fail(new Error(`timed out waiting: ${label}`)))))

/** Starts a server; it and every socket it holds are closed when the scope closes. */
export const serve = (handler: Handler): Effect.Effect<TestServer, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.async<{ server: http.Server; state: TestServer }>((resume) => {
      const requests: Array<Seen> = []
      const sockets = new Map<Socket, number>()
      const closed = new Set<number>()
      let nextSocket = 0
      const server = http.createServer()
      server.keepAliveTimeout = 60_000
      server.on("connection", (socket) => {
        const id = ++nextSocket
        sockets.set(socket, id)
        socket.on("close", () => {
          closed.add(id)
          sockets.delete(socket)
        })
        // a reset socket reports an error on the server too; it is part of the test, not a failure
        socket.on("error", () => {})
      })
      server.on("request", (req, res) => {
        const socket = req.socket
        const id = sockets.get(socket) ?? -1
        const chunks: Array<Buffer> = []
        req.on("data", (chunk: Buffer) => chunks.push(chunk))
        req.on("error", () => {})
        res.on("error", () => {})
        req.on("end", () => {
          const body = Buffer.concat(chunks).toString("utf8")
          requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body, socket: id })
          handler(req, res, { attempt: requests.length, body, socket })
        })
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        const origin = `http://127.0.0.1:${port}`
        resume(Effect.succeed({
          server,
          state: {
            url: `${origin}/api/v2`,
            origin,
            port,
            requests,
            opened: () => nextSocket,
            open: () => sockets.size,
            isClosed: (socket) => closed.has(socket)
          }
        }))
      })
    }),
    ({ server }) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  ).pipe(Effect.map(({ state }) => state))

/**
 * A loopback URL nothing listens on (a port that was free a moment ago): a connection to it is refused
 * (`ECONNREFUSED`), so the server cannot have taken the request.
 */
export const refusedUrl: Effect.Effect<string> = Effect.async<string>((resume) => {
  const probe = net.createServer()
  probe.listen(0, "127.0.0.1", () => {
    const { port } = probe.address() as AddressInfo
    probe.close(() => resume(Effect.succeed(`http://127.0.0.1:${port}/api/v2`)))
  })
})

/** The transports every suite runs against. */
export const transports: ReadonlyArray<readonly [string, Layer.Layer<HttpClient.HttpClient>]> = [
  ["fetch", FetchHttpClient.layer],
  ["undici", NodeHttpClient.layerUndici]
]

export const apiKey = "key-6f1c0a3e-SENTINEL-apikey"
export const apiSecret = "secret-92b7d5e4-SENTINEL-apisecret"
export const apiToken = "mm_tok-5a0c7e21-SENTINEL-bearertoken"
export const connectionPassword = "pw-3e8d1f0b-SENTINEL-dbpassword"

/**
 * How the client authenticates: `"key"`, the deprecated key and secret (with `X-WORKSPACE-ID`), or
 * `"token"`, `Authorization: Bearer <token>`.
 */
export type AuthMode = "key" | "token"

export const authModes: ReadonlyArray<AuthMode> = ["key", "token"]

/** The layer's credentials of a mode: the sentinels above. */
export const credentialsOf = (auth: AuthMode): Credentials =>
  auth === "token"
    ? { apiToken: Redacted.make(apiToken) }
    : { apiKey: Redacted.make(apiKey), apiSecret: Redacted.make(apiSecret) }

/** The client over `transport`, pointed at `server`, with the key and secret unless `auth` says `"token"`. */
export const clientLayer = (
  server: { readonly url: string },
  transport: Layer.Layer<HttpClient.HttpClient>,
  options?: Omit<ClientOptions, "serverUrl"> & { readonly auth?: AuthMode }
): Layer.Layer<MammothAnalytics> => {
  const { auth = "key", ...client } = options ?? {}
  return MammothAnalytics.layer({ ...client, ...credentialsOf(auth), serverUrl: server.url }).pipe(
    Layer.provide(transport)
  )
}

export const scope = { workspaceId: 4, projectId: 7, connectorKey: "cG9zdGdyZXM=" } as const
export const connectionKey = "kvx3b8lhfe3ilk0wv4xu4fl539njerj0lmcr6wf8"

export type OpName = "list" | "create" | "get" | "update" | "delete"

/** Each operation: how to call it, what the server answers on success, whether a retry may re-send it. */
export interface OpCase {
  readonly name: OpName
  readonly method: string
  readonly path: string
  /**
   * Retried on any transient failure (list, get, update). `false` (create, delete): retried only when the
   * server cannot have taken the request (a 429, a connection refused), as `RetryPolicy.shouldRetry` says.
   */
  readonly idempotent: boolean
  readonly okStatus: number
  /** The success body, or undefined for none. */
  readonly okBody: unknown
  readonly call: (
    options?: Parameters<MammothAnalytics["Type"]["connections"]["list"]>[1]
  ) => Effect.Effect<unknown, unknown, MammothAnalytics>
}

const collection = `/api/v2/workspaces/4/projects/7/connectors/cG9zdGdyZXM%3D/connections`

export const createBody = {
  database: "hubli_journal",
  hostname: "localhost",
  port: 5432,
  username: "appuser",
  password: connectionPassword
}

export const ops: ReadonlyArray<OpCase> = [
  {
    name: "list",
    method: "GET",
    path: collection,
    idempotent: true,
    okStatus: 200,
    okBody: { connections: [{ connection_key: "a", connection_config: { x: 1 } }] },
    call: (options) => Effect.flatMap(MammothAnalytics, (m) => m.connections.list(scope, options))
  },
  {
    name: "create",
    method: "POST",
    path: collection,
    idempotent: false,
    okStatus: 202,
    okBody: { status_code: 202, job_id: 31, failure_reason: null },
    call: (options) =>
      Effect.flatMap(MammothAnalytics, (m) => m.connections.create({ ...scope, requestBody: createBody }, options))
  },
  {
    name: "get",
    method: "GET",
    path: `${collection}/${connectionKey}`,
    idempotent: true,
    okStatus: 200,
    okBody: { connection_key: connectionKey, connection_config: {} },
    call: (options) => Effect.flatMap(MammothAnalytics, (m) => m.connections.get({ ...scope, connectionKey }, options))
  },
  {
    name: "update",
    method: "PATCH",
    path: `${collection}/${connectionKey}`,
    idempotent: true,
    okStatus: 200,
    okBody: { connection_key: connectionKey },
    call: (options) =>
      Effect.flatMap(MammothAnalytics, (m) =>
        m.connections.update({
          ...scope,
          connectionKey,
          patch: [{ op: "replace", path: "connection", value: { password: connectionPassword } }]
        }, options))
  },
  {
    name: "delete",
    method: "DELETE",
    path: `${collection}/${connectionKey}`,
    idempotent: false,
    okStatus: 204,
    okBody: undefined,
    call: (options) =>
      Effect.flatMap(MammothAnalytics, (m) => m.connections.delete({ ...scope, connectionKey }, options))
  }
]

/** Answers the operation's success. */
export const answerOk = (op: OpCase, res: http.ServerResponse): void => {
  if (op.okBody === undefined) {
    res.writeHead(op.okStatus).end()
    return
  }
  res.writeHead(op.okStatus, { "content-type": "application/json" }).end(JSON.stringify(op.okBody))
}

/** The same shape the client would decode an answer into, for comparisons. */
export const expectedValue = (op: OpCase): unknown => {
  if (op.name === "list") return { connections: [{ connectionKey: "a", connectionConfig: { x: 1 } }] }
  if (op.name === "create") return { _tag: "Job", jobId: 31, statusCode: 202, failureReason: null }
  if (op.name === "delete") return undefined
  return op.okBody
}
