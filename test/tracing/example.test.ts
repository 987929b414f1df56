/**
 * examples/tracing.ts runs against the fake server and prints the spans its exporter received: the
 * operation spans with their HTTP child spans, credentials redacted.
 */
import { describe, expect, it } from "@effect/vitest"
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../..", import.meta.url))

describe("examples/tracing.ts", () => {
  it("runs, exits 0 and prints the span tree with the credentials redacted", async () => {
    const env = { ...process.env }
    delete env["MAMMOTHANALYTICS_SERVER_URL"]
    const { code, stderr, stdout } = await new Promise<{ code: number; stdout: string; stderr: string }>(
      (resolve) =>
        execFile(
          process.execPath,
          ["--import", "tsx", "examples/tracing.ts"],
          { cwd: root, env, timeout: 60_000 },
          (error, stdout, stderr) =>
            resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr })
        )
    )
    expect(stderr).toBe("")
    expect(code).toBe(0)
    expect(stdout).toMatch(/^example\.syncConnections\n {2}MammothAnalytics\.connections\.create\n/m)
    expect(stdout).toMatch(/^ {4}http\.client POST$/m)
    expect(stdout).toMatch(/^ {2}MammothAnalytics\.connections\.list$/m)
    expect(stdout).toMatch(/^ {4}http\.client GET$/m)
    expect(stdout).toContain("mammoth.operation=SaveConnection")
    expect(stdout).toContain("http.request.header.authorization=<redacted>")
    expect(stdout).not.toContain("mm_fake-token")
  }, 60_000)
})
