/**
 * The feature-equal hand-written Effect 3 client of the bench (bench/contenders/v3-featured.ts) does the work this
 * client does, over each transport, against a real loopback server: the cases are in ./featuredSanity.ts. Nothing
 * here is timed.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { apiKey, apiSecret } from "../../bench/contenders/common.js"
import * as Featured from "../../bench/contenders/v3-featured.js"
import { MammothAnalytics } from "../../src/v3/index.js"
import type { SanityCall, SanityCase, SanityRun, ScriptedServer } from "./featuredSanity.js"
import { isFailedAttemptLine, kindOf, plain, sanityCases, sentOf, startScriptedServer } from "./featuredSanity.js"

const transports: ReadonlyArray<readonly [string, Layer.Layer<HttpClient.HttpClient>]> = [
  ["FetchHttpClient", FetchHttpClient.layer],
  ["layerUndici", NodeHttpClient.layerUndici]
]

/** Runs a call with every debug line kept, and reports how it ended and how many lines told of a failed attempt. */
const run = async <A, E extends { readonly _tag: string }>(effect: Effect.Effect<A, E>): Promise<SanityRun> => {
  const lines: Array<string> = []
  const logger = Logger.make(({ message }) => {
    lines.push(Array.isArray(message) ? message.join(" ") : String(message))
  })
  const either = await Effect.runPromise(
    effect.pipe(
      Effect.either,
      Effect.provide(Logger.replace(Logger.defaultLogger, logger)),
      Logger.withMinimumLogLevel(LogLevel.Debug)
    )
  )
  return {
    outcome: either._tag === "Right"
      ? { ok: true, value: either.right }
      : { ok: false, kind: kindOf(either.left._tag) },
    failedAttemptLines: lines.filter(isFailedAttemptLine).length
  }
}

const credentials = { apiKey: Redacted.make(apiKey), apiSecret: Redacted.make(apiSecret) }

/** Both clients over `transport`, each with the case's body limit, in runtimes built once per limit. */
const clients = (url: string, transport: Layer.Layer<HttpClient.HttpClient>) => {
  const runtimes: Array<{ dispose: () => Promise<void> }> = []
  const ours = new Map<number | undefined, Promise<MammothAnalytics["Type"]>>()
  const theirs = new Map<number | undefined, Promise<Featured.Mammoth["Type"]>>()
  const make = <S, I>(layer: Layer.Layer<S, unknown, HttpClient.HttpClient>, tag: Effect.Effect<I, never, S>) => {
    const runtime = ManagedRuntime.make(layer.pipe(Layer.provide(transport)))
    runtimes.push(runtime)
    return runtime.runPromise(tag)
  }
  return {
    ours: (limit: number | undefined) => {
      if (!ours.has(limit)) {
        const layer = MammothAnalytics.layer({
          ...credentials,
          serverUrl: url,
          ...(limit === undefined ? {} : { maxResponseBytes: limit })
        })
        ours.set(limit, make(layer, MammothAnalytics))
      }
      return ours.get(limit)!
    },
    theirs: (limit: number | undefined) => {
      if (!theirs.has(limit)) {
        const layer = Featured.layer({
          ...credentials,
          baseUrl: url,
          ...(limit === undefined ? {} : { maxBodyBytes: limit })
        })
        theirs.set(limit, make(layer, Featured.Mammoth))
      }
      return theirs.get(limit)!
    },
    dispose: () => Promise.all(runtimes.map((r) => r.dispose()))
  }
}

describe.each(transports)("the feature-equal hand-written Effect 3 client over %s", (_, transport) => {
  let server: ScriptedServer
  let both: ReturnType<typeof clients>
  beforeAll(async () => {
    server = await startScriptedServer()
    both = clients(server.url, transport)
  })
  afterAll(async () => {
    await both.dispose()
    await server.close()
  })

  const runOurs = async (call: SanityCall, limit: number | undefined) => {
    const client = await both.ours(limit)
    return call.op === "list" ? run(client.connections.list(call.input)) : run(client.connections.create(call.input))
  }
  const runTheirs = async (call: SanityCall, limit: number | undefined) => {
    const client = await both.theirs(limit)
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
