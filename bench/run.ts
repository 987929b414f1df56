/**
 * `npm run bench`: the contenders of bench/contenders/registry.ts side by side in one run against a loopback
 * server in its own process. Figures are medians over interleaved rounds (each round measures every contender,
 * in a rotated order, one figure after the other); each figure is also given as a ratio to `fetch` and to
 * `fetch-zod` (fetch + zod) from the same run. The result is printed and written to BENCHMARKS.md.
 *
 * Every loop is bounded in count and in time: the rounds stop at `--budget-s` (default 150 s), the cold
 * starts at 60 s, the memory check at 90 s; the server stops itself when this process goes away.
 *
 * Flags: `--rounds=N` (default 15), `--budget-s=S`, `--quick` (3 rounds, no BENCHMARKS.md), `--no-write`.
 */
import { type ChildProcess, fork, spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"
import type { Contender } from "./contenders/common.js"
import type { ContenderSpec } from "./contenders/registry.js"
import { contenders as registry } from "./contenders/registry.js"
import type { ListSize } from "./fixtures.js"

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, "..")

const flag = (name: string): string | undefined =>
  process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`))?.split("=")[1] ??
    (process.argv.includes(`--${name}`) ? "" : undefined)
const quick = flag("quick") !== undefined
const maxRounds = Number(flag("rounds") ?? (quick ? 3 : 15))
const budgetMs = Number(flag("budget-s") ?? (quick ? 40 : 150)) * 1000
const write = !quick && flag("no-write") === undefined
const only = flag("only")?.split(",")

const startedAt = Date.now()
const log = (line: string) => console.log(`[${((Date.now() - startedAt) / 1000).toFixed(1).padStart(5)} s] ${line}`)

// ---------------------------------------------------------------------------------------------------------
// the server

const startServer = (): Promise<{ child: ChildProcess; baseUrl: string }> =>
  new Promise((resolve, reject) => {
    const child = fork(path.join(here, "server.ts"), ["--max-ms=600000"], {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"]
    })
    const timer = setTimeout(() => reject(new Error("the bench server did not start within 20 s")), 20_000)
    child.once("message", (message) => {
      clearTimeout(timer)
      const port = (message as { port: number }).port
      resolve({ child, baseUrl: `http://127.0.0.1:${port}/api/v2` })
    })
    child.once("exit", (code) => reject(new Error(`the bench server exited (${code})`)))
  })

// ---------------------------------------------------------------------------------------------------------
// the contenders

/** Each contender's answer must be the whole list; the validating ones must give camelCase fields. */
const check = (entry: ContenderSpec, size: ListSize, result: unknown) => {
  const connections = (result as { connections?: ReadonlyArray<Record<string, unknown>> }).connections
  if (!Array.isArray(connections) || connections.length !== size) {
    throw new Error(`${entry.id}: expected ${size} connections`)
  }
  const first = connections[0]!
  const camel = entry.camelCase
  const keyField = camel ? "connectionKey" : "connection_key"
  const configField = camel ? "connectionConfig" : "connection_config"
  if (typeof first[keyField] !== "string" || typeof first[configField] !== "object") {
    throw new Error(`${entry.id}: the first connection has no ${keyField}/${configField}`)
  }
}

// ---------------------------------------------------------------------------------------------------------
// figures

interface Figure {
  readonly key: string
  readonly title: string
  readonly unit: string
  /** Whether more is better (throughput) or less is (times). */
  readonly higherIsBetter: boolean
  readonly digits: number
  readonly measure: (c: Contender) => Promise<number>
}

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

const cpuMicros = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since)
  return used.user + used.system
}

const seqCount = 200
const throughputCount = 640
const concurrency = 32

/** The CPU of the last latency batch, per request, kept by the latency figure for the CPU figure. */
const lastCpu = new Map<Contender, number>()

const figures: ReadonlyArray<Figure> = [
  {
    key: "latency",
    title: "latency n=3",
    unit: "µs",
    higherIsBetter: false,
    digits: 0,
    measure: async (c) => {
      const cpu = process.cpuUsage()
      const times = await c.sequential(3, seqCount)
      lastCpu.set(c, cpuMicros(cpu) / seqCount)
      return median(times) * 1000
    }
  },
  {
    key: "cpu",
    title: "CPU/req n=3",
    unit: "µs",
    higherIsBetter: false,
    digits: 0,
    measure: async (c) => lastCpu.get(c)!
  },
  {
    key: "throughput",
    title: `throughput c=${concurrency} n=3`,
    unit: "req/s",
    higherIsBetter: true,
    digits: 0,
    measure: async (c) => {
      const start = performance.now()
      await c.concurrent(3, throughputCount, concurrency)
      return throughputCount / ((performance.now() - start) / 1000)
    }
  },
  {
    key: "n1000",
    title: "time/req n=1,000",
    unit: "ms",
    higherIsBetter: false,
    digits: 2,
    measure: async (c) => median(await c.sequential(1_000, 9))
  },
  {
    key: "n10000",
    title: "time/req n=10,000",
    unit: "ms",
    higherIsBetter: false,
    digits: 1,
    measure: async (c) => median(await c.sequential(10_000, 3))
  }
]

// ---------------------------------------------------------------------------------------------------------
// cold start: a fresh node process per run, on plain JavaScript (transpiled once here) so that no loader
// stands between node and the contender's own imports

const buildColdTree = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mammoth-bench-cold-"))
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module" }))
  fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir")
  const transpile = (from: string) => {
    for (const name of fs.readdirSync(path.join(root, from), { withFileTypes: true })) {
      const rel = path.join(from, name.name)
      if (name.isDirectory()) transpile(rel)
      else if (name.name.endsWith(".ts") && !name.name.endsWith(".d.ts")) {
        const source = fs.readFileSync(path.join(root, rel), "utf8")
        const out = ts.transpileModule(source, {
          compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
          fileName: rel
        })
        fs.mkdirSync(path.join(dir, from), { recursive: true })
        fs.writeFileSync(path.join(dir, rel.replace(/\.ts$/, ".js")), out.outputText)
      }
    }
  }
  transpile("src")
  transpile("bench")
  return dir
}

const timeColdStart = (dir: string, cold: string, baseUrl: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const start = performance.now()
    const child = spawn(process.execPath, [path.join(dir, "bench", "cold", `${cold}.js`), baseUrl], {
      stdio: ["ignore", "ignore", "inherit"]
    })
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000)
    child.once("exit", (code) => {
      clearTimeout(timer)
      if (code === 0) resolve(performance.now() - start)
      else reject(new Error(`cold start of ${cold} exited with ${code}`))
    })
  })

// ---------------------------------------------------------------------------------------------------------
// memory: heap after 100,000 requests within 10 % of heap after 10,000

interface MemoryResult {
  readonly after10k: number
  readonly afterAll: number
  readonly requests: number
  readonly seconds: number
}

const heapAfterGc = (): number => {
  const gc = (globalThis as { gc?: () => void }).gc!
  for (let i = 0; i < 3; i++) gc()
  return process.memoryUsage().heapUsed
}

const memoryCheck = async (c: Contender): Promise<MemoryResult | string> => {
  if ((globalThis as { gc?: () => void }).gc === undefined) return "skipped: run node with --expose-gc"
  const start = performance.now()
  const chunk = 5_000
  let requests = 0
  while (requests < 10_000) {
    await c.concurrent(3, chunk, concurrency)
    requests += chunk
  }
  const after10k = heapAfterGc()
  while (requests < 100_000 && performance.now() - start < 90_000) {
    await c.concurrent(3, chunk, concurrency)
    requests += chunk
  }
  const afterAll = heapAfterGc()
  return { after10k, afterAll, requests, seconds: (performance.now() - start) / 1000 }
}

// ---------------------------------------------------------------------------------------------------------
// report

const version = (pkg: string): string =>
  (JSON.parse(fs.readFileSync(path.join(root, "node_modules", pkg, "package.json"), "utf8")) as { version: string })
    .version

const fmt = (value: number, digits: number): string =>
  Number.isFinite(value)
    ? value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : "n/a"

const ratio = (value: number, reference: number): string =>
  Number.isFinite(value) && Number.isFinite(reference) && reference > 0 ? `${(value / reference).toFixed(2)}x` : "n/a"

interface Target {
  readonly figure: string
  readonly against: string
  readonly op: "<=" | ">="
  readonly limit: number
  readonly text: string
}

const targets: ReadonlyArray<Target> = [
  { figure: "latency", against: "fetch", op: "<=", limit: 1.15, text: "latency, n=3, v3-client-undici vs fetch" },
  {
    figure: "throughput",
    against: "fetch-zod",
    op: ">=",
    limit: 1.0,
    text: "throughput, c=32, v3-client-undici vs fetch + zod"
  },
  { figure: "cpu", against: "fetch", op: "<=", limit: 1.1, text: "CPU per request, n=3, v3-client-undici vs fetch" },
  {
    figure: "n10000",
    against: "fetch-zod",
    op: "<=",
    limit: 1.0,
    text: "time per request, n=10,000, v3-client-undici vs fetch + zod"
  },
  {
    figure: "n1000",
    against: "fetch-zod",
    op: "<=",
    limit: 1.3,
    text: "time per request, n=1,000, v3-client-undici vs fetch + zod"
  },
  { figure: "cold", against: "fetch-zod", op: "<=", limit: 1.5, text: "cold start, v3-client-undici vs fetch + zod" }
]

// ---------------------------------------------------------------------------------------------------------

const main = async () => {
  log(`node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "unknown CPU"})`)
  const { child: server, baseUrl } = await startServer()
  log(`server on ${baseUrl} (pid ${server.pid})`)
  const selected = only === undefined
    ? registry
    : registry.filter((e) => only.includes(e.id) || e.id === "fetch" || e.id === "fetch-zod")
  const contenders = new Map<ContenderSpec, Contender>()
  try {
    for (const entry of selected) {
      const c = await entry.make(baseUrl)
      for (const size of [3, 1_000] as const) check(entry, size, await c.once(size))
      contenders.set(entry, c)
    }
    log(`warming up ${contenders.size} contenders`)
    for (const c of contenders.values()) {
      await c.sequential(3, 300)
      await c.concurrent(3, 640, concurrency)
      await c.sequential(1_000, 10)
      await c.sequential(10_000, 2)
    }

    const samples = new Map<string, Map<ContenderSpec, Array<number>>>(figures.map((f) => [f.key, new Map()]))
    const list = [...contenders.keys()]
    let rounds = 0
    const roundsStart = Date.now()
    while (rounds < maxRounds && (rounds < 3 || Date.now() - roundsStart < budgetMs)) {
      for (const figure of figures) {
        for (let i = 0; i < list.length; i++) {
          const entry = list[(i + rounds) % list.length]!
          const value = await figure.measure(contenders.get(entry)!)
          const byEntry = samples.get(figure.key)!
          byEntry.set(entry, [...(byEntry.get(entry) ?? []), value])
        }
      }
      rounds++
      log(`round ${rounds}/${maxRounds} done`)
    }

    const results = new Map<string, Map<string, number>>()
    for (const figure of figures) {
      const byKey = new Map<string, number>()
      for (const [entry, values] of samples.get(figure.key)!) byKey.set(entry.id, median(values))
      results.set(figure.key, byKey)
    }

    // cold start
    const coldRuns = quick ? 3 : 7
    const coldDir = buildColdTree()
    const coldSamples = new Map<string, Array<number>>()
    try {
      const coldEntries = list.filter((e) => e.cold !== undefined)
      const coldStart = Date.now()
      for (let run = 0; run < coldRuns && (run < 2 || Date.now() - coldStart < 60_000); run++) {
        for (let i = 0; i < coldEntries.length; i++) {
          const entry = coldEntries[(i + run) % coldEntries.length]!
          const ms = await timeColdStart(coldDir, entry.cold!, baseUrl)
          coldSamples.set(entry.id, [...(coldSamples.get(entry.id) ?? []), ms])
        }
      }
    } finally {
      fs.rmSync(coldDir, { recursive: true, force: true })
    }
    results.set("cold", new Map([...coldSamples].map(([k, v]) => [k, median(v)])))
    log(`cold starts done (${coldRuns} runs each)`)

    // memory
    const memoryEntry = list.find((e) => e.id === "v3-client-undici")
    const memory = memoryEntry === undefined || quick ? "skipped" : await memoryCheck(contenders.get(memoryEntry)!)
    log("memory check done")

    report(list, results, rounds, memory, coldRuns)
  } finally {
    for (const c of contenders.values()) await c.close().catch(() => {})
    server.disconnect()
    server.kill()
  }
}

const allFigures = [
  ...figures.map((f) => ({
    key: f.key,
    title: f.title,
    unit: f.unit,
    digits: f.digits,
    higherIsBetter: f.higherIsBetter
  })),
  { key: "cold", title: "cold start", unit: "ms", digits: 0, higherIsBetter: false }
]

const report = (
  list: ReadonlyArray<ContenderSpec>,
  results: Map<string, Map<string, number>>,
  rounds: number,
  memory: MemoryResult | string,
  coldRuns: number
) => {
  const value = (figure: string, key: string) => results.get(figure)?.get(key) ?? Number.NaN
  const lines: Array<string> = []
  const header = [
    "contender",
    ...allFigures.map((f) => `${f.title} (${f.unit}${f.higherIsBetter ? ", higher is better" : ""})`)
  ]
  lines.push(`| ${header.join(" | ")} |`, `|${header.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`)
  for (const entry of list) {
    const cells = allFigures.map((f) => {
      const v = value(f.key, entry.id)
      if (f.key === "cold" && entry.cold === undefined) return "-"
      return `${fmt(v, f.digits)}<br>${ratio(v, value(f.key, "fetch"))} / ${ratio(v, value(f.key, "fetch-zod"))}`
    })
    lines.push(`| \`${entry.id}\`<br>${entry.label} | ${cells.join(" | ")} |`)
  }
  const table = lines.join("\n")

  const targetLines = ["| figure | target | measured | met |", "|---|---|---:|---|"]
  for (const t of targets) {
    const measured = value(t.figure, "v3-client-undici") / value(t.figure, t.against)
    const met = t.op === "<=" ? measured <= t.limit : measured >= t.limit
    const off = t.figure === "cold"
      ? ""
      : ` (tracer off: ${(value(t.figure, "v3-client-undici-notrace") / value(t.figure, t.against)).toFixed(2)}x)`
    targetLines.push(
      `| ${t.text} | ${t.op} ${t.limit.toFixed(2)}x | ${
        Number.isFinite(measured) ? measured.toFixed(2) : "n/a"
      }x${off} | ${met ? "yes" : "**no**"} |`
    )
  }
  const targetTable = targetLines.join("\n")

  const memoryText = typeof memory === "string"
    ? memory
    : `heap after ${memory.requests.toLocaleString("en-US")} requests ${
      (memory.afterAll / 2 ** 20).toFixed(1)
    } MiB vs ${
      (
        memory.after10k / 2 ** 20
      ).toFixed(1)
    } MiB after 10,000 (${((memory.afterAll / memory.after10k - 1) * 100).toFixed(1)} %, limit 10 %): ${
      memory.requests >= 100_000 && memory.afterAll <= memory.after10k * 1.1 ? "pass" : "**fail**"
    } (${memory.seconds.toFixed(0)} s, v3-client-undici, n=3, c=${concurrency})`

  const cpus = os.cpus()
  const machine = `${
    cpus[0]?.model ?? "unknown CPU"
  }, ${cpus.length} cores, ${os.platform()} ${os.release()}, node ${process.version}`
  const versions = [
    "effect",
    "@effect/platform",
    "@effect/platform-node",
    "undici",
    "zod",
    "openapi-fetch",
    "typescript"
  ]
    .map((p) => `${p} ${version(p)}`)
    .join(", ")

  console.log(
    `\n${table}\n\nEach cell: median, then ratio to fetch / ratio to fetch + zod.\n\n${targetTable}\n\nMemory: ${memoryText}\n`
  )

  if (!write) return
  const md = `# Benchmarks

Latest \`npm run bench\` (${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC). Machine: ${machine}.
Versions: ${versions}.

A loopback server in its own process (node:http, keep-alive, 127.0.0.1) answers the list route with precomputed
bodies of 3, 1,000 or 10,000 connections (each a 40-character \`connection_key\` and a ten-field database
\`connection_config\`). The contenders run in one process, each over its own connection pool; figures are the
medians of ${rounds} interleaved rounds (each round measures every contender in a rotated order, figure by
figure): latency is the median of ${seqCount} sequential requests, CPU is \`process.cpuUsage()\` of the client
process over those ${seqCount} requests, divided by ${seqCount}; throughput is ${throughputCount} requests with ${concurrency}
in flight; time per request at n=1,000 and n=10,000 is the median of 9 and 3 sequential requests. Cold start is
the wall time of a fresh \`node\` process (plain JavaScript, no loader) that imports the contender, makes one
n=3 request and exits: median of ${coldRuns} runs. The Effect contenders build their runtime once with
\`ManagedRuntime\` and run their loops inside Effect; the \`-notrace\` rows add \`Layer.setTracerEnabled(false)\`.

Each cell: the median, then its ratio to \`fetch\` / to \`fetch-zod\` (fetch + zod), same run. Lower is
better except for throughput. \`undici\`, \`fetch\` and \`openapi-fetch\` do not validate; the others validate and
return camelCase.

${table}

## Targets (issue 5), v3-client-undici (headline: tracer on, the default)

${targetTable}

## Memory

${memoryText}

The machine is shared and noisy (2 cores for the server, the client and everything else): ratios from the same
run are meaningful, absolute figures less so.
`
  fs.writeFileSync(path.join(root, "BENCHMARKS.md"), md)
  log("wrote BENCHMARKS.md")
}

const watchdog = setTimeout(() => {
  console.error("bench: over 9 minutes, giving up")
  process.exit(1)
}, 9 * 60_000)
watchdog.unref()

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error)
    process.exit(1)
  }
)
