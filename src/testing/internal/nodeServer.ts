/**
 * The fake as a real `node:http` server: a thin adapter from `IncomingMessage` to the engine's plain request,
 * and from its outcome back to the socket. A `Reset` outcome resets the TCP connection (RST), as a crashed
 * upstream or a load balancer would.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Runtime from "effect/Runtime"
import type * as Scope from "effect/Scope"
import * as Http from "node:http"
import type { FakeOutcome, FakeRequest } from "../MammothFake.js"

/** The largest request body the server reads; a bigger one is answered 413 without reaching the engine. */
export const maxRequestBytes = 1024 * 1024

/** Why the server could not start. */
export interface ListenFailure {
  readonly reason: string
  readonly cause: unknown
}

const flattenHeaders = (headers: Http.IncomingHttpHeaders): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value
  }
  return out
}

const writeOutcome = (req: Http.IncomingMessage, res: Http.ServerResponse, outcome: FakeOutcome): void => {
  if (outcome._tag === "Reset") {
    const socket = req.socket as Http.IncomingMessage["socket"] & { resetAndDestroy?: () => void }
    if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy()
    else socket.destroy()
    return
  }
  const body = outcome.body === undefined ? undefined : Buffer.from(outcome.body, "utf8")
  res.writeHead(outcome.status, {
    ...outcome.headers,
    ...(body === undefined ? {} : { "content-length": String(body.length) })
  })
  res.end(body)
}

/**
 * Listens on `host:port` and answers every request with `handle`, run on the caller's runtime. The server,
 * with every open (keep-alive) connection, is closed when the scope closes.
 */
export const listen = (
  handle: (request: FakeRequest) => Effect.Effect<FakeOutcome>,
  host: string,
  port: number
): Effect.Effect<{ readonly port: number }, ListenFailure, Scope.Scope> =>
  Effect.gen(function*() {
    const runtime = yield* Effect.runtime<never>()
    const run = Runtime.runPromise(runtime)
    const onRequest = (req: Http.IncomingMessage, res: Http.ServerResponse): void => {
      const chunks: Array<Buffer> = []
      let size = 0
      let tooLarge = false
      req.on("data", (chunk: Buffer) => {
        size += chunk.length
        if (size > maxRequestBytes) tooLarge = true
        else chunks.push(chunk)
      })
      req.on("end", () => {
        if (tooLarge) {
          const body = JSON.stringify({ status_code: 413, detail: "Request Entity Too Large", extra: {} })
          res.writeHead(413, { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) })
          res.end(body)
          return
        }
        // the client going away interrupts the engine (a latency fault stops waiting)
        const abort = new AbortController()
        res.on("close", () => abort.abort())
        const request: FakeRequest = {
          method: req.method ?? "GET",
          url: req.url ?? "/",
          headers: flattenHeaders(req.headers),
          body: Buffer.concat(chunks).toString("utf8")
        }
        run(handle(request), { signal: abort.signal }).then(
          (outcome) => {
            if (!res.destroyed) writeOutcome(req, res, outcome)
          },
          () => {
            if (!res.destroyed) res.destroy()
          }
        )
      })
      req.on("error", () => res.destroy())
    }

    const server = yield* Effect.acquireRelease(
      Effect.async<Http.Server, ListenFailure>((resume) => {
        const server = Http.createServer(onRequest)
        const onError = (cause: unknown) =>
          resume(Effect.fail({ reason: `cannot listen on ${host}:${port}: ${String(cause)}`, cause }))
        server.once("error", onError)
        server.listen(port, host, () => {
          server.off("error", onError)
          resume(Effect.succeed(server))
        })
      }),
      (server) =>
        Effect.async<void>((resume) => {
          server.close(() => resume(Effect.void))
          // close() waits for keep-alive connections to go idle and time out: end them now
          server.closeAllConnections()
        })
    )
    const address = server.address()
    const boundPort = typeof address === "object" && address !== null ? address.port : port
    return { port: boundPort }
  })
