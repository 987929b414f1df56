/**
 * The client keeps its guarantees whatever the application puts into its own `HttpClient` layer, on every line:
 * the per-attempt timeout bounds a call through `HttpClient.followRedirects` to a slow or a silent target, through
 * `HttpClient.retryTransient`, and through a custom transform that waits (over real HTTP, and on a virtual
 * clock); the application's `FetchHttpClient.RequestInit` is used at each request, with only
 * `redirect: "manual"` added; each failed attempt is told in a debug log line and a span event.
 *
 * Every target is at least ten times slower than the timeout, and the assertions are about what happened before
 * it would have answered (the call failed with the timeout while the target had not answered yet): no reading of
 * the clock is tighter than that.
 */
import { describe, expect, it } from "vitest"
import { lines, useClient } from "../lines/index.js"
import type { ApplicationTransform, Line, NeutralOptions } from "../lines/Line.js"
import { makeObservation } from "../lines/Line.js"
import { VirtualTime } from "../lines/VirtualTime.js"
import { factsOf, failure, success } from "./support/outcome.js"
import type { Handler } from "./support/server.js"
import { apiToken, connectionKey, scope, serve, waitUntil } from "./support/server.js"

const timeoutMillis = 300
/** Ten times the timeout: no target here answers sooner. */
const slowMillis = 10 * timeoutMillis

const listBody = JSON.stringify({ connections: [{ connection_key: "k1", connection_config: { host: "db" } }] })

/** A server whose `/slow` path answers after `slowMillis`, noting when it did; `handler` answers the rest. */
const serveWithSlowTarget = async (handler: Handler) => {
  const state = { slowAnswered: false }
  const server = await serve((req, res, ctx) => {
    if (req.url === "/slow") {
      const timer = setTimeout(() => {
        state.slowAnswered = true
        res.writeHead(200, { "content-type": "application/json" })
        res.end(listBody)
      }, slowMillis)
      res.on("close", () => clearTimeout(timer))
      return
    }
    if (req.url === "/silent") return // never answers
    handler(req, res, ctx)
  })
  return { server, state }
}

const redirectTo = (target: string): Handler => (_, res) => {
  res.writeHead(307, { location: target })
  res.end()
}

/**
 * One list call through the application's `HttpClient` layer; its outcome, and whether it ended before a target
 * ten times slower than the timeout could have answered (the only reading of the clock here, and a loose one).
 */
const listOver = async (
  line: Line,
  url: string,
  transport: "fetch" | "undici",
  applicationClient: ReadonlyArray<ApplicationTransform>
) => {
  const started = performance.now()
  const outcome = await useClient(line, {
    credentials: { apiToken },
    serverUrl: url,
    transport,
    timeoutMillis,
    retry: "none",
    applicationClient
  }).call("list", scope)
  return { outcome, beforeSlowTarget: performance.now() - started < slowMillis }
}

for (const line of lines) {
  describe(`[${line.name}] the attempt's timeout bounds the application's own HttpClient layer`, () => {
    for (const transport of line.transports) {
      describe(`over ${transport}`, () => {
        it("followRedirects to a target ten times slower than the timeout: the timeout, before it answers", async () => {
          const { server, state } = await serveWithSlowTarget(redirectTo("/slow"))
          const { beforeSlowTarget, outcome } = await listOver(line, server.url, transport, [
            { _tag: "followRedirects" }
          ])
          expect(state.slowAnswered).toBe(false)
          expect(beforeSlowTarget).toBe(true)
          expect(factsOf(outcome)).toEqual(failure("MammothAnalyticsTimeoutError", { scope: "attempt" }))
          expect(server.requests.map((r) => r.url)).toContain("/slow")
        })

        it("followRedirects to a target that never answers: the timeout", async () => {
          const { server } = await serveWithSlowTarget(redirectTo("/silent"))
          const { beforeSlowTarget, outcome } = await listOver(line, server.url, transport, [
            { _tag: "followRedirects" }
          ])
          expect(factsOf(outcome)).toEqual(failure("MammothAnalyticsTimeoutError", { scope: "attempt" }))
          expect(beforeSlowTarget).toBe(true)
          expect(server.requests.map((r) => r.url)).toContain("/silent")
        })

        it("retryTransient waiting ten times the timeout between its own retries: the timeout, one request", async () => {
          const { server } = await serveWithSlowTarget((_, res) => {
            res.writeHead(503)
            res.end()
          })
          const { beforeSlowTarget, outcome } = await listOver(line, server.url, transport, [
            { _tag: "retryTransient", times: 3, spacedMillis: slowMillis }
          ])
          expect(factsOf(outcome)).toEqual(failure("MammothAnalyticsTimeoutError", { scope: "attempt" }))
          expect(beforeSlowTarget).toBe(true)
          expect(server.requests).toHaveLength(1)
        })

        it("a custom transform that waits ten times the timeout before sending: the timeout, nothing sent", async () => {
          const { server } = await serveWithSlowTarget(() => {})
          const { beforeSlowTarget, outcome } = await listOver(line, server.url, transport, [
            { _tag: "waitBeforeRequest", millis: slowMillis }
          ])
          expect(factsOf(outcome)).toEqual(failure("MammothAnalyticsTimeoutError", { scope: "attempt" }))
          expect(beforeSlowTarget).toBe(true)
          expect(server.requests).toHaveLength(0)
        })

        it("a redirect the application follows to a target within the timeout still succeeds", async () => {
          const server = await serve((req, res) => {
            if (req.url === "/fast") {
              res.writeHead(200, { "content-type": "application/json" })
              res.end(listBody)
              return
            }
            redirectTo("/fast")(req, res, { attempt: 0, body: "", socket: req.socket })
          })
          const { outcome } = await listOver(line, server.url, transport, [{ _tag: "followRedirects" }])
          expect(factsOf(outcome)).toEqual(
            success({ connections: [{ connectionKey: "k1", connectionConfig: { host: "db" } }] })
          )
        })
      })
    }

    describe("on a virtual clock: fork the call, move the clock, then look", () => {
      const onVirtualClock = (applicationClient: ReadonlyArray<ApplicationTransform>, answer: () => Response) => {
        const time = new VirtualTime(0)
        const sent: Array<number> = []
        const client = useClient(line, {
          credentials: { apiToken },
          serverUrl: "https://mammoth.invalid/api/v2",
          transport: async () => {
            sent.push(time.now())
            return answer()
          },
          timeoutMillis,
          retry: "none",
          applicationClient,
          clock: time
        })
        let done = false
        const outcome = client.call("list", scope).finally(() => {
          done = true
        })
        // settled: done, or parked with the attempt's timeout pending
        const settled = () => done || time.pending().some((sleep) => sleep.millis === timeoutMillis)
        return { time, sent, outcome, settled, isDone: () => done }
      }

      it("a transform that waits: nothing ends before the timeout is due; then the timeout", async () => {
        const run = onVirtualClock([{ _tag: "waitBeforeRequest", millis: slowMillis }], () => new Response(listBody))
        await run.time.adjust(timeoutMillis - 1, run.settled)
        expect(run.isDone()).toBe(false)
        await run.time.adjust(1, run.settled)
        expect(factsOf(await run.outcome)).toEqual(failure("MammothAnalyticsTimeoutError", { scope: "attempt" }))
        expect(run.sent).toEqual([])
      })

      it("retryTransient between 503s: the timeout once it is due, after one request", async () => {
        const run = onVirtualClock(
          [{ _tag: "retryTransient", times: 3, spacedMillis: slowMillis }],
          () => new Response(null, { status: 503 })
        )
        await run.time.adjust(timeoutMillis, run.settled)
        expect(factsOf(await run.outcome)).toEqual(failure("MammothAnalyticsTimeoutError", { scope: "attempt" }))
        expect(run.sent).toEqual([0])
      })
    })
  })

  describe(`[${line.name}] the application's FetchHttpClient.RequestInit`, () => {
    /** A dispatcher that counts the requests it carries, handing them to Node's own. */
    const countedDispatcher = () => {
      const global = (globalThis as Record<symbol, unknown>)[Symbol.for("undici.globalDispatcher.1")] as {
        dispatch: (options: unknown, handler: unknown) => boolean
      }
      const counter = { count: 0 }
      const dispatcher = {
        dispatch: (options: unknown, handler: unknown) => {
          counter.count++
          return global.dispatch(options, handler)
        }
      }
      return { counter, dispatcher }
    }

    const okServer = () =>
      serve((req, res) => {
        if (req.method === "DELETE") {
          res.writeHead(204)
          res.end()
          return
        }
        res.writeHead(200, { "content-type": "application/json" })
        res.end(listBody)
      })

    const ops = [
      ["list", scope],
      ["get", { ...scope, connectionKey }],
      ["update", { ...scope, connectionKey, patch: [{ op: "replace", path: "connection", value: { a: 1 } }] }],
      ["delete", { ...scope, connectionKey }]
    ] as const

    for (const placement of ["program", "layers"] as const) {
      it(`provided ${placement === "program" ? "around the program" : "to the layers"}: used by every call`, async () => {
        const server = await okServer()
        const { counter, dispatcher } = countedDispatcher()
        const client = useClient(line, {
          credentials: { apiToken },
          serverUrl: server.url,
          transport: "fetch",
          retry: "none",
          requestInit: { init: { dispatcher } as RequestInit, placement }
        })
        for (const [name, input] of ops) {
          expect(factsOf(await client.call(name, input)).outcome).toBe("success")
        }
        expect(counter.count).toBe(ops.length)
        expect(server.requests).toHaveLength(ops.length)
      })
    }

    it("its own headers are sent; its redirect: \"follow\" is not: a 302 is the caller's to see", async () => {
      const server = await serve((req, res) => {
        if (req.url === "/elsewhere") {
          res.writeHead(200, { "content-type": "application/json" })
          res.end(listBody)
          return
        }
        res.writeHead(302, { location: "/elsewhere" })
        res.end()
      })
      for (const placement of ["program", "layers", "httpClientLayer"] as const) {
        const client = useClient(line, {
          credentials: { apiToken },
          serverUrl: server.url,
          transport: "fetch",
          retry: "none",
          requestInit: { init: { redirect: "follow", headers: { "x-app-trace": "t1" } }, placement }
        })
        const outcome = await client.call("list", scope)
        expect(factsOf(outcome), placement).toEqual(failure("MammothAnalyticsDefaultError", { status: 302 }))
      }
      expect(server.requests.map((r) => r.url)).not.toContain("/elsewhere")
      // given around the program or to the layers, the application's headers travel with the request
      expect(server.requests.slice(0, 2).map((r) => r.headers["x-app-trace"])).toEqual(["t1", "t1"])
    })

    it("given to the HttpClient layer alone, it is replaced by the client's own (the documented limit)", async () => {
      const server = await okServer()
      const { counter, dispatcher } = countedDispatcher()
      const options: NeutralOptions = {
        credentials: { apiToken },
        serverUrl: server.url,
        transport: "fetch",
        retry: "none",
        requestInit: { init: { dispatcher } as RequestInit, placement: "httpClientLayer" }
      }
      expect(factsOf(await useClient(line, options).call("list", scope)).outcome).toBe("success")
      expect(counter.count).toBe(0)
    })
  })

  describe(`[${line.name}] each failed attempt is told: a debug log line and an event on the operation's span`, () => {
    it("a 429, a 503 and a reset before a 200: three attempt lines with the delay, then the success", async () => {
      const server = await serve((_, res, ctx) => {
        if (ctx.attempt === 1) {
          res.writeHead(429, { "retry-after": "0" })
          res.end()
        } else if (ctx.attempt === 2) {
          res.writeHead(503)
          res.end()
        } else if (ctx.attempt === 3) {
          ctx.socket.resetAndDestroy()
        } else {
          res.writeHead(200, { "content-type": "application/json" })
          res.end(listBody)
        }
      })
      const observe = makeObservation()
      const outcome = await useClient(line, {
        credentials: { apiToken },
        serverUrl: server.url,
        transport: "fetch",
        retry: { retries: 5, spacedMillis: 20 },
        observe
      }).call("list", scope)
      expect(factsOf(outcome).outcome).toBe("success")
      expect(server.requests).toHaveLength(4)
      const messages = observe.logs.map((log) => String(log.message))
      const attempts = messages.filter((m) => m.includes(" failed ("))
      expect(attempts).toHaveLength(3)
      expect(attempts[0]).toMatch(/^ListConnections: attempt 1 failed \(HTTP 429\); retry in \d+ ms$/)
      expect(attempts[1]).toMatch(/^ListConnections: attempt 2 failed \(HTTP 503\); retry in \d+ ms$/)
      expect(attempts[2]).toMatch(/^ListConnections: attempt 3 failed \(transport failure.*\); retry in \d+ ms$/)
      expect(messages.some((m) => /-> 200$/.test(m))).toBe(true)
      const span = observe.spans.find((s) => s.name === "MammothAnalytics.connections.list")!
      const events = span.events.filter((e) => e.name === "mammoth.attempt.failed")
      expect(events.map((e) => e.attributes["mammoth.attempt"])).toEqual([1, 2, 3])
      expect(events.map((e) => e.attributes["mammoth.attempt.failure"]).slice(0, 2)).toEqual(["HTTP 429", "HTTP 503"])
      expect(events.every((e) => typeof e.attributes["mammoth.retry.delay_ms"] === "number")).toBe(true)
      const text = JSON.stringify({ messages, events })
      expect(text).not.toContain(apiToken)
    })

    it("a failure the policy does not retry, and the last one, say so", async () => {
      const server = await serve((req, res) => {
        const status = req.method === "GET" && req.url?.includes("/connections/") === true ? 400 : 503
        res.writeHead(status, { "content-type": "application/json" })
        res.end(JSON.stringify({ status_code: status, detail: "no", extra: null }))
      })
      const observe = makeObservation()
      const client = useClient(line, {
        credentials: { apiToken },
        serverUrl: server.url,
        transport: "fetch",
        retry: { retries: 1, spacedMillis: 10 },
        observe
      })
      await client.call("get", { ...scope, connectionKey })
      await client.call("list", scope)
      await waitUntil(() => server.requests.length === 3, "the three requests")
      const attempts = observe.logs.map((log) => String(log.message)).filter((m) => m.includes(" failed ("))
      expect(attempts).toEqual([
        "GetConnection: attempt 1 failed (HTTP 400); not retried",
        expect.stringMatching(/^ListConnections: attempt 1 failed \(HTTP 503\); retry in \d+ ms$/),
        "ListConnections: attempt 2 failed (HTTP 503); no retries left"
      ])
    })

    it("with RetryPolicy.none, the one failed attempt is told too: its log line and its span event", async () => {
      const server = await serve((_req, res) => {
        res.writeHead(401, { "content-type": "application/json" })
        res.end(JSON.stringify({ status_code: 401, detail: "no", extra: null }))
      })
      const observe = makeObservation()
      const outcome = await useClient(line, {
        credentials: { apiToken },
        serverUrl: server.url,
        transport: "fetch",
        retry: "none",
        observe
      }).call("list", scope)
      expect(factsOf(outcome)).toMatchObject({ outcome: "failure", tag: "MammothAnalyticsUnauthorizedError" })
      expect(server.requests).toHaveLength(1)
      const messages = observe.logs.map((log) => String(log.message))
      expect(messages.filter((m) => m.startsWith("ListConnections"))).toEqual([
        "ListConnections: attempt 1 failed (HTTP 401); not retried",
        "ListConnections failed: MammothAnalyticsUnauthorizedError"
      ])
      const span = observe.spans.find((s) => s.name === "MammothAnalytics.connections.list")!
      const events = span.events.filter((e) => e.name === "mammoth.attempt.failed")
      expect(events.map((e) => e.attributes)).toEqual([
        { "mammoth.attempt": 1, "mammoth.attempt.failure": "HTTP 401", "mammoth.retry": false }
      ])
    })
  })
}
