/**
 * A small real HTTP server on 127.0.0.1 (port 0) that answers the five Connections operations as the spec
 * shapes them and records what it received. It is a scoped resource: the scope closes it, with every
 * keep-alive connection a pooled client (undici) may still hold.
 */
import type { Scope } from "effect"
import { Effect } from "effect"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"

/**
 * What the server saw of one request.
 *
 * @since 0.1.0
 */
export interface ReceivedRequest {
  readonly method: string
  readonly path: string
  readonly query: string
  readonly headers: Readonly<Record<string, string | Array<string> | undefined>>
  readonly body: string
}

/**
 * An answer the test may force for the next requests (e.g. a 401), instead of the spec's success.
 *
 * @since 0.1.0
 */
export interface ForcedAnswer {
  readonly status: number
  readonly body: unknown
}

/**
 * A running loopback server.
 *
 * @since 0.1.0
 */
export interface LoopbackServer {
  /** The API's base URL on this server, e.g. `http://127.0.0.1:43123/api/v2`. */
  readonly serverUrl: string
  readonly received: Array<ReceivedRequest>
  /** Answers every following request with this status and JSON body (undefined: back to success). */
  readonly force: (answer: ForcedAnswer | undefined) => void
}

const collection = /^\/api\/v2\/workspaces\/[^/]+\/projects\/[^/]+\/connectors\/[^/]+\/connections$/
const item = /^\/api\/v2\/workspaces\/[^/]+\/projects\/[^/]+\/connectors\/[^/]+\/connections\/([^/]+)$/

const successFor = (method: string, path: string): { status: number; body?: unknown } => {
  if (collection.test(path)) {
    if (method === "GET") {
      return {
        status: 200,
        body: { connections: [{ connection_key: "k1", connection_config: { database: "db", port: 5432 } }] }
      }
    }
    // the live API: 202, a job that creates the connection off-line
    if (method === "POST") return { status: 202, body: { status_code: 202, job_id: 17, failure_reason: null } }
  }
  const matched = item.exec(path)
  if (matched) {
    const key = decodeURIComponent(matched[1]!)
    if (method === "GET") return { status: 200, body: { connection_key: key, connection_config: { database: "db" } } }
    if (method === "PATCH") return { status: 200, body: { connection_key: key, updated: true } }
    if (method === "DELETE") return { status: 204 }
  }
  return { status: 404, body: { status_code: 404, detail: "Not Found", extra: {} } }
}

/**
 * Starts the server in the current scope; closing the scope closes it.
 *
 * @since 0.1.0
 */
export const loopbackServer: Effect.Effect<LoopbackServer, never, Scope.Scope> = Effect
  .acquireRelease(
    Effect.async<{ server: Http.Server; state: LoopbackServer }>((resume) => {
      const received: Array<ReceivedRequest> = []
      let forced: ForcedAnswer | undefined
      const server = Http.createServer((req, res) => {
        const chunks: Array<Buffer> = []
        req.on("data", (chunk: Buffer) => chunks.push(chunk))
        req.on("end", () => {
          const url = new URL(req.url ?? "/", "http://127.0.0.1")
          received.push({
            method: req.method ?? "",
            path: url.pathname,
            query: url.search,
            headers: { ...req.headers },
            body: Buffer.concat(chunks).toString("utf8")
          })
          const answer = forced ?? successFor(req.method ?? "", url.pathname)
          if (answer.body === undefined) {
            res.writeHead(answer.status).end()
          } else {
            res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body))
          }
        })
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        resume(Effect.succeed({
          server,
          state: {
            serverUrl: `http://127.0.0.1:${port}/api/v2`,
            received,
            force: (answer) => {
              forced = answer
            }
          }
        }))
      })
    }),
    ({ server }) =>
      Effect.async<void>((resume) => {
        server.close(() => resume(Effect.void))
        server.closeAllConnections()
      })
  )
  .pipe(Effect.map(({ state }) => state))
