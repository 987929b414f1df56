/**
 * What each operation sends: method, URL, query, headers and JSON body, through the public API over a
 * swapped HttpClient layer.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Redacted, Schema } from "effect"
import * as util from "node:util"
import packageJson from "../../package.json" with { type: "json" }
import type { Connections } from "../../src/v3/index.js"
import { MammothAnalytics, Schemas } from "../../src/v3/index.js"
import type { Answer } from "../support/recordingClient.js"
import { apiKey, apiSecret, apiToken, mammothOver, scope } from "../support/recordingClient.js"

const base = "/api/v2/workspaces/4/projects/4/connectors/cG9zdGdyZXM%3D/connections"
const connectionKey = "kvx3b8lhfe3ilk0wv4xu4fl539njerj0lmcr6wf8"

const run = <A, E>(
  f: (m: MammothAnalytics["Type"]) => Effect.Effect<A, E>,
  status = 200,
  json: unknown = { connections: [] }
) => {
  const { layer, seen } = mammothOver(() => ({ status, json: status === 204 ? undefined : json }))
  return Effect.map(Effect.provide(Effect.flatMap(MammothAnalytics, f), layer), (result) => ({ result, seen }))
}

describe("requests", () => {
  it.effect("list: GET the collection, no query unless given, decodes camelCase", () =>
    Effect.gen(function*() {
      const { result, seen } = yield* run((m) => m.connections.list(scope), 200, {
        connections: [{ connection_key: "k1", connection_config: { database: "db", port: 5432 } }]
      })
      expect(result).toEqual({
        connections: [{ connectionKey: "k1", connectionConfig: { database: "db", port: 5432 } }]
      })
      expect(seen).toHaveLength(1)
      const [req] = seen
      expect(req!.method).toBe("GET")
      expect(req!.url.origin).toBe("http://127.0.0.1:4010")
      expect(req!.url.pathname).toBe(base)
      expect(req!.url.search).toBe("")
      expect(req!.body).toBeUndefined()
    }))

  it.effect("every request carries the credentials, Accept and a User-Agent naming the package and version", () =>
    Effect.gen(function*() {
      const { seen } = yield* run((m) => m.connections.list({ ...scope, isExport: true }))
      const headers = seen[0]!.headers
      expect(headers["x-api-key"]).toBe(apiKey)
      expect(headers["x-api-secret"]).toBe(apiSecret)
      expect(headers["accept"]).toBe("application/json")
      expect(headers["user-agent"]).toBe(`mammoth-analytics-effect/${packageJson.version}`)
      expect(seen[0]!.url.search).toBe("?is_export=true")
    }))

  it.effect("create: POST the requestBody as the JSON object", () =>
    Effect.gen(function*() {
      const requestBody = {
        database: "hubli_journal",
        hostname: "localhost",
        port: 5432,
        username: "appuser",
        password: "pwd"
      }
      const { result, seen } = yield* run(
        (m) => m.connections.create({ ...scope, requestBody, isExport: false }),
        201,
        { connection_key: "new-key" }
      )
      // a 201, as servers of the reference contract answer: the connection exists, its body is the server's
      expect(result).toEqual({ _tag: "Created", body: { connection_key: "new-key" } })
      const [req] = seen
      expect(req!.method).toBe("POST")
      expect(req!.url.pathname).toBe(base)
      expect(req!.url.search).toBe("?is_export=false")
      expect(req!.headers["content-type"]).toBe("application/json")
      expect(JSON.parse(req!.body!)).toEqual(requestBody)
    }))

  it.effect("get: GET the item with concern, profile and is_export in the query", () =>
    Effect.gen(function*() {
      const { result, seen } = yield* run(
        (m) => m.connections.get({ ...scope, connectionKey, concern: "profiles", profile: "api", isExport: false }),
        200,
        { connection_key: connectionKey, connection_config: {} }
      )
      expect(result).toEqual({ connection_key: connectionKey, connection_config: {} })
      const [req] = seen
      expect(req!.method).toBe("GET")
      expect(req!.url.pathname).toBe(`${base}/${connectionKey}`)
      expect(Object.fromEntries(req!.url.searchParams)).toEqual({
        concern: "profiles",
        profile: "api",
        is_export: "false"
      })
      expect(req!.body).toBeUndefined()
    }))

  it.effect("get: null concern and profile are not sent", () =>
    Effect.gen(function*() {
      const { seen } = yield* run((m) => m.connections.get({ ...scope, connectionKey, concern: null, profile: null }))
      expect(seen[0]!.url.search).toBe("")
    }))

  it.effect("update: PATCH {\"patch\": [...]}", () =>
    Effect.gen(function*() {
      const patch = [{ op: "replace", path: "connection", value: { database: "db" } }] as const
      const { result, seen } = yield* run((m) => m.connections.update({ ...scope, connectionKey, patch }), 200, {
        ok: 1
      })
      expect(result).toEqual({ ok: 1 })
      const [req] = seen
      expect(req!.method).toBe("PATCH")
      expect(req!.url.pathname).toBe(`${base}/${connectionKey}`)
      expect(req!.headers["content-type"]).toBe("application/json")
      expect(JSON.parse(req!.body!)).toEqual({ patch })
    }))

  it.effect("delete: DELETE the item, void on 204", () =>
    Effect.gen(function*() {
      const { result, seen } = yield* run((m) => m.connections.delete({ ...scope, connectionKey }), 204)
      expect(result).toBeUndefined()
      const [req] = seen
      expect(req!.method).toBe("DELETE")
      expect(req!.url.pathname).toBe(`${base}/${connectionKey}`)
      expect(req!.body).toBeUndefined()
    }))

  it.effect("delete: any 2xx is success, with or without a body", () =>
    Effect.gen(function*() {
      const { result } = yield* run((m) => m.connections.delete({ ...scope, connectionKey }), 200, { deleted: true })
      expect(result).toBeUndefined()
    }))

  it.effect("get/update/create: an empty 2xx body is null (create: an empty Created, or a Job naming nothing)", () =>
    Effect.gen(function*() {
      const empty = <A>(status: number, f: (m: MammothAnalytics["Type"]) => Effect.Effect<A, unknown>) => {
        const { layer } = mammothOver(() => ({ status, text: "" }))
        return Effect.provide(Effect.flatMap(MammothAnalytics, f), layer)
      }
      expect(yield* empty(200, (m) => m.connections.get({ ...scope, connectionKey }))).toBeNull()
      const patch = [{ op: "replace", path: "connection", value: { database: "db" } }] as const
      expect(yield* empty(200, (m) => m.connections.update({ ...scope, connectionKey, patch }))).toBeNull()
      const create = (m: MammothAnalytics["Type"]) => m.connections.create({ ...scope, requestBody: {} })
      expect(yield* empty(201, create)).toEqual({ _tag: "Created", body: null })
      expect(yield* empty(200, create)).toEqual({ _tag: "Created", body: null })
      expect(yield* empty(202, create)).toEqual({ _tag: "Job", jobId: null, statusCode: null, failureReason: null })
    }))

  it.effect("path parameters are percent-encoded as single segments", () =>
    Effect.gen(function*() {
      const hostile = ["a/b?c#d", "../x", "%2e%2e", "a b", "ü/€", "?", "#", "%"]
      for (const key of hostile) {
        const { seen } = yield* run((m) => m.connections.get({ ...scope, connectorKey: key, connectionKey: key }))
        const url = seen[0]!.url
        expect(url.search).toBe("")
        expect(url.hash).toBe("")
        const segments = url.pathname.split("/")
        // "", api, v2, workspaces, 4, projects, 4, connectors, {connector_key}, connections, {connection_key}
        expect(segments).toHaveLength(11)
        expect(decodeURIComponent(segments[8]!)).toBe(key)
        expect(decodeURIComponent(segments[10]!)).toBe(key)
      }
    }))

  it.effect("query values are encoded: a profile cannot add a parameter", () =>
    Effect.gen(function*() {
      const { seen } = yield* run((m) =>
        m.connections.get({ ...scope, connectionKey, profile: "api&is_export=true#x" })
      )
      expect(Object.fromEntries(seen[0]!.url.searchParams)).toEqual({ profile: "api&is_export=true#x" })
    }))

  it.effect("serverUrl with or without a trailing slash gives the same URL", () =>
    Effect.gen(function*() {
      for (
        const serverUrl of [
          "http://127.0.0.1:4010/api/v2",
          "http://127.0.0.1:4010/api/v2/",
          "http://127.0.0.1:4010/api/v2//"
        ]
      ) {
        const { layer, seen } = mammothOver(() => ({ status: 200, json: { connections: [] } }), { serverUrl })
        yield* Effect.provide(Effect.flatMap(MammothAnalytics, (m) => m.connections.list(scope)), layer)
        expect(seen[0]!.url.href).toBe(`http://127.0.0.1:4010${base}`)
      }
    }))

  it.effect("the default server URL is the spec's", () =>
    Effect.gen(function*() {
      const { layer, seen } = mammothOver(() => ({ status: 200, json: { connections: [] } }), { serverUrl: undefined })
      yield* Effect.provide(Effect.flatMap(MammothAnalytics, (m) => m.connections.list(scope)), layer)
      expect(seen[0]!.url.href).toBe(`https://app.mammoth.io${base}`)
    }))

  it.effect("per-call headers are added", () =>
    Effect.gen(function*() {
      const { seen } = yield* run((m) => m.connections.list(scope, { headers: { "x-request-id": "abc-123" } }))
      expect(seen[0]!.headers["x-request-id"]).toBe("abc-123")
      expect(seen[0]!.headers["x-api-key"]).toBe(apiKey)
    }))

  it.effect("forward compatible: unknown fields in a list answer are tolerated", () =>
    Effect.gen(function*() {
      const { result } = yield* run((m) => m.connections.list(scope), 200, {
        connections: [{ connection_key: "k", connection_config: {}, created_at: "2026-01-01", owner: { id: 1 } }],
        next_page: null
      })
      expect(result).toEqual({ connections: [{ connectionKey: "k", connectionConfig: {} }] })
    }))

  it.effect("get: browseRoot and foldersOnly are sent as browse_root and folders_only", () =>
    Effect.gen(function*() {
      const { seen } = yield* run((m) =>
        m.connections.get({
          ...scope,
          connectionKey,
          browseRoot: "/shared drive/ü&folders_only=false#x",
          foldersOnly: true
        })
      )
      expect(seen[0]!.url.search).toBe(
        "?browse_root=%2Fshared%20drive%2F%C3%BC%26folders_only%3Dfalse%23x&folders_only=true"
      )
      expect(Object.fromEntries(seen[0]!.url.searchParams)).toEqual({
        browse_root: "/shared drive/ü&folders_only=false#x",
        folders_only: "true"
      })
      const { seen: seenFalse } = yield* run((m) =>
        m.connections.get({ ...scope, connectionKey, browseRoot: "/", foldersOnly: false, isExport: true })
      )
      expect(seenFalse[0]!.url.search).toBe("?browse_root=%2F&folders_only=false&is_export=true")
    }))

  it.effect("get: every query parameter together, in the operation's order", () =>
    Effect.gen(function*() {
      const { seen } = yield* run((m) =>
        m.connections.get({
          ...scope,
          connectionKey,
          concern: "profiles",
          profile: "api",
          browseRoot: "root",
          foldersOnly: true,
          isExport: false
        })
      )
      expect(seen[0]!.url.search).toBe(
        "?concern=profiles&profile=api&browse_root=root&folders_only=true&is_export=false"
      )
    }))

  it.effect("get: a null or absent browseRoot and an absent foldersOnly are not sent", () =>
    Effect.gen(function*() {
      const { seen } = yield* run((m) => m.connections.get({ ...scope, connectionKey, browseRoot: null }))
      expect(seen[0]!.url.search).toBe("")
      const { seen: seenUndefined } = yield* run((m) =>
        m.connections.get({ ...scope, connectionKey, browseRoot: undefined, foldersOnly: undefined })
      )
      expect(seenUndefined[0]!.url.search).toBe("")
    }))
})

/** One call of each operation in workspace `workspaceId`, with the answer each expects on success. */
const everyOperation = (workspaceId: number): ReadonlyArray<
  readonly [string, (c: Connections.Connections) => Effect.Effect<unknown, unknown>, Answer]
> => {
  const at = { ...scope, workspaceId }
  return [
    ["ListConnections", (c) => c.list(at), { status: 200, json: { connections: [] } }],
    ["SaveConnection", (c) => c.create({ ...at, requestBody: { database: "db" } }), { status: 202, json: {} }],
    ["GetConnection", (c) => c.get({ ...at, connectionKey }), { status: 200, json: {} }],
    [
      "UpdateConnection",
      (c) => c.update({ ...at, connectionKey, patch: [{ op: "replace", path: "connection", value: {} }] }),
      { status: 200, json: {} }
    ],
    ["DeleteConnection", (c) => c.delete({ ...at, connectionKey }), { status: 204 }]
  ]
}

describe("credentials on the wire", () => {
  it.effect("token mode: exactly `authorization: Bearer <token>`, no X-API-* and no X-WORKSPACE-ID, on every operation", () =>
    Effect.gen(function*() {
      for (const [operation, call, answer] of everyOperation(4)) {
        const { layer, seen } = mammothOver(() => answer, { apiToken: Redacted.make(apiToken) })
        yield* Effect.provide(Effect.flatMap(MammothAnalytics, (m) => call(m.connections)), layer)
        expect(seen, operation).toHaveLength(1)
        const headers = seen[0]!.headers
        expect(headers["authorization"], operation).toBe(`Bearer ${apiToken}`)
        expect(headers["x-api-key"], operation).toBeUndefined()
        expect(headers["x-api-secret"], operation).toBeUndefined()
        expect(headers["x-workspace-id"], operation).toBeUndefined()
        // nothing else carries a credential: every other header is the client's own or the tracer's
        const others = ["accept", "user-agent", "content-type", "content-length", "traceparent", "b3"]
        expect(Object.keys(headers).filter((name) => !others.includes(name))).toEqual(["authorization"])
      }
    }))

  it.effect("key mode: X-API-KEY, X-API-SECRET and X-WORKSPACE-ID equal to the call's workspaceId, on every operation", () =>
    Effect.gen(function*() {
      for (const workspaceId of [4, 917, 2147483647]) {
        for (const [operation, call, answer] of everyOperation(workspaceId)) {
          const { layer, seen } = mammothOver(() => answer)
          yield* Effect.provide(Effect.flatMap(MammothAnalytics, (m) => call(m.connections)), layer)
          expect(seen, operation).toHaveLength(1)
          const headers = seen[0]!.headers
          expect(headers["x-api-key"], operation).toBe(apiKey)
          expect(headers["x-api-secret"], operation).toBe(apiSecret)
          expect(headers["x-workspace-id"], operation).toBe(String(workspaceId))
          expect(headers["authorization"], operation).toBeUndefined()
          expect(seen[0]!.url.pathname, operation).toContain(`/workspaces/${workspaceId}/`)
        }
      }
    }))

  it.effect("key mode: each call of one layer sends its own workspace", () =>
    Effect.gen(function*() {
      const { layer, seen } = mammothOver(() => ({ status: 200, json: { connections: [] } }))
      yield* Effect.provide(
        Effect.flatMap(MammothAnalytics, (m) =>
          Effect.all([
            m.connections.list({ ...scope, workspaceId: 1 }),
            m.connections.list({ ...scope, workspaceId: 2 }),
            m.connections.list({ ...scope, workspaceId: 1 })
          ])),
        layer
      )
      expect(seen.map((r) => r.headers["x-workspace-id"])).toEqual(["1", "2", "1"])
    }))
})

describe("create's answer", () => {
  const create = (answer: Answer) => {
    const { layer, seen } = mammothOver(() => answer)
    return Effect.provide(
      Effect.flatMap(MammothAnalytics, (m) => m.connections.create({ ...scope, requestBody: { database: "db" } })),
      layer
    ).pipe(Effect.map((result) => ({ result, seen })))
  }

  it.effect("a 202 job: its fields, camelCase; missing or null fields are null; unknown fields are ignored", () =>
    Effect.gen(function*() {
      const cases: ReadonlyArray<readonly [unknown, Schemas.CreateConnectionResult]> = [
        [
          { status_code: 202, job_id: 7, failure_reason: null },
          { _tag: "Job", jobId: 7, statusCode: 202, failureReason: null }
        ],
        [
          { status_code: 500, job_id: 8, failure_reason: "quota exceeded" },
          { _tag: "Job", jobId: 8, statusCode: 500, failureReason: "quota exceeded" }
        ],
        [{ job_id: 9 }, { _tag: "Job", jobId: 9, statusCode: null, failureReason: null }],
        [{}, { _tag: "Job", jobId: null, statusCode: null, failureReason: null }],
        [
          { job_id: null, status_code: null, failure_reason: null, queued_at: "2026-10-03" },
          { _tag: "Job", jobId: null, statusCode: null, failureReason: null }
        ]
      ]
      for (const [json, expected] of cases) {
        const { result, seen } = yield* create({ status: 202, json })
        expect(result).toEqual(expected)
        expect(Schema.is(Schemas.CreateConnectionResult)(result)).toBe(true)
        expect(seen).toHaveLength(1)
      }
    }))

  it.effect("an empty 202 is a Job naming nothing", () =>
    Effect.gen(function*() {
      const { result } = yield* create({ status: 202, text: "" })
      expect(result).toEqual({ _tag: "Job", jobId: null, statusCode: null, failureReason: null })
    }))

  it.effect("a 202 OAuth exchange: pendingId, and the token and picker key Redacted", () =>
    Effect.gen(function*() {
      const accessToken = "ya29.a0AfB_oauth-access-3c1f"
      const pickerApiKey = "AIzaSyPicker-key-88e2d"
      const { result } = yield* create({
        status: 202,
        json: { pending_id: "pending-42", access_token: accessToken, picker_api_key: pickerApiKey, job_id: 3 }
      })
      expect(result._tag).toBe("OAuthExchange")
      if (result._tag !== "OAuthExchange") return
      expect(result.pendingId).toBe("pending-42")
      expect(Redacted.isRedacted(result.accessToken)).toBe(true)
      expect(Redacted.isRedacted(result.pickerApiKey)).toBe(true)
      expect(Redacted.value(result.accessToken)).toBe(accessToken)
      expect(Redacted.value(result.pickerApiKey)).toBe(pickerApiKey)
      expect(Schema.is(Schemas.CreateConnectionResult)(result)).toBe(true)
      const renderings = [
        String(result),
        `${result.accessToken}`,
        `${result.pickerApiKey}`,
        JSON.stringify(result),
        util.inspect(result, { depth: 10 }),
        util.inspect(result, { depth: 10, showHidden: true }),
        util.format("%o %O %j", result, result, result)
      ]
      for (const rendering of renderings) {
        expect(rendering).not.toContain(accessToken)
        expect(rendering).not.toContain(pickerApiKey)
      }
      expect(JSON.stringify(result)).toContain("pending-42")
    }))

  it.effect("a 201, or any other 2xx: Created, with the server's JSON", () =>
    Effect.gen(function*() {
      for (const status of [200, 201, 203]) {
        const { result } = yield* create({ status, json: { connection_key: "k-new", connection_config: { a: 1 } } })
        expect(result).toEqual({ _tag: "Created", body: { connection_key: "k-new", connection_config: { a: 1 } } })
      }
      // a 201 is not read as a job even when its body looks like one
      const { result } = yield* create({ status: 201, json: { job_id: "not a number" } })
      expect(result).toEqual({ _tag: "Created", body: { job_id: "not a number" } })
    }))
})
