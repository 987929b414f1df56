/**
 * A small node:http server on 127.0.0.1 (a free port) for the Effect 4 line's tests over real sockets: each test
 * gives it a handler and reads back what it received. Effect-free; `close` ends every socket it holds.
 */
import * as http from "node:http"
import type { AddressInfo, Socket } from "node:net"

/** One request as the server received it. */
export interface Received {
  readonly method: string
  readonly url: string
  readonly headers: http.IncomingHttpHeaders
  readonly body: string
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, attempt: number) => void

export interface TestServer {
  /** The base URL to give the client (`http://127.0.0.1:<port>/api/v2`). */
  readonly url: string
  readonly port: number
  readonly received: Array<Received>
  readonly close: () => Promise<void>
}

/** Starts a server answering with `handler`, once each request's body has arrived. */
export const startServer = (handler: Handler): Promise<TestServer> =>
  new Promise((resolve, reject) => {
    const received: Array<Received> = []
    const sockets = new Set<Socket>()
    const server = http.createServer((req, res) => {
      const chunks: Array<Buffer> = []
      req.on("data", (chunk: Buffer) => chunks.push(chunk))
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8")
        received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body })
        handler(req, res, received.length)
      })
    })
    server.on("connection", (socket) => {
      sockets.add(socket)
      socket.on("close", () => sockets.delete(socket))
    })
    server.on("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as AddressInfo).port
      resolve({
        url: `http://127.0.0.1:${port}/api/v2`,
        port,
        received,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy()
            server.close(() => done())
          })
      })
    })
  })

/** A port nothing listens on: one a server held a moment ago, now closed. */
export const closedPort = async (): Promise<number> => {
  const server = await startServer(() => undefined)
  await server.close()
  return server.port
}
