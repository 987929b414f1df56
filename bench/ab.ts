/**
 * `npm run bench:ab`: this client against itself at another commit, and both against a hand-written Effect
 * client (the bare one, or with `--against=featured` the feature-equal one), in one process against the bench server, over interleaved rounds (each round runs all three, one after
 * the other). A change too small for one `npm run bench` to show on a noisy machine shows here: the three share
 * the process, the server and the machine's moment. How the performance changes of issue 13 were decided
 * (docs/performance.md, "Where a small call's time goes").
 *
 *   npm run bench:ab -- [--ref=HEAD] [--line=v3|v4] [--transport=undici|fetch] [--against=handwritten|featured]
 *                       [--c=1] [--n=2000] [--rounds=12]
 *   npm run bench:ab -- --cold [--ref=HEAD] [--line=v3|v4] [--transport=undici|fetch] [--rounds=21 (4 to 61)]
 *
 * With `--cold` it compares the cold start of the package built from the working tree and at `--ref` instead
 * (bench/cold-ab.ts).
 *
 * The client at `--ref` is the `src/` of that commit (`git archive`), unpacked where its `effect` resolves as the
 * working tree's does: bench/.ab/ for Effect 3, bench/v4/.ab/ for Effect 4 (both ignored by git, removed at the
 * end, as is the folder when empty). Prints, per contender, the median CPU and wall time per call and their ratio to the hand-written client's.
 * Bounded: at most 30 rounds of at most 20,000 calls, no new round after 5 minutes; the server stops itself.
 */
import { type ChildProcess, execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { flag, lineAndTransport } from "./abOptions.js"
import type { Contender } from "./contenders/common.js"
import { contenderById } from "./contenders/registry.js"
import { median } from "./results.js"
import { startBenchServer } from "./serverProcess.js"

// `--cold`: the cold start of the built package instead (bench/cold-ab.ts)
if (process.argv.includes("--cold")) {
  await import("./cold-ab.js")
  process.exit(0)
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const { line, transport } = lineAndTransport()
const ref = flag("ref") ?? "HEAD"
const against = flag("against") ?? "handwritten"
if (against !== "handwritten" && against !== "featured") throw new Error(`--against is handwritten or featured`)
const referenceLabel = against === "featured" ? "feature-equal" : "hand-written"
/** A whole number flag within [min, max], or `fallback` when absent; anything else is refused. */
const count = (name: string, fallback: number, min: number, max: number): number => {
  const text = flag(name)
  if (text === undefined) return fallback
  const value = Number(text)
  if (!Number.isInteger(value)) throw new Error(`--${name} is a whole number, not ${text}`)
  return Math.max(min, Math.min(value, max))
}
const concurrency = count("c", 1, 1, 256)
const calls = count("n", concurrency > 1 ? 4000 : 2000, 1, 20_000)
const rounds = count("rounds", 12, 3, 30)
const budgetMs = 5 * 60_000

// the client at `ref`, unpacked where its `effect` resolves as the working tree's does
const sha = execFileSync("git", ["rev-parse", "--short", ref], { cwd: root, encoding: "utf8" }).trim()
const base = path.join(root, line === "v3" ? "bench/.ab" : "bench/v4/.ab")
const tree = path.join(base, sha)
const samples = new Map<string, { cpu: Array<number>; wall: Array<number> }>()
const contenders: Array<readonly [string, Contender]> = []
let server: ChildProcess | undefined
try {
  fs.rmSync(tree, { recursive: true, force: true })
  fs.mkdirSync(tree, { recursive: true })
  const archive = execFileSync("git", ["archive", "--format=tar", sha, "src"], { cwd: root, maxBuffer: 1 << 28 })
  execFileSync("tar", ["-x", "-C", tree], { input: archive })
  // the Effect 3 entry moved from src/ to src/v3/ in 0.7.0: a ref from before has it at src/index.ts
  const v3Entry = fs.existsSync(path.join(tree, "src/v3/index.ts")) ? "src/v3/index.ts" : "src/index.ts"
  const entry = path.join(tree, line === "v3" ? v3Entry : "src/v4/index.ts")
  const { MammothAnalytics: refClient } = (await import(entry)) as { MammothAnalytics: unknown }

  const started = await startBenchServer({ maxMs: 600_000 })
  server = started.child
  const baseUrl = started.baseUrl

  const clientModule = line === "v3"
    ? `./contenders/v3-client-${transport}.js`
    : `./v4/v4-client-${transport}.js`
  const makeWith = (await import(clientModule)).make as (
    baseUrl: string,
    options: { readonly client: unknown }
  ) => Promise<Contender>
  const handwritten = contenderById(`${line}-${against}-${transport}`)
  const working = contenderById(`${line}-client-${transport}`)
  if (handwritten === undefined || working === undefined) throw new Error(`no ${line} contenders for ${transport}`)
  contenders.push([referenceLabel, await handwritten.make(baseUrl)])
  contenders.push(["working tree", await working.make(baseUrl)])
  contenders.push([`at ${sha}`, await makeWith(baseUrl, { client: refClient })])

  const start = Date.now()
  for (let round = 0; round < rounds && Date.now() - start < budgetMs; round++) {
    for (let i = 0; i < contenders.length; i++) {
      const [label, contender] = contenders[(i + round) % contenders.length]!
      const cpu = process.cpuUsage()
      const wallStart = performance.now()
      if (concurrency > 1) await contender.concurrent(3, calls, concurrency)
      else await contender.sequential(3, calls)
      const used = process.cpuUsage(cpu)
      const wall = (performance.now() - wallStart) * 1000 / calls
      // the first round warms up
      if (round === 0) continue
      const entry = samples.get(label) ?? { cpu: [], wall: [] }
      entry.cpu.push((used.user + used.system) / calls)
      entry.wall.push(wall)
      samples.set(label, entry)
    }
    process.stderr.write(`round ${round + 1} of ${rounds}\n`)
  }
} finally {
  for (const [, contender] of contenders) await contender.close()
  server?.kill()
  fs.rmSync(tree, { recursive: true, force: true })
  if (fs.existsSync(base) && fs.readdirSync(base).length === 0) fs.rmdirSync(base)
}

const reference = samples.get(referenceLabel)!
const [cpuRef, wallRef] = [median(reference.cpu), median(reference.wall)]
console.log(
  `${line} over ${transport}, lists of 3, ${
    concurrency > 1 ? `${concurrency} in flight` : "sequential"
  }, ${calls} calls ` +
    `per round, ${reference.cpu.length} rounds (medians; ratios to the ${referenceLabel} client)`
)
for (const [label] of contenders) {
  const { cpu, wall } = samples.get(label)!
  console.log(
    `${label.padEnd(14)} CPU ${median(cpu).toFixed(1).padStart(7)} µs (${(median(cpu) / cpuRef).toFixed(2)}x)` +
      `   wall ${median(wall).toFixed(1).padStart(7)} µs (${(median(wall) / wallRef).toFixed(2)}x)`
  )
}
