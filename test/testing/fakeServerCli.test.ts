/**
 * `npm run fake-server` (scripts/fake-server.ts) as a user starts it: the script itself in a child process, on
 * port 0 on 127.0.0.1, asked over real HTTP, then stopped with SIGTERM (as Ctrl+C's runtime does) and awaited.
 */
import { afterEach, describe, expect, it } from "vitest"
import { killLeftOvers, runFakeServer } from "../support/fakeServerProcess.js"

const bearer = { authorization: "Bearer mm_fake-token" }
const collection = (workspace: number) => `/workspaces/${workspace}/projects/4/connectors/cG9zdGdyZXM%3D/connections`

afterEach(killLeftOvers)

const runScript = (args: ReadonlyArray<string>) => runFakeServer("scripts/fake-server.ts", args)

const get = async (url: string, headers: Record<string, string>) => {
  const response = await fetch(url, { headers })
  return { status: response.status, body: await response.json() as unknown }
}

describe("npm run fake-server", () => {
  it("--workspaces: a workspace the credentials do not reach answers 403 Authorization Exception", async () => {
    const server = runScript(["--port", "0", "--workspaces", "4,7", "--workspaces", "9"])
    const url = await server.listening
    try {
      const forbidden = { status: 403, body: { status_code: 403, detail: "Forbidden", extra: { workspace_id: 5 } } }
      expect(await get(`${url}${collection(5)}`, bearer)).toEqual(forbidden)
      for (const reached of [4, 7, 9]) {
        expect(await get(`${url}${collection(reached)}`, bearer)).toEqual({ status: 200, body: { connections: [] } })
      }
      // a job's poll with key and secret addresses the workspace X-WORKSPACE-ID names
      const keyAuth = { "x-api-key": "mammoth-fake-key", "x-api-secret": "mammoth-fake-secret" }
      expect(await get(`${url}/jobs/1`, { ...keyAuth, "x-workspace-id": "5" })).toEqual(forbidden)
      expect((await get(`${url}/jobs/1`, { ...keyAuth, "x-workspace-id": "4" })).status).toBe(400)
    } finally {
      const ended = await server.stop()
      expect(ended.stdout).toContain("The credentials reach workspace(s) 4, 7, 9: any other answers 403.")
      expect(ended.stdout).toContain("Mammoth fake server stopped.")
      expect(ended.stderr).toBe("")
    }
  }, 120_000)

  it("--rate-400-validation and --rate-400-client: every request answers the 400 drawn", async () => {
    const server = runScript(["--port", "0", "--rate-400-validation", "1", "--rate-400-client", "1"])
    const clientOnly = runScript(["--port", "0", "--rate-400-client", "1"])
    try {
      expect(await get(`${await server.listening}${collection(4)}`, bearer)).toEqual({
        status: 400,
        body: {
          status_code: 400,
          detail: `Validation failed for GET /api/v2${collection(4)}`,
          extra: [{ message: "was refused by the server (an injected fault)", key: "connector_key", source: "path" }]
        }
      })
      expect(await get(`${await clientOnly.listening}${collection(4)}`, bearer)).toEqual({
        status: 400,
        body: { status_code: 400, detail: "Bad Request", extra: {} }
      })
    } finally {
      await Promise.all([server.stop(), clientOnly.stop()])
    }
  }, 120_000)

  it(
    "a --workspaces entry that is no workspace id, or an unknown option, ends the script with status 2 and the usage",
    async () => {
      const [badId, unknown] = await Promise.all([
        runScript(["--port", "0", "--workspaces", "4,x"]).ended,
        runScript(["--port", "0", "--forbidden-workspace", "5"]).ended
      ])
      expect(badId.stderr).toContain(`--workspaces takes workspace ids (integers >= 1), comma-separated; got "x"`)
      expect(unknown.stderr).toContain("Unknown option '--forbidden-workspace'")
      for (const ended of [badId, unknown]) {
        expect(ended.code).toBe(2)
        expect(ended.stderr).toContain("usage: npm run fake-server")
        expect(ended.stdout).toBe("")
      }
    },
    120_000
  )
})
