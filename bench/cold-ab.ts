/**
 * `npm run bench:ab -- --cold`: the cold start of the package as built from the working tree against the package
 * as built at another commit, each by its own `npm run build`. A cold start is a fresh `node` process that imports
 * the built entry (`dist/v3/index.js` or `dist/v4/index.js`) and the transport, builds the layer, makes one list
 * of 3 against the bench server and exits; it is timed from spawn to exit. Each round starts the working tree's
 * build, the ref's and a second copy of the working tree's (its twin: the A/A spread) in a rotating order.
 *
 *   npm run bench:ab -- --cold [--ref=HEAD] [--line=v3|v4] [--transport=undici|fetch] [--rounds=21]
 *
 * The builds are made in a copy of each tree (the working tree's files as they are, the ref's by `git archive`)
 * whose `node_modules` are links to this clone's, then placed where their `effect` resolves as a user's would:
 * bench/.ab/cold-* for Effect 3 (effect 3 and @effect/platform), bench/v4/.ab/cold-* for Effect 4 (effect 4 and
 * the 4.x @effect/platform-node). All of it is removed at the end, also when a build fails or the run is
 * interrupted (Ctrl-C). Bounded: each build stops after 5 minutes; 4 to 61 rounds (the first is dropped: it warms
 * the file system's cache), no new round after 5 minutes; each process is killed after 20 s; the server stops
 * itself.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { flag, lineAndTransport } from "./abOptions.js"
import { median, quantile } from "./results.js"
import { startBenchServer } from "./serverProcess.js"
import { aaSpreadOf } from "./targets.js"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const { line, transport } = lineAndTransport()
const ref = flag("ref") ?? "HEAD"
const roundsText = flag("rounds") ?? "21"
const rounds = Number(roundsText)
const budgetMs = 5 * 60_000
const buildMs = 5 * 60_000
if (!Number.isInteger(rounds) || rounds < 4 || rounds > 61) {
  throw new Error(
    `--rounds is a whole number from 4 to 61 (the first is dropped, the A/A spread needs 3), not ${roundsText}`
  )
}
for (const other of ["against", "c", "n"]) {
  if (flag(other) !== undefined) throw new Error(`--${other} does not apply to --cold (one call per process)`)
}

const sha = execFileSync("git", ["rev-parse", "--short", ref], { cwd: root, encoding: "utf8" }).trim()
/** Where a build's `dist` resolves the line's `effect`: under bench/ (effect 3) or bench/v4/ (effect 4). */
const base = path.join(root, line === "v3" ? "bench/.ab" : "bench/v4/.ab")
/** The scratch copies the builds are made in. */
const scratch = path.join(root, "bench/.ab")
const workspaces = ["src/v4", "examples/v4", "scripts/v4", "bench/v4"]

/** Links the clone's installed packages into a copy of the tree, so that its `npm run build` runs as here. */
const linkModules = (tree: string) => {
  fs.symlinkSync(path.join(root, "node_modules"), path.join(tree, "node_modules"), "dir")
  for (const workspace of workspaces) {
    const modules = path.join(root, workspace, "node_modules")
    if (fs.existsSync(modules) && fs.existsSync(path.join(tree, workspace))) {
      fs.symlinkSync(modules, path.join(tree, workspace, "node_modules"), "dir")
    }
  }
}

/** Every folder this run makes, removed at the end whatever happens (a failed build, Ctrl-C). */
const made: Array<string> = []
const removeMade = () => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true })
  for (const dir of [base, scratch]) {
    if (fs.existsSync(dir) && fs.readdirSync(dir).length === 0) fs.rmdirSync(dir)
  }
}
process.once("SIGINT", () => {
  removeMade()
  process.exit(130)
})

/** Builds a copy of the tree and returns its `dist`, moved to `base/cold-<name>`. */
const build = (name: string, fill: (tree: string) => void): string => {
  const tree = path.join(scratch, `build-${name}`)
  const target = path.join(base, `cold-${name}`)
  made.push(tree, target)
  fs.rmSync(tree, { recursive: true, force: true })
  fs.mkdirSync(tree, { recursive: true })
  fill(tree)
  linkModules(tree)
  execFileSync("npm", ["run", "--silent", "build"], {
    cwd: tree,
    stdio: ["ignore", "ignore", "inherit"],
    timeout: buildMs,
    killSignal: "SIGKILL"
  })
  fs.rmSync(target, { recursive: true, force: true })
  fs.mkdirSync(target, { recursive: true })
  fs.writeFileSync(path.join(target, "package.json"), JSON.stringify({ type: "module" }))
  fs.cpSync(path.join(tree, "dist"), path.join(target, "dist"), { recursive: true })
  fs.rmSync(tree, { recursive: true, force: true })
  fs.writeFileSync(path.join(target, "cold.js"), coldEntry)
  return target
}

const fromGit = (tree: string) => {
  const archive = execFileSync("git", ["archive", "--format=tar", sha], { cwd: root, maxBuffer: 1 << 30 })
  execFileSync("tar", ["-x", "-C", tree], { input: archive })
}
const fromWorkingTree = (tree: string) => {
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 1 << 28
  }).split("\0").filter((file) =>
    // a deleted file is still listed; a linked node_modules is not caught by .gitignore's `node_modules/`
    file !== "" && !file.split("/").includes("node_modules") &&
    fs.lstatSync(path.join(root, file), { throwIfNoEntry: false })?.isFile() === true
  )
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(tree, file)), { recursive: true })
    fs.copyFileSync(path.join(root, file), path.join(tree, file))
  }
}

const layerOf = line === "v3"
  ? transport === "undici"
    ? `(await import("@effect/platform-node/NodeHttpClient")).layerUndici`
    : `(await import("@effect/platform/FetchHttpClient")).layer`
  : transport === "undici"
  ? `(await import("@effect/platform-node/NodeHttpClient")).layerUndici`
  : `(await import("effect/http/FetchHttpClient")).layer`

/** One cold start: what a service does first, as bench/cold/*-client-*.ts do, on the built package. */
const coldEntry = `
const { MammothAnalytics } = await import("./dist/${line}/index.js")
const Layer = await import("effect/Layer")
const ManagedRuntime = await import("effect/ManagedRuntime")
const Redacted = await import("effect/Redacted")
const live = MammothAnalytics.layer({
  apiKey: Redacted.make("bench-key"),
  apiSecret: Redacted.make("bench-secret"),
  serverUrl: process.argv[2]
}).pipe(Layer.provide(${layerOf}))
const runtime = ManagedRuntime.make(live)
const client = await runtime.runPromise(MammothAnalytics)
const result = await runtime.runPromise(client.connections.list({ workspaceId: 3, projectId: 1, connectorKey: "mysql" }))
await runtime.dispose()
process.exit(result.connections.length === 3 ? 0 : 2)
`

const timeColdStart = (dir: string, baseUrl: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const start = performance.now()
    const child = spawn(process.execPath, [path.join(dir, "cold.js"), baseUrl], {
      stdio: ["ignore", "ignore", "inherit"]
    })
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000)
    child.once("exit", (code) => {
      clearTimeout(timer)
      if (code === 0) resolve(performance.now() - start)
      else reject(new Error(`the cold start in ${dir} exited with ${code}`))
    })
  })

const samples = new Map<string, Array<number>>()
const labels = ["working tree", `at ${sha}`, "working twin"]
let server: ChildProcess | undefined
try {
  process.stderr.write(`building the working tree and ${sha}\n`)
  const working = build("working", fromWorkingTree)
  const twin = path.join(base, "cold-twin")
  made.push(twin)
  fs.rmSync(twin, { recursive: true, force: true })
  fs.cpSync(working, twin, { recursive: true })
  const atRef = build(sha, fromGit)
  const dirs = new Map([[labels[0]!, working], [labels[1]!, atRef], [labels[2]!, twin]])

  const started = await startBenchServer({ maxMs: 600_000 })
  server = started.child
  const baseUrl = started.baseUrl

  const start = Date.now()
  for (let round = 0; round < rounds && Date.now() - start < budgetMs; round++) {
    for (let i = 0; i < labels.length; i++) {
      const label = labels[(i + round) % labels.length]!
      const ms = await timeColdStart(dirs.get(label)!, baseUrl)
      // the first round warms the file system's cache
      if (round > 0) samples.set(label, [...(samples.get(label) ?? []), ms])
    }
    process.stderr.write(`round ${round + 1} of ${rounds}\n`)
  }
} finally {
  server?.kill()
  removeMade()
}

const [mine, theirs, twins] = labels.map((label) => samples.get(label) ?? [])
const aa = aaSpreadOf(mine!, twins!)
console.log(
  `${line} over ${transport}: cold start of the built package (spawn, import, one list of 3, exit), ` +
    `${mine!.length} rounds (medians and quartiles, ms)`
)
for (const label of labels) {
  const values = samples.get(label) ?? []
  console.log(
    `${label.padEnd(14)} ${median(values).toFixed(0).padStart(5)} ms ` +
      `(${quantile(values, 0.25).toFixed(0)}–${quantile(values, 0.75).toFixed(0)})`
  )
}
console.log(
  `working tree / at ${sha}: ${(median(mine!) / median(theirs!)).toFixed(3)}x; ` +
    `A/A (twin / working tree): ${aa === undefined ? "-" : `${aa.ratio.toFixed(3)}x, spread ±${aa.spread.toFixed(3)}`}`
)
