/**
 * What each operation of the Effect 4 line sends: method, path, query, headers and JSON body, with a token and with
 * a key and secret, through the public API over `FetchHttpClient` and an in-memory fetch.
 */
import { Effect, Redacted } from "effect"
import { describe, expect, it } from "vitest"
import packageJson from "../../package.json" with { type: "json" }
import { MammothAnalytics } from "../../src/v4/index.js"
import type { Answer, Seen } from "./support/fetch.js"
import { apiKey, apiSecret, apiToken, jobBody, keys, recording, scope } from "./support/fetch.js"

const base = "/api/v2/workspaces/4/projects/7/connectors/cG9zdGdyZXM%3D/connections"
const connectionKey = "kvx3b8lhfe3ilk0wv4xu4fl539njerj0lmcr6wf8"

/** Runs `f` on a service over a fake answering `answer`, with `credentials`; the result and what was sent. */
const run = async <A, E>(
  f: (m: MammothAnalytics["Service"]) => Effect.Effect<A, E>,
  answer: Answer,
  credentials: "token" | "keys" = "token"
): Promise<{ readonly result: A; readonly seen: ReadonlyArray<Seen> }> => {
  const { layer, seen } = recording(() => answer, credentials === "keys" ? keys : {})
  const result = await Effect.runPromise(Effect.provide(MammothAnalytics.use(f), layer))
  return { result, seen }
}

const modes = ["token", "keys"] as const

/** The credential headers of each mode, and X-WORKSPACE-ID, which goes with the key and secret only. */
const expectCredentials = (seen: Seen, mode: "token" | "keys", workspaceId: number) => {
  if (mode === "token") {
    expect(seen.headers["authorization"]).toBe(`Bearer ${apiToken}`)
    expect(seen.headers["x-api-key"]).toBeUndefined()
    expect(seen.headers["x-api-secret"]).toBeUndefined()
    expect(seen.headers["x-workspace-id"]).toBeUndefined()
  } else {
    expect(seen.headers["authorization"]).toBeUndefined()
    expect(seen.headers["x-api-key"]).toBe(apiKey)
    expect(seen.headers["x-api-secret"]).toBe(apiSecret)
    expect(seen.headers["x-workspace-id"]).toBe(String(workspaceId))
  }
  expect(seen.headers["accept"]).toBe("application/json")
  expect(seen.headers["user-agent"]).toBe(`mammoth-analytics-effect/${packageJson.version}`)
  // fetch must not follow redirects: the credentials would travel to wherever the server points
  expect(seen.init["redirect"]).toBe("manual")
}

describe.each(modes)("requests (%s)", (mode) => {
  it("list: GET the collection, is_export in the query when given, camelCase answer", async () => {
    const { result, seen } = await run(
      (m) => m.connections.list({ ...scope, isExport: true }),
      { status: 200, json: { connections: [{ connection_key: "k1", connection_config: { port: 5432 } }] } },
      mode
    )
    expect(result).toEqual({ connections: [{ connectionKey: "k1", connectionConfig: { port: 5432 } }] })
    expect(seen).toHaveLength(1)
    const [req] = seen
    expect(req!.method).toBe("GET")
    expect(req!.url.origin).toBe("http://127.0.0.1:4010")
    expect(req!.url.pathname).toBe(base)
    expect(req!.url.search).toBe("?is_export=true")
    expect(req!.body).toBeUndefined()
    expectCredentials(req!, mode, 4)
  })

  it("create: POST the requestBody as JSON; a 202 job, a 201 Created", async () => {
    const requestBody = { database: "journal", hostname: "db.internal", port: 5432, password: "pw-9a1" }
    const accepted = await run(
      (m) => m.connections.create({ ...scope, requestBody, isExport: false }),
      { status: 202, json: { job_id: 17, status_code: 202 } },
      mode
    )
    expect(accepted.result).toEqual({ _tag: "Job", jobId: 17, statusCode: 202, failureReason: null })
    const [req] = accepted.seen
    expect(req!.method).toBe("POST")
    expect(req!.url.pathname).toBe(base)
    expect(req!.url.search).toBe("?is_export=false")
    expect(req!.headers["content-type"]).toBe("application/json")
    expect(JSON.parse(req!.body!)).toEqual(requestBody)
    expectCredentials(req!, mode, 4)

    const created = await run(
      (m) => m.connections.create({ ...scope, requestBody }),
      { status: 201, json: { connection_key: "new" } },
      mode
    )
    expect(created.result).toEqual({ _tag: "Created", body: { connection_key: "new" } })
  })

  it("get: GET the item with concern, profile, browse_root, folders_only and is_export; null is not sent", async () => {
    const { result, seen } = await run(
      (m) =>
        m.connections.get({
          ...scope,
          connectionKey,
          concern: "ds_config_spec",
          profile: "a b/c",
          browseRoot: null,
          foldersOnly: true,
          isExport: false
        }),
      { status: 200, json: { connection_key: connectionKey } },
      mode
    )
    expect(result).toEqual({ connection_key: connectionKey })
    const [req] = seen
    expect(req!.method).toBe("GET")
    expect(req!.url.pathname).toBe(`${base}/${connectionKey}`)
    expect(req!.url.search).toBe("?concern=ds_config_spec&profile=a%20b%2Fc&folders_only=true&is_export=false")
    expect(req!.body).toBeUndefined()
    expectCredentials(req!, mode, 4)
  })

  it("get: an empty 200 is null", async () => {
    const { result } = await run((m) => m.connections.get({ ...scope, connectionKey }), { status: 200, text: "" }, mode)
    expect(result).toBeNull()
  })

  it("update: PATCH {\"patch\": [...]}", async () => {
    const patch = [{ op: "replace", path: "connection", value: { port: 5433 } }] as const
    const { result, seen } = await run(
      (m) => m.connections.update({ ...scope, connectionKey, patch }),
      { status: 200, json: { ok: true } },
      mode
    )
    expect(result).toEqual({ ok: true })
    const [req] = seen
    expect(req!.method).toBe("PATCH")
    expect(req!.url.pathname).toBe(`${base}/${connectionKey}`)
    expect(req!.headers["content-type"]).toBe("application/json")
    expect(JSON.parse(req!.body!)).toEqual({ patch })
    expectCredentials(req!, mode, 4)
  })

  it("delete: DELETE the item, 204 is void", async () => {
    const { result, seen } = await run((m) => m.connections.delete({ ...scope, connectionKey }), { status: 204 }, mode)
    expect(result).toBeUndefined()
    const [req] = seen
    expect(req!.method).toBe("DELETE")
    expect(req!.url.pathname).toBe(`${base}/${connectionKey}`)
    expect(req!.url.search).toBe("")
    expect(req!.body).toBeUndefined()
    expectCredentials(req!, mode, 4)
  })

  it("jobs.get: GET /jobs/{job_id}; the workspace goes in X-WORKSPACE-ID with a key only", async () => {
    const { result, seen } = await run(
      (m) => m.jobs.get({ workspaceId: 31, jobId: 0 }),
      { status: 200, json: jobBody(0, "processing") },
      mode
    )
    expect(result).toEqual({
      id: 0,
      status: "processing",
      response: null,
      createdAt: "2026-11-28T10:00:00Z",
      lastUpdatedAt: "2026-11-28T10:00:01Z",
      path: "/jobs",
      operation: "CreateConnection"
    })
    const [req] = seen
    expect(req!.method).toBe("GET")
    expect(req!.url.pathname).toBe("/api/v2/jobs/0")
    expect(req!.url.search).toBe("")
    expectCredentials(req!, mode, 31)
  })
})

describe("requests: path parameters and call headers", () => {
  it("a key with /, ?, # and % stays one path segment", async () => {
    const { seen } = await run(
      (m) => m.connections.get({ ...scope, connectorKey: "a/b?c#d%e", connectionKey: "x/../y" }),
      { status: 200, json: {} }
    )
    expect(seen[0]!.url.pathname).toBe(
      "/api/v2/workspaces/4/projects/7/connectors/a%2Fb%3Fc%23d%25e/connections/x%2F..%2Fy"
    )
  })

  it("a call's own headers are sent beside the layer's", async () => {
    const { seen } = await run(
      (m) => m.connections.list(scope, { headers: { "X-Request-Id": "r-1" } }),
      { status: 200, json: { connections: [] } }
    )
    expect(seen[0]!.headers["x-request-id"]).toBe("r-1")
    expect(seen[0]!.headers["authorization"]).toBe(`Bearer ${apiToken}`)
  })

  it("a trailing slash on the server URL is not doubled", async () => {
    const { layer, seen } = recording(() => ({ status: 200, json: { connections: [] } }), {
      apiToken: Redacted.make(apiToken),
      serverUrl: "http://127.0.0.1:4010/api/v2///"
    })
    await Effect.runPromise(Effect.provide(MammothAnalytics.use((m) => m.connections.list(scope)), layer))
    expect(seen[0]!.url.pathname).toBe(base)
  })
})
