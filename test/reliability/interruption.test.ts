/**
 * Interruption and timeouts over real HTTP: a call that is interrupted (fiber interrupt, `Effect.timeout`,
 * its scope closing) closes its connection, which the server observes; per-attempt and overall timeouts hold;
 * a backoff sleep is interruptible; and with a layer that owns its connection pool (undici), no fiber, timer
 * or socket outlives the layer's scope.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import type { Context } from "effect"
import { Cause, Effect, Exit, Fiber, Layer, Option, Schedule, Scope, Supervisor } from "effect"
import { RetryPolicy } from "../../src/index.js"
import { failure, outcomeOf } from "./support/outcome.js"
import type { TestServer } from "./support/server.js"
import { answerOk, clientLayer, ops, serve, transports, waitUntil } from "./support/server.js"

const silent = () => {}

const firstSocketClosed = (server: TestServer) =>
  waitUntil(() => server.requests.length > 0 && server.isClosed(server.requests[0]!.socket), "the socket to close")

const requestArrived = (server: TestServer, n = 1) =>
  waitUntil(() => server.requests.length >= n, `request ${n} to reach the server`)

for (const [transportName, transport] of transports) {
  describe(`interruption over ${transportName}`, () => {
    for (const op of ops) {
      it.scopedLive(`${op.name}: interrupting the fiber in flight closes the connection`, () =>
        Effect.gen(function*() {
          const server = yield* serve(silent)
          const fiber = yield* op.call().pipe(Effect.provide(clientLayer(server, transport)), Effect.fork)
          yield* requestArrived(server)
          const exit = yield* Fiber.interrupt(fiber)
          expect(outcomeOf(exit)).toEqual({ outcome: "interrupted" })
          yield* firstSocketClosed(server)
          expect(server.requests.length).toBe(1)
        }))
    }

    it.scopedLive("Effect.timeout around a call ends it with TimeoutException and closes the connection", () =>
      Effect.gen(function*() {
        const server = yield* serve(silent)
        const exit = yield* ops[2]!.call().pipe(
          Effect.provide(clientLayer(server, transport)),
          Effect.timeout("400 millis"),
          Effect.exit
        )
        expect(outcomeOf(exit)).toEqual(failure("TimeoutException"))
        yield* firstSocketClosed(server)
        expect(server.requests.length).toBe(1)
      }))

    it.scopedLive("closing the scope a call was forked in interrupts it and closes the connection", () =>
      Effect.gen(function*() {
        const server = yield* serve(silent)
        const scope = yield* Scope.make()
        const fiber = yield* ops[1]!.call().pipe(
          Effect.provide(clientLayer(server, transport)),
          Effect.forkIn(scope)
        )
        yield* requestArrived(server)
        yield* Scope.close(scope, Exit.void)
        expect(outcomeOf(yield* Fiber.await(fiber))).toEqual({ outcome: "interrupted" })
        yield* firstSocketClosed(server)
      }))

    it.scopedLive("the per-attempt timeout holds without retries: one attempt, MammothAnalyticsTimeoutError, socket closed", () =>
      Effect.gen(function*() {
        const server = yield* serve(silent)
        const exit = yield* ops[0]!.call({ timeout: "300 millis", retry: RetryPolicy.none }).pipe(
          Effect.provide(clientLayer(server, transport)),
          Effect.exit
        )
        expect(outcomeOf(exit)).toEqual(failure("MammothAnalyticsTimeoutError", { scope: "attempt" }))
        expect(Exit.isFailure(exit) && Cause.failureOption(exit.cause).pipe(Option.getOrUndefined)).toMatchObject({
          operation: "ListConnections",
          scope: "attempt",
          timeoutMillis: 300,
          description: "an attempt timed out after 300ms"
        })
        expect(server.requests.length).toBe(1)
        yield* firstSocketClosed(server)
      }))

    it.scopedLive("an overall timeout holds over the default retrying policy and the default 10 s attempt timeout", () =>
      Effect.gen(function*() {
        const server = yield* serve(silent)
        const exit = yield* ops[4]!.call().pipe(
          Effect.provide(clientLayer(server, transport)),
          Effect.timeout("400 millis"),
          Effect.exit
        )
        expect(outcomeOf(exit)).toEqual(failure("TimeoutException"))
        expect(server.requests.length).toBe(1)
        yield* firstSocketClosed(server)
      }))

    it.scopedLive("a backoff sleep (Retry-After: 3600) is interruptible and sends nothing more", () =>
      Effect.gen(function*() {
        const server = yield* serve((_req, res) => res.writeHead(503, { "retry-after": "3600" }).end("busy"))
        const patient = RetryPolicy.make(Schedule.recurs(5), { maxRetryAfter: "2 hours" })
        const fiber = yield* ops[0]!.call({ retry: patient }).pipe(
          Effect.provide(clientLayer(server, transport)),
          Effect.fork
        )
        yield* requestArrived(server)
        // the answer has been sent; give the client real time to read it and enter the sleep
        yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 50)))
        const exit = yield* Fiber.interrupt(fiber)
        expect(outcomeOf(exit)).toEqual({ outcome: "interrupted" })
        expect(server.requests.length).toBe(1)
      }))

    it.scopedLive("per-attempt timeouts over retries: each slow attempt is abandoned and its socket closed", () =>
      Effect.gen(function*() {
        const server = yield* serve((_req, res) => {
          const timer = setTimeout(() => res.writeHead(200).end("{\"connections\":[]}"), 2_000)
          res.on("close", () => clearTimeout(timer))
        })
        const exit = yield* ops[0]!.call({ timeout: "300 millis", retry: RetryPolicy.make(Schedule.recurs(2)) }).pipe(
          Effect.provide(clientLayer(server, transport)),
          Effect.exit
        )
        expect(outcomeOf(exit)).toEqual(failure("MammothAnalyticsTimeoutError", { scope: "attempt" }))
        expect(server.requests.length).toBe(3)
        yield* waitUntil(() => server.requests.every((r) => server.isClosed(r.socket)), "every socket to close")
      }))
  })
}

/** Remembers every fiber started under it, ended or not (`Supervisor.track` forgets the ended ones). */
class RecordingSupervisor extends Supervisor.AbstractSupervisor<void> {
  readonly fibers = new Set<Fiber.RuntimeFiber<any, any>>()
  readonly value = Effect.void
  override onStart<A, E, R>(
    _context: Context.Context<R>,
    _effect: Effect.Effect<A, E, R>,
    _parent: Option.Option<Fiber.RuntimeFiber<any, any>>,
    fiber: Fiber.RuntimeFiber<A, E>
  ): void {
    this.fibers.add(fiber)
  }
}

const activeTimers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length

/**
 * undici's layer owns its connection pool: closing the layer's scope must close every socket and clear every
 * timer. fetch uses the process-wide pool of Node's fetch, which keeps idle keep-alive sockets (and their
 * timers) after any one layer is gone; there, the sockets of calls that were in flight or timed out must still
 * be closed, and no fiber may survive.
 */
for (
  const [transportName, transport, ownsPool] of [
    ["undici", NodeHttpClient.layerUndici, true],
    ["fetch", transports[0]![1], false]
  ] as const
) {
  describe(`nothing outlives the layer's scope (${transportName})`, () => {
    it.live(
      ownsPool
        ? "fibers, timers and sockets are all gone once the scope closes"
        : "no fiber survives, and every socket of an interrupted or timed-out call is closed",
      () =>
        Effect.gen(function*() {
          const timersBefore = activeTimers()
          const supervisor = new RecordingSupervisor()
          const served = yield* Effect.scoped(
            Effect.gen(function*() {
              const okServer = yield* serve((req, res) => answerOk(ops.find((o) => o.method === req.method)!, res))
              const silentServer = yield* serve(silent)
              const layerScope = yield* Scope.make()
              const okContext = yield* Layer.buildWithScope(
                clientLayer(okServer, transport, { retry: RetryPolicy.make(Schedule.recurs(2)) }),
                layerScope
              )
              const silentContext = yield* Layer.buildWithScope(clientLayer(silentServer, transport), layerScope)
              // successes that leave keep-alive sockets in the pool, calls that time out, and a call in flight
              yield* Effect.forEach(ops, (op) => op.call().pipe(Effect.provide(okContext)), { concurrency: 5 })
              yield* Effect.forEach(
                ops,
                (op) =>
                  op.call({ timeout: "300 millis", retry: RetryPolicy.none }).pipe(
                    Effect.provide(silentContext),
                    Effect.exit
                  ),
                { concurrency: 5 }
              )
              yield* ops[0]!.call().pipe(Effect.provide(silentContext), Effect.forkIn(layerScope))
              yield* requestArrived(silentServer, 6)
              expect(okServer.open()).toBeGreaterThan(0)
              yield* Scope.close(layerScope, Exit.void)
              // with fetch, only the sockets that carried an abandoned request: its pool may hold an idle one
              yield* waitUntil(
                () =>
                  ownsPool
                    ? okServer.open() === 0 && silentServer.open() === 0
                    : silentServer.requests.every((r) => silentServer.isClosed(r.socket)),
                "every server-side socket to close"
              )
              return { ok: okServer.opened(), silent: silentServer.opened() }
            })
          ).pipe(Effect.supervised(supervisor))
          expect(served.ok).toBeGreaterThan(0)
          expect(served.silent).toBeGreaterThan(0)
          // every fiber started under the supervisor (the calls' own and any the transports forked) has ended
          expect(supervisor.fibers.size).toBeGreaterThan(10)
          const alive = [...supervisor.fibers].filter((fiber) => fiber.unsafePoll() === null)
          expect(alive.length).toBe(0)
          if (ownsPool) {
            // undici's and Effect's timers are cleared when their owner ends; allow the event loop a few turns
            yield* waitUntil(() => activeTimers() <= timersBefore, `timers back to ${timersBefore}`, 3_000).pipe(
              Effect.catchAll(() => Effect.void)
            )
            expect(activeTimers()).toBeLessThanOrEqual(timersBefore)
          }
        })
    )
  })
}
