/**
 * Held on the Effect 3 line only (Layer-level: a `Supervisor` over every fiber, `Layer.buildWithScope`, a call
 * forked into the layer's own scope): nothing outlives the layer's scope. With a layer that owns its connection
 * pool (undici), no fiber, timer or socket outlives it; with fetch, no fiber does and every socket of an
 * interrupted or timed-out call is closed. The neutral interruption cases are in interruption.test.ts.
 */
import { describe, expect, it } from "@effect/vitest"
import type { Context, Fiber, Option } from "effect"
import { Effect, Exit, Layer, Schedule, Scope, Supervisor } from "effect"
import { RetryPolicy } from "../../src/v3/index.js"
import type { TestServer } from "./support/server.js"
import { answerOk, ops, waitUntil } from "./support/server.js"
import { callOf, clientLayer, serveScoped, transportLayers } from "./support/v3.js"

const silent = () => {}

const requestArrived = (server: TestServer, n = 1) =>
  waitUntil(() => server.requests.length >= n, `request ${n} to reach the server`)

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
    ["undici", transportLayers.undici, true],
    ["fetch", transportLayers.fetch, false]
  ] as const
) {
  describe(`[v3] nothing outlives the layer's scope (${transportName})`, () => {
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
              const okServer = yield* serveScoped((req, res) =>
                answerOk(ops.find((o) => o.method === req.method)!, res)
              )
              const silentServer = yield* serveScoped(silent)
              const layerScope = yield* Scope.make()
              const okContext = yield* Layer.buildWithScope(
                clientLayer(okServer, transport, { retry: RetryPolicy.make(Schedule.recurs(2)) }),
                layerScope
              )
              const silentContext = yield* Layer.buildWithScope(clientLayer(silentServer, transport), layerScope)
              // successes that leave keep-alive sockets in the pool, calls that time out, and a call in flight
              yield* Effect.forEach(ops, (op) => callOf(op).pipe(Effect.provide(okContext)), { concurrency: 5 })
              yield* Effect.forEach(
                ops,
                (op) =>
                  callOf(op, { timeout: "300 millis", retry: RetryPolicy.none }).pipe(
                    Effect.provide(silentContext),
                    Effect.exit
                  ),
                { concurrency: 5 }
              )
              yield* callOf(ops[0]!).pipe(Effect.provide(silentContext), Effect.forkIn(layerScope))
              yield* Effect.promise(() => requestArrived(silentServer, 6))
              expect(okServer.open()).toBeGreaterThan(0)
              yield* Scope.close(layerScope, Exit.void)
              // with fetch, only the sockets that carried an abandoned request: its pool may hold an idle one
              yield* Effect.promise(() =>
                waitUntil(
                  () =>
                    ownsPool
                      ? okServer.open() === 0 && silentServer.open() === 0
                      : silentServer.requests.every((r) => silentServer.isClosed(r.socket)),
                  "every server-side socket to close"
                )
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
            yield* Effect.promise(() =>
              waitUntil(() => activeTimers() <= timersBefore, `timers back to ${timersBefore}`, 3_000).catch(() => {})
            )
            expect(activeTimers()).toBeLessThanOrEqual(timersBefore)
          }
        })
    )
  })
}
