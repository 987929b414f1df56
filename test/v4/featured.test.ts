/**
 * The feature-equal hand-written Effect 4 client of the bench (bench/v4/v4-featured.ts) does the work this client
 * does, over `FetchHttpClient` and, on Node >= 22.19, `layerUndici` (`@effect/platform-node` 4 needs it: CI runs this
 * file again on Node 22, scripts/featured-node22.sh), against a real loopback server: the cases are in
 * test/bench/featuredSanity.ts, shared with the Effect 3 test. Nothing here is timed.
 */
import { Effect, Layer, Logger, ManagedRuntime, Redacted, References } from "effect"
import { FetchHttpClient } from "effect/http"
import type { HttpClient } from "effect/http"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { apiKey, apiSecret } from "../../bench/contenders/common.js"
import { effect4UndiciRuns } from "../../bench/effect4Undici.js"
import * as Featured from "../../bench/v4/v4-featured.js"
import { MammothAnalytics } from "../../src/v4/index.js"
import type { SanityCall, SanityCase, SanityRun, ScriptedServer } from "../bench/featuredSanity.js"
import {
  isFailedAttemptLine,
  kindOf,
  plain,
  sanityCases,
  sentOf,
  startScriptedServer
} from "../bench/featuredSanity.js"

/** Runs a call with every debug line kept, and reports how it ended and how many lines told of a failed attempt. */
const run = async <A, E extends { readonly _tag: string }>(effect: Effect.Effect<A, E>): Promise<SanityRun> => {
  const lines: Array<string> = []
  const logger = Logger.make<unknown, void>(({ message }) => {
    lines.push(Array.isArray(message) ? message.join(" ") : String(message))
  })
  const result = await Effect.runPromise(
    effect.pipe(
      Effect.result,
      Effect.provideService(Logger.CurrentLoggers, new Set([logger])),
      Effect.provideService(References.MinimumLogLevel, "All")
    )
  )
  return {
    outcome: result._tag === "Success"
      ? { ok: true, value: result.success }
      : { ok: false, kind: kindOf(result.failure._tag) },
    failedAttemptLines: lines.filter(isFailedAttemptLine).length
  }
}

const credentials = { apiKey: Redacted.make(apiKey), apiSecret: Redacted.make(apiSecret) }

const transports: ReadonlyArray<readonly [string, () => Promise<Layer.Layer<HttpClient.HttpClient>>]> = [
  ["FetchHttpClient", () => Promise.resolve(FetchHttpClient.layer)],
  // Node >= 22.19, which `@effect/platform-node` 4 (its `layerUndici`) needs
  ...(effect4UndiciRuns
    ? [["layerUndici", async () => (await import("../../bench/v4/undici-layer.js")).layerUndici] as const]
    : [])
]

describe.each(transports)("the feature-equal hand-written Effect 4 client over %s", (_, transportLayer) => {
  let server: ScriptedServer
  let transport: Layer.Layer<HttpClient.HttpClient>
  const runtimes: Array<{ dispose: () => Promise<void> }> = []
  beforeAll(async () => {
    transport = await transportLayer()
    server = await startScriptedServer()
  })
  afterAll(async () => {
    await Promise.all(runtimes.map((r) => r.dispose()))
    await server.close()
  })

  const make = <S, I>(layer: Layer.Layer<S, unknown, HttpClient.HttpClient>, service: Effect.Effect<I, never, S>) => {
    const runtime = ManagedRuntime.make(layer.pipe(Layer.provide(transport)))
    runtimes.push(runtime)
    return runtime.runPromise(service)
  }
  const runOurs = async (call: SanityCall, limit: number | undefined) => {
    const client = await make(
      MammothAnalytics.layer({
        ...credentials,
        serverUrl: server.url,
        ...(limit === undefined ? {} : { maxResponseBytes: limit })
      }),
      Effect.gen(function*() {
        return yield* MammothAnalytics
      })
    )
    return call.op === "list" ? run(client.connections.list(call.input)) : run(client.connections.create(call.input))
  }
  const runTheirs = async (call: SanityCall, limit: number | undefined) => {
    const client = await make(
      Featured.layer({ ...credentials, baseUrl: server.url, ...(limit === undefined ? {} : { maxBodyBytes: limit }) }),
      Effect.gen(function*() {
        return yield* Featured.Mammoth
      })
    )
    return call.op === "list" ? run(client.list(call.input)) : run(client.create(call.input))
  }

  it.each(sanityCases)("$name: the same outcome, requests and failed-attempt lines", async (c: SanityCase) => {
    server.script(c.replies)
    const ours = await runOurs(c.call, c.maxBodyBytes)
    const oursSent = sentOf(server.received())
    server.script(c.replies)
    const theirs = await runTheirs(c.call, c.maxBodyBytes)
    const theirsSent = sentOf(server.received())

    expect(ours.outcome.ok ? "ok" : ours.outcome.kind).toBe(c.expected.kind)
    expect(oursSent).toHaveLength(c.expected.requests)
    if (c.sameValue) expect(plain(theirs.outcome)).toEqual(plain(ours.outcome))
    else expect(theirs.outcome.ok ? "ok" : theirs.outcome.kind).toBe(c.expected.kind)
    expect(theirsSent).toEqual(oursSent)
    expect(theirs.failedAttemptLines).toBe(ours.failedAttemptLines)
  })
})
