/**
 * `npm run api`: the public API of each entry of the package, as the TypeScript compiler sees it, written to
 * `api/<entry>.api.txt`: one line per export (namespace members as `Connections.list`), with its kind and its
 * signature. `--check` writes nothing and fails when a report is out of date.
 *
 * The reports are what a reviewer reads to see a change of the public surface, and what test/packaging/api.test.ts
 * holds equal across the two Effect lines (less the renames of Effect's own API in `api/renames.json`). The same
 * walk finds every type a public signature names whose declaration is marked `@internal`: none may be.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { dirname, join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"

const root = fileURLToPath(new URL("..", import.meta.url))

/** The package's entries: the export path, the report's name and the source module. */
export const entries = [
  { path: ".", report: "v3", source: "src/v3/index.ts" },
  { path: "./testing", report: "v3-testing", source: "src/v3/testing/index.ts" },
  { path: "./v4", report: "v4", source: "src/v4/index.ts" },
  { path: "./v4/testing", report: "v4-testing", source: "src/v4/testing/index.ts" }
] as const

export type EntryReport = (typeof entries)[number]["report"]

/** One export of an entry. */
export interface ApiLine {
  readonly name: string
  readonly kind: string
  readonly signature: string
}

const format = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseFullyQualifiedType |
  ts.TypeFormatFlags.WriteArrowStyleSignature | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope

const compilerOptions: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  exactOptionalPropertyTypes: true,
  skipLibCheck: true,
  noEmit: true,
  types: ["node"],
  lib: ["lib.es2022.d.ts", "lib.dom.d.ts"]
}

const hasInternalTag = (node: ts.Node): boolean => ts.getJSDocTags(node).some((tag) => tag.tagName.text === "internal")

/**
 * Whether a module's header comment (the first JSDoc of the file) marks the whole module `@internal`. Not
 * `getJSDocTags` of the first statement: it reads only the statement's own JSDoc when it has one.
 */
const internalModules = new Map<ts.SourceFile, boolean>()
const isInternalModule = (file: ts.SourceFile): boolean => {
  let internal = internalModules.get(file)
  if (internal === undefined) {
    const header = ts.getLeadingCommentRanges(file.text, 0)?.find((range) => file.text.startsWith("/**", range.pos))
    internal = header !== undefined && /^\s*\*\s*@internal\b/m.test(file.text.slice(header.pos, header.end))
    internalModules.set(file, internal)
  }
  return internal
}

/** Whether a declaration is `@internal`: by its own JSDoc, or by its module's header. */
const isInternal = (declaration: ts.Declaration): boolean => {
  const file = declaration.getSourceFile()
  return !file.fileName.includes("/node_modules/") && (hasInternalTag(declaration) || isInternalModule(file))
}

/** Collapses the whitespace of a printed signature onto one line. */
const oneLine = (text: string) => text.replace(/\s+/g, " ").trim()

/** The report of one entry, and the `@internal` declarations its signatures name. */
export const reportOf = (source: string): { readonly lines: Array<ApiLine>; readonly internal: Array<string> } => {
  const program = ts.createProgram([join(root, source)], compilerOptions)
  const checker = program.getTypeChecker()
  const file = program.getSourceFile(join(root, source))
  if (file === undefined) throw new Error(`no source file ${source}`)
  const moduleSymbol = checker.getSymbolAtLocation(file)!
  const lines: Array<ApiLine> = []
  const internal = new Set<string>()
  const seen = new Set<ts.Type>()

  /** Every named type a type is made of, checked for `@internal` (types of node_modules are not walked). */
  const walk = (type: ts.Type, via: string, depth: number): void => {
    if (depth > 12 || seen.has(type)) return
    seen.add(type)
    // a type of node_modules (Effect's own) is not walked into, but its type arguments are
    let external = false
    for (const symbol of [type.aliasSymbol, type.getSymbol()]) {
      for (const declaration of symbol?.declarations ?? []) {
        if (declaration.getSourceFile().fileName.includes("/node_modules/")) external = true
        else if (isInternal(declaration)) {
          internal.add(`${via} names ${symbol!.getName()} (${relative(root, declaration.getSourceFile().fileName)})`)
        }
      }
    }
    for (const argument of type.aliasTypeArguments ?? []) walk(argument, via, depth + 1)
    if (type.isUnionOrIntersection()) { for (const member of type.types) walk(member, via, depth + 1) }
    if (type.flags & ts.TypeFlags.Object) {
      const reference = type as ts.TypeReference
      if ((reference.objectFlags ?? 0) & ts.ObjectFlags.Reference) {
        for (const argument of checker.getTypeArguments(reference)) walk(argument, via, depth + 1)
      }
      if (external) return
      for (const property of checker.getPropertiesOfType(type)) {
        const declaration = property.valueDeclaration ?? property.declarations?.[0]
        if (declaration === undefined || declaration.getSourceFile().fileName.includes("/node_modules/")) continue
        walk(checker.getTypeOfSymbol(property), `${via}.${property.getName()}`, depth + 1)
      }
      for (const signature of [...type.getCallSignatures(), ...type.getConstructSignatures()]) {
        for (const parameter of signature.getParameters()) walk(checker.getTypeOfSymbol(parameter), via, depth + 1)
        walk(signature.getReturnType(), via, depth + 1)
      }
      for (const base of type.isClassOrInterface() ? checker.getBaseTypes(type) : []) walk(base, via, depth + 1)
    }
  }

  const describe = (symbol: ts.Symbol, name: string): void => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol
    const declaration = target.declarations?.[0]
    if (declaration === undefined) return
    if (target.flags & ts.SymbolFlags.ValueModule && ts.isSourceFile(declaration)) {
      for (const member of checker.getExportsOfModule(target)) describe(member, `${name}.${member.getName()}`)
      return
    }
    const kinds: Array<string> = []
    const signatures: Array<string> = []
    if (target.flags & ts.SymbolFlags.Class) kinds.push("class")
    else if (target.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Variable)) kinds.push("value")
    if (target.flags & ts.SymbolFlags.Value) {
      const type = checker.getTypeOfSymbol(target)
      signatures.push(checker.typeToString(type, declaration, format))
      walk(type, name, 0)
    }
    if (target.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) {
      kinds.push(target.flags & ts.SymbolFlags.Interface ? "interface" : "type")
      const type = checker.getDeclaredTypeOfSymbol(target)
      const members = target.flags & ts.SymbolFlags.Interface
        ? checker.getPropertiesOfType(type).map((p) =>
          `${p.getName()}${p.flags & ts.SymbolFlags.Optional ? "?" : ""}: ${
            checker.typeToString(checker.getTypeOfSymbol(p), declaration, format)
          }`
        ).join("; ")
        : checker.typeToString(type, declaration, format | ts.TypeFormatFlags.InTypeAlias)
      signatures.push(target.flags & ts.SymbolFlags.Interface ? `{ ${members} }` : members)
      walk(type, name, 0)
    }
    if (kinds.length > 0) lines.push({ name, kind: kinds.join("+"), signature: oneLine(signatures.join(" | type: ")) })
  }

  for (const symbol of checker.getExportsOfModule(moduleSymbol)) describe(symbol, symbol.getName())
  lines.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  return { lines, internal: [...internal].sort() }
}

/** The text of a report. */
export const render = (entry: (typeof entries)[number], lines: ReadonlyArray<ApiLine>): string =>
  `# The public API of mammoth-analytics-effect${entry.path === "." ? "" : entry.path.slice(1)} ` +
  `(${entry.source}), written by npm run api\n\n` +
  lines.map((line) => `${line.name} [${line.kind}]\n  ${line.signature}\n`).join("")

export const reportFile = (report: EntryReport) => join(root, "api", `${report}.api.txt`)

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const check = process.argv.includes("--check")
  let failed = false
  for (const entry of entries) {
    const { internal, lines } = reportOf(entry.source)
    const text = render(entry, lines)
    const file = reportFile(entry.report)
    if (internal.length > 0) {
      failed = true
      console.error(`${entry.path}: public signatures name @internal declarations:\n  ${internal.join("\n  ")}`)
    }
    if (check) {
      let committed = ""
      try {
        committed = readFileSync(file, "utf8")
      } catch {
        // no report yet
      }
      if (committed !== text) {
        failed = true
        console.error(`${relative(root, file)} is out of date: run npm run api`)
      }
    } else {
      mkdirSync(dirname(file), { recursive: true })
      writeFileSync(file, text)
      console.log(`${relative(root, file)}: ${lines.length} exports`)
    }
  }
  if (failed) process.exit(1)
}
