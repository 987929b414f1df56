/**
 * The per-call fast paths of the client (issue 5): the retry driver made only at the first retryable
 * failure, the lighter `locallyWith` that scopes the redacted header names to a call, and the remembered
 * list of redacted names. Each keeps the behaviour it replaced.
 */
import { HttpClient, HttpClientResponse } from "@effect/platform"
import * as Headers from "@effect/platform/Headers"
import { describe, expect, it } from "@effect/vitest"
import { Deferred, Effect, Exit, Fiber, FiberRef, Layer, Redacted, Ref, Schedule } from "effect"
import { withSecretHeaderNames } from "../../src/core/headers.js"
import { MammothAnalytics } from "../../src/index.js"
import { locallyWith, retrying } from "../../src/internal/combinators.js"

type Failure = { readonly retryable: boolean; readonly n: number }
const isRetryable = (failure: Failure): failure is any => failure.retryable

/** An attempt that fails as `script` says (one entry per attempt, the last repeating), then succeeds. */
const scripted = (script: ReadonlyArray<Failure | "ok">) =>
  Effect.gen(function*() {
    const attempts = yield* Ref.make(0)
    const steps = yield* Ref.make(0)
    const once = Effect.flatMap(Ref.updateAndGet(attempts, (n) => n + 1), (n) => {
      const step = script[Math.min(n, script.length) - 1]!
      return step === "ok" ? Effect.succeed(n) : Effect.fail(step)
    })
    const schedule = Schedule.recurs(2).pipe(Schedule.tapInput(() => Ref.update(steps, (n) => n + 1)))
    return { once, schedule, attempts, steps }
  })

describe("retrying: the driver is made at the first retryable failure", () => {
  it.effect("a first-time success runs once and never steps the schedule", () =>
    Effect.gen(function*() {
      const { attempts, once, schedule, steps } = yield* scripted(["ok"])
      expect(yield* retrying(once, schedule as any, isRetryable)).toBe(1)
      expect(yield* Ref.get(attempts)).toBe(1)
      expect(yield* Ref.get(steps)).toBe(0)
    }))

  it.effect("a failure that is not retryable ends at once, the schedule never stepped", () =>
    Effect.gen(function*() {
      const { attempts, once, schedule, steps } = yield* scripted([{ retryable: false, n: 1 }])
      expect(yield* Effect.flip(retrying(once, schedule as any, isRetryable))).toEqual({ retryable: false, n: 1 })
      expect(yield* Ref.get(attempts)).toBe(1)
      expect(yield* Ref.get(steps)).toBe(0)
    }))

  it.effect("retryable failures are retried until a success", () =>
    Effect.gen(function*() {
      const { attempts, once, schedule, steps } = yield* scripted([
        { retryable: true, n: 1 },
        { retryable: true, n: 2 },
        "ok"
      ])
      expect(yield* retrying(once, schedule as any, isRetryable)).toBe(3)
      expect(yield* Ref.get(attempts)).toBe(3)
      expect(yield* Ref.get(steps)).toBe(2)
    }))

  it.effect("when the schedule is done, the last failure is the outcome", () =>
    Effect.gen(function*() {
      const { attempts, once, schedule } = yield* scripted([
        { retryable: true, n: 1 },
        { retryable: true, n: 2 },
        { retryable: true, n: 3 }
      ])
      expect(yield* Effect.flip(retrying(once, schedule as any, isRetryable))).toEqual({ retryable: true, n: 3 })
      expect(yield* Ref.get(attempts)).toBe(3) // recurs(2): the first attempt and two retries
    }))

  it.effect("a retryable failure after a refused one is not retried", () =>
    Effect.gen(function*() {
      const { attempts, once, schedule } = yield* scripted([{ retryable: true, n: 1 }, { retryable: false, n: 2 }])
      expect(yield* Effect.flip(retrying(once, schedule as any, isRetryable))).toEqual({ retryable: false, n: 2 })
      expect(yield* Ref.get(attempts)).toBe(2)
    }))

  it.effect("every run of the same effect starts the schedule afresh (no driver shared between calls)", () =>
    Effect.gen(function*() {
      const failing = { retryable: true, n: 0 }
      const attempts = yield* Ref.make(0)
      const once = Effect.zipRight(Ref.update(attempts, (n) => n + 1), Effect.fail(failing))
      const call = retrying(once, Schedule.recurs(2) as any, isRetryable)
      yield* Effect.flip(call)
      yield* Effect.flip(call)
      expect(yield* Ref.get(attempts)).toBe(6)
    }))
})

describe("locallyWith", () => {
  it.effect("sets the value for the region and puts it back after a success", () =>
    Effect.gen(function*() {
      const ref = FiberRef.unsafeMake(1)
      const inside = yield* locallyWith(FiberRef.get(ref), ref, (n) => n + 10)
      expect(inside).toBe(11)
      expect(yield* FiberRef.get(ref)).toBe(1)
    }))

  it.effect("puts it back after a failure and after a defect", () =>
    Effect.gen(function*() {
      const ref = FiberRef.unsafeMake(1)
      yield* Effect.exit(locallyWith(Effect.fail("no"), ref, () => 5))
      expect(yield* FiberRef.get(ref)).toBe(1)
      yield* Effect.exit(locallyWith(Effect.die("bad"), ref, () => 5))
      expect(yield* FiberRef.get(ref)).toBe(1)
    }))

  it.live("puts it back when the region is interrupted, and the region stays interruptible", () =>
    Effect.gen(function*() {
      const ref = FiberRef.unsafeMake(1)
      const started = yield* Deferred.make<number>()
      const fiber = yield* Effect.fork(
        Effect.zipRight(
          locallyWith(
            Effect.zipRight(Effect.flatMap(FiberRef.get(ref), (n) => Deferred.succeed(started, n)), Effect.never),
            ref,
            () => 5
          ),
          FiberRef.get(ref)
        )
      )
      expect(yield* Deferred.await(started)).toBe(5)
      const exit = yield* Fiber.interrupt(fiber)
      expect(Exit.isInterrupted(exit)).toBe(true)
      expect(yield* FiberRef.get(ref)).toBe(1)
    }))

  it.effect("a region that sets the ref itself still ends with the value from before it", () =>
    Effect.gen(function*() {
      const ref = FiberRef.unsafeMake(1)
      yield* locallyWith(FiberRef.set(ref, 99), ref, () => 5)
      expect(yield* FiberRef.get(ref)).toBe(1)
    }))
})

describe("withSecretHeaderNames", () => {
  it("adds the credential headers once, and gives the same array for the same input", () => {
    const names = ["authorization", /cookie/]
    const first = withSecretHeaderNames(names)
    expect(first).toEqual(["authorization", /cookie/, "x-api-key", "x-api-secret"])
    expect(withSecretHeaderNames(names)).toBe(first)
    expect(names).toEqual(["authorization", /cookie/]) // the input is never changed
  })

  it("answers each input by its own content, whatever came before", () => {
    expect(withSecretHeaderNames(["a"])).toEqual(["a", "authorization", "x-api-key", "x-api-secret"])
    expect(withSecretHeaderNames(["x-api-key"])).toEqual(["x-api-key", "authorization", "x-api-secret"])
    // key and secret alone are no longer complete: the token's header is missing
    expect(withSecretHeaderNames(["x-api-secret", "x-api-key"])).toEqual([
      "x-api-secret",
      "x-api-key",
      "authorization"
    ])
    const complete = ["x-api-secret", "authorization", "x-api-key"]
    expect(withSecretHeaderNames(complete)).toBe(complete)
    expect(withSecretHeaderNames(["a"])).toEqual(["a", "authorization", "x-api-key", "x-api-secret"])
    expect(withSecretHeaderNames([])).toEqual(["authorization", "x-api-key", "x-api-secret"])
  })
})

describe("a call scopes the redacted header names to itself", () => {
  const body = JSON.stringify({ connections: [] })

  it.effect("the HttpClient sees the credential headers redacted; the caller's list is untouched after", () =>
    Effect.gen(function*() {
      const seen: Array<ReadonlyArray<string | RegExp>> = []
      const fake = Layer.succeed(
        HttpClient.HttpClient,
        HttpClient.make((request) =>
          Effect.map(FiberRef.get(Headers.currentRedactedNames), (names) => {
            seen.push(names)
            return HttpClientResponse.fromWeb(request, new Response(body, { status: 200 }))
          })
        )
      )
      const live = MammothAnalytics.layer({
        apiKey: Redacted.make("key"),
        apiSecret: Redacted.make("secret"),
        serverUrl: "http://127.0.0.1:1/api/v2"
      }).pipe(Layer.provide(fake))
      const mine = ["x-mine"]
      const after = yield* Effect.gen(function*() {
        const mammoth = yield* MammothAnalytics
        for (let i = 0; i < 3; i++) {
          yield* mammoth.connections.list({ workspaceId: 1, projectId: 2, connectorKey: "abc" })
        }
        yield* Effect.flip(mammoth.connections.list({ workspaceId: 0, projectId: 2, connectorKey: "abc" }))
        return yield* FiberRef.get(Headers.currentRedactedNames)
      }).pipe(Effect.provide(live), Effect.locally(Headers.currentRedactedNames, mine))
      expect(after).toBe(mine)
      expect(seen).toHaveLength(3)
      for (const names of seen) {
        expect(names).toEqual(["x-mine", "authorization", "x-api-key", "x-api-secret"])
      }
    }))

  it.effect("in token mode too, and the transport's redaction hides the bearer token", () =>
    Effect.gen(function*() {
      const token = "mm_fast-path-token-1e9"
      const rendered: Array<string> = []
      const fake = Layer.succeed(
        HttpClient.HttpClient,
        HttpClient.make((request) =>
          Effect.map(FiberRef.get(Headers.currentRedactedNames), (names) => {
            // what a transport's log or error would print of the request's headers
            rendered.push(JSON.stringify(Headers.redact(request.headers, names)))
            return HttpClientResponse.fromWeb(request, new Response(body, { status: 200 }))
          })
        )
      )
      const live = MammothAnalytics.layer({ apiToken: Redacted.make(token), serverUrl: "http://127.0.0.1:1/api/v2" })
        .pipe(Layer.provide(fake))
      yield* Effect.flatMap(MammothAnalytics, (m) =>
        m.connections.list({ workspaceId: 1, projectId: 2, connectorKey: "abc" }))
        .pipe(Effect.provide(live))
      expect(rendered).toHaveLength(1)
      expect(rendered[0]).toContain("authorization")
      expect(rendered[0]).not.toContain(token)
    }))
})
