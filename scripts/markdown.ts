/**
 * Just enough Markdown for the package's own checks (the link test, test/packaging/links.test.ts, and the snippet
 * check, scripts/check-snippets.ts): fenced code blocks, links and the anchors GitHub gives headings. Line numbers
 * are 1-based lines of the file, so a finding can be reported as `file:line`.
 */

/** A fenced code block: `line` is the opening fence's line, `code` the lines between the fences. */
export interface Fence {
  readonly line: number
  readonly info: string
  readonly code: ReadonlyArray<string>
}

const fenceOpen = /^(\s*)(`{3,}|~{3,})(.*)$/

/**
 * The fenced code blocks of a Markdown text, in order. A fence is closed by a fence of the same character at least
 * as long (CommonMark); the block's lines lose the opening fence's indentation. A fence may be indented by any
 * amount, as it is inside a list item, so that no block escapes the checks by its indentation. An unclosed fence
 * runs to the end of the text, as CommonMark renders it.
 */
export const fences = (text: string): ReadonlyArray<Fence> => {
  const lines = text.split(/\r?\n/)
  const found: Array<Fence> = []
  for (let index = 0; index < lines.length; index++) {
    const open = fenceOpen.exec(lines[index]!)
    if (open === null) continue
    const [, indent = "", marker = "", info = ""] = open
    // a backtick fence's info string may not contain a backtick: such a line is inline code, not a fence
    if (marker.startsWith("`") && info.includes("`")) continue
    const close = new RegExp(`^\\s*${marker[0] === "`" ? "`" : "~"}{${marker.length},}\\s*$`)
    const code: Array<string> = []
    let end = index + 1
    for (; end < lines.length && !close.test(lines[end]!); end++) {
      const line = lines[end]!
      code.push(line.startsWith(indent) ? line.slice(indent.length) : line.trimStart())
    }
    found.push({ line: index + 1, info: info.trim(), code })
    index = end
  }
  return found
}

/**
 * The text with what can hold no link blanked out, newlines kept (so offsets keep their line): fenced code blocks,
 * inline code spans and HTML comments.
 */
const prose = (text: string): string => {
  const blank = (part: string) => part.replace(/[^\n]/g, " ")
  const lines = text.split("\n")
  for (const fence of fences(text)) {
    for (let line = fence.line - 1; line <= fence.line + fence.code.length && line < lines.length; line++) {
      lines[line] = blank(lines[line]!)
    }
  }
  return lines.join("\n").replace(/<!--[\s\S]*?-->/g, blank).replace(/(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g, blank)
}

const lineAt = (text: string, offset: number) => text.slice(0, offset).split("\n").length

/** A link's target as written: `[text](target)`, `![alt](target)`, `[id]: target`, `href="target"`, `src="target"`. */
export interface Link {
  readonly line: number
  readonly target: string
}

const inlineLink =
  /!?\[(?:[^[\]]|\[[^[\]]*\])*\]\(\s*(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g
const referenceDefinition = /^ {0,3}\[[^\]]+\]:\s*(<[^>\n]*>|\S+)/gm
const htmlAttribute = /<[a-zA-Z][^>]*?\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')/g

/** Every link of a Markdown text outside code, in order of appearance. */
export const links = (text: string): ReadonlyArray<Link> => {
  const source = prose(text)
  const found: Array<{ offset: number; target: string }> = []
  const unbracket = (target: string) => target.startsWith("<") ? target.slice(1, -1) : target
  for (const match of source.matchAll(inlineLink)) found.push({ offset: match.index, target: unbracket(match[1]!) })
  for (const match of source.matchAll(referenceDefinition)) {
    found.push({ offset: match.index, target: unbracket(match[1]!) })
  }
  for (const match of source.matchAll(htmlAttribute)) found.push({ offset: match.index, target: match[1] ?? match[2]! })
  return found.sort((a, b) => a.offset - b.offset).map(({ offset, target }) => ({
    line: lineAt(source, offset),
    target
  }))
}

/** An absolute URL (`https:`, `mailto:`, ...) or a protocol-relative one: links the package's checks do not follow. */
export const isAbsolute = (target: string): boolean =>
  /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(target) || target.startsWith("//")

/**
 * The anchor GitHub gives a heading (github-slugger): its text as rendered, lower-cased, without punctuation but
 * `-` and `_`, spaces turned into `-`.
 */
export const slug = (heading: string): string =>
  heading
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/<[^>]+>/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-")

/**
 * The anchors a Markdown text defines: one per heading (ATX `#` or setext), a repeated slug taking `-1`, `-2`... as
 * on GitHub, and the `id` or `name` of an HTML element.
 */
export const anchors = (text: string): ReadonlySet<string> => {
  const lines = prose(text).split("\n")
  const seen = new Map<string, number>()
  const result = new Set<string>()
  const add = (heading: string) => {
    const base = slug(heading.trim())
    const count = seen.get(base) ?? 0
    seen.set(base, count + 1)
    result.add(count === 0 ? base : `${base}-${count}`)
  }
  // headings are read from the original text: a code span in a heading is part of its anchor
  const original = text.split("\n")
  for (let index = 0; index < lines.length; index++) {
    const atx = /^ {0,3}#{1,6}(?:\s+(.*?))?(?:\s+#+)?\s*$/.exec(lines[index]!)
    if (atx !== null) {
      add((/^ {0,3}#{1,6}(?:\s+(.*?))?(?:\s+#+)?\s*$/.exec(original[index]!)?.[1] ?? "").replace(/`/g, ""))
      continue
    }
    const previous = lines[index - 1]
    if (
      /^ {0,3}(?:=+|-+)\s*$/.test(lines[index]!) && previous !== undefined && previous.trim() !== "" &&
      !/^ {0,3}(?:[-*+]|\d+[.)]|>|#|\|)/.test(previous)
    ) {
      add(original[index - 1]!.replace(/`/g, ""))
    }
  }
  for (const match of text.matchAll(/<[a-zA-Z][^>]*?\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    result.add(match[1] ?? match[2]!)
  }
  return result
}

/** A relative link that a reader of the package cannot follow. */
export interface LinkProblem {
  /** `file:line` of the link */
  readonly at: string
  readonly target: string
  readonly problem: string
}

const posixJoin = (directory: string, target: string): string | undefined => {
  const parts: Array<string> = []
  for (const part of `${directory}/${target}`.split("/")) {
    if (part === "" || part === ".") continue
    if (part === "..") {
      if (parts.length === 0) return undefined
      parts.pop()
    } else {
      parts.push(part)
    }
  }
  return parts.join("/")
}

/**
 * The relative links of `documents` (path in the package -> text) whose target is not among `files` (the paths in
 * the tarball), and the anchors into a Markdown document of the tarball that none of its headings defines. A
 * link to a folder needs a file under it; an absolute URL is not followed.
 */
export const linkProblems = (
  documents: ReadonlyMap<string, string>,
  files: ReadonlySet<string>,
  readPacked: (path: string) => string
): ReadonlyArray<LinkProblem> => {
  const problems: Array<LinkProblem> = []
  const anchorsOf = new Map<string, ReadonlySet<string>>()
  for (const [document, text] of documents) {
    const directory = document.includes("/") ? document.slice(0, document.lastIndexOf("/")) : ""
    for (const { line, target } of links(text)) {
      if (isAbsolute(target)) continue
      const at = `${document}:${line}`
      if (target.startsWith("/")) {
        problems.push({ at, target, problem: "a root-relative link: write it relative to the file" })
        continue
      }
      const hash = target.indexOf("#")
      const [pathPart, anchor] = hash === -1 ? [target, undefined] : [target.slice(0, hash), target.slice(hash + 1)]
      const withoutQuery = pathPart.split("?")[0]!
      let decoded: string
      try {
        decoded = decodeURIComponent(withoutQuery)
      } catch {
        problems.push({ at, target, problem: "not a valid URL path" })
        continue
      }
      const path = decoded === "" ? document : posixJoin(directory, decoded)
      if (path === undefined) {
        problems.push({ at, target, problem: "points outside the package" })
        continue
      }
      const isFile = files.has(path)
      const isFolder = !isFile && [...files].some((file) => file.startsWith(`${path}/`))
      if (!isFile && !isFolder) {
        problems.push({ at, target, problem: `${path} is not in the tarball` })
        continue
      }
      if (anchor === undefined || anchor === "" || !isFile || !path.endsWith(".md")) continue
      let defined = anchorsOf.get(path)
      if (defined === undefined) {
        defined = anchors(documents.get(path) ?? readPacked(path))
        anchorsOf.set(path, defined)
      }
      const wanted = decodeURIComponent(anchor)
      if (!defined.has(wanted) && !defined.has(wanted.toLowerCase())) {
        problems.push({ at, target, problem: `${path} has no heading whose anchor is #${wanted}` })
      }
    }
  }
  return problems
}
