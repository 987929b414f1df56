/**
 * `npm run loc`: the code lines of each part of `src/` (lines holding at least one token that is not a comment,
 * read with TypeScript's own scanner, so a `//` inside a string is code and a TSDoc block is not), to hold the
 * two Effect lines thin over `src/core`. `--json` prints the figures as JSON.
 */
import { readdirSync, readFileSync, statSync } from "node:fs"
import { join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"

const root = fileURLToPath(new URL("..", import.meta.url))

/** The lines of `text` that hold code: at least one token that is neither trivia nor a comment. */
export const codeLines = (text: string): number => {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text)
  const lineStarts = [0]
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") lineStarts.push(i + 1)
  const lineOf = (position: number) => {
    let low = 0
    let high = lineStarts.length - 1
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if (lineStarts[middle]! <= position) low = middle
      else high = middle - 1
    }
    return low
  }
  const lines = new Set<number>()
  let previousAllowsRegex = true
  // the brace depth at which each open template literal's `${` was opened: its `}` resumes the template
  const templates: Array<number> = []
  let depth = 0
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    if (token === ts.SyntaxKind.OpenBraceToken) depth++
    else if (token === ts.SyntaxKind.CloseBraceToken) {
      if (templates.length > 0 && templates[templates.length - 1] === depth) {
        token = scanner.reScanTemplateToken(false)
        if (token === ts.SyntaxKind.TemplateTail) templates.pop()
      } else depth--
    } else if (token === ts.SyntaxKind.TemplateHead) templates.push(depth)
    else if (token === ts.SyntaxKind.SlashToken || token === ts.SyntaxKind.SlashEqualsToken) {
      // a regular expression where an expression may start (after `(`, `,`, `=`, `:`, `[`, `!`, `&`, `|`, `?`,
      // `{`, `}`, `;`, `return`...): good enough for this code base, whose divisions follow an operand
      if (previousAllowsRegex) token = scanner.reScanSlashToken()
    }
    previousAllowsRegex = !(
      token === ts.SyntaxKind.Identifier || token === ts.SyntaxKind.CloseParenToken ||
      token === ts.SyntaxKind.CloseBracketToken || token === ts.SyntaxKind.NumericLiteral ||
      token === ts.SyntaxKind.StringLiteral || token === ts.SyntaxKind.ThisKeyword
    )
    const start = scanner.getTokenStart()
    const end = scanner.getTokenEnd()
    for (let line = lineOf(start); line <= lineOf(Math.max(start, end - 1)); line++) lines.add(line)
  }
  return lines.size
}

const filesUnder = (dir: string, skip: ReadonlyArray<string>): Array<string> =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (name === "node_modules" || skip.some((s) => path === join(root, s))) return []
    if (statSync(path).isDirectory()) return filesUnder(path, skip)
    return path.endsWith(".ts") ? [path] : []
  })

/** The parts measured: a name, the folders it holds and the folders it leaves to other parts. */
export const parts: ReadonlyArray<
  { readonly name: string; readonly dirs: ReadonlyArray<string>; readonly skip: ReadonlyArray<string> }
> = [
  { name: "src/core", dirs: ["src/core"], skip: ["src/core/fake"] },
  { name: "src/core/fake", dirs: ["src/core/fake"], skip: [] },
  { name: "Effect 3 client (src/v3)", dirs: ["src/v3"], skip: ["src/v3/testing"] },
  { name: "Effect 3 testing (src/v3/testing)", dirs: ["src/v3/testing"], skip: [] },
  { name: "Effect 4 client (src/v4)", dirs: ["src/v4"], skip: ["src/v4/testing"] },
  { name: "Effect 4 testing (src/v4/testing)", dirs: ["src/v4/testing"], skip: [] }
]

/** Each part's code lines, and its files'. */
export const measure = () =>
  parts.map((part) => {
    const files = part.dirs.flatMap((dir) => {
      try {
        return filesUnder(join(root, dir), part.skip)
      } catch {
        return []
      }
    })
    const byFile = files.map((file) => ({
      file: relative(root, file),
      lines: codeLines(readFileSync(file, "utf8"))
    }))
    return { name: part.name, lines: byFile.reduce((sum, f) => sum + f.lines, 0), files: byFile }
  })

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const figures = measure()
  if (process.argv.includes("--json")) {
    console.log(JSON.stringify(figures, null, 2))
  } else {
    for (const part of figures) console.log(`${String(part.lines).padStart(6)}  ${part.name}`)
    if (process.argv.includes("--files")) {
      for (const part of figures) {
        console.log(`\n${part.name}`)
        for (const f of [...part.files].sort((a, b) => b.lines - a.lines)) {
          console.log(`${String(f.lines).padStart(6)}  ${f.file}`)
        }
      }
    }
  }
}
