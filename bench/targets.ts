/**
 * The targets of issue 13 ("Performance 2"), computed from a run's results: for each pass, each tracer-on
 * `client` contender is compared with the hand-written Effect client of its line and transport, with fetch +
 * zod, and with itself (heap). A line's contenders need no change here: they are found by `line`, `role` and
 * `transport`. Pure: no I/O, so the unit tests check it on made-up results.
 */
import type { Line } from "./contenders/registry.js"
import type { ContenderResult, MemoryResult, PassResult, TargetFigure, TargetResult } from "./results.js"
import { quantile } from "./results.js"

export interface TargetSpec {
  readonly key: string
  readonly figure: TargetFigure
  /** `handwritten`: the hand-written Effect client, same line and transport; `itself`: the heap check. */
  readonly against: "handwritten" | "fetch-zod" | "itself"
  readonly op: "<=" | ">="
  readonly limit: (line: Line) => number
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
    key: "latency",
    figure: "latency",
    against: "handwritten",
    op: "<=",
    limit: () => 1.0,
    text: "latency, list of 3, sequential",
    againstText: "hand-written Effect client"
  },
  {
    key: "cpu",
    figure: "cpu",
    against: "handwritten",
    op: "<=",
    limit: () => 1.0,
    text: "CPU per request, list of 3",
    againstText: "hand-written Effect client"
  },
  {
    key: "throughput",
    figure: "throughput",
    against: "handwritten",
    op: ">=",
    limit: () => 1.0,
    text: "throughput, 32 in flight",
    againstText: "hand-written Effect client"
  },
  {
    key: "throughput-fetch-zod",
    figure: "throughput",
    against: "fetch-zod",
    op: ">=",
    limit: () => 0.9,
    text: "throughput, 32 in flight",
    againstText: "fetch + zod"
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

/** The hand-written Effect client of a contender's line and transport in the same pass, if measured. */
export const handwrittenOf = (pass: PassResult, c: ContenderResult): ContenderResult | undefined =>
  pass.contenders.find((h) => h.role === "handwritten" && h.tracer && h.line === c.line && h.transport === c.transport)

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

/** Every target for every subject of every pass, in the order of `targetSpecs`, subject by subject. */
export const computeTargets = (passes: ReadonlyArray<PassResult>): Array<TargetResult> => {
  const out: Array<TargetResult> = []
  for (const pass of passes) {
    const fetchZod = pass.contenders.find((c) => c.id === "fetch-zod")
    for (const c of subjectsOf(pass)) {
      for (const spec of targetSpecs) {
        if (spec.against === "itself") {
          const t = heapTarget(pass, c, spec, pass.memory.find((m) => m.contender === c.id))
          if (t !== undefined) out.push(t)
          continue
        }
        const reference = spec.against === "handwritten" ? handwrittenOf(pass, c) : fetchZod
        const figure = spec.figure as Exclude<TargetFigure, "heap">
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
        out.push({
          key: spec.key,
          runtime: pass.runtime,
          line: c.line,
          transport: c.transport,
          figure: spec.figure,
          contender: c.id,
          against: reference?.id ??
            (spec.against === "handwritten" ? `${c.line}-handwritten-${c.transport}` : "fetch-zod"),
          op: spec.op,
          limit,
          ...(ratio === undefined ? { note: "not measured in this run" } : { ratio }),
          ...(spread === undefined ? {} : { spread }),
          met: ratio !== undefined && meets(spec.op, ratio, limit)
        })
      }
    }
  }
  return out
}
