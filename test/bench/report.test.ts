/**
 * The bench's report side (issue 13): targets computed from a run's medians, the SVG chart and the Markdown
 * written from them. Made-up results only: nothing here is timed, and no figure of a real run is asserted.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import { chartSvg } from "../../bench/chart.js"
import { benchmarksMarkdown, blockEnd, blockStart, outputs, writeReport } from "../../bench/report.js"
import type { ContenderResult, FigureId, MemoryResult, PassResult, Results } from "../../bench/results.js"
import { figureSpecs, median, resultsVersion } from "../../bench/results.js"
import { computeTargets, targetSpecs } from "../../bench/targets.js"

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
// latency and CPU over the hand-written client's, throughput at it, large lists well ahead, cold 2.0x zod
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
    memorySeconds: 120
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

  it("compares with the hand-written client of the same line and transport, and with fetch + zod", () => {
    expect(byKey("latency")).toMatchObject({ against: "v3-handwritten-undici", ratio: 1.25, met: false })
    expect(byKey("cpu")).toMatchObject({ ratio: 0.9, met: true })
    expect(byKey("throughput")).toMatchObject({ op: ">=", ratio: 1, met: true })
    expect(byKey("throughput-fetch-zod")).toMatchObject({ against: "fetch-zod", ratio: 0.8, met: false })
    expect(byKey("n1000")).toMatchObject({ ratio: 0.5, met: true })
    expect(byKey("n10000")).toMatchObject({ ratio: 0.6, met: true })
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
    const latency = v4.find((t) => t.key === "latency")!
    expect(latency).toMatchObject({ against: "v4-handwritten-fetch", met: false, note: "not measured in this run" })
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
      rounds("v3-handwritten-undici", "handwritten", [100, 100, 100, 100, 100]),
      rounds("v3-client-undici", "client", [90, 100, 110, 120, 200])
    ])])
    expect(latency).toMatchObject({ key: "latency", ratio: 1.1, spread: [1, 1.2] })
  })

  it("keeps each pass's ratios to its own references", () => {
    const node22 = { ...v3Pass, runtime: "node22" as const }
    const both = computeTargets([v3Pass, node22])
    expect(both.filter((t) => t.key === "latency").map((t) => t.runtime)).toEqual(["default", "node22"])
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
    // 8 bars of the client, one per target; 4 grey bars of the hand-written client against fetch + zod
    expect(svg.match(/<rect x="[^"]+" y="[^"]+" width="[^"]+" height="[^"]+" fill="#(2e7d32|c62828)"><title>/g))
      .toHaveLength(8)
    expect(svg.match(/<rect x="[^"]+" y="[^"]+" width="[^"]+" height="[^"]+" fill="#9e9e9e"><title>/g)).toHaveLength(4)
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
      /\| latency, list of 3, sequential \| hand-written Effect client \| <= 1\.00x \| 1\.25x \*\*not met\*\* \|/
    )
    expect(md).toMatch(/\| cold start .* \| fetch \+ zod \| <= 2\.00x \| 2\.00x met \|/)
    expect(md).toContain("Not in this run: no `v4` contender")
    expect(md).toContain("| `v3-client-undici`<br>v3-client-undici | 750<br>1.50x / 1.50x<br>hw 1.25x |")
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
