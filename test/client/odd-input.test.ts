/**
 * What a JavaScript caller (or a configuration file) can hand the client that its types rule out: every such
 * value fails as a typed error (a layer option: the layer's `ConfigError`; a call's input or option:
 * `MammothAnalyticsInvalidRequestError`), nothing is sent, and nothing dies or throws.
 * Found in review; each case died, threw or quoted a secret before.
 */
import { describe, expect, it } from "@effect/vitest"
import type { ConfigError } from "effect"
import { Effect, Exit, Fiber, Redacted, Schedule, TestClock } from "effect"
import * as util from "node:util"
import { settingRefusalPrefix } from "../../src/core/settings.js"
import { Connections, Jobs, MammothAnalytics } from "../../src/v3/index.js"
import type { TestClientOptions } from "../support/recordingClient.js"
import { apiToken, mammothOver, scope } from "../support/recordingClient.js"

/** One list call through a layer built from `options`; what it failed with and what was sent. */
const listWith = (options: unknown, callOptions?: unknown) =>
  Effect.gen(function*() {
    const { layer, seen } = mammothOver(
      () => ({ status: 200, json: { connections: [] } }),
      options as TestClientOptions
    )
    const exit = yield* Effect.exit(
      Effect.provide(
        Effect.flatMap(MammothAnalytics, (m) => m.connections.list(scope, callOptions as never)),
        layer
      )
    )
    return { exit, seen }
  })

const expectRefused = (
  exit: Exit.Exit<unknown, { readonly _tag: string; readonly reason?: string }>,
  reason: RegExp
) => {
  expect(Exit.isFailure(exit) && exit.cause._tag === "Fail").toBe(true)
  if (Exit.isFailure(exit) && exit.cause._tag === "Fail") {
    expect(exit.cause.error._tag).toBe("MammothAnalyticsInvalidRequestError")
    expect(exit.cause.error.reason).toMatch(reason)
  }
}

describe("odd values from JavaScript callers fail as typed errors, with nothing sent", () => {
  it.effect("layer options of the wrong type fail the layer with a ConfigError naming the setting", () =>
    Effect.gen(function*() {
      const cases: ReadonlyArray<readonly [unknown, RegExp]> = [
        [{ timeout: "1e3 millis" }, /^timeout is not a duration$/],
        [{ serverUrl: new URL("http://127.0.0.1:4010/api/v2") }, /^serverUrl must be a string$/],
        [{ serverUrl: 4010 }, /^serverUrl must be a string$/],
        [{ maxResponseBytes: "x" }, /^maxResponseBytes must be an integer > 0$/],
        [{ maxResponseBytes: 0 }, /^maxResponseBytes must be an integer > 0$/],
        [{ maxResponseBytes: Number.NaN }, /^maxResponseBytes must be an integer > 0$/],
        [{ allowInsecureHttp: "yes" }, /^allowInsecureHttp must be a boolean$/],
        [{ transformClient: "none" }, /^transformClient must be a function$/],
        [{ retry: "none" }, /^retry must be a RetryPolicy or a Schedule$/],
        [{ apiToken: Redacted.make(123) }, /^apiToken must be a Redacted string$/],
        [{ apiToken: Redacted.make(null) }, /^apiToken must be a Redacted string$/],
        [{ apiKey: Redacted.make({}), apiSecret: Redacted.make("s") }, /^apiKey must be a Redacted string$/]
      ]
      for (const [options, reason] of cases) {
        const { exit, seen } = yield* listWith(options)
        expect(Exit.isFailure(exit) && exit.cause._tag === "Fail").toBe(true)
        if (Exit.isFailure(exit) && exit.cause._tag === "Fail") {
          const error = exit.cause.error as unknown as ConfigError.ConfigError
          expect(error._tag).toBe("ConfigError")
          expect(error._op === "InvalidData" && error.message.slice(settingRefusalPrefix.length)).toMatch(reason)
        }
        expect(seen).toHaveLength(0)
      }
    }))

  it.effect("per-call options of the wrong type", () =>
    Effect.gen(function*() {
      const throwing = Object.defineProperty({}, "x-trace", {
        enumerable: true,
        get: () => {
          throw new Error("boom")
        }
      })
      const cases: ReadonlyArray<readonly [unknown, RegExp]> = [
        [{ timeout: "1e3 millis" }, /^timeout is not a duration$/],
        [{ retry: null }, /^retry must be a RetryPolicy or a Schedule$/],
        [{ retry: "none" }, /^retry must be a RetryPolicy or a Schedule$/],
        [{ headers: null }, /^headers must be an object/],
        [{ headers: "x-trace: 1" }, /^headers must be an object/],
        [{ headers: throwing }, /^headers could not be read/]
      ]
      for (const [callOptions, reason] of cases) {
        const { exit, seen } = yield* listWith({}, callOptions)
        expectRefused(exit, reason)
        expect(seen).toHaveLength(0)
      }
      // null per-call options are no options
      const { exit } = yield* listWith({}, null)
      expect(Exit.isSuccess(exit)).toBe(true)
    }))

  it.effect("an input that is not an object is refused without being quoted (it may hold the body)", () =>
    Effect.gen(function*() {
      const { layer, seen } = mammothOver(() => ({ status: 202, json: { job_id: 1 } }))
      const text = JSON.stringify({ ...scope, requestBody: { password: "PW-SENTINEL-odd" } })
      const error = yield* Effect.flatMap(MammothAnalytics, (m) => m.connections.create(text as never)).pipe(
        Effect.flip,
        Effect.provide(layer)
      )
      expect(error._tag).toBe("MammothAnalyticsInvalidRequestError")
      for (const rendering of [String(error), JSON.stringify(error), util.inspect(error)]) {
        expect(rendering).not.toContain("PW-SENTINEL-odd")
      }
      expect(seen).toHaveLength(0)
    }))

  it.effect("jobs.await with a timeout that is not a duration, or null options, fails or runs: it never throws", () =>
    Effect.gen(function*() {
      const { layer } = mammothOver(() => ({
        status: 200,
        json: {
          job: {
            id: 1,
            status: "success",
            response: {},
            created_at: "2026-11-28T10:00:00Z",
            last_updated_at: "2026-11-28T10:00:00Z",
            path: "/",
            operation: "SaveConnection"
          }
        }
      }), { apiToken: Redacted.make(apiToken) })
      const refused = yield* Jobs.await({ workspaceId: 4, jobId: 1 }, { timeout: "1e3 millis" }).pipe(
        Effect.flip,
        Effect.provide(layer)
      )
      expect(refused._tag).toBe("MammothAnalyticsInvalidRequestError")
      const job = yield* Jobs.await({ workspaceId: 4, jobId: 1 }, null as never).pipe(Effect.provide(layer))
      expect(job.status).toBe("success")
    }))

  it.effect("createAndAwait with a timeout the await cannot use refuses before the create is sent", () =>
    Effect.gen(function*() {
      const { layer, seen } = mammothOver(() => ({ status: 202, json: { job_id: 1 } }))
      const refused = yield* Connections.createAndAwait({ ...scope, requestBody: { database: "db" } }, {
        timeout: "1e3 millis"
      }).pipe(Effect.flip, Effect.provide(layer))
      expect(refused._tag).toBe("MammothAnalyticsInvalidRequestError")
      expect(seen).toHaveLength(0)
    }))

  it.effect("a failed job's response has its secret fields masked in the error", () =>
    Effect.gen(function*() {
      const { layer } = mammothOver(() => ({
        status: 200,
        json: {
          job: {
            id: 3,
            status: "failure",
            response: { failure_reason: "auth failed", connection: { hostname: "db", password: "PW-SENTINEL-job" } },
            created_at: "2026-11-28T10:00:00Z",
            last_updated_at: "2026-11-28T10:00:00Z",
            path: "/",
            operation: "SaveConnection"
          }
        }
      }))
      const fiber = yield* Jobs.await({ workspaceId: 4, jobId: 3 }, { schedule: Schedule.spaced("1 second") }).pipe(
        Effect.flip,
        Effect.provide(layer),
        Effect.fork
      )
      yield* TestClock.adjust("1 second")
      const failure = yield* Fiber.join(fiber)
      expect(failure._tag).toBe("MammothAnalyticsJobFailedError")
      if (failure._tag !== "MammothAnalyticsJobFailedError") return
      expect(failure.response).toEqual({
        failure_reason: "auth failed",
        connection: { hostname: "db", password: "********" }
      })
      for (const rendering of [String(failure), JSON.stringify(failure), util.inspect(failure, { depth: 10 })]) {
        expect(rendering).not.toContain("PW-SENTINEL-job")
      }
    }))
})
