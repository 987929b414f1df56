/**
 * The last step of `npm run build`: bundles the JavaScript `tsc` wrote to dist/ into one module per entry of
 * package.json (its `exports` and its `bin`), with the code two entries share in chunks under dist/chunks/, so
 * that an application loads a few files of ours instead of some forty: a cold start is mostly loading modules
 * (docs/performance.md, "Cold start"). Nothing else changes: the bundle is made of `tsc`'s own output, not
 * recompiled; every package import (`effect`, `@effect/platform`) stays an import, so the application's single
 * copy is used; the declarations (`.d.ts`) stay as `tsc` wrote them; the source maps lead back to src/ through
 * `tsc`'s. The other `.js` files of dist/ are removed, as nothing imports them any more.
 *
 * esbuild is the bundler (a devDependency, already there for tsx): maintained, and it runs on Node 20.
 *
 *   tsx scripts/bundle.ts [DIR]   (DIR: where tsc wrote, default dist/; test/packaging/bundle.test.ts gives another)
 */
import * as esbuild from "esbuild"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const dist = path.resolve(root, process.argv[2] ?? "dist")

interface PackageJson {
  readonly exports: Readonly<Record<string, string | { readonly import?: string }>>
  readonly bin: Readonly<Record<string, string>>
}
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as PackageJson
const entries = [
  ...new Set([
    ...Object.values(pkg.exports).flatMap((target) =>
      typeof target === "string" ? [target] : target.import === undefined ? [] : [target.import]
    ),
    ...Object.values(pkg.bin)
  ])
].filter((target) => target.endsWith(".js")).map((target) => path.join(dist, path.relative("dist", target)))
for (const entry of entries) {
  if (!entry.startsWith(dist + path.sep) || !fs.existsSync(entry)) {
    throw new Error(`bundle: ${entry} is not a file tsc wrote under ${dist} (run tsc first)`)
  }
}

const result = await esbuild.build({
  entryPoints: entries,
  outdir: dist,
  outbase: dist,
  entryNames: "[dir]/[name]",
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  // tsc's target: nothing is lowered again
  target: "es2022",
  packages: "external",
  sourcemap: "linked",
  sourcesContent: false,
  legalComments: "none",
  // a function or class keeps the name it has in src/ (a bundle renames what two modules both declare)
  keepNames: true,
  logLevel: "warning",
  write: false
})

const written = new Set(result.outputFiles.map((file) => file.path))
const removeUnbundled = (dir: string) => {
  for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, item.name)
    if (item.isDirectory()) removeUnbundled(file)
    else if (/\.js(\.map)?$/.test(item.name) && !written.has(file)) fs.rmSync(file)
  }
}
removeUnbundled(dist)
for (const file of result.outputFiles) {
  fs.mkdirSync(path.dirname(file.path), { recursive: true })
  fs.writeFileSync(file.path, file.contents)
}
const bundled = result.outputFiles.filter((file) => file.path.endsWith(".js"))
console.log(
  `bundle: ${entries.length} entries and ${bundled.length - entries.length} shared chunks in ${
    path.relative(root, dist)
  }/ ` +
    `(${(bundled.reduce((sum, file) => sum + file.contents.length, 0) / 1024).toFixed(0)} KiB of JavaScript)`
)
