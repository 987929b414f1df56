/**
 * The results file of `npm run bench` (bench/results/latest.json, committed with the BENCHMARKS.md and chart
 * generated from it): every median and every round's sample of one run, per pass and contender, with the
 * targets of issue 21 computed from them. bench/report.ts regenerates BENCHMARKS.md and the chart from it
 * without measuring again (`npm run bench:report`).
 *
 * A run has one pass per Node it measures on (`default`: the node running it; `node22`: Node 22 of the runtime
 * matrix, for Effect 4 over undici). Contenders are named by the ids of bench/contenders/registry.ts and carry
 * their `line` (`v3`, `v4`, none for the baselines), `role` and `transport`, so that a new line's contenders
 * need no change here.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import type { Line, Role, Runtime, Transport } from "./contenders/registry.js"

/** Bumped when a field changes meaning; readers refuse other versions. */
export const resultsVersion = 2

export type FigureId = "latency" | "cpu" | "throughput" | "n1000" | "n10000" | "cold" | "latency5" | "latency50"

export interface FigureSpec {
  readonly id: FigureId
  readonly title: string
  readonly unit: string
  /** Whether more is better (throughput) or less is (times). */
  readonly higherIsBetter: boolean
  readonly digits: number
  /**
   * For the figures of "what a user sees": how long the server waits before it answers (a server of its own);
   * none: the bench server, which answers at once.
   */
  readonly serverDelayMs?: number
}

export interface FigureResult {
  readonly median: number
  /** One value per round (per run for cold starts), in the order measured. */
  readonly samples: ReadonlyArray<number>
}

export interface ContenderResult {
  readonly id: string
  readonly label: string
  readonly short: string
  readonly line?: Line
  readonly role: Role
  readonly transport: Transport
  readonly tracer: boolean
  /** A twin's contender (role `twin`): the same code, measured beside it for the A/A spread. */
  readonly twinOf?: string
  readonly figures: Partial<Record<FigureId, FigureResult>>
}

export interface MemoryResult {
  readonly contender: string
  /** `heapUsed` after a full GC, in bytes. */
  readonly after10k: number
  readonly afterAll: number
  /** The calls made; fewer than 100,000 when the time limit stopped the check. */
  readonly requests: number
  readonly seconds: number
}

export interface PassResult {
  readonly runtime: Runtime
  /** `process.version` of the pass. */
  readonly node: string
  readonly rounds: number
  readonly coldRuns: number
  readonly seconds: number
  readonly contenders: ReadonlyArray<ContenderResult>
  readonly memory: ReadonlyArray<MemoryResult>
}

export type TargetFigure = FigureId | "heap"

/**
 * How far apart the same code measured in this run, for one figure: the feature-equal client against its twin
 * (a second instance), as bench/targets.ts computes it.
 */
export interface AaSpread {
  /** The twin measured. */
  readonly twin: string
  /** The twin's median over the feature-equal client's. */
  readonly ratio: number
  /**
   * How far from 1.00x the ratio of medians of two instances of the same code lands: the 90th percentile of
   * |ratio - 1| over resamplings of the run's rounds. A target within the A/A spread is met when its ratio is
   * within this of the limit.
   */
  readonly spread: number
}

export interface TargetResult {
  /** The target's key in bench/targets.ts (`latency-featured`, `n1000`, ...). */
  readonly key: string
  readonly runtime: Runtime
  readonly line: Line
  readonly transport: Transport
  readonly figure: TargetFigure
  /** The contender measured (a tracer-on `client`). */
  readonly contender: string
  /** The contender it is compared with; `itself` for the heap (after 100,000 calls / after 10,000). */
  readonly against: string
  readonly op: "<=" | ">="
  readonly limit: number
  /** `undefined` when either side was not measured. */
  readonly ratio?: number
  /**
   * The first and third quartiles of the round-by-round ratios (this contender's sample of a round over the
   * reference's of the same round): how much the ratio moved during the run. Absent for the heap.
   */
  readonly spread?: readonly [number, number]
  /** For a target met within the A/A spread: the spread of the same figure, line, transport and pass. */
  readonly aa?: AaSpread
  readonly met: boolean
  /** Why it is not met besides the ratio (the heap check stopped before 100,000 calls), or not measured. */
  readonly note?: string
}

export interface Results {
  readonly version: typeof resultsVersion
  /** ISO time the run started. */
  readonly date: string
  /** The whole run, all passes, in seconds. */
  readonly seconds: number
  /** The flags it was run with. */
  readonly flags: ReadonlyArray<string>
  readonly machine: {
    readonly cpu: string
    readonly cores: number
    readonly platform: string
    /** The 1-minute load average when the run started and ended: the machine may be shared. */
    readonly loadStart: number
    readonly loadEnd: number
  }
  readonly versions: Readonly<Record<string, string>>
  readonly settings: {
    /** Sequential n=3 calls per contender and round, for latency and CPU, in `latencySlices` slices. */
    readonly sequentialCount: number
    readonly latencySlices: number
    readonly throughputCount: number
    readonly concurrency: number
    readonly maxRounds: number
    /** No new round starts after this many seconds (at least 3 rounds run). */
    readonly budgetSeconds: number
    /** No new run of cold starts after this many seconds (at least 2 runs). */
    readonly coldSeconds: number
    /** A heap check stops after this many seconds, short of 100,000 calls if need be. */
    readonly memorySeconds: number
    /** "What a user sees": rounds of the scenario, and sequential calls per contender, round and server delay. */
    readonly scenarioRounds: number
    readonly scenarioCalls: Readonly<Record<string, number>>
  }
  readonly figures: ReadonlyArray<FigureSpec>
  readonly passes: ReadonlyArray<PassResult>
  readonly targets: ReadonlyArray<TargetResult>
}

export const figureSpecs: ReadonlyArray<FigureSpec> = [
  { id: "latency", title: "latency n=3", unit: "µs", higherIsBetter: false, digits: 0 },
  { id: "cpu", title: "CPU/req n=3", unit: "µs", higherIsBetter: false, digits: 0 },
  { id: "throughput", title: "throughput c=32 n=3", unit: "req/s", higherIsBetter: true, digits: 0 },
  { id: "n1000", title: "time/req n=1,000", unit: "ms", higherIsBetter: false, digits: 2 },
  { id: "n10000", title: "time/req n=10,000", unit: "ms", higherIsBetter: false, digits: 1 },
  { id: "cold", title: "cold start", unit: "ms", higherIsBetter: false, digits: 0 },
  { id: "latency5", title: "latency n=3, server 5 ms", unit: "ms", higherIsBetter: false, digits: 2, serverDelayMs: 5 },
  {
    id: "latency50",
    title: "latency n=3, server 50 ms",
    unit: "ms",
    higherIsBetter: false,
    digits: 2,
    serverDelayMs: 50
  }
]

/** The figures of "what a user sees", each with the delay of its server. */
export const scenarioFigures = figureSpecs.filter((f): f is FigureSpec & { readonly serverDelayMs: number } =>
  f.serverDelayMs !== undefined
)

export const defaultResultsFile = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "results",
  "latest.json"
)

export const readResults = (file: string): Results => {
  const results = JSON.parse(fs.readFileSync(file, "utf8")) as Results
  if (results.version !== resultsVersion) {
    throw new Error(`${file}: results version ${results.version}, this reader knows ${resultsVersion}`)
  }
  return results
}

export const writeResults = (file: string, results: Results): void => {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, `${JSON.stringify(results, null, 1)}\n`)
}

/** The value below which `q` (0 to 1) of `values` lie, interpolated between neighbours. */
export const quantile = (values: ReadonlyArray<number>, q: number): number => {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const at = (sorted.length - 1) * q
  const low = Math.floor(at)
  const high = Math.ceil(at)
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low)
}

export const median = (values: ReadonlyArray<number>): number => {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
