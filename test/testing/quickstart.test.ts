/**
 * `npm start` and `npm run start:v4` on a fresh clone: the quick start of each Effect line starts its fake on
 * loopback and runs the whole pipeline.
 */
import { describe, expect, it } from "@effect/vitest"
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../..", import.meta.url))

describe.each(["examples/quickstart.ts", "examples/v4/quickstart.ts"])("%s", (file) => {
  it("runs create (awaiting its job) -> list -> get -> update -> delete and a handled typed error, exit 0", async () => {
    const env = { ...process.env }
    for (const name of Object.keys(env)) if (name.startsWith("MAMMOTHANALYTICS_")) delete env[name]
    const { code, stderr, stdout } = await new Promise<{ code: number; stdout: string; stderr: string }>(
      (resolve) => {
        execFile(
          process.execPath,
          ["--import", "tsx", file],
          { cwd: root, env, timeout: 60_000 },
          (error, stdout, stderr) =>
            resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr })
        )
      }
    )
    expect(stderr).toBe("")
    expect(code).toBe(0)
    expect(stdout).toMatch(
      /^MAMMOTHANALYTICS_SERVER_URL is not set: started the fake Mammoth server at http:\/\/127\.0\.0\.1:\d+\/api\/v2$/m
    )
    for (const step of ["create  -> ", "list    -> 1 connection", "get     -> ", "update  -> ", "delete  -> done"]) {
      expect(stdout).toContain(step)
    }
    // create's 202 job, awaited: the fake's job stays processing for two polls
    expect(stdout).toMatch(
      /^create {2}-> \{"_tag":"Completed","job":\{"id":1,"status":"success","response":\{"connection_key":"[a-z0-9]{40}"/m
    )
    expect(stdout).toMatch(/"database":"hubli_archive"/)
    expect(stdout).toMatch(/^get {5}-> MammothAnalyticsClientError \(HTTP 400\): Connection [a-z0-9]{40} not found$/m)
    expect(stdout).toContain("fake    -> 11 requests seen (3 polls of the job), 1 connection created")
    expect(stdout).not.toContain("\"password\":\"pwd\"")
  })
})
