/**
 * The TypeScript blocks of the docs, their marks, and the module each is checked as (scripts/check-snippets.ts).
 *
 * A block's info string names its language, then the Effect lines it is written for, then whether it is partial:
 *
 *   ```ts v3             a whole module on the Effect 3 line (imports `mammoth-analytics-effect`, `@effect/platform`)
 *   ```ts v4             a whole module on the Effect 4 line (imports `mammoth-analytics-effect/v4`, `effect/http`)
 *   ```ts v3 v4          the same text checked on both lines
 *   ```ts v3 partial     an excerpt: its imports stay at the top of the module, the rest is the body of an
 *                        `Effect.gen(function*() { ... })`, and the names it does not define come from the line's
 *                        prelude (scripts/snippets/prelude/v3.ts, v4.ts): `mammoth`, `scope`, `MammothLive`...
 *
 * `typescript` works as `ts`. Every `ts` block must be marked; a word that is not a line or `partial` is refused, so a
 * typo cannot turn a check off.
 */
import ts from "typescript"
import { fences } from "../markdown.js"

export type Line = "v3" | "v4"
export const allLines: ReadonlyArray<Line> = ["v3", "v4"]

/** A TypeScript block of a Markdown file, with its marks. */
export interface Block {
  /** the Markdown file, relative to the repository */
  readonly file: string
  /** the opening fence's line */
  readonly line: number
  readonly lines: ReadonlyArray<Line>
  readonly partial: boolean
  readonly code: ReadonlyArray<string>
}

/** A block whose marks cannot be read: it is not checked, and the check fails. */
export interface MarkProblem {
  readonly file: string
  readonly line: number
  readonly info: string
  readonly problem: string
}

const typeScript = new Set(["ts", "typescript"])

/** The info string's language is TypeScript: such a block must be marked. */
export const isTypeScript = (info: string): boolean => typeScript.has(info.split(/\s+/)[0]!.toLowerCase())

/** The marks of a TypeScript block's info string, or why they cannot be read. */
export const parseMarks = (
  info: string
): { readonly lines: ReadonlyArray<Line>; readonly partial: boolean } | string => {
  const [, ...words] = info.split(/\s+/).filter((word) => word !== "")
  const lines: Array<Line> = []
  let partial = false
  for (const word of words) {
    if (word === "v3" || word === "v4") {
      if (lines.includes(word)) return `${word} is written twice`
      lines.push(word)
    } else if (word === "partial") {
      if (partial) return "partial is written twice"
      partial = true
    } else {
      return `"${word}" is not a mark (v3, v4, partial)`
    }
  }
  if (lines.length === 0) {
    return "not marked with its Effect line: write ```ts v3 or ```ts v4 (and partial for an excerpt)"
  }
  return { lines, partial }
}

/** The TypeScript blocks of a Markdown text, and the ones whose marks are missing or wrong. */
export const blocksOf = (
  file: string,
  text: string
): { readonly blocks: ReadonlyArray<Block>; readonly problems: ReadonlyArray<MarkProblem> } => {
  const blocks: Array<Block> = []
  const problems: Array<MarkProblem> = []
  for (const fence of fences(text)) {
    if (fence.info === "" || !isTypeScript(fence.info)) continue
    const marks = parseMarks(fence.info)
    if (typeof marks === "string") {
      problems.push({ file, line: fence.line, info: fence.info, problem: marks })
    } else {
      blocks.push({ file, line: fence.line, ...marks, code: fence.code })
    }
  }
  return { blocks, problems }
}

const parse = (code: string) => ts.createSourceFile("snippet.ts", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)

/** The module specifiers a module imports or re-exports (static imports, `export ... from`, `import("...")` types). */
export const importedModules = (code: string): ReadonlyArray<string> => {
  const found: Array<string> = []
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined) {
      if (ts.isStringLiteral(node.moduleSpecifier)) found.push(node.moduleSpecifier.text)
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      if (ts.isStringLiteral(node.argument.literal)) found.push(node.argument.literal.text)
    } else if (
      ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] !== undefined && ts.isStringLiteral(node.arguments[0])
    ) {
      found.push(node.arguments[0].text)
    }
    ts.forEachChild(node, visit)
  }
  visit(parse(code))
  return found
}

/** The npm package a bare module specifier names (`@effect/platform-node/NodeHttpClient` -> `@effect/platform-node`). */
export const packageOf = (specifier: string): string | undefined => {
  if (specifier.startsWith(".") || specifier.startsWith("/") || specifier.startsWith("node:")) return undefined
  const parts = specifier.split("/")
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]
}

/** The entries of this package that belong to the other line: a block marked for `line` may not import them. */
const otherLine: Record<Line, (specifier: string) => boolean> = {
  v3: (specifier) =>
    /^mammoth-analytics-effect\/v4(\/|$)/.test(specifier) || specifier === "effect/http" ||
    specifier.startsWith("effect/http/"),
  v4: (specifier) =>
    /^mammoth-analytics-effect(\/testing|\/v3(\/.*)?)?$/.test(specifier) || specifier === "@effect/platform" ||
    specifier.startsWith("@effect/platform/")
}

/** The imports of a block that belong to the other Effect line than `line`. */
export const wrongLineImports = (block: Block, line: Line): ReadonlyArray<string> =>
  importedModules(block.code.join("\n")).filter(otherLine[line])

/**
 * A block as the module it is checked as: its text and, for each of its lines (0-based), the Markdown line it
 * comes from (`undefined` for the prelude and the wrapper).
 */
export interface Assembled {
  readonly text: string
  readonly origin: ReadonlyArray<number | undefined>
}

/** The names a module's top-level imports bind. */
const importedNames = (source: ts.SourceFile): ReadonlySet<string> => {
  const names = new Set<string>()
  for (const statement of source.statements) {
    if (ts.isImportEqualsDeclaration(statement)) names.add(statement.name.text)
    if (!ts.isImportDeclaration(statement) || statement.importClause === undefined) continue
    const clause = statement.importClause
    if (clause.name !== undefined) names.add(clause.name.text)
    if (clause.namedBindings !== undefined) {
      if (ts.isNamespaceImport(clause.namedBindings)) names.add(clause.namedBindings.name.text)
      else for (const element of clause.namedBindings.elements) names.add(element.name.text)
    }
  }
  return names
}

/**
 * The prelude without what the block imports itself: an import specifier, or a `declare`d name, that the block's own
 * imports bind would clash with them. Everything else of the prelude is kept as written.
 */
const preludeFor = (prelude: string, taken: ReadonlySet<string>): ReadonlyArray<string> => {
  const source = parse(prelude)
  const kept: Array<string> = []
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && statement.importClause !== undefined) {
      const clause = statement.importClause
      const named = clause.namedBindings
      if (named !== undefined && ts.isNamedImports(named) && clause.name === undefined) {
        const elements = named.elements.filter((element) => !taken.has(element.name.text))
        if (elements.length > 0) {
          const typeOnly = clause.isTypeOnly ? "type " : ""
          const list = elements.map((element) => element.getText(source)).join(", ")
          kept.push(`import ${typeOnly}{ ${list} } from ${statement.moduleSpecifier.getText(source)}`)
        }
        continue
      }
      if ([...importedNames(parse(statement.getText(source)))].some((name) => taken.has(name))) continue
    } else if (ts.isVariableStatement(statement)) {
      const names = statement.declarationList.declarations.flatMap((declaration) =>
        ts.isIdentifier(declaration.name) ? [declaration.name.text] : []
      )
      if (names.some((name) => taken.has(name))) {
        const declarations = statement.declarationList.declarations.filter((declaration) =>
          !(ts.isIdentifier(declaration.name) && taken.has(declaration.name.text))
        )
        if (declarations.length > 0) {
          const keyword = statement.declarationList.flags & ts.NodeFlags.Const ? "const" : "let"
          kept.push(`declare ${keyword} ${declarations.map((declaration) => declaration.getText(source)).join(", ")}`)
        }
        continue
      }
    }
    kept.push(statement.getText(source))
  }
  return kept.flatMap((statement) => statement.split("\n"))
}

/** The name of the wrapper's `Effect.gen`, imported under a name no block uses. */
const wrapperGen = "snippet$gen"

/**
 * The module a block is checked as. A whole block is itself (plus `export {}`, so that it is a module even without
 * an import). A partial one is its imports, then the line's prelude (less the names those imports bind), then the
 * rest of its lines as the body of an `Effect.gen(function*() { ... })`, so that `yield*` works, the prelude's
 * names are in scope, and what the block declares shadows them.
 */
export const assemble = (block: Block, prelude: string): Assembled => {
  const code = block.code.join("\n")
  const origin = (index: number) => block.line + 1 + index
  if (!block.partial) {
    return {
      text: [...block.code, "export {}", ""].join("\n"),
      origin: [...block.code.map((_, index) => origin(index)), undefined, undefined]
    }
  }
  const source = parse(code)
  const importLines = new Set<number>()
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) && !ts.isImportEqualsDeclaration(statement)) continue
    const first = source.getLineAndCharacterOfPosition(statement.getStart(source)).line
    const last = source.getLineAndCharacterOfPosition(statement.end).line
    for (let line = first; line <= last; line++) importLines.add(line)
  }
  const lines: Array<string> = []
  const origins: Array<number | undefined> = []
  const push = (text: string, from: number | undefined) => {
    lines.push(text)
    origins.push(from)
  }
  block.code.forEach((text, index) => {
    if (importLines.has(index)) push(text, origin(index))
  })
  push(`import { gen as ${wrapperGen} } from "effect/Effect"`, undefined)
  for (const text of preludeFor(prelude, importedNames(source))) push(text, undefined)
  push(`export const snippet = ${wrapperGen}(function*() {`, undefined)
  block.code.forEach((text, index) => {
    if (!importLines.has(index)) push(text, origin(index))
  })
  push("})", undefined)
  push("", undefined)
  return { text: lines.join("\n"), origin: origins }
}
