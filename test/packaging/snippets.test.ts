/**
 * The docs' TypeScript blocks are marked with their Effect line, so `npm run snippets` (scripts/check-snippets.ts)
 * can type-check each on its line; here, without installing anything, every block's marks are read and the way a
 * block becomes a module is pinned down. The type check itself runs in CI (.ci/run, step "snippets").
 */
import { describe, expect, it } from "@effect/vitest"
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"
import type { Block } from "../../scripts/snippets/blocks.js"
import { assemble, blocksOf, parseMarks, wrongLineImports } from "../../scripts/snippets/blocks.js"

const root = fileURLToPath(new URL("../..", import.meta.url))
const read = (path: string) => readFileSync(join(root, path), "utf8")
const markdownUnder = (folder: string): ReadonlyArray<string> =>
  readdirSync(join(root, folder), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? markdownUnder(join(folder, entry.name))
      : entry.name.endsWith(".md")
      ? [join(folder, entry.name)]
      : []
  )

describe("the docs' TypeScript blocks", () => {
  it("are each marked with their Effect line (```ts v3, ```ts v4, partial for an excerpt)", () => {
    const problems = ["README.md", "CHANGELOG.md", ...markdownUnder("docs")].flatMap((file) =>
      blocksOf(file, read(file)).problems.map(({ info, line, problem }) => `${file}:${line} \`\`\`${info}: ${problem}`)
    )
    expect(problems).toEqual([])
  })

  it("import only their own line's entries", () => {
    const wrong = ["README.md", "CHANGELOG.md", ...markdownUnder("docs")].flatMap((file) =>
      blocksOf(file, read(file)).blocks.flatMap((block) =>
        block.lines.flatMap((line) =>
          wrongLineImports(block, line).map((module) => `${file}:${block.line} (${line}) imports ${module}`)
        )
      )
    )
    expect(wrong).toEqual([])
  })

  it("have preludes that give both lines the same names", () => {
    const names = (line: string) => {
      const source = ts.createSourceFile("p.ts", read(`scripts/snippets/prelude/${line}.ts`), ts.ScriptTarget.Latest)
      const found: Array<string> = []
      for (const statement of source.statements) {
        if (ts.isImportDeclaration(statement)) {
          const bindings = statement.importClause?.namedBindings
          if (bindings !== undefined && ts.isNamedImports(bindings)) {
            found.push(...bindings.elements.map((element) => element.name.text))
          }
        } else if (ts.isVariableStatement(statement)) {
          for (const declaration of statement.declarationList.declarations) {
            if (ts.isIdentifier(declaration.name)) found.push(declaration.name.text)
          }
        }
      }
      return found.sort()
    }
    expect(names("v4")).toEqual(names("v3"))
    expect(names("v3")).toEqual(expect.arrayContaining(["MammothAnalytics", "mammoth", "scope", "MammothLive"]))
  })
})

describe("the snippet checker", () => {
  it("reads the marks and refuses what it does not know", () => {
    expect(parseMarks("ts v3")).toEqual({ lines: ["v3"], partial: false })
    expect(parseMarks("typescript v4 partial")).toEqual({ lines: ["v4"], partial: true })
    expect(parseMarks("ts v3 v4 partial")).toEqual({ lines: ["v3", "v4"], partial: true })
    expect(parseMarks("ts")).toMatch(/not marked with its Effect line/)
    expect(parseMarks("ts partial")).toMatch(/not marked with its Effect line/)
    expect(parseMarks("ts v3 partail")).toMatch(/"partail" is not a mark/)
    expect(parseMarks("ts v3 v3")).toMatch(/twice/)
  })

  it("finds TypeScript blocks, with their lines, and leaves other languages alone", () => {
    const text = "# T\n\n```sh\nnpm i\n```\n\n```ts v4\nconst a = 1\n```\n\n```typescript\nconst b = 2\n```\n"
    const { blocks, problems } = blocksOf("doc.md", text)
    expect(blocks).toEqual([{ file: "doc.md", line: 7, lines: ["v4"], partial: false, code: ["const a = 1"] }])
    expect(problems.map(({ line }) => line)).toEqual([11])
  })

  it("finds a block indented in a list item, so that no block escapes by its indentation", () => {
    const text = "- an item:\n\n      ```ts\n      const a = 1\n      ```\n"
    const { blocks, problems } = blocksOf("doc.md", text)
    expect(blocks).toEqual([])
    expect(problems.map(({ line, problem }) => `${line} ${problem}`)).toEqual([
      expect.stringMatching(/^3 not marked/)
    ])
  })

  it("refuses the other line's entries", () => {
    const block = (code: string): Block => ({ file: "d.md", line: 1, lines: ["v3"], partial: false, code: [code] })
    expect(wrongLineImports(block(`import { X } from "mammoth-analytics-effect/v4"`), "v3")).toEqual([
      "mammoth-analytics-effect/v4"
    ])
    expect(wrongLineImports(block(`import { FetchHttpClient } from "effect/http"`), "v3")).toEqual(["effect/http"])
    expect(wrongLineImports(block(`import { FetchHttpClient } from "@effect/platform"`), "v4")).toEqual([
      "@effect/platform"
    ])
    expect(wrongLineImports(block(`import { MammothFake } from "mammoth-analytics-effect/testing"`), "v4")).toEqual([
      "mammoth-analytics-effect/testing"
    ])
    expect(wrongLineImports(block(`import * as N from "@effect/platform-node/NodeHttpClient"`), "v4")).toEqual([])
  })

  it("checks a whole block as it is, as a module", () => {
    const block: Block = { file: "d.md", line: 10, lines: ["v3"], partial: false, code: ["const a = 1", "a"] }
    expect(assemble(block, "declare const x: number")).toEqual({
      text: "const a = 1\na\nexport {}\n",
      origin: [11, 12, undefined, undefined]
    })
  })

  it("checks a partial block inside Effect.gen, after the prelude less the names it imports", () => {
    const prelude = [
      "/** comment */",
      "import { Effect, Layer } from \"effect\"",
      "import { MammothAnalytics } from \"mammoth-analytics-effect\"",
      "declare const mammoth: number, scope: string",
      "declare const Layer2: number"
    ].join("\n")
    const block: Block = {
      file: "d.md",
      line: 20,
      lines: ["v3"],
      partial: true,
      code: [
        "import { Layer } from \"effect\"",
        "const x = yield* mammoth.list()",
        "import {",
        "  mammoth",
        "} from \"./elsewhere.js\""
      ]
    }
    const { origin, text } = assemble(block, prelude)
    const lines = text.split("\n")
    expect(lines).toEqual([
      "import { Layer } from \"effect\"",
      "import {",
      "  mammoth",
      "} from \"./elsewhere.js\"",
      "import { gen as snippet$gen } from \"effect/Effect\"",
      "import { Effect } from \"effect\"",
      "import { MammothAnalytics } from \"mammoth-analytics-effect\"",
      "declare const scope: string",
      "declare const Layer2: number",
      "export const snippet = snippet$gen(function*() {",
      "const x = yield* mammoth.list()",
      "})",
      ""
    ])
    expect(origin).toEqual([
      21,
      23,
      24,
      25,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      22,
      undefined,
      undefined
    ])
  })
})
