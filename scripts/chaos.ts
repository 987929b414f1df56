/**
 * The load-and-chaos run (`npm run chaos`): at least 10,000 calls spread over the five operations, 64 at a
 * time, through the real client (a real transport, default retry policy) against the fake over HTTP with
 * about 10 % of requests faulted (latency, connection resets, 429 + Retry-After, 503; resets and 503s are
 * "applied": the server carried the request out before failing, the case where a careless retry duplicates
 * a create). Bounded: a fixed number of calls, and the calls must all end within `maxRunTime`.
 *
 * About 2 % of the calls are also abandoned by their caller (`Effect.timeout` of 1-40 ms), so interruption
 * mid-request happens under load too.
 *
 * Prints calls, successes, each typed failure, defects, duplicate creates, deletes of an existing connection
 * that ended in a 400 "not found" (what a retry after an applied first attempt would report), server-side
 * sockets still open once the client layer's scope has closed, and heap before/after. Exits non-zero when
 * defects, duplicates, such deletes or open sockets are not all zero, or the run did not finish.
 *
 * `--line v3|v4` (default v3) picks the client line: `mammoth-analytics-effect` on effect 3 or
 * `mammoth-analytics-effect/v4` on effect 4. This file is line-neutral (it imports no Effect package); each line
 * gives only its Effect glue, behind `ChaosLine` (scripts/chaos/line.ts): scripts/chaos/v3.ts, and
 * scripts/v4/chaos.ts in the `scripts/v4` workspace, where `effect` resolves to effect 4.
 *
 * Environment: CHAOS_CALLS (default 10000), CHAOS_CONCURRENCY (default 64), CHAOS_SEED (default 4).
 */
import * as diagnostics from "node:diagnostics_channel"
import type { Socket } from "node:net"
import { parseArgs } from "node:util"
import type { FaultRates } from "../src/core/fake/model.js"
import type { OperationName as AnyOperationName } from "../src/core/operations.js"
import type { ChaosClient, ChaosLine, ChaosRequest, ChaosServer } from "./chaos/line.js"

const lines = {
  v3: () => import("./chaos/v3.js"),
  v4: () => import("./v4/chaos.js")
} satisfies Record<string, () => Promise<{ readonly line: ChaosLine }>>

const { values: options } = parseArgs({ options: { line: { type: "string", default: "v3" } } })
const lineName = options.line
if (!(lineName in lines)) {
  console.error(`chaos: --line must be one of ${Object.keys(lines).join(", ")}, not "${lineName}"`)
  process.exit(2)
}

const calls = Number(process.env["CHAOS_CALLS"] ?? 10_000)
const concurrency = Number(process.env["CHAOS_CONCURRENCY"] ?? 64)
const seed = Number(process.env["CHAOS_SEED"] ?? 4)
const maxRunTimeMillis = 3 * 60_000
const seedConnections = 32
const callerTimeoutEvery = 47

const rates: FaultRates<`${number} millis`> = {
  latency: { probability: 0.02, delay: "20 millis" },
  reset: { probability: 0.02, applied: true },
  tooManyRequests: { probability: 0.03, retryAfterSeconds: 1 },
  serverError: { probability: 0.03, status: 503, applied: true }
}

// Every socket the fake's server accepts (it is the only server in this process), and which are still open.
const serverSockets = { opened: 0, open: new Set<Socket>() }
diagnostics.subscribe("net.server.socket", (message) => {
  const socket = (message as { socket: Socket }).socket
  serverSockets.opened++
  serverSockets.open.add(socket)
  socket.once("close", () => serverSockets.open.delete(socket))
})

const scope = { workspaceId: 4, projectId: 4, connectorKey: "cG9zdGdyZXM=" } as const
const operations = ["list", "create", "get", "update", "delete"] as const satisfies ReadonlyArray<AnyOperationName>
type OperationName = (typeof operations)[number]

const heapMiB = () => {
  ;(globalThis as { gc?: () => void }).gc?.()
  return process.memoryUsage().heapUsed / (1024 * 1024)
}

const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis))

/**
 * `_tag` and, when it has one, the status, transport error code or timeout scope of a failure: the row it is
 * counted in. (A caller's own `Effect.timeout` fails with effect's own error, counted under its tag:
 * `TimeoutException` on effect 3, `TimeoutError` on effect 4.)
 */
const failureRow = (error: unknown): string => {
  const e = error as { _tag?: unknown; status?: unknown; code?: unknown; scope?: unknown }
  const tag = String(e._tag)
  if (typeof e.status === "number") return `${tag} ${e.status}`
  if (tag === "MammothAnalyticsTransportError") return typeof e.code === "string" ? `${tag} ${e.code}` : tag
  if (tag === "MammothAnalyticsTimeoutError" && typeof e.scope === "string") return `${tag} ${e.scope}`
  return tag
}

/**
 * The key of the connection a create call made, found by the `call_id` its configuration carries: the live
 * API answers create with a job, not the connection (the fake's jobs finish at once).
 */
const keyOfCall = async (server: ChaosServer, callId: string) =>
  (await server.connections()).find((c) => c.connectionConfig["call_id"] === callId)?.connectionKey

/** Runs `work(0)` ... `work(count - 1)`, at most `width` at a time. */
const forEachConcurrent = async (count: number, width: number, work: (n: number) => Promise<void>) => {
  let next = 0
  const worker = async () => {
    while (next < count) await work(next++)
  }
  await Promise.all(Array.from({ length: Math.min(width, count) }, worker))
}

/** `promise`, or a rejection when it has not settled within `millis`. */
const within = <A>(promise: Promise<A>, millis: number, message: string): Promise<A> => {
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), millis)
  })
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer))
}

const run = async (line: ChaosLine) => {
  // the seed connections are created through a fault-free prefix of the script; the rates apply after it
  const server = await line.serve({ seed, passes: seedConnections + 1, rates })
  try {
    return await runAgainst(line, server)
  } finally {
    await server.close()
  }
}

const runAgainst = async (line: ChaosLine, server: ChaosServer) => {
  const heapBefore = heapMiB()
  const mammoth: ChaosClient = await line.makeClient(server.url)

  const seeds: Array<string> = []
  for (let i = 0; i < seedConnections; i++) {
    const seeded = await mammoth.call({
      op: "create",
      input: { ...scope, requestBody: { call_id: `seed-${i}`, database: "db", password: "seed-password" } }
    })
    if (seeded._tag !== "Success") throw new Error(`seed create ${i} failed: ${JSON.stringify(seeded)}`)
    seeds.push((await keyOfCall(server, `seed-${i}`))!)
  }

  const tally = {
    calls: 0,
    successes: 0,
    failures: new Map<string, number>(),
    defects: 0,
    interrupted: 0,
    perOperation: Object.fromEntries(operations.map((op) => [op, { calls: 0, successes: 0 }])) as Record<
      OperationName,
      { calls: number; successes: number }
    >,
    createsSucceeded: 0,
    deletedByCallId: new Map<string, number>(),
    /** Deletes of a connection that existed which ended in a 400 Client Error ("not found"). */
    deletesNotFound: 0,
    defectSamples: [] as Array<string>
  }
  const createdKeys: Array<{ key: string; callId: string }> = []

  /** Call `n` of the workload, the row its failures are counted in, and what follows its success or failure. */
  const callOnce = (n: number): {
    readonly request: ChaosRequest
    readonly row: string
    readonly onSuccess?: () => Promise<void>
    readonly onFailure?: (error: unknown) => void
  } => {
    const op = operations[n % operations.length]!
    const seedKey = seeds[n % seeds.length]!
    switch (op) {
      case "list":
        return { row: op, request: { op, input: { ...scope, isExport: n % 2 === 0 } } }
      case "create": {
        const callId = `call-${n}`
        return {
          row: op,
          request: {
            op,
            input: {
              ...scope,
              requestBody: {
                call_id: callId,
                database: `db_${n}`,
                hostname: "localhost",
                port: 5432,
                password: `pw-${n}`
              }
            }
          },
          onSuccess: async () => {
            const key = await keyOfCall(server, callId)
            if (key !== undefined) createdKeys.push({ key, callId })
          }
        }
      }
      case "get":
        return { row: op, request: { op, input: { ...scope, connectionKey: seedKey, concern: "profiles" } } }
      case "update":
        return {
          row: op,
          request: {
            op,
            input: {
              ...scope,
              connectionKey: seedKey,
              patch: [{ op: "replace", path: "connection", value: { database: `db_${n}` } }]
            }
          }
        }
      case "delete": {
        // delete one of the run's own creates when there is one, else a key that does not exist (a 400)
        const target = createdKeys.shift()
        return {
          row: target === undefined ? "delete (no create of this run to delete yet)" : op,
          request: { op, input: { ...scope, connectionKey: target?.key ?? `missing-${n}` } },
          onSuccess: async () => {
            if (target !== undefined) {
              tally.deletedByCallId.set(target.callId, (tally.deletedByCallId.get(target.callId) ?? 0) + 1)
            }
          },
          onFailure: (error) => {
            // each created key is deleted once: "not found" can only come from a retry of this very delete
            const tag = (error as { _tag?: unknown })._tag
            if (target !== undefined && tag === "MammothAnalyticsClientError") tally.deletesNotFound++
          }
        }
      }
    }
  }

  const started = Date.now()
  await within(
    forEachConcurrent(calls, concurrency, async (n) => {
      const { onFailure, onSuccess, request, row } = callOnce(n)
      const op = request.op
      // about 2 % of calls are abandoned by their caller after 1-40 ms: interrupted mid-request, under load
      const abandoned = n % callerTimeoutEvery === 0
      const label = abandoned ? `${row} (caller's Effect.timeout)` : row
      const outcome = await mammoth.call(request, abandoned ? 1 + ((n * 7919) % 40) : undefined)
      tally.calls++
      tally.perOperation[op].calls++
      switch (outcome._tag) {
        case "Success":
          tally.successes++
          tally.perOperation[op].successes++
          if (op === "create") tally.createsSucceeded++
          await onSuccess?.()
          return
        case "Defect":
          tally.defects++
          if (tally.defectSamples.length < 3) tally.defectSamples.push(outcome.pretty.slice(0, 500))
          return
        case "Interrupted":
          tally.interrupted++
          return
        case "Failure": {
          onFailure?.(outcome.error)
          const failure = `${label}: ${failureRow(outcome.error)}`
          tally.failures.set(failure, (tally.failures.get(failure) ?? 0) + 1)
        }
      }
    }),
    maxRunTimeMillis,
    `the run did not end within ${maxRunTimeMillis / 60_000} minutes`
  )
  const elapsed = (Date.now() - started) / 1000

  // the client layer's scope closes: its connection pool must let go of every socket
  await mammoth.close()
  const deadline = Date.now() + 2_000
  while (serverSockets.open.size > 0 && Date.now() < deadline) await sleep(10)
  const socketsOpenAfter = serverSockets.open.size

  const stats = await server.stats()
  const stored = await server.connections()
  const storedByCallId = new Map<string, number>()
  for (const connection of stored) {
    const callId = connection.connectionConfig["call_id"]
    if (typeof callId === "string") storedByCallId.set(callId, (storedByCallId.get(callId) ?? 0) + 1)
  }
  // a create call that left more than one connection (stored now, or stored and deleted by this run) duplicated
  let duplicates = 0
  for (const callId of new Set([...storedByCallId.keys(), ...tally.deletedByCallId.keys()])) {
    duplicates += Math.max(0, (storedByCallId.get(callId) ?? 0) + (tally.deletedByCallId.get(callId) ?? 0) - 1)
  }
  const workloadCreatesApplied = stats.createsApplied - seedConnections
  const heapAfter = heapMiB()

  const pct = (part: number, whole: number) => `${((100 * part) / Math.max(1, whole)).toFixed(1)} %`
  const report = [
    `chaos (line ${lineName}): ${tally.calls} calls over 5 operations, concurrency ${concurrency}, against MammothFake.serve over HTTP`,
    `       (client: ${line.client}; fake seed ${seed})`,
    `faults injected: ${stats.faultsInjected} of ${stats.totalRequests} requests (${
      pct(stats.faultsInjected, stats.totalRequests)
    }): latency 2 %, reset 2 % (applied), 429 3 % (Retry-After: 1), 503 3 % (applied)`,
    `caller timeouts: 1 call in ${callerTimeoutEvery} wrapped in Effect.timeout(1-40 ms), interrupting it mid-flight`,
    `duration: ${elapsed.toFixed(1)} s`,
    ``,
    `calls:       ${tally.calls}`,
    `successes:   ${tally.successes} (${pct(tally.successes, tally.calls)})`,
    `typed failures: ${tally.calls - tally.successes - tally.defects - tally.interrupted}`,
    ...[...tally.failures.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([row, n]) =>
      `  ${row.padEnd(76)} ${n}`
    ),
    `defects:     ${tally.defects}`,
    `interrupted: ${tally.interrupted}`,
    ``,
    `per operation (calls / successes / server requests incl. retries):`,
    ...operations.map((op) =>
      `  ${op.padEnd(7)} ${String(tally.perOperation[op].calls).padStart(6)} ${
        String(tally.perOperation[op].successes).padStart(6)
      } ${String(stats.requests[op] - (op === "create" ? seedConnections : 0)).padStart(6)}`
    ),
    ``,
    `creates: the client saw ${tally.createsSucceeded} succeed; the fake applied ${workloadCreatesApplied}`,
    `         (the difference: creates the fake applied before an injected 503/reset, which the client reports`,
    `         as failures and never retries, less creates their caller abandoned before they reached the fake)`,
    `duplicate creates: ${duplicates}`,
    `deletes of an existing connection that ended "not found": ${tally.deletesNotFound}`,
    `         (deletes are retried only when the server cannot have taken them: a delete applied before an`,
    `         injected 503/reset is reported as that failure, never as a 400 from a retry)`,
    `sockets: ${serverSockets.opened} opened server-side; open after the client layer's scope closed: ${socketsOpenAfter}`,
    `heap used: before ${heapBefore.toFixed(1)} MiB, after ${heapAfter.toFixed(1)} MiB (after GC)`
  ]
  for (const text of report) console.log(text)
  for (const sample of tally.defectSamples) console.log(`defect sample:\n${sample}`)
  const ok = tally.defects === 0 && duplicates === 0 && tally.deletesNotFound === 0 && socketsOpenAfter === 0 &&
    tally.calls === calls &&
    tally.createsSucceeded <= workloadCreatesApplied
  console.log(ok ? "chaos: OK" : "chaos: FAILED")
  return ok
}

lines[lineName as keyof typeof lines]().then(({ line }) => run(line)).then(
  (ok) => process.exit(ok ? 0 : 1),
  (error) => {
    console.error(error)
    process.exit(1)
  }
)
