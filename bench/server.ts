/**
 * The bench's loopback server, run in its own process (`fork`ed by bench/run.ts): node:http with keep-alive on
 * 127.0.0.1, a free port, bodies computed once. It tells its parent the port over IPC and exits when the
 * parent goes away or after `--max-ms` (default 10 minutes), whichever comes first. `--delay-ms=N` makes it
 * answer each request N ms after it has read it, as a real API does ("what a user sees": 5 and 50 ms); by
 * default it answers at once.
 */
import * as http from "node:http"
import { listBody, listSizes, wireConnection } from "./fixtures.js"

const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
const maxMs = Number(flag("max-ms") ?? 600_000)
const delayMs = Number(flag("delay-ms") ?? 0)
if (!(Number.isInteger(delayMs) && delayMs >= 0 && delayMs <= 10_000)) throw new Error("--delay-ms: 0 to 10,000")

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

const answer = (req: http.IncomingMessage, res: http.ServerResponse) => {
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
}

const server = http.createServer((req, res) => {
  // drain any request body (create/update) before answering
  req.resume()
  req.on("end", () => (delayMs === 0 ? answer(req, res) : setTimeout(answer, delayMs, req, res)))
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
  else {console.log(
      `listening on http://127.0.0.1:${port}/api/v2 (answers after ${delayMs} ms, stops after ${maxMs} ms)`
    )}
})
