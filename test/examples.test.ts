/**
 * The README's examples are real files: each one runs against the fake server on loopback and exits 0.
 */
import { describe, expect, it } from "@effect/vitest"
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("..", import.meta.url))

const runExample = (file: string) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const env = { ...process.env }
    delete env["MAMMOTHANALYTICS_SERVER_URL"]
    execFile(
      process.execPath,
      ["--import", "tsx", `examples/${file}`],
      { cwd: root, env, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr })
    )
  })

const expectations: ReadonlyArray<readonly [string, RegExp]> = [
  ["list.ts", /^[a-z0-9]+: database, hostname, port, username, password$/m],
  ["create.ts", /^accepted: job 1 creates the connection off-line$/m],
  [
    "create-and-await.ts",
    /^job 1 success: \{"connection_key":"[a-z0-9]{40}","connection_config":\{"database":"hubli_journal"/m
  ],
  ["get.ts", /^got: \{"connection_key":"[a-z0-9]+"/m],
  ["update.ts", /^updated: .*"database":"db"/m],
  ["delete.ts", /^deleted [a-z0-9]+$/m],
  ["errors-and-retries.ts", /^list after retries: 0 connection\(s\)\nclient error from GetConnection: /m]
]

/** The Effect 4 line's examples: the same programs on `mammoth-analytics-effect/v4`, the same output. */
const v4Examples = ["list.ts", "create.ts", "create-and-await.ts", "get.ts", "update.ts", "delete.ts"]

describe("examples", () => {
  for (
    const [file, expected] of [
      ...expectations,
      ...expectations.filter(([file]) => v4Examples.includes(file)).map(([file, re]) => [`v4/${file}`, re] as const)
    ]
  ) {
    it(`${file} runs and exits 0`, async () => {
      const { code, stderr, stdout } = await runExample(file)
      expect(stderr).toBe("")
      expect(code).toBe(0)
      expect(stdout).toMatch(expected)
      // the password sent in every create never comes back in clear
      expect(stdout).not.toContain("\"password\":\"pwd\"")
    }, 60_000)
  }
})
