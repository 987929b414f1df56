/**
 * A small node:http server on 127.0.0.1 for the reliability suites, line-neutral (no Effect in it): each test
 * gives it a handler that answers exactly the fault it wants, and reads back what the server saw (every
 * attempt, every socket opened and closed). `serve` closes the server and every socket it holds when the test
 * finishes.
 *
 * The operations answer as the live contract does: create a 202 with a job (`ObjectJobSchema`), delete a 204.
 */
import * as http from "node:http"
import * as net from "node:net"
import type { AddressInfo, Socket } from "node:net"
import { onTestFinished } from "vitest"
import type { NeutralCredentials, OperationName } from "../../lines/Line.js"

export { waitUntil } from "../../lines/wait.js"

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

/** A server that the caller closes (`close`), with every socket it holds. */
export interface OwnedServer extends TestServer {
  readonly close: () => Promise<void>
}

/** Starts a server; the caller closes it. */
export const startServer = (handler: Handler): Promise<OwnedServer> =>
  new Promise((resolve) => {
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
      resolve({
        url: `${origin}/api/v2`,
        origin,
        port,
        requests,
        opened: () => nextSocket,
        open: () => sockets.size,
        isClosed: (socket) => closed.has(socket),
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections()
            server.close(() => done())
          })
      })
    })
  })

/** Starts a server that is closed, with every socket it holds, when the current test finishes. */
export const serve = async (handler: Handler): Promise<TestServer> => {
  const server = await startServer(handler)
  onTestFinished(() => server.close())
  return server
}

/**
 * A loopback URL nothing listens on (a port that was free a moment ago): a connection to it is refused
 * (`ECONNREFUSED`), so the server cannot have taken the request.
 */
export const refusedUrl = (): Promise<string> =>
  new Promise((resolve) => {
    const probe = net.createServer()
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(`http://127.0.0.1:${port}/api/v2`))
    })
  })

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

/** The credentials of a mode: the sentinels above. */
export const credentialsOf = (auth: AuthMode): NeutralCredentials =>
  auth === "token" ? { apiToken } : { apiKey, apiSecret }

export const scope = { workspaceId: 4, projectId: 7, connectorKey: "cG9zdGdyZXM=" } as const
export const connectionKey = "kvx3b8lhfe3ilk0wv4xu4fl539njerj0lmcr6wf8"

export type OpName = Extract<OperationName, "list" | "create" | "get" | "update" | "delete">

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
  /** The operation's input. */
  readonly input: Readonly<Record<string, unknown>>
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
    input: scope
  },
  {
    name: "create",
    method: "POST",
    path: collection,
    idempotent: false,
    okStatus: 202,
    okBody: { status_code: 202, job_id: 31, failure_reason: null },
    input: { ...scope, requestBody: createBody }
  },
  {
    name: "get",
    method: "GET",
    path: `${collection}/${connectionKey}`,
    idempotent: true,
    okStatus: 200,
    okBody: { connection_key: connectionKey, connection_config: {} },
    input: { ...scope, connectionKey }
  },
  {
    name: "update",
    method: "PATCH",
    path: `${collection}/${connectionKey}`,
    idempotent: true,
    okStatus: 200,
    okBody: { connection_key: connectionKey },
    input: {
      ...scope,
      connectionKey,
      patch: [{ op: "replace", path: "connection", value: { password: connectionPassword } }]
    }
  },
  {
    name: "delete",
    method: "DELETE",
    path: `${collection}/${connectionKey}`,
    idempotent: false,
    okStatus: 204,
    okBody: undefined,
    input: { ...scope, connectionKey }
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
