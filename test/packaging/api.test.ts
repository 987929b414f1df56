/**
 * The public surface is designed and held equal across the lines: each entry's report (`api/*.api.txt`, written
 * by `npm run api`) is what the compiler sees today, no public signature names an `@internal` declaration, and
 * the Effect 3 and Effect 4 entries export the same names with the same signatures, but for the renames of
 * Effect's own API listed in `api/renames.json`.
 */
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import type { ApiLine } from "../../scripts/api-report.js"
import { entries, render, reportFile, reportOf } from "../../scripts/api-report.js"

const renames = JSON.parse(
  readFileSync(fileURLToPath(new URL("../../api/renames.json", import.meta.url)), "utf8")
) as { readonly rules: ReadonlyArray<{ readonly from: string; readonly to: string }> }

/** The members of each `{ ... }` sorted, at every depth: the compiler prints them in declaration order. */
const sortMembers = (text: string): string => {
  let out = ""
  let i = 0
  const block = (): string => {
    // at an opening brace: read members up to the matching closing brace
    i++
    const members: Array<string> = []
    let current = ""
    while (i < text.length && text[i] !== "}") {
      if (text[i] === "{") current += block()
      else if (text[i] === ";") {
        members.push(current.trim())
        current = ""
        i++
      } else current += text[i++]
    }
    i++
    if (current.trim() !== "") members.push(current.trim())
    return `{ ${members.sort().join("; ")} }`
  }
  while (i < text.length) out += text[i] === "{" ? block() : text[i++]
  return out
}

/** A line of a report in the words compared: Effect 4's names, a schema by its decoded type, members sorted. */
const normalize = (line: ApiLine, rename: boolean): string => {
  let signature = line.signature
  if (rename) { for (const rule of renames.rules) signature = signature.replace(new RegExp(rule.from, "g"), rule.to) }
  // a schema value's own type is Effect's: compare what it decodes to
  if (line.kind.startsWith("value") && signature.startsWith("Schema.")) {
    const typePart = signature.indexOf(" | type: ")
    signature = `<schema>${typePart === -1 ? "" : signature.slice(typePart)}`
  }
  return `${line.name} [${line.kind}] ${sortMembers(signature)}`
}

const reports = new Map(entries.map((entry) => [entry.report, reportOf(entry.source)]))

describe("the public API", () => {
  for (const entry of entries) {
    it(`${entry.path}: the committed report is up to date (npm run api), and names nothing @internal`, () => {
      const { internal, lines } = reports.get(entry.report)!
      expect(internal).toEqual([])
      expect(render(entry, lines)).toBe(readFileSync(reportFile(entry.report), "utf8"))
    })
  }

  it("the @internal check is not vacuous: a module's header marks it even when its first statement has a JSDoc", () => {
    expect(reportOf("test/packaging/fixtures/internal-module/entry.ts").internal).toEqual([
      "reveal names Hidden (test/packaging/fixtures/internal-module/hidden.ts)"
    ])
  })

  for (const [v3, v4] of [["v3", "v4"], ["v3-testing", "v4-testing"]] as const) {
    it(`${v3} and ${v4} export the same names with the same signatures, but for Effect's renames`, () => {
      const left = reports.get(v3)!.lines.map((line) => normalize(line, true))
      const right = reports.get(v4)!.lines.map((line) => normalize(line, false))
      expect(left).toEqual(right)
    })
  }
}, 120_000)
