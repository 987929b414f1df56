/**
 * `Retry-After` honoured exactly, on every client line, on a virtual clock with an in-memory `fetch` (no real
 * sleeping): in seconds, as an HTTP date, capped by the policy, never shorter than the schedule's own delay,
 * ignored when unreadable; create and delete retried on 429 only (the server cannot have taken them), unless
 * the policy says `retryNonIdempotent: true`.
 *
 * Each attempt's timeout is a day: no adjust here reaches it, and it tells an attempt's sleep (its timeout)
 * from the sleep between attempts, which is what the clock waits for before it moves (see `settledOn`).
 */
import { describe, expect, it } from "vitest"
import { lines, useClient } from "../lines/index.js"
import type { Line, NeutralClient, NeutralRetry, OperationName, Outcome } from "../lines/Line.js"
import { VirtualTime } from "../lines/VirtualTime.js"
import { factsOf, failure, success } from "./support/outcome.js"
import { connectionKey, scope } from "./support/server.js"

interface Answer {
  readonly status: number
  readonly headers?: Record<string, string>
  readonly body?: string
}

const attemptTimeoutMillis = 24 * 60 * 60 * 1000

/** An in-memory server: answers `script[n]` to the n-th attempt (the last one after that), noting when. */
const scripted = (time: VirtualTime, script: ReadonlyArray<Answer>) => {
  const attempts: Array<number> = []
  const fetch = async (): Promise<Response> => {
    attempts.push(time.now())
    const answer = script[Math.min(attempts.length - 1, script.length - 1)]!
    return new Response(answer.body ?? null, { status: answer.status, headers: answer.headers ?? {} })
  }
  return { attempts, fetch }
}

/** A call in flight on the virtual clock, and the clock's moves, each waiting for the call to settle. */
interface Running {
  readonly server: ReturnType<typeof scripted>
  readonly adjust: (millis: number) => Promise<void>
  readonly outcome: Promise<Outcome>
}

/**
 * The call has settled when it is done, or waits between attempts: a sleep shorter than an attempt's timeout
 * is pending (an attempt in flight has only its timeout's).
 */
const settledOn = (time: VirtualTime, done: () => boolean) => () =>
  done() || time.pending().some((sleep) => sleep.millis < attemptTimeoutMillis)

const start = (
  line: Line,
  options: {
    readonly script: ReadonlyArray<Answer>
    readonly retry: NeutralRetry
    readonly operation: OperationName
    readonly input: unknown
    readonly startMillis?: number
  }
): Running => {
  const time = new VirtualTime(options.startMillis ?? 0)
  const server = scripted(time, options.script)
  const client: NeutralClient = useClient(line, {
    credentials: { apiToken: "t" },
    serverUrl: "https://mammoth.invalid/api/v2",
    transport: server.fetch,
    retry: options.retry,
    timeoutMillis: attemptTimeoutMillis,
    clock: time
  })
  let done = false
  const outcome = client.call(options.operation, options.input).finally(() => {
    done = true
  })
  const settled = settledOn(time, () => done)
  return { server, outcome, adjust: (millis) => time.adjust(millis, settled) }
}

const getInput = { ...scope, connectionKey }

const ok: Answer = { status: 200, headers: { "content-type": "application/json" }, body: "{\"ok\":true}" }
/** The live API's answer to create: 202 and a job. */
const accepted: Answer = {
  status: 202,
  headers: { "content-type": "application/json" },
  body: "{\"status_code\":202,\"job_id\":5,\"failure_reason\":null}"
}
const job = { _tag: "Job", jobId: 5, statusCode: 202, failureReason: null }
const deleted: Answer = { status: 204 }

/** The operations retried only when the server cannot have taken them, with their success answer and value. */
const notIdempotent: ReadonlyArray<{
  readonly name: OperationName
  readonly input: unknown
  readonly answer: Answer
  readonly value: unknown
}> = [
  { name: "create", input: { ...scope, requestBody: { database: "db" } }, answer: accepted, value: job },
  { name: "delete", input: { ...scope, connectionKey }, answer: deleted, value: undefined }
]

/** Attempt times relative to the first one. */
const offsets = (attempts: ReadonlyArray<number>) => attempts.map((t) => t - attempts[0]!)

for (const line of lines) {
  describe(`[${line.name}] Retry-After on a virtual clock`, () => {
    it("in seconds: the retry waits exactly that long, not a millisecond less", async () => {
      const run = start(line, {
        script: [{ status: 429, headers: { "retry-after": "2" } }, ok],
        retry: { retries: 3 },
        operation: "get",
        input: getInput
      })
      await run.adjust(1999)
      expect(run.server.attempts.length).toBe(1)
      await run.adjust(1)
      expect(factsOf(await run.outcome)).toEqual(success({ ok: true }))
      expect(offsets(run.server.attempts)).toEqual([0, 2000])
    })

    it("as an HTTP date: the retry waits until that instant", async () => {
      const at = "Wed, 21 Oct 2026 07:28:00 GMT"
      const run = start(line, {
        script: [{ status: 503, headers: { "retry-after": at } }, ok],
        retry: { retries: 3 },
        operation: "get",
        input: getInput,
        startMillis: Date.parse(at) - 3_000
      })
      await run.adjust(2999)
      expect(run.server.attempts.length).toBe(1)
      await run.adjust(1)
      expect(factsOf(await run.outcome)).toEqual(success({ ok: true }))
      expect(offsets(run.server.attempts)).toEqual([0, 3000])
    })

    it("an HTTP date in the past means no wait beyond the schedule's", async () => {
      const run = start(line, {
        script: [{ status: 429, headers: { "retry-after": "Wed, 21 Oct 2026 07:00:00 GMT" } }, ok],
        retry: { retries: 3, spacedMillis: 300 },
        operation: "get",
        input: getInput,
        startMillis: Date.parse("Wed, 21 Oct 2026 07:28:00 GMT")
      })
      await run.adjust(300)
      expect(factsOf(await run.outcome)).toEqual(success({ ok: true }))
      expect(offsets(run.server.attempts)).toEqual([0, 300])
    })

    it("a long Retry-After is cut to the policy's maxRetryAfter", async () => {
      const run = start(line, {
        script: [{ status: 429, headers: { "retry-after": "3600" } }, ok],
        retry: { retries: 3, maxRetryAfterMillis: 5_000 },
        operation: "get",
        input: getInput
      })
      await run.adjust(5_000)
      expect(factsOf(await run.outcome)).toEqual(success({ ok: true }))
      expect(offsets(run.server.attempts)).toEqual([0, 5000])
    })

    it("the schedule's delay wins when it is longer than Retry-After", async () => {
      const run = start(line, {
        script: [{ status: 429, headers: { "retry-after": "1" } }, ok],
        retry: { retries: 3, spacedMillis: 4_000 },
        operation: "get",
        input: getInput
      })
      await run.adjust(3999)
      expect(run.server.attempts.length).toBe(1)
      await run.adjust(1)
      expect(factsOf(await run.outcome)).toEqual(success({ ok: true }))
      expect(offsets(run.server.attempts)).toEqual([0, 4000])
    })

    it("an unreadable Retry-After is ignored: the schedule's delay applies", async () => {
      const run = start(line, {
        script: [{ status: 503, headers: { "retry-after": "soon-ish" } }, ok],
        retry: { retries: 3, spacedMillis: 250 },
        operation: "get",
        input: getInput
      })
      await run.adjust(250)
      expect(factsOf(await run.outcome)).toEqual(success({ ok: true }))
      expect(offsets(run.server.attempts)).toEqual([0, 250])
    })

    it("each retry honours its own answer's Retry-After, and the schedule still bounds the attempts", async () => {
      const run = start(line, {
        script: [
          { status: 429, headers: { "retry-after": "1" } },
          { status: 429, headers: { "retry-after": "3" } },
          { status: 429, headers: { "retry-after": "2" } }
        ],
        retry: { retries: 2 },
        operation: "get",
        input: getInput
      })
      await run.adjust(60_000)
      expect(factsOf(await run.outcome)).toEqual(failure("MammothAnalyticsDefaultError", { status: 429 }))
      expect(offsets(run.server.attempts)).toEqual([0, 1000, 4000])
    })

    for (const op of notIdempotent) {
      it(`${op.name} is retried after a 429's Retry-After (the server did not take it)`, async () => {
        const run = start(line, {
          script: [{ status: 429, headers: { "retry-after": "2" } }, op.answer],
          retry: { retries: 3 },
          operation: op.name,
          input: op.input
        })
        await run.adjust(1999)
        expect(run.server.attempts.length).toBe(1)
        await run.adjust(1)
        expect(factsOf(await run.outcome)).toEqual(success(op.value))
        expect(offsets(run.server.attempts)).toEqual([0, 2000])
      })

      it(`${op.name} is not retried after a 503, whatever its Retry-After says`, async () => {
        const run = start(line, {
          script: [{ status: 503, headers: { "retry-after": "1" } }, op.answer],
          retry: { retries: 3 },
          operation: op.name,
          input: op.input
        })
        await run.adjust(60_000)
        expect(factsOf(await run.outcome)).toEqual(failure("MammothAnalyticsDefaultError", { status: 503 }))
        expect(run.server.attempts.length).toBe(1)
      })

      it(`${op.name} with retryNonIdempotent: true is retried after a 503's Retry-After`, async () => {
        const run = start(line, {
          script: [{ status: 503, headers: { "retry-after": "3" } }, op.answer],
          retry: { retries: 3, retryNonIdempotent: true },
          operation: op.name,
          input: op.input
        })
        await run.adjust(2999)
        expect(run.server.attempts.length).toBe(1)
        await run.adjust(1)
        expect(factsOf(await run.outcome)).toEqual(success(op.value))
        expect(offsets(run.server.attempts)).toEqual([0, 3000])
      })
    }

    it("the standard policy stops: at most 5 attempts on a server that always answers 503", async () => {
      const run = start(line, { script: [{ status: 503 }], retry: "standard", operation: "get", input: getInput })
      await run.adjust(60_000)
      expect(factsOf(await run.outcome)).toEqual(failure("MammothAnalyticsDefaultError", { status: 503 }))
      expect(run.server.attempts.length).toBe(5)
      expect(run.server.attempts[4]! - run.server.attempts[0]!).toBeLessThanOrEqual(15_000)
    })
  })
}
