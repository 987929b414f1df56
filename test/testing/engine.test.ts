/**
 * The fake's engine on its own, with no Effect (`src/core/fake/`): the contract each Effect line's adapter
 * relies on. A request is counted and its faults drawn when it arrives; it is carried out only when its
 * answer is asked for, after any wait; state reads are snapshots; the in-memory `fetch` needs only a promise.
 */
import { describe, expect, it } from "@effect/vitest"
import { defaultCredentials } from "../../src/core/fake/auth.js"
import type { Engine } from "../../src/core/fake/engine.js"
import { makeEngine } from "../../src/core/fake/engine.js"
import { latency, mapFaultOptionsDelay, pass, reset, serverError, tooManyRequests } from "../../src/core/fake/faults.js"
import { makeFetch } from "../../src/core/fake/fetch.js"
import type { FakeOptions, FakeOutcome, FaultRates } from "../../src/core/fake/model.js"
import { makePrng } from "../../src/core/fake/prng.js"

const collection = "/api/v2/workspaces/4/projects/4/connectors/cG9zdGdyZXM%3D/connections"
const headers = { authorization: `Bearer ${defaultCredentials.token}`, "content-type": "application/json" }

const engineOf = (options: FakeOptions = {}): Engine => makeEngine({ ...options, accepted: defaultCredentials })

const create = (n: number) => ({
  method: "POST",
  url: collection,
  headers,
  body: JSON.stringify({ database: `db${n}` })
})

/** Sends a request with no wait asked for, and answers it. */
const send = (engine: Engine, request: Parameters<Engine["receive"]>[0]): FakeOutcome => {
  const arrival = engine.receive(request)
  expect(arrival.delay).toBeUndefined()
  return arrival.answer()
}

const statusOf = (outcome: FakeOutcome) => (outcome._tag === "Response" ? outcome.status : "reset")

describe("the fake's engine, without Effect", () => {
  it("a latency is counted and planned on arrival; the request is carried out only when answered", () => {
    const engine = engineOf({ faults: { script: [latency(250), latency(0)] } })
    const waited = engine.receive(create(1))
    expect(waited.delay).toBe(250)
    expect(engine.stats()).toMatchObject({ totalRequests: 1, faultsInjected: 1, createsApplied: 0 })
    // the caller went away during the wait: its answer is never asked for, nothing is created
    const second = engine.receive(create(2))
    expect(second.delay).toBe(0)
    expect(statusOf(second.answer())).toBe(202)
    expect(engine.connections().map((c) => c.connectionConfig)).toEqual([{ database: "db2" }])
    expect(statusOf(send(engine, create(3)))).toBe(202)
    expect(engine.stats()).toMatchObject({ totalRequests: 3, faultsInjected: 2, createsApplied: 2 })
  })

  it("a failure replaces the answer: applied ones carry the request out first, others do not", () => {
    const engine = engineOf({
      faults: { script: [serverError(503, { applied: true }), tooManyRequests(3), reset({ applied: true }), reset()] }
    })
    const applied = send(engine, create(1))
    expect(applied).toMatchObject({ _tag: "Response", status: 503 })
    const refused = send(engine, create(2))
    expect(refused).toMatchObject({ _tag: "Response", status: 429, headers: { "retry-after": "3" } })
    expect(send(engine, create(3))).toEqual({ _tag: "Reset" })
    expect(send(engine, create(4))).toEqual({ _tag: "Reset" })
    expect(engine.connections().map((c) => c.connectionConfig["database"])).toEqual(["db1", "db3"])
    expect(engine.stats()).toMatchObject({ createsApplied: 2, faultsInjected: 4 })
  })

  it("stats and connections are snapshots; clear forgets connections, counters and the script", () => {
    const engine = engineOf()
    const before = engine.stats()
    const storedBefore = engine.connections()
    send(engine, create(1))
    expect(before.totalRequests).toBe(0)
    expect(storedBefore).toEqual([])
    expect(engine.stats().requests.create).toBe(1)
    engine.injectFaults([serverError(500)])
    engine.clear()
    expect(engine.stats().totalRequests).toBe(0)
    expect(engine.connections()).toEqual([])
    expect(statusOf(send(engine, create(2)))).toBe(202)
  })

  it("a latency whose delay is not milliseconds >= 0 is answered as the fake's own error, a 500", () => {
    const engine = engineOf({
      faults: { script: [latency(Number.NaN), pass], rates: { latency: { probability: 1, delay: -1 } } }
    })
    for (let i = 0; i < 3; i++) {
      const outcome = engine.receive({ method: "GET", url: collection, headers, body: "" })
      if (i === 1) {
        expect(outcome.delay).toBeUndefined()
        expect(statusOf(outcome.answer())).toBe(200)
        continue
      }
      expect(outcome.delay).toBeUndefined()
      const answer = outcome.answer()
      expect(answer).toMatchObject({ _tag: "Response", status: 500 })
      expect(answer._tag === "Response" && JSON.parse(answer.body!).extra.defect).toContain("not a duration")
    }
  })

  it("the same seed gives the same keys; delays given another way are mapped into milliseconds", () => {
    const keysOf = (seed: string) => {
      const engine = engineOf({ seed, createAnswer: "created" })
      return [1, 2, 3].map((n) => JSON.parse((send(engine, create(n)) as { body: string }).body).connection_key)
    }
    expect(keysOf("a")).toEqual(keysOf("a"))
    expect(keysOf("a")).not.toEqual(keysOf("b"))
    const seconds = { script: [latency(2), pass], rates: { latency: { probability: 0.5, delay: 3 } } }
    expect(mapFaultOptionsDelay(seconds, (s: number) => s * 1000)).toEqual({
      script: [latency(2000), pass],
      rates: { latency: { probability: 0.5, delay: 3000 } }
    })
  })

  it("rates draw four numbers per request, then one per 400 rate given, so a fake without them draws as before", () => {
    const seed = 9
    const observed = (rates: FaultRates) => {
      const engine = engineOf({ seed, faults: { rates } })
      return Array.from({ length: 40 }, () => statusOf(send(engine, { method: "GET", url: "/x", headers, body: "" })))
    }
    /** The statuses the fake's PRNG gives when each request draws `perRequest` numbers. */
    const expected = (perRequest: number, pick: (draws: ReadonlyArray<number>) => number) => {
      const random = makePrng(`faults:${seed}`)
      return Array.from({ length: 40 }, () => pick(Array.from({ length: perRequest }, () => random.next())))
    }
    expect(observed({ serverError: { probability: 0.5 } })).toEqual(expected(4, (d) => d[3]! < 0.5 ? 503 : 404))
    const withClient = observed({ serverError: { probability: 0.5 }, clientError: { probability: 0.5 } })
    expect(withClient).toEqual(expected(5, (d) => d[3]! < 0.5 ? 503 : d[4]! < 0.5 ? 400 : 404))
    expect(new Set(withClient)).toEqual(new Set([503, 400, 404]))
    const withBoth = observed({ validationError: { probability: 0.3 }, clientError: { probability: 0.5 } })
    expect(withBoth).toEqual(expected(6, (d) => d[4]! < 0.3 || d[5]! < 0.5 ? 400 : 404))
  })

  it("makeFetch serves an engine from a plain promise: responses, and a reset rejected as undici's", async () => {
    const engine = engineOf({ faults: { script: [pass, reset()] } })
    const signals: Array<AbortSignal> = []
    const fetch = makeFetch((request, signal) => {
      signals.push(signal)
      return Promise.resolve(engine.receive(request).answer())
    })
    const created = await fetch(`https://anywhere.invalid${collection}?is_export=false`, {
      method: "POST",
      headers,
      body: JSON.stringify({ database: "db", password: "pwd" })
    })
    expect(created.status).toBe(202)
    expect(await created.json()).toEqual({ status_code: 202, job_id: 1, failure_reason: null })
    const failure = await fetch(`https://anywhere.invalid${collection}`, { headers }).then(
      () => undefined,
      (error: unknown) => error
    )
    expect(failure).toBeInstanceOf(TypeError)
    expect((failure as TypeError).cause).toMatchObject({ code: "ECONNRESET" })
    expect(signals).toHaveLength(2)
    expect(engine.connections()[0]?.connectionConfig).toEqual({ database: "db", password: "pwd" })
  })

  it("an empty value of a text query parameter (profile, browse_root) is a Validation Exception", () => {
    const engine = engineOf()
    const item = `${collection}/abc`
    const get = (query: string) => send(engine, { method: "GET", url: `${item}?${query}`, headers, body: "" })
    const empty = get("profile=&browse_root=&concern=profiles")
    expect(empty).toMatchObject({ _tag: "Response", status: 400 })
    const json = JSON.parse((empty as Extract<FakeOutcome, { _tag: "Response" }>).body ?? "") as {
      readonly extra: ReadonlyArray<unknown>
    }
    expect(json.extra).toEqual([
      { message: "must not be empty", key: "profile", source: "query" },
      { message: "must not be empty", key: "browse_root", source: "query" }
    ])
    // a value, even a blank one, reads as before: no such connection
    expect(get("profile=%20&browse_root=%2F")).toMatchObject({ _tag: "Response", status: 400 })
    expect(engine.stats()).toMatchObject({ totalRequests: 2 })
  })
})
