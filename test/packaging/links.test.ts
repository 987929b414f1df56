/**
 * Every link resolves for a reader of the package: the tarball is all they have (there is no repository URL), so a
 * relative link in the README or in a Markdown file the tarball ships must point at a file (or a folder) the
 * tarball holds, and an anchor into a shipped Markdown file must name one of its headings. The tarball's file list
 * comes from `npm pack --dry-run` (nothing is written, nothing is fetched). Absolute URLs are not followed.
 */
import { describe, expect, it } from "@effect/vitest"
import { execFileSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { anchors, linkProblems, links } from "../../scripts/markdown.js"

const root = fileURLToPath(new URL("../..", import.meta.url))

const packedFiles = (): ReadonlyArray<string> => {
  const output = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts", "--offline"], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"]
  })
  const [pack] = JSON.parse(output) as ReadonlyArray<{ readonly files: ReadonlyArray<{ readonly path: string }> }>
  return pack!.files.map((file) => file.path)
}

const read = (path: string) => readFileSync(join(root, path), "utf8")

describe("the packed package's links", () => {
  const files = packedFiles()
  const packed = new Set(files)

  it("ships what the docs link to (docs, examples, spec, api, CHANGELOG) and nothing of the repository's own", () => {
    for (const wanted of ["README.md", "CHANGELOG.md", "LICENSE", "docs/testing.md", "examples/list.ts"]) {
      expect(packed, wanted).toContain(wanted)
    }
    for (const folder of ["docs/", "examples/v4/", "spec/", "api/", "src/core/"]) {
      expect(files.some((file) => file.startsWith(folder)), folder).toBe(true)
    }
    const unwanted = files.filter((file) =>
      /(^|\/)node_modules\//.test(file) || /^(test|bench|scripts|\.ci)\//.test(file) ||
      // the workspaces' own package.json files only make their folder an npm workspace
      /^(src|examples|scripts|bench)\/v4\/package\.json$/.test(file)
    )
    expect(unwanted).toEqual([])
  })

  it("every relative link in the README and the shipped Markdown files points into the tarball", () => {
    const documents = new Map(files.filter((file) => file.endsWith(".md")).map((file) => [file, read(file)]))
    expect(documents.has("README.md")).toBe(true)
    const problems = linkProblems(documents, packed, read).map(({ at, problem, target }) =>
      `${at}: (${target}) ${problem}`
    )
    expect(problems).toEqual([])
  })
})

describe("the link checker", () => {
  const document = [
    "# Title",
    "",
    "## Errors and `retry` options",
    "",
    "## Errors and `retry` options",
    "",
    "Setext heading",
    "--------------",
    "",
    "[a](docs/a.md#title) and ![b](img/b.png \"title\") [c](https://example.com/x) `[d](not/a/link.md)`",
    "[e](#errors-and-retry-options-1) [f](#nowhere) [g](docs/) [h](../outside.md) [i](/rooted.md)",
    "",
    "```md",
    "[j](in/a/fence.md)",
    "```",
    "",
    "[k]: docs/missing.md",
    "<a href=\"docs/a.md#nope\">l</a> <!-- [m](in/a/comment.md) --> [n](<docs/a b.md>) [o](docs/a%20b.md)",
    "[p](#setext-heading)"
  ].join("\n")

  it("finds the links outside code, with their lines", () => {
    expect(links(document)).toEqual([
      { line: 10, target: "docs/a.md#title" },
      { line: 10, target: "img/b.png" },
      { line: 10, target: "https://example.com/x" },
      { line: 11, target: "#errors-and-retry-options-1" },
      { line: 11, target: "#nowhere" },
      { line: 11, target: "docs/" },
      { line: 11, target: "../outside.md" },
      { line: 11, target: "/rooted.md" },
      { line: 17, target: "docs/missing.md" },
      { line: 18, target: "docs/a.md#nope" },
      { line: 18, target: "docs/a b.md" },
      { line: 18, target: "docs/a%20b.md" },
      { line: 19, target: "#setext-heading" }
    ])
  })

  it("gives headings GitHub's anchors", () => {
    expect([...anchors(document)]).toEqual([
      "title",
      "errors-and-retry-options",
      "errors-and-retry-options-1",
      "setext-heading"
    ])
    expect([...anchors("## Deciding a change: `npm run bench:ab`\n<a id=\"custom\"></a>")]).toEqual([
      "deciding-a-change-npm-run-benchab",
      "custom"
    ])
  })

  it("reports targets outside the tarball and anchors no heading defines", () => {
    const files = new Set(["README.md", "docs/a.md", "docs/a b.md", "img/b.png"])
    const problems = linkProblems(new Map([["README.md", document]]), files, () => "# Title\n")
    expect(problems.map(({ at, problem }) => `${at} ${problem}`)).toEqual([
      "README.md:11 README.md has no heading whose anchor is #nowhere",
      "README.md:11 points outside the package",
      "README.md:11 a root-relative link: write it relative to the file",
      "README.md:17 docs/missing.md is not in the tarball",
      "README.md:18 docs/a.md has no heading whose anchor is #nope"
    ])
  })
})
