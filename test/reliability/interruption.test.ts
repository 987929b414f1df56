/**
 * Interruption and timeouts over real HTTP, on every client line: a call that is interrupted (its fiber
 * interrupted, a caller's own `Effect.timeout`, the scope it was forked in closing) closes its connection,
 * which the server observes; per-attempt and overall timeouts hold; a backoff sleep is interruptible.
 * (That nothing outlives a layer's scope is held for the Effect 3 line in interruption.v3.test.ts.)
 */
import { describe, expect, it } from "vitest"
import { lines, useClient } from "../lines/index.js"
import type { CallControl, Line, NetworkTransport, NeutralOptions } from "../lines/Line.js"
import { sleepReal } from "../lines/wait.js"
import { factsOf, failure } from "./support/outcome.js"
import type { TestServer } from "./support/server.js"
import { credentialsOf, ops, serve, waitUntil } from "./support/server.js"

const silent = () => {}

const firstSocketClosed = (server: TestServer) =>
  waitUntil(() => server.requests.length > 0 && server.isClosed(server.requests[0]!.socket), "the socket to close")

const requestArrived = (server: TestServer, n = 1) =>
  waitUntil(() => server.requests.length >= n, `request ${n} to reach the server`)

/** A client of `line` over `transport`, pointed at `server`, with the key and secret. */
const clientOf = (
  line: Line,
  transport: NetworkTransport,
  server: TestServer,
  options?: Omit<NeutralOptions, "credentials" | "serverUrl" | "transport">
) => useClient(line, { ...options, credentials: credentialsOf("key"), serverUrl: server.url, transport })

const [list, create, get, , remove] = ops as [
  (typeof ops)[number],
  (typeof ops)[number],
  (typeof ops)[number],
  (typeof ops)[number],
  (typeof ops)[number]
]

for (const line of lines) {
  for (const transport of line.transports) {
    describe(`[${line.name}] interruption over ${transport}`, () => {
      for (const op of ops) {
        it(`${op.name}: interrupting the fiber in flight closes the connection`, async () => {
          const server = await serve(silent)
          const abort = new AbortController()
          const outcome = clientOf(line, transport, server).call(op.name, op.input, undefined, { signal: abort.signal })
          await requestArrived(server)
          abort.abort()
          expect(factsOf(await outcome)).toEqual({ outcome: "interrupted" })
          await firstSocketClosed(server)
          expect(server.requests.length).toBe(1)
        })
      }

      it(`Effect.timeout around a call ends it with ${line.outerTimeoutTag} and closes the connection`, async () => {
        const server = await serve(silent)
        const outcome = await clientOf(line, transport, server).call(get.name, get.input, undefined, {
          outerTimeoutMillis: 400
        })
        expect(factsOf(outcome)).toEqual(failure(line.outerTimeoutTag))
        await firstSocketClosed(server)
        expect(server.requests.length).toBe(1)
      })

      it("closing the scope a call was forked in interrupts it and closes the connection", async () => {
        const server = await serve(silent)
        const abort = new AbortController()
        const control: CallControl = { signal: abort.signal, interruptVia: "scope" }
        const outcome = clientOf(line, transport, server).call(create.name, create.input, undefined, control)
        await requestArrived(server)
        abort.abort()
        expect(factsOf(await outcome)).toEqual({ outcome: "interrupted" })
        await firstSocketClosed(server)
      })

      it("the per-attempt timeout holds without retries: one attempt, MammothAnalyticsTimeoutError, socket closed", async () => {
        const server = await serve(silent)
        const outcome = await clientOf(line, transport, server).call(list.name, list.input, {
          timeoutMillis: 300,
          retry: "none"
        })
        expect(factsOf(outcome)).toEqual(failure("MammothAnalyticsTimeoutError", { scope: "attempt" }))
        expect(outcome._tag === "Failure" && outcome.error).toMatchObject({
          operation: "ListConnections",
          scope: "attempt",
          timeoutMillis: 300,
          description: "an attempt timed out after 300ms"
        })
        expect(server.requests.length).toBe(1)
        await firstSocketClosed(server)
      })

      it("an overall timeout holds over the default retrying policy and the default 10 s attempt timeout", async () => {
        const server = await serve(silent)
        const outcome = await clientOf(line, transport, server).call(remove.name, remove.input, undefined, {
          outerTimeoutMillis: 400
        })
        expect(factsOf(outcome)).toEqual(failure(line.outerTimeoutTag))
        expect(server.requests.length).toBe(1)
        await firstSocketClosed(server)
      })

      it("a backoff sleep (Retry-After: 3600) is interruptible and sends nothing more", async () => {
        const server = await serve((_req, res) => res.writeHead(503, { "retry-after": "3600" }).end("busy"))
        const abort = new AbortController()
        const outcome = clientOf(line, transport, server).call(
          list.name,
          list.input,
          { retry: { retries: 5, maxRetryAfterMillis: 2 * 60 * 60 * 1000 } },
          { signal: abort.signal }
        )
        await requestArrived(server)
        // the answer has been sent; give the client real time to read it and enter the sleep
        await sleepReal(50)
        abort.abort()
        expect(factsOf(await outcome)).toEqual({ outcome: "interrupted" })
        expect(server.requests.length).toBe(1)
      })

      it("per-attempt timeouts over retries: each slow attempt is abandoned and its socket closed", async () => {
        const server = await serve((_req, res) => {
          const timer = setTimeout(() => res.writeHead(200).end("{\"connections\":[]}"), 2_000)
          res.on("close", () => clearTimeout(timer))
        })
        const outcome = await clientOf(line, transport, server).call(list.name, list.input, {
          timeoutMillis: 300,
          retry: { retries: 2 }
        })
        expect(factsOf(outcome)).toEqual(failure("MammothAnalyticsTimeoutError", { scope: "attempt" }))
        expect(server.requests.length).toBe(3)
        await waitUntil(() => server.requests.every((r) => server.isClosed(r.socket)), "every socket to close")
      })
    })
  }
}
