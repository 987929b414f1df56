/**
 * Prints the top frames of a `.cpuprofile` by self time (and, for the top ones, the file they are in).
 *
 *   node --import tsx bench/top-frames.ts <file.cpuprofile> [N]
 */
import * as fs from "node:fs"

interface Node {
  readonly id: number
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number }
  readonly children?: ReadonlyArray<number>
}
interface Profile {
  readonly nodes: ReadonlyArray<Node>
  readonly samples: ReadonlyArray<number>
  readonly timeDeltas: ReadonlyArray<number>
}

const [file, topArg = "30"] = process.argv.slice(2)
if (file === undefined) throw new Error("usage: top-frames.ts <file.cpuprofile> [N]")
const profile = JSON.parse(fs.readFileSync(file, "utf8")) as Profile
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const self = new Map<string, number>()
let total = 0
profile.samples.forEach((id, i) => {
  const node = byId.get(id)!
  const dt = profile.timeDeltas[i] ?? 0
  total += dt
  const { functionName, lineNumber, url } = node.callFrame
  const where = url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*\/(src|bench)\//, "$1/")
  const name = `${functionName || "(anonymous)"} ${where}:${lineNumber + 1}`
  self.set(name, (self.get(name) ?? 0) + dt)
})
const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg))
for (const [name, us] of rows) console.log(`${((us / total) * 100).toFixed(1).padStart(5)} %  ${name}`)

// self time by package, to see where the whole goes
const byPackage = new Map<string, number>()
for (const [name, us] of self) {
  const where = name.split(" ").slice(1).join(" ")
  const pkg = /^(@[^/]+\/[^/]+|[^/:]+)/.exec(where)?.[1] ?? "(other)"
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us)
}
console.log("\nby package:")
for (const [pkg, us] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
  console.log(`${((us / total) * 100).toFixed(1).padStart(5)} %  ${pkg}`)
}
