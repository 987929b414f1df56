/**
 * The bench's loopback server, run in its own process (`fork`ed by bench/run.ts): node:http with keep-alive on
 * 127.0.0.1, a free port, bodies computed once. It tells its parent the port over IPC and exits when the
 * parent goes away or after `--max-ms` (default 10 minutes), whichever comes first.
 */
import * as http from "node:http"
import { listBody, listSizes, wireConnection } from "./fixtures.js"

const maxMs = Number(process.argv.find((a) => a.startsWith("--max-ms="))?.slice("--max-ms=".length) ?? 600_000)

const json = (text: string) => ({ text: Buffer.from(text), length: String(Buffer.byteLength(text)) })
const lists = new Map(listSizes.map((size) => [String(size), json(listBody(size))]))
const one = json(JSON.stringify(wireConnection(0)))
const notFound = json(JSON.stringify({ status_code: 404, detail: "Not Found", extra: {} }))

const collection =
  /^\/api\/v2\/workspaces\/([0-9]+)\/projects\/[0-9]+\/connectors\/[^/?]+\/connections(?:\/[^/?]+)?(?:\?.*)?$/

const send = (res: http.ServerResponse, status: number, body?: { text: Buffer; length: string }) => {
  if (body === undefined) {
    res.writeHead(status)
    res.end()
    return
  }
  res.writeHead(status, { "content-type": "application/json", "content-length": body.length })
  res.end(body.text)
}

const server = http.createServer((req, res) => {
  // drain any request body (create/update) before answering
  req.resume()
  req.on("end", () => {
    const url = req.url ?? ""
    const match = collection.exec(url)
    if (match === null) return send(res, 404, notFound)
    const isItem = /\/connections\/[^/?]+/.test(url)
    switch (req.method) {
      case "GET": {
        if (isItem) return send(res, 200, one)
        const list = lists.get(match[1]!)
        return list === undefined ? send(res, 404, notFound) : send(res, 200, list)
      }
      case "POST":
        return send(res, 201, one)
      case "PATCH":
        return send(res, 200, one)
      case "DELETE":
        return send(res, 204)
      default:
        return send(res, 405, notFound)
    }
  })
})
server.keepAliveTimeout = 60_000
server.headersTimeout = 65_000

const stop = () => {
  server.closeAllConnections()
  server.close()
  process.exit(0)
}
setTimeout(stop, maxMs).unref()
process.on("disconnect", stop)
process.on("SIGTERM", stop)

server.listen(0, "127.0.0.1", () => {
  const address = server.address()
  const port = typeof address === "object" && address !== null ? address.port : 0
  if (process.send) process.send({ port })
  else console.log(`listening on http://127.0.0.1:${port}/api/v2 (stops after ${maxMs} ms)`)
})
