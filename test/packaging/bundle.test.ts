/**
 * What `npm run build` ships as JavaScript (scripts/bundle.ts over tsc's output, built here into a temporary folder
 * as the build does): one module per entry of package.json and the chunks they share, nothing else; no package's
 * code inside (effect and @effect/platform stay imports, so the application's single copy is used); every relative
 * import resolves within the build; what two entries share is in one chunk, not copied into each; the bin keeps
 * its shebang; every exported function and class keeps the name it has in tsc's output. The entries' behaviour is
 * the consumer smoke test's and the runtime matrix's (CI), on the tarball.
 */
import { describe, expect, it } from "@effect/vitest"
import { execFileSync } from "node:child_process"
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { dirname, join, relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"

const root = fileURLToPath(new URL("../..", import.meta.url))
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  readonly exports: Readonly<Record<string, string | { readonly import: string }>>
  readonly bin: Readonly<Record<string, string>>
  readonly peerDependencies: Readonly<Record<string, string>>
}

const filesUnder = (dir: string): Array<string> =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((item) => item.isFile())
    .map((item) => relative(dir, join(item.parentPath, item.name)))
    .sort()

/** The `name` of every function reachable from a module's exports, three properties deep, by path. */
const namesOf = (exports: object): Record<string, string> => {
  const names: Record<string, string> = {}
  const seen = new Set<unknown>()
  const walk = (value: unknown, path: string, depth: number) => {
    if ((typeof value !== "object" && typeof value !== "function") || value === null || seen.has(value)) return
    seen.add(value)
    if (typeof value === "function") names[path] = value.name
    if (depth === 3) return
    for (const key of Object.getOwnPropertyNames(value)) {
      if (["prototype", "caller", "arguments", "length", "name"].includes(key)) continue
      walk((value as Record<string, unknown>)[key], `${path}.${key}`, depth + 1)
    }
  }
  walk(exports, "exports", 0)
  return names
}

describe("the bundled build", () => {
  // under node_modules/, so that both builds resolve effect 3 and @effect/platform as the package does
  mkdirSync(join(root, "node_modules/.cache"), { recursive: true })
  const scratch = mkdtempSync(join(root, "node_modules/.cache/mammoth-bundle-"))
  const unbundled = join(scratch, "tsc")
  const out = join(scratch, "bundle")
  const build = () => {
    const tsc = join(root, "node_modules/typescript/bin/tsc")
    execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json", "--outDir", unbundled], {
      cwd: root,
      stdio: "pipe"
    })
    cpSync(unbundled, out, { recursive: true })
    execFileSync(process.execPath, ["--import", "tsx", "scripts/bundle.ts", out], { cwd: root, stdio: "pipe" })
  }

  it(
    "is one module per entry and their shared chunks, whose imports stay inside it or name a peer package",
    async () => {
      try {
        build()
        const files = filesUnder(out)
        const entries = [
          ...new Set([
            ...Object.values(pkg.exports).flatMap((target) => typeof target === "string" ? [] : [target.import]),
            ...Object.values(pkg.bin)
          ])
        ].map((target) => relative("dist", target)).sort()
        const javascript = files.filter((file) => file.endsWith(".js"))
        const chunks = javascript.filter((file) => !entries.includes(file))
        expect(javascript.filter((file) => entries.includes(file))).toEqual(entries)
        expect(chunks.length).toBeGreaterThan(0)
        expect(chunks.every((file) => /^chunks\/chunk-[A-Z0-9]+\.js$/.test(file)), chunks.join(", ")).toBe(true)
        // every .js has its source map, and the declarations stay as tsc wrote them (one per source module)
        expect(files.filter((file) => file.endsWith(".js.map")).sort()).toEqual(javascript.map((file) => `${file}.map`))
        expect(files).toContain("v3/internal/client.d.ts")
        expect(files).toContain("v4/internal/client.d.ts")

        const peers = Object.keys(pkg.peerDependencies)
        const packageImports = new Set<string>()
        for (const file of javascript) {
          const text = readFileSync(join(out, file), "utf8")
          // esbuild names each bundled file in a comment: none may come from a package
          const bundledFrom = [...text.matchAll(/^\/\/ (\S+\.js)$/gm)].map((m) => m[1]!)
          expect(bundledFrom.filter((from) => !from.startsWith(`${relative(root, out)}/`)), file).toEqual([])
          for (const { fileName } of ts.preProcessFile(text, true, true).importedFiles) {
            if (fileName.startsWith(".")) {
              expect(files, `${fileName} from ${file}`).toContain(
                relative(out, resolve(dirname(join(out, file)), fileName))
              )
            } else if (!fileName.startsWith("node:")) packageImports.add(fileName)
          }
        }
        const outsidePeers = [...packageImports].filter((name) =>
          !peers.some((peer) => name === peer || name.startsWith(`${peer}/`))
        )
        expect(outsidePeers).toEqual([])
        expect([...packageImports].some((name) => name.startsWith("effect/"))).toBe(true)

        // what an entry and its testing entry share is defined once: the client's service, by its key
        const defining = javascript.filter((file) =>
          /"mammoth-analytics-effect\/MammothAnalytics"/.test(readFileSync(join(out, file), "utf8"))
        )
        expect(defining.every((file) => file.startsWith("chunks/")), defining.join(", ")).toBe(true)
        expect(defining).toHaveLength(2) // one per Effect line

        const bin = relative("dist", pkg.bin["mammoth-analytics-fake"]!)
        expect(readFileSync(join(out, bin), "utf8").split("\n")[0]).toBe("#!/usr/bin/env node")

        // a bundle renames what two modules both declare (make, layer, get); keepNames gives each its own back
        for (const entry of ["v3/index.js", "v3/testing/index.js"]) {
          const names = async (dir: string) => namesOf(await import(join(dir, entry)) as object)
          const [before, after] = [await names(unbundled), await names(out)]
          expect(Object.keys(before).length, entry).toBeGreaterThan(10)
          expect(after, entry).toEqual(before)
        }
      } finally {
        rmSync(scratch, { recursive: true, force: true })
      }
    },
    120_000
  )
})
