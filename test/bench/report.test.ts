/**
 * The bench's report side (issues 13 and 21): targets computed from a run's medians, the A/A spread, "what a user
 * sees", the SVG charts and the Markdown written from them. Made-up results only: nothing here is timed, and no figure of a real run is asserted.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import { chartSvg, overheadSvg } from "../../bench/chart.js"
import { benchmarksMarkdown, blockEnd, blockStart, outputs, writeReport } from "../../bench/report.js"
import type { ContenderResult, FigureId, MemoryResult, PassResult, Results } from "../../bench/results.js"
import { figureSpecs, median, resultsVersion } from "../../bench/results.js"
import { aaSpreadOf, computeTargets, effectiveLimit, targetSpecs, userOverheads } from "../../bench/targets.js"

type Medians = Partial<Record<FigureId, number>>

const contender = (
  id: string,
  role: ContenderResult["role"],
  transport: ContenderResult["transport"],
  medians: Medians,
  extra: Partial<ContenderResult> = {}
): ContenderResult => ({
  id,
  label: id,
  short: id,
  role,
  transport,
  tracer: role !== "baseline",
  figures: Object.fromEntries(Object.entries(medians).map(([k, v]) => [k, { median: v, samples: [v] }])),
  ...extra
})

const zod: Medians = { latency: 500, cpu: 500, throughput: 3000, n1000: 6, n10000: 70, cold: 350 }
const hand: Medians = { latency: 600, cpu: 600, throughput: 2400, n1000: 9, n10000: 100, cold: 800 }
const featured: Medians = { latency: 700, cpu: 600, throughput: 2000, n1000: 4, n10000: 50, cold: 900 }
// latency 1.25x the bare client's and 1.07x the feature-equal one's, CPU under both, throughput at the bare
// client's, large lists well ahead, cold 2.0x zod
const client: Medians = { latency: 750, cpu: 540, throughput: 2400, n1000: 3, n10000: 42, cold: 700 }

const pass = (contenders: ReadonlyArray<ContenderResult>, memory: ReadonlyArray<MemoryResult> = []): PassResult => ({
  runtime: "default",
  node: "v20.0.0",
  rounds: 3,
  coldRuns: 3,
  seconds: 100,
  contenders,
  memory
})

const v3Pass = pass([
  contender("fetch", "baseline", "fetch", zod),
  contender("fetch-zod", "baseline", "fetch", zod),
  contender("v3-handwritten-undici", "handwritten", "undici", hand, { line: "v3" }),
  contender("v3-featured-undici", "featured", "undici", featured, { line: "v3" }),
  contender("v3-client-undici", "client", "undici", client, { line: "v3" }),
  contender("v3-client-undici-notrace", "client", "undici", client, { line: "v3", tracer: false })
], [{ contender: "v3-client-undici", after10k: 100, afterAll: 105, requests: 100_000, seconds: 40 }])

const resultsOf = (passes: ReadonlyArray<PassResult>): Results => ({
  version: resultsVersion,
  date: "2026-11-29T00:00:00.000Z",
  seconds: 300,
  flags: [],
  machine: { cpu: "Test <CPU> & co", cores: 2, platform: "linux", loadStart: 1, loadEnd: 1 },
  versions: { effect: "3.0.0" },
  settings: {
    sequentialCount: 200,
    latencySlices: 10,
    throughputCount: 640,
    concurrency: 32,
    maxRounds: 15,
    budgetSeconds: 120,
    coldSeconds: 60,
    memorySeconds: 120,
    scenarioRounds: 7,
    scenarioCalls: { "5": 40, "50": 8 }
  },
  figures: figureSpecs,
  passes,
  targets: computeTargets(passes)
})

describe("computeTargets", () => {
  const targets = computeTargets([v3Pass])
  const byKey = (key: string) => targets.find((t) => t.key === key)!

  it("has every target once for each tracer-on client, and none for the tracer-off row or the baselines", () => {
    expect(targets.map((t) => t.key)).toEqual(targetSpecs.map((s) => s.key))
    expect(new Set(targets.map((t) => t.contender))).toEqual(new Set(["v3-client-undici"]))
  })

  it("compares with the bare hand-written client of the same line and transport, and with fetch + zod", () => {
    expect(byKey("latency-bare")).toMatchObject({ against: "v3-handwritten-undici", limit: 1.1, ratio: 1.25 })
    expect(byKey("latency-bare").met).toBe(false)
    expect(byKey("cpu-bare")).toMatchObject({ ratio: 0.9, met: true })
    expect(byKey("throughput-bare")).toMatchObject({ op: ">=", limit: 0.9, ratio: 1, met: true })
    expect(byKey("n1000")).toMatchObject({ against: "fetch-zod", ratio: 0.5, met: true })
    expect(byKey("n10000")).toMatchObject({ ratio: 0.6, met: true })
  })

  it("compares with the feature-equal client, held to the limit itself when no twin was measured", () => {
    expect(byKey("latency-featured")).toMatchObject({ against: "v3-featured-undici", limit: 1, met: false })
    expect(byKey("latency-featured").ratio).toBeCloseTo(750 / 700)
    expect(byKey("latency-featured").note).toContain("no A/A pair")
    expect(byKey("cpu-featured")).toMatchObject({ ratio: 0.9, met: true })
    expect(byKey("throughput-featured")).toMatchObject({ op: ">=", ratio: 1.2, met: true })
  })

  it("holds cold start to 2.0x on Effect 3 and 1.5x on Effect 4", () => {
    expect(byKey("cold")).toMatchObject({ limit: 2, ratio: 2, met: true })
    const v4 = computeTargets([pass([
      contender("fetch-zod", "baseline", "fetch", zod),
      contender("v4-client-fetch", "client", "fetch", client, { line: "v4" })
    ])])
    expect(v4.find((t) => t.key === "cold")).toMatchObject({ line: "v4", limit: 1.5, ratio: 2, met: false })
  })

  it("says not measured where the reference is missing, and gives no heap row without a heap check", () => {
    const v4 = computeTargets([pass([
      contender("fetch-zod", "baseline", "fetch", zod),
      contender("v4-client-fetch", "client", "fetch", client, { line: "v4" })
    ])])
    const latency = v4.find((t) => t.key === "latency-featured")!
    expect(latency).toMatchObject({ against: "v4-featured-fetch", met: false, note: "not measured in this run" })
    expect(latency.ratio).toBeUndefined()
    expect(v4.some((t) => t.key === "heap")).toBe(false)
  })

  it("meets the heap target within 10 % after 100,000 calls, and not when the check stopped early", () => {
    expect(byKey("heap")).toMatchObject({ against: "itself", ratio: 1.05, met: true })
    const short = computeTargets([{
      ...v3Pass,
      memory: [{ contender: "v3-client-undici", after10k: 100, afterAll: 101, requests: 60_000, seconds: 90 }]
    }]).find((t) => t.key === "heap")!
    expect(short.met).toBe(false)
    expect(short.note).toContain("60,000")
    const grown = computeTargets([{
      ...v3Pass,
      memory: [{ contender: "v3-client-undici", after10k: 100, afterAll: 111, requests: 100_000, seconds: 50 }]
    }]).find((t) => t.key === "heap")!
    expect(grown.met).toBe(false)
  })

  it("gives the quartiles of the round-by-round ratios when both sides have the same rounds", () => {
    const rounds = (id: string, role: ContenderResult["role"], latency: ReadonlyArray<number>) => ({
      ...contender(id, role, "undici", {}, { line: "v3" }),
      figures: { latency: { median: median(latency), samples: latency } }
    })
    const [latency] = computeTargets([pass([
      rounds("v3-featured-undici", "featured", [100, 100, 100, 100, 100]),
      rounds("v3-client-undici", "client", [90, 100, 110, 120, 200])
    ])])
    expect(latency).toMatchObject({ key: "latency-featured", ratio: 1.1, spread: [1, 1.2] })
  })

  it("keeps each pass's ratios to its own references", () => {
    const node22 = { ...v3Pass, runtime: "node22" as const }
    const both = computeTargets([v3Pass, node22])
    expect(both.filter((t) => t.key === "latency-bare").map((t) => t.runtime)).toEqual(["default", "node22"])
  })
})

describe("the A/A spread", () => {
  const steady = [100, 102, 98, 101, 99, 103, 97, 100, 101]
  const noisy = [104, 95, 101, 108, 93, 100, 106, 96, 99]

  it("is 0 for two identical series, and the same each time for the same samples", () => {
    expect(aaSpreadOf(steady, steady)).toEqual({ ratio: 1, spread: 0 })
    expect(aaSpreadOf(steady, noisy)).toEqual(aaSpreadOf(steady, noisy))
  })

  it("grows with the twin's noise", () => {
    const near = aaSpreadOf(steady, steady.map((v, i) => v + (i % 2 === 0 ? 1 : -1)))!
    const far = aaSpreadOf(steady, noisy)!
    expect(near.spread).toBeGreaterThan(0)
    expect(far.spread).toBeGreaterThan(near.spread)
  })

  it("needs at least 3 paired rounds", () => {
    expect(aaSpreadOf([1, 2], [1, 2])).toBeUndefined()
    expect(aaSpreadOf(steady, noisy.slice(1))).toBeUndefined()
  })

  const withTwin = (clientLatency: ReadonlyArray<number>) => {
    const series = (id: string, role: ContenderResult["role"], latency: ReadonlyArray<number>, twinOf?: string) => ({
      ...contender(id, role, "undici", {}, { line: "v3", ...(twinOf === undefined ? {} : { twinOf }) }),
      figures: { latency: { median: median(latency), samples: latency } }
    })
    return computeTargets([pass([
      series("v3-featured-undici", "featured", steady),
      series("v3-featured-undici-twin", "twin", noisy, "v3-featured-undici"),
      series("v3-client-undici", "client", clientLatency)
    ])]).find((t) => t.key === "latency-featured")!
  }

  it("meets a target against the feature-equal client within the spread, and not beyond it", () => {
    const { spread } = aaSpreadOf(steady, noisy)!
    expect(spread).toBeGreaterThan(0.01)
    const within = withTwin(steady.map((v) => v * (1 + spread / 2)))
    expect(within.aa).toMatchObject({ twin: "v3-featured-undici-twin", spread })
    expect(within.ratio).toBeGreaterThan(1)
    expect(within.met).toBe(true)
    expect(effectiveLimit(within)).toBeCloseTo(1 + spread)
    const beyond = withTwin(steady.map((v) => v * (1 + spread * 2)))
    expect(beyond.met).toBe(false)
  })

  it("is shown beside the ratio, and a target met only thanks to it says so", () => {
    const { spread } = aaSpreadOf(steady, noisy)!
    const target = withTwin(steady.map((v) => v * (1 + spread / 2)))
    const md = benchmarksMarkdown({ ...resultsOf([]), targets: [target] })
    expect(md).toContain(`A/A ±${spread.toFixed(2)}`)
    expect(md).toContain("met within the A/A spread")
  })
})

describe("what a user sees", () => {
  const scenario = pass([
    contender("fetch", "baseline", "fetch", { latency5: 6, latency50: 50 }),
    contender("fetch-zod", "baseline", "fetch", { latency5: 6.3, latency50: 50.5 }),
    contender("v3-client-undici", "client", "undici", { latency5: 7.5, latency50: 51 }, { line: "v3" }),
    contender("v3-handwritten-undici", "handwritten", "undici", { latency: 600 }, { line: "v3" })
  ])

  it("is each contender's (median - fetch's) / fetch's at each server delay, for those measured there", () => {
    const overheads = userOverheads(scenario)
    expect(overheads.map((o) => [o.contender, o.delayMs])).toEqual([
      ["fetch", 5],
      ["fetch-zod", 5],
      ["v3-client-undici", 5],
      ["fetch", 50],
      ["fetch-zod", 50],
      ["v3-client-undici", 50]
    ])
    const of = (id: string, delayMs: number) => overheads.find((o) => o.contender === id && o.delayMs === delayMs)!
    expect(of("fetch", 5).overhead).toBe(0)
    expect(of("v3-client-undici", 5).overhead).toBeCloseTo(0.25)
    expect(of("v3-client-undici", 50).overhead).toBeCloseTo(0.02)
    expect(of("v3-client-undici", 50).median).toBe(51)
  })

  it("has no overhead without bare fetch at that delay", () => {
    const noFetch = pass(scenario.contenders.filter((c) => c.id !== "fetch"))
    expect(userOverheads(noFetch).every((o) => o.overhead === undefined)).toBe(true)
  })

  it("is a table and a chart of BENCHMARKS.md: a bar per contender and delay", () => {
    const results = resultsOf([scenario])
    const md = benchmarksMarkdown(results)
    expect(md).toContain(`](${outputs.overheadChart})`)
    expect(md).toContain("| `v3-client-undici` | 7.50 ms | +25.0 % | 51.00 ms | +2.0 % |")
    const svg = overheadSvg(results)
    expect(svg).toBe(overheadSvg(results))
    expect(svg.match(/<rect x="[^"]+" y="[^"]+" width="[^"]+" height="[^"]+" fill="[^"]+"><title>/g)).toHaveLength(6)
    expect(svg).toContain(">25.0 %</text>")
    expect(svg.match(/<text/g)?.length).toBe(svg.match(/<\/text>/g)?.length)
  })
})

describe("chartSvg", () => {
  const results = resultsOf([v3Pass])
  const svg = chartSvg(results)

  it("is one SVG document, the same for the same results", () => {
    expect(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"")).toBe(true)
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true)
    expect(chartSvg(results)).toBe(svg)
    expect(svg.match(/<text/g)?.length).toBe(svg.match(/<\/text>/g)?.length)
  })

  it("has a panel per target, a bar per measured ratio and a dashed target line in each panel", () => {
    for (const spec of targetSpecs) expect(svg).toContain(`>${spec.text}</text>`)
    // 10 bars of the client, one per target; 3 grey bars of the bare hand-written client against fetch + zod
    expect(svg.match(/<rect x="[^"]+" y="[^"]+" width="[^"]+" height="[^"]+" fill="#(2e7d32|c62828)"><title>/g))
      .toHaveLength(10)
    expect(svg.match(/<rect x="[^"]+" y="[^"]+" width="[^"]+" height="[^"]+" fill="#9e9e9e"><title>/g)).toHaveLength(3)
    expect(svg.match(/stroke-dasharray/g)!.length).toBeGreaterThanOrEqual(targetSpecs.length)
    expect(svg).toContain(">1.25x</text>")
  })

  it("escapes text", () => {
    const odd = chartSvg({ ...results, passes: [{ ...v3Pass, node: "v20 <&>" }] })
    expect(odd).toContain("node v20 &lt;&amp;&gt;")
    expect(odd).not.toContain("<&>")
  })
})

describe("the report", () => {
  const results = resultsOf([v3Pass])

  it("shows each target with its ratio, met or not, the chart and every figure", () => {
    const md = benchmarksMarkdown(results)
    expect(md).toContain(`](${outputs.chart})`)
    expect(md).toMatch(
      /\| latency, list of 3, sequential \| bare hand-written \| <= 1\.10x \| 1\.25x \*\*not met\*\* \|/
    )
    expect(md).toMatch(/\| cold start .* \| fetch \+ zod \| <= 2\.00x \| 2\.00x met \|/)
    expect(md).toContain("Not in this run: no `v4` contender")
    expect(md).toContain("| `v3-client-undici`<br>v3-client-undici | 750<br>1.50x / 1.50x<br>fe 1.07x<br>bare 1.25x |")
  })

  it("says why a registered line has no table: the run left it out", () => {
    const md = benchmarksMarkdown({ ...results, flags: ["--quick", "--only=v3-client-undici"] })
    expect(md).toContain(
      "Not in this run: no `v4` contender was measured in it (flags: `--quick --only=v3-client-undici`)."
    )
  })

  it("writes BENCHMARKS.md, the chart and only the marked blocks of docs/performance.md and the README", () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), "bench-report-test-"))
    try {
      fs.mkdirSync(path.join(base, "docs"))
      fs.writeFileSync(path.join(base, outputs.performance), `before\n${blockStart}\nold\n${blockEnd}\nafter\n`)
      fs.writeFileSync(path.join(base, outputs.readme), `# readme\n${blockStart}\nold\n${blockEnd}\n## next\n`)
      expect(writeReport(results, base)).toEqual([
        outputs.benchmarks,
        outputs.chart,
        outputs.overheadChart,
        outputs.performance,
        outputs.readme
      ])
      const readme = fs.readFileSync(path.join(base, outputs.readme), "utf8")
      expect(readme.startsWith(`# readme\n${blockStart}\n`)).toBe(true)
      expect(readme.endsWith(`${blockEnd}\n## next\n`)).toBe(true)
      // the same tables, linked from the repository's root
      expect(readme).toContain("the repository's `BENCHMARKS.md` (not in the package)")
      expect(readme).toContain("1.25x **not met**")
      const perf = fs.readFileSync(path.join(base, outputs.performance), "utf8")
      expect(perf.startsWith(`before\n${blockStart}\n`)).toBe(true)
      expect(perf.endsWith(`${blockEnd}\nafter\n`)).toBe(true)
      expect(perf).not.toContain("\nold\n")
      expect(perf).toContain("1.25x **not met**")
      expect(fs.readFileSync(path.join(base, outputs.chart), "utf8")).toBe(chartSvg(results))
    } finally {
      fs.rmSync(base, { recursive: true, force: true })
    }
  })
})

describe("median", () => {
  it("is the middle value, or the mean of the two middle ones", () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([])).toBeNaN()
  })
})
