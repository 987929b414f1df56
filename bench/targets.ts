/**
 * The targets of issue 21 ("Performance 3"), computed from a run's results: for each pass, each tracer-on
 * `client` contender is compared with the feature-equal hand-written client of its line and transport (the same
 * work done by hand: met within the A/A spread), with the bare hand-written client (what the guarantees cost),
 * with fetch + zod, and with itself (heap). A line's contenders need no change here: they are found by `line`,
 * `role` and `transport`. Pure: no I/O, so the unit tests check it on made-up results.
 */
import type { Line, Role } from "./contenders/registry.js"
import type {
  AaSpread,
  ContenderResult,
  FigureId,
  MemoryResult,
  PassResult,
  TargetFigure,
  TargetResult
} from "./results.js"
import { median, quantile, scenarioFigures } from "./results.js"

export interface TargetSpec {
  readonly key: string
  readonly figure: TargetFigure
  /**
   * `featured`: the feature-equal hand-written client, same line and transport; `handwritten`: the bare
   * hand-written client, same line and transport; `itself`: the heap check.
   */
  readonly against: "featured" | "handwritten" | "fetch-zod" | "itself"
  readonly op: "<=" | ">="
  readonly limit: (line: Line) => number
  /** Met when the ratio is within the A/A spread of the limit (bench/targets.ts, `aaSpreadOf`). */
  readonly withinAa?: boolean
  /** The figure, as the issue words it. */
  readonly text: string
  /** What it is compared with, for the tables. */
  readonly againstText: string
}

/** The heap after 100,000 calls may be at most this much above the heap after 10,000. */
export const heapGrowthLimit = 0.1
export const heapCalls = 100_000

export const targetSpecs: ReadonlyArray<TargetSpec> = [
  {
    key: "latency-featured",
    figure: "latency",
    against: "featured",
    op: "<=",
    limit: () => 1.0,
    withinAa: true,
    text: "latency, list of 3, sequential",
    againstText: "feature-equal hand-written"
  },
  {
    key: "cpu-featured",
    figure: "cpu",
    against: "featured",
    op: "<=",
    limit: () => 1.0,
    withinAa: true,
    text: "CPU per call, list of 3",
    againstText: "feature-equal hand-written"
  },
  {
    key: "throughput-featured",
    figure: "throughput",
    against: "featured",
    op: ">=",
    limit: () => 1.0,
    withinAa: true,
    text: "throughput, 32 in flight",
    againstText: "feature-equal hand-written"
  },
  {
    key: "latency-bare",
    figure: "latency",
    against: "handwritten",
    op: "<=",
    limit: () => 1.1,
    text: "latency, list of 3, sequential",
    againstText: "bare hand-written"
  },
  {
    key: "cpu-bare",
    figure: "cpu",
    against: "handwritten",
    op: "<=",
    limit: () => 1.1,
    text: "CPU per call, list of 3",
    againstText: "bare hand-written"
  },
  {
    key: "throughput-bare",
    figure: "throughput",
    against: "handwritten",
    op: ">=",
    limit: () => 0.9,
    text: "throughput, 32 in flight",
    againstText: "bare hand-written"
  },
  {
    key: "n1000",
    figure: "n1000",
    against: "fetch-zod",
    op: "<=",
    limit: () => 1.0,
    text: "time per call, list of 1,000",
    againstText: "fetch + zod"
  },
  {
    key: "n10000",
    figure: "n10000",
    against: "fetch-zod",
    op: "<=",
    limit: () => 0.6,
    text: "time per call, list of 10,000",
    againstText: "fetch + zod"
  },
  {
    key: "cold",
    figure: "cold",
    against: "fetch-zod",
    op: "<=",
    limit: (line) => (line === "v3" ? 2.0 : 1.5),
    text: "cold start (spawn, import, one call, exit)",
    againstText: "fetch + zod"
  },
  {
    key: "heap",
    figure: "heap",
    against: "itself",
    op: "<=",
    limit: () => 1 + heapGrowthLimit,
    text: `heap after ${heapCalls.toLocaleString("en-US")} calls vs after 10,000`,
    againstText: "itself"
  }
]

const meets = (op: "<=" | ">=", ratio: number, limit: number) =>
  op === "<=" ? ratio <= limit + 1e-9 : ratio >= limit - 1e-9

/** The contenders the targets are about: tracer on (the default), this library, on an Effect line. */
export const subjectsOf = (pass: PassResult): ReadonlyArray<ContenderResult & { readonly line: Line }> =>
  pass.contenders.filter((c): c is ContenderResult & { readonly line: Line } =>
    c.role === "client" && c.tracer && c.line !== undefined
  )

/** The contender of `role` on a contender's line and transport in the same pass, if measured. */
export const peerOf = (pass: PassResult, c: ContenderResult, role: Role): ContenderResult | undefined =>
  pass.contenders.find((h) => h.role === role && h.tracer && h.line === c.line && h.transport === c.transport)

/** The bare hand-written Effect client of a contender's line and transport in the same pass, if measured. */
export const handwrittenOf = (pass: PassResult, c: ContenderResult): ContenderResult | undefined =>
  peerOf(pass, c, "handwritten")

/** The feature-equal hand-written Effect client of a contender's line and transport in the same pass. */
export const featuredOf = (pass: PassResult, c: ContenderResult): ContenderResult | undefined =>
  peerOf(pass, c, "featured")

/** The twin of a contender (a second instance of it, for the A/A spread) in the same pass, if measured. */
export const twinOf = (pass: PassResult, c: ContenderResult): ContenderResult | undefined =>
  pass.contenders.find((t) => t.role === "twin" && t.twinOf === c.id)

/** Resamplings of the rounds for the A/A spread; a fixed seed, so that the same results give the same spread. */
const resamplings = 1_000

/** A small seeded generator (mulberry32): the spread must not change when the report is written again. */
const seeded = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
}

/**
 * The A/A spread of one figure: how far from 1.00x the ratio of medians of two instances of the same code lands
 * in this run. The rounds are resampled (with replacement, the same rounds for both instances, since a round's
 * disturbance hits both) 1,000 times; the spread is the 90th percentile of |twin's median / its contender's
 * median - 1|. `undefined` without at least 3 paired rounds.
 */
export const aaSpreadOf = (
  mine: ReadonlyArray<number>,
  twins: ReadonlyArray<number>
): { readonly ratio: number; readonly spread: number } | undefined => {
  if (mine.length < 3 || mine.length !== twins.length) return undefined
  const ratio = median(twins) / median(mine)
  if (!Number.isFinite(ratio)) return undefined
  const random = seeded(21)
  const deviations = new Array<number>(resamplings)
  const a = new Array<number>(mine.length)
  const b = new Array<number>(mine.length)
  for (let r = 0; r < resamplings; r++) {
    for (let i = 0; i < mine.length; i++) {
      const round = Math.floor(random() * mine.length)
      a[i] = mine[round]!
      b[i] = twins[round]!
    }
    deviations[r] = Math.abs(median(b) / median(a) - 1)
  }
  return { ratio, spread: quantile(deviations, 0.9) }
}

/** The A/A spread of `figure` for the feature-equal client `featured`, from its twin in the same pass. */
const aaOf = (pass: PassResult, featured: ContenderResult | undefined, figure: FigureId): AaSpread | undefined => {
  if (featured === undefined) return undefined
  const twin = twinOf(pass, featured)
  const found = twin === undefined
    ? undefined
    : aaSpreadOf(featured.figures[figure]?.samples ?? [], twin.figures[figure]?.samples ?? [])
  return found === undefined ? undefined : { twin: twin!.id, ...found }
}

const heapTarget = (
  pass: PassResult,
  c: ContenderResult & { readonly line: Line },
  spec: TargetSpec,
  memory: MemoryResult | undefined
): TargetResult | undefined => {
  if (memory === undefined) return undefined
  const limit = spec.limit(c.line)
  const ratio = memory.afterAll / memory.after10k
  const complete = memory.requests >= heapCalls
  return {
    key: spec.key,
    runtime: pass.runtime,
    line: c.line,
    transport: c.transport,
    figure: spec.figure,
    contender: c.id,
    against: "itself",
    op: spec.op,
    limit,
    ratio,
    met: complete && meets(spec.op, ratio, limit),
    ...(complete ? {} : {
      note: `stopped after ${memory.requests.toLocaleString("en-US")} calls (time limit)`
    })
  }
}

/** The quartiles of the ratios of paired samples (round by round), when both sides have the same rounds. */
const spreadOf = (
  mine: ReadonlyArray<number>,
  theirs: ReadonlyArray<number>
): readonly [number, number] | undefined => {
  if (mine.length < 2 || mine.length !== theirs.length) return undefined
  const ratios = mine.map((v, i) => v / theirs[i]!).filter(Number.isFinite)
  return ratios.length < 2 ? undefined : [quantile(ratios, 0.25), quantile(ratios, 0.75)]
}

/** The limit a ratio is held to: a target within the A/A spread moves its limit out by the spread. */
export const effectiveLimit = (t: Pick<TargetResult, "op" | "limit" | "aa">): number =>
  t.aa === undefined ? t.limit : t.op === "<=" ? t.limit + t.aa.spread : t.limit - t.aa.spread

const referenceOf = (pass: PassResult, c: ContenderResult, spec: TargetSpec): ContenderResult | undefined => {
  switch (spec.against) {
    case "featured":
      return featuredOf(pass, c)
    case "handwritten":
      return handwrittenOf(pass, c)
    case "fetch-zod":
      return pass.contenders.find((f) => f.id === "fetch-zod")
    case "itself":
      return c
  }
}

/** Every target for every subject of every pass, in the order of `targetSpecs`, subject by subject. */
export const computeTargets = (passes: ReadonlyArray<PassResult>): Array<TargetResult> => {
  const out: Array<TargetResult> = []
  for (const pass of passes) {
    for (const c of subjectsOf(pass)) {
      for (const spec of targetSpecs) {
        if (spec.against === "itself") {
          const t = heapTarget(pass, c, spec, pass.memory.find((m) => m.contender === c.id))
          if (t !== undefined) out.push(t)
          continue
        }
        const reference = referenceOf(pass, c, spec)
        const figure = spec.figure as FigureId
        const mine = c.figures[figure]?.median
        const theirs = reference?.figures[figure]?.median
        const limit = spec.limit(c.line)
        const measured = mine !== undefined && theirs !== undefined && Number.isFinite(mine) &&
          Number.isFinite(theirs) && theirs > 0
        const ratio = measured ? mine / theirs : undefined
        const spread = ratio === undefined ? undefined : spreadOf(
          c.figures[figure]?.samples ?? [],
          reference?.figures[figure]?.samples ?? []
        )
        const aa = spec.withinAa === true && ratio !== undefined ? aaOf(pass, reference, figure) : undefined
        const target = {
          key: spec.key,
          runtime: pass.runtime,
          line: c.line,
          transport: c.transport,
          figure: spec.figure,
          contender: c.id,
          against: reference?.id ??
            (spec.against === "fetch-zod" ? "fetch-zod" : `${c.line}-${spec.against}-${c.transport}`),
          op: spec.op,
          limit,
          ...(ratio === undefined ? { note: "not measured in this run" } : { ratio }),
          ...(spread === undefined ? {} : { spread }),
          ...(aa === undefined ? {} : { aa })
        }
        const note = spec.withinAa === true && ratio !== undefined && aa === undefined
          ? { note: "no A/A pair in this run: held to the limit itself" }
          : {}
        out.push({ ...target, ...note, met: ratio !== undefined && meets(spec.op, ratio, effectiveLimit(target)) })
      }
    }
  }
  return out
}

/** "What a user sees": one contender's median time per call against a server that answers after `delayMs`. */
export interface UserOverhead {
  readonly contender: string
  readonly delayMs: number
  /** Its median time per call, in milliseconds. */
  readonly median: number
  /** (its median − bare fetch's) ÷ bare fetch's; `undefined` when fetch was not measured at that delay. */
  readonly overhead: number | undefined
}

/** The overhead per call of each contender measured in the scenario, at each server delay, in pass order. */
export const userOverheads = (pass: PassResult): Array<UserOverhead> => {
  const out: Array<UserOverhead> = []
  for (const figure of scenarioFigures) {
    const fetch = pass.contenders.find((c) => c.id === "fetch")?.figures[figure.id]?.median
    for (const c of pass.contenders) {
      const mine = c.figures[figure.id]?.median
      if (mine === undefined || !Number.isFinite(mine)) continue
      const overhead = fetch !== undefined && Number.isFinite(fetch) && fetch > 0 ? (mine - fetch) / fetch : undefined
      out.push({ contender: c.id, delayMs: figure.serverDelayMs, median: mine, overhead })
    }
  }
  return out
}
