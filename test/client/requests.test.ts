/**
 * What each operation sends: method, URL, query, headers and JSON body, through the public API over a
 * swapped HttpClient layer.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import packageJson from "../../package.json" with { type: "json" }
import { MammothAnalytics } from "../../src/index.js"
import { apiKey, apiSecret, mammothOver, scope } from "../support/recordingClient.js"

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
      expect(result).toEqual({ connection_key: "new-key" })
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

  it.effect("get/update/create: an empty 2xx body is null", () =>
    Effect.gen(function*() {
      const { layer } = mammothOver(() => ({ status: 200, text: "" }))
      const value = yield* Effect.provide(
        Effect.flatMap(MammothAnalytics, (m) => m.connections.get({ ...scope, connectionKey })),
        layer
      )
      expect(value).toBeNull()
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
})
