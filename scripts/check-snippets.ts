/**
 * The snippet check (`npm run snippets`): every TypeScript block of the README, the CHANGELOG and docs/ is marked
 * with its Effect line (scripts/snippets/blocks.ts says how) and type-checks, as a module of a consumer project of
 * the packed package on that line. Nothing is imported from the repository's sources.
 *
 * As scripts/consumer-smoke.sh does, it packs the package once and installs the tarball into a fresh project per
 * line outside the repository, with that line's peers at the versions package-lock.json holds:
 *
 *   v3: effect 3 and @effect/platform (the root's)        v4: effect 4 only (src/v4's)
 *
 * and typescript and @types/node, plus each package the line's blocks import: at the root's version in
 * package-lock.json (the version this repository tests with; with its peers that the lockfile holds), or, for an
 * Effect 4 package the lockfile cannot hold (`@effect/*` 4.x), at the version pinned in `effect4Packages` below.
 * A block that imports a package neither gives fails. Installs prefer the npm cache (`--prefer-offline`), so a
 * machine that ran `npm ci` needs no network for the v3 line's packages.
 *
 * Each block becomes one file of the project (a partial one with the line's prelude, scripts/snippets/prelude/),
 * all of a line are compiled in one TypeScript program with the consumer smoke test's options: strict,
 * exactOptionalPropertyTypes, noUncheckedIndexedAccess, verbatimModuleSyntax, NodeNext, skipLibCheck false. Each
 * error is printed at its Markdown line, `file:line`, with the block it is in.
 *
 * Usage: tsx scripts/check-snippets.ts [--line v3|v4] [--keep DIR] [--list] [FILE.md ...]
 *   --line LINE   check only that line's blocks (repeatable; default both)
 *   --keep DIR    build the consumer projects in DIR/v3 and DIR/v4 and keep them (`npx tsc -p DIR/v3` re-checks)
 *   --list        print the blocks and their marks, check the marks, install and compile nothing
 *   FILE.md       check only these files (default: README.md, CHANGELOG.md and every .md under docs/)
 *   SNIPPETS_SKIP_BUILD=1 reuses the current dist/ (otherwise dist/ is built first)
 */
import { execFileSync } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { join, relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import type TypeScript from "typescript"
import type { Block, Line, MarkProblem } from "./snippets/blocks.js"
import { allLines, assemble, blocksOf, importedModules, packageOf, wrongLineImports } from "./snippets/blocks.js"

const repo = fileURLToPath(new URL("..", import.meta.url))
const started = Date.now()
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)}s`

/**
 * Effect 4 packages at the versions the docs are checked with (package-lock.json holds only Effect 3's), each with
 * the packages to install beside it, their versions from package-lock.json when they have none here.
 */
const effect4Packages: Readonly<Record<string, { readonly version: string; readonly with: ReadonlyArray<string> }>> = {
  "@effect/opentelemetry": {
    version: "4.1.0",
    with: [
      "@opentelemetry/api",
      "@opentelemetry/api-logs",
      "@opentelemetry/resources",
      "@opentelemetry/sdk-logs",
      "@opentelemetry/sdk-metrics",
      "@opentelemetry/sdk-trace-base",
      "@opentelemetry/sdk-trace-node",
      "@opentelemetry/sdk-trace-web",
      "@opentelemetry/semantic-conventions"
    ]
  },
  "@effect/platform-node": { version: "4.1.0", with: [] },
  "@effect/vitest": { version: "4.0.5", with: ["vitest@5.1.2"] }
}

// --- arguments

const usage = "usage: check-snippets.ts [--line v3|v4] [--keep DIR] [--list] [FILE.md ...]"
const args = process.argv.slice(2)
const chosenLines: Array<Line> = []
let keep: string | undefined
let listOnly = false
const chosenFiles: Array<string> = []
for (let index = 0; index < args.length; index++) {
  const arg = args[index]!
  if (arg === "--line" || arg === "--keep") {
    const value = args[++index]
    if (value === undefined) fail(`${arg} needs a value (${usage})`)
    if (arg === "--keep") keep = resolve(value)
    else if (value === "v3" || value === "v4") chosenLines.push(value)
    else fail(`no Effect line ${value} (v3 or v4)`)
  } else if (arg === "--list") {
    listOnly = true
  } else if (arg.startsWith("-")) {
    fail(`unknown option ${arg} (${usage})`)
  } else {
    chosenFiles.push(relative(repo, resolve(arg)))
  }
}
const lines = chosenLines.length > 0 ? chosenLines : allLines

function fail(message: string): never {
  console.error(`snippets: ${message}`)
  process.exit(2)
}

// --- the blocks

const markdownUnder = (folder: string): ReadonlyArray<string> =>
  readdirSync(join(repo, folder), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? markdownUnder(join(folder, entry.name))
      : entry.name.endsWith(".md")
      ? [join(folder, entry.name)]
      : []
  )
const files = chosenFiles.length > 0
  ? chosenFiles
  : ["README.md", "CHANGELOG.md", ...markdownUnder("docs")].filter((file) => existsSync(join(repo, file)))

const blocks: Array<Block> = []
const markProblems: Array<MarkProblem> = []
for (const file of files) {
  const found = blocksOf(file, readFileSync(join(repo, file), "utf8"))
  blocks.push(...found.blocks)
  markProblems.push(...found.problems)
}

/** Every failure, printed as it is found and counted at the end. */
const failures: Array<string> = []
const report = (message: string) => {
  failures.push(message)
  console.log(`  ${message}`)
}

const describeBlock = (block: Block) =>
  `${block.file}:${block.line} ts ${[...block.lines, ...(block.partial ? ["partial"] : [])].join(" ")}`

console.log(`snippets: ${blocks.length} marked TypeScript blocks in ${files.length} files`)
for (const problem of markProblems) {
  report(`${problem.file}:${problem.line}: \`\`\`${problem.info}: ${problem.problem}`)
}
/** Blocks that import the other line's entries are reported here and not compiled: their errors would be noise. */
const wrongLine = new Set<string>()
for (const block of blocks) {
  for (const line of block.lines) {
    const wrong = wrongLineImports(block, line)
    if (wrong.length > 0) {
      report(`${block.file}:${block.line}: marked ${line} but imports ${wrong.join(", ")}`)
      wrongLine.add(`${line} ${block.file}:${block.line}`)
    }
  }
}
if (listOnly) {
  for (const block of blocks) console.log(`  ${describeBlock(block)} (${block.code.length} lines)`)
  finish()
}

// --- the consumer projects

/** package-lock.json's version of the package at `path` (a key of its "packages"), if it holds one. */
const lock = JSON.parse(readFileSync(join(repo, "package-lock.json"), "utf8")) as {
  readonly packages: Readonly<
    Record<string, { readonly version?: string; readonly peerDependencies?: Readonly<Record<string, string>> }>
  >
}
const locked = (path: string) => lock.packages[path]?.version
const lockedAt = (path: string): string => {
  const version = locked(path)
  if (version === undefined) fail(`package-lock.json has no ${path}: run npm install`)
  return version
}

/** What the line's consumer installs: `name@version` of each package. */
const installsFor = (line: Line, lineBlocks: ReadonlyArray<Block>): ReadonlyArray<string> => {
  const installs = new Map<string, string>([
    ["typescript", lockedAt("node_modules/typescript")],
    ["@types/node", lockedAt("node_modules/@types/node")]
  ])
  if (line === "v3") {
    installs.set("effect", lockedAt("node_modules/effect"))
    installs.set("@effect/platform", lockedAt("node_modules/@effect/platform"))
  } else {
    installs.set("effect", lockedAt("src/v4/node_modules/effect"))
  }
  const add = (name: string, version: string | undefined) => {
    if (version !== undefined && !installs.has(name)) installs.set(name, version)
  }
  const imported = new Set(
    lineBlocks.flatMap((block) => importedModules(block.code.join("\n")).flatMap((module) => packageOf(module) ?? []))
  )
  imported.delete("mammoth-analytics-effect")
  for (const name of [...imported].sort()) {
    if (installs.has(name)) continue
    const pinned = line === "v4" ? effect4Packages[name] : undefined
    if (pinned !== undefined) {
      add(name, pinned.version)
      for (const companion of pinned.with) {
        const at = companion.lastIndexOf("@")
        if (at > 0) add(companion.slice(0, at), companion.slice(at + 1))
        else add(companion, lockedAt(`node_modules/${companion}`))
      }
      continue
    }
    // an Effect package of the other major would bring a second effect: Effect 4's must be pinned above
    const version = line === "v4" && (name === "effect" || name.startsWith("@effect/"))
      ? undefined
      : locked(`node_modules/${name}`)
    if (version === undefined) {
      const users = lineBlocks.filter((block) =>
        importedModules(block.code.join("\n")).some((m) => packageOf(m) === name)
      )
      report(
        `${
          users.map((block) => `${block.file}:${block.line}`).join(", ")
        }: imports ${name}, which the ${line} consumer ` +
          (line === "v4" ?
            "has no version of (add it to effect4Packages in scripts/check-snippets.ts)" :
            "cannot install: package-lock.json has no version of it (add it to devDependencies)")
      )
      continue
    }
    add(name, version)
    // its peers at the versions this repository tests with, rather than whatever npm would pick
    for (const peer of Object.keys(lock.packages[`node_modules/${name}`]?.peerDependencies ?? {})) {
      if (line === "v3" || !(peer === "effect" || peer.startsWith("@effect/"))) {
        add(peer, locked(`node_modules/${peer}`))
      }
    }
  }
  return [...installs].map(([name, version]) => `${name}@${version}`)
}

const compilerOptions = {
  target: "ES2022",
  module: "NodeNext",
  moduleResolution: "NodeNext",
  lib: ["ES2022", "DOM"],
  types: ["node"],
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  verbatimModuleSyntax: true,
  skipLibCheck: false,
  noEmit: true
}

const libraryErrorsShown = 10

const run = (command: string, commandArgs: ReadonlyArray<string>, cwd: string, timeout: number): string =>
  execFileSync(command, commandArgs, { cwd, encoding: "utf8", timeout, stdio: ["ignore", "pipe", "inherit"] })

/** The module file of a block in the consumer project: `docs/jobs.md:9` -> `src/docs-jobs-9.ts`. */
const moduleName = (block: Block) =>
  `${block.file.replace(/\.md$/, "").replace(/[^a-zA-Z0-9]+/g, "-")}-${block.line}.ts`

const work = keep ?? mkdtempSync(join(tmpdir(), "mammoth-snippets-"))
const cleanUp = () => {
  if (keep === undefined) rmSync(work, { recursive: true, force: true })
}
process.on("exit", cleanUp)

if (process.env["SNIPPETS_SKIP_BUILD"] !== "1" || !existsSync(join(repo, "dist/v3/index.js"))) {
  const since = Date.now()
  run("npm", ["run", "--silent", "build"], repo, 300_000)
  console.log(`snippets: built dist/ (${seconds(since)})`)
}
mkdirSync(join(work, "pack"), { recursive: true })
const packStarted = Date.now()
const tarballName = run(
  "npm",
  ["pack", "--silent", "--ignore-scripts", "--pack-destination", join(work, "pack")],
  repo,
  120_000
)
  .trim().split("\n").pop()!
const tarball = join(work, "pack", tarballName)
console.log(`snippets: packed ${tarballName} (${seconds(packStarted)})`)

for (const line of lines) {
  const lineBlocks = blocks.filter((block) =>
    block.lines.includes(line) && !wrongLine.has(`${line} ${block.file}:${block.line}`)
  )
  const lineStarted = Date.now()
  const partial = lineBlocks.filter((block) => block.partial).length
  console.log(
    `::: ${line}: ${lineBlocks.length} blocks (${lineBlocks.length - partial} whole, ${partial} partial with ` +
      `scripts/snippets/prelude/${line}.ts)`
  )
  if (lineBlocks.length === 0) continue
  const consumer = join(work, line)
  rmSync(consumer, { recursive: true, force: true })
  mkdirSync(join(consumer, "src"), { recursive: true })
  writeFileSync(
    join(consumer, "package.json"),
    JSON.stringify({ name: `mammoth-snippets-${line}`, private: true, version: "0.0.0", type: "module" }, null, 2)
  )
  writeFileSync(
    join(consumer, "tsconfig.json"),
    JSON.stringify({ compilerOptions, include: ["src"] }, null, 2)
  )
  const installs = installsFor(line, lineBlocks)
  const installStarted = Date.now()
  try {
    run(
      "npm",
      ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", tarball, ...installs],
      consumer,
      300_000
    )
  } catch (error) {
    report(`${line}: npm install ${installs.join(" ")} failed: ${String(error)}`)
    continue
  }
  console.log(`  installed the tarball with ${installs.join(" ")} (${seconds(installStarted)})`)

  const prelude = readFileSync(join(repo, "scripts/snippets/prelude", `${line}.ts`), "utf8")
  const modules = new Map<string, { readonly block: Block; readonly origin: ReadonlyArray<number | undefined> }>()
  for (const block of lineBlocks) {
    const assembled = assemble(block, prelude)
    const path = join(consumer, "src", moduleName(block))
    writeFileSync(path, assembled.text)
    modules.set(path, { block, origin: assembled.origin })
  }

  // the consumer's own compiler, as `tsc -p` in the project would run it
  const compileStarted = Date.now()
  const ts = createRequire(join(consumer, "package.json"))("typescript") as typeof TypeScript
  const config = ts.parseJsonConfigFileContent({ compilerOptions, include: ["src"] }, ts.sys, consumer)
  const program = ts.createProgram(config.fileNames, config.options)
  const diagnostics = ts.getPreEmitDiagnostics(program)
  let lineFailures = 0
  let libraryFailures = 0
  for (const diagnostic of diagnostics) {
    if (diagnostic.category !== ts.DiagnosticCategory.Error) continue
    lineFailures++
    const message = `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`
      .replaceAll(`${consumer}/`, "")
      .replace(/\n/g, "\n      ")
    const file = diagnostic.file
    const module = file === undefined ? undefined : modules.get(resolve(file.fileName))
    if (file === undefined || module === undefined) {
      // an error in a library's types (skipLibCheck is false): the first few say enough
      if (++libraryFailures > libraryErrorsShown) continue
      const where = file === undefined
        ? "the program"
        : `${relative(consumer, file.fileName)}:${file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}`
      report(`${line}: ${where}: ${message}`)
      continue
    }
    const generated = file.getLineAndCharacterOfPosition(diagnostic.start ?? 0)
    const markdownLine = module.origin[generated.line]
    const at = markdownLine === undefined
      ? `${module.block.file}:${module.block.line} (in the ${line} prelude or wrapper)`
      : `${module.block.file}:${markdownLine}:${generated.character + 1}`
    report(`${at} [${describeBlock(module.block)}] ${message}`)
  }
  if (libraryFailures > libraryErrorsShown) {
    report(`${line}: ${libraryFailures - libraryErrorsShown} more errors in the libraries' types`)
  }
  console.log(
    `  ${line}: ${lineFailures === 0 ? "every block compiles" : `${lineFailures} errors`} ` +
      `(compile ${seconds(compileStarted)}, line ${seconds(lineStarted)})`
  )
}
if (keep !== undefined) console.log(`snippets: the consumer projects are in ${keep}`)
finish()

function finish(): never {
  console.log(
    `snippets: ${failures.length === 0 ? "ok" : `${failures.length} problems`} (${seconds(started)})`
  )
  process.exit(failures.length === 0 ? 0 : 1)
}
