/**
 * The fake as a real `node:http` server, for the testing entry of either Effect line (no Effect here): a thin
 * adapter from `IncomingMessage` to the engine's plain request, and from its outcome back to the socket. A
 * `Reset` outcome resets the TCP connection (RST), as a crashed upstream or a load balancer would.
 *
 * The line's adapter gives it an `AnswerRequest` (its `handle` run on the caller's runtime) and closes it when
 * its scope closes.
 *
 * @internal
 */
import * as Http from "node:http"
import type { AnswerRequest, FakeOutcome, FakeRequest } from "./model.js"
import { errorBody } from "./outcomes.js"

/** The largest request body the server reads; a bigger one is answered 413 without reaching the engine. */
export const maxRequestBytes = 1024 * 1024

/** Why the server could not start. */
export interface ListenFailure {
  readonly reason: string
  readonly cause: unknown
}

/** A server that is listening. */
export interface Listening {
  /** The port it is bound to (the one the system chose, for port 0). */
  readonly port: number
  /** Closes the server and every open (keep-alive) connection; resolves once it is closed. */
  readonly close: () => Promise<void>
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

/** The request handler of the server: reads the body (up to `maxRequestBytes`) and writes `answer`'s outcome. */
const onRequest = (answer: AnswerRequest) => (req: Http.IncomingMessage, res: Http.ServerResponse): void => {
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
      writeOutcome(req, res, errorBody(413, "Request Entity Too Large", {}))
      return
    }
    // the client going away aborts the answer (a latency fault stops waiting)
    const abort = new AbortController()
    res.on("close", () => abort.abort())
    const request: FakeRequest = {
      method: req.method ?? "GET",
      url: req.url ?? "/",
      headers: flattenHeaders(req.headers),
      body: Buffer.concat(chunks).toString("utf8")
    }
    answer(request, abort.signal).then(
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

/**
 * Listens on `host:port` and answers every request with `answer`. Resolves once it listens, or with why it
 * cannot (the port is taken, say); rejects only when `listen` itself throws (a port out of range).
 */
export const listen = (
  answer: AnswerRequest,
  host: string,
  port: number
): Promise<
  { readonly ok: true; readonly server: Listening } | { readonly ok: false; readonly failure: ListenFailure }
> =>
  new Promise((resolve) => {
    const server = Http.createServer(onRequest(answer))
    const onError = (cause: unknown) =>
      resolve({ ok: false, failure: { reason: `cannot listen on ${host}:${port}: ${String(cause)}`, cause } })
    server.once("error", onError)
    server.listen(port, host, () => {
      server.off("error", onError)
      const address = server.address()
      const close = () =>
        new Promise<void>((closed) => {
          server.close(() => closed())
          // close() waits for keep-alive connections to go idle and time out: end them now
          server.closeAllConnections()
        })
      resolve({
        ok: true,
        server: { port: typeof address === "object" && address !== null ? address.port : port, close }
      })
    })
  })
