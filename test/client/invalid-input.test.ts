/**
 * Input the spec rules out fails with MammothAnalyticsInvalidRequestError and sends nothing.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { MammothAnalytics, MammothAnalyticsInvalidRequestError } from "../../src/index.js"
import { mammothOver, scope } from "../support/recordingClient.js"

const connectionKey = "kvx3b8lhfe3ilk0wv4xu4fl539njerj0lmcr6wf8"

const refused = (
  call: (m: MammothAnalytics["Type"]) => Effect.Effect<unknown, unknown>,
  options?: Parameters<typeof mammothOver>[1]
) => {
  const { layer, seen } = mammothOver(() => ({ status: 200, json: { connections: [] } }), options)
  return Effect.provide(Effect.flip(Effect.flatMap(MammothAnalytics, call)), layer).pipe(
    Effect.map((error) => {
      expect(error).toBeInstanceOf(MammothAnalyticsInvalidRequestError)
      expect(seen).toHaveLength(0)
      return error as MammothAnalyticsInvalidRequestError
    })
  )
}

describe("invalid input sends nothing", () => {
  it.effect("ids that are not integers >= 1", () =>
    Effect.gen(function*() {
      for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
        const e1 = yield* refused((m) => m.connections.list({ ...scope, workspaceId: bad }))
        expect(e1.operation).toBe("ListConnections")
        expect(e1.reason).toContain("workspaceId")
        const e2 = yield* refused((m) => m.connections.delete({ ...scope, projectId: bad, connectionKey }))
        expect(e2.operation).toBe("DeleteConnection")
        expect(e2.reason).toContain("projectId")
      }
      // a string where a number belongs, as untyped JavaScript callers may pass
      yield* refused((m) => m.connections.list({ ...scope, workspaceId: "4" as unknown as number }))
    }))

  it.effect("connection keys outside 1..100 characters, and . or ..", () =>
    Effect.gen(function*() {
      for (const bad of ["", "x".repeat(101), "😀".repeat(101), ".", ".."]) {
        const e = yield* refused((m) => m.connections.get({ ...scope, connectionKey: bad }))
        expect(e.reason).toContain("connectionKey")
      }
    }))

  it.effect("100 characters, counted as code points, are accepted", () =>
    Effect.gen(function*() {
      const { layer, seen } = mammothOver(() => ({ status: 200, json: {} }))
      yield* Effect.provide(
        Effect.flatMap(MammothAnalytics, (m) => m.connections.get({ ...scope, connectionKey: "😀".repeat(100) })),
        layer
      )
      expect(seen).toHaveLength(1)
    }))

  it.effect("an empty connector key", () =>
    Effect.gen(function*() {
      const e = yield* refused((m) => m.connections.list({ ...scope, connectorKey: "" }))
      expect(e.reason).toContain("connectorKey")
    }))

  it.effect("an unknown concern", () =>
    Effect.gen(function*() {
      yield* refused((m) => m.connections.get({ ...scope, connectionKey, concern: "data" as "profiles" }))
    }))

  it.effect("a patch that is not a replace of the connection", () =>
    Effect.gen(function*() {
      const e = yield* refused((m) =>
        m.connections.update({
          ...scope,
          connectionKey,
          patch: [{ op: "remove", path: "connection", value: { password: "hunter2-pw" } }] as never
        })
      )
      expect(e.reason).toContain("patch")
      expect(e.message).not.toContain("hunter2-pw")
    }))

  it.effect("bodies JSON cannot carry: BigInt, cycles, functions, non-finite numbers", () =>
    Effect.gen(function*() {
      const cyclic: Record<string, unknown> = { password: "hunter2-pw" }
      cyclic.self = cyclic
      const bodies: Array<Record<string, unknown>> = [
        { port: 5432n },
        cyclic,
        { connect: () => 1 },
        { port: Number.NaN },
        { nested: { list: [1, undefined] } }
      ]
      for (const requestBody of bodies) {
        const e = yield* refused((m) => m.connections.create({ ...scope, requestBody }))
        expect(e.reason).toMatch(/^the body is not JSON/)
        expect(e.message).not.toContain("hunter2-pw")
      }
    }))

  it.effect("a request body that is not an object", () =>
    Effect.gen(function*() {
      const e = yield* refused((m) => m.connections.create({ ...scope, requestBody: "hunter2-pw" as never }))
      expect(e.reason).toContain("requestBody")
      expect(e.message).not.toContain("hunter2-pw")
    }))

  it.effect("header values with CR, LF or NUL, and names that are not tokens", () =>
    Effect.gen(function*() {
      for (
        const headers of [{ "x-a": "a\r\nx-injected: 1" }, { "x-a": "a\nb" }, { "x-a": "a\0b" }, { "bad name": "v" }]
      ) {
        const e = yield* refused((m) => m.connections.list(scope, { headers }))
        expect(e.reason).toMatch(/header/)
      }
    }))

  it.effect("input whose getters or proxy traps throw is refused, not a defect", () =>
    Effect.gen(function*() {
      const throwingGetter = Object.defineProperty({ ...scope }, "projectId", {
        enumerable: true,
        get: () => {
          throw new Error("boom")
        }
      })
      const e1 = yield* refused((m) => m.connections.list(throwingGetter))
      expect(e1.reason).toBe("the input could not be read: reading one of its fields threw")
      const hostileBody = new Proxy({}, {
        ownKeys: () => {
          throw new Error("boom")
        }
      })
      yield* refused((m) => m.connections.create({ ...scope, requestBody: hostileBody }))
    }))

  it.effect("per-call headers that frame or route the request are refused", () =>
    Effect.gen(function*() {
      for (const name of ["Host", "content-length", "Transfer-Encoding", "connection", "expect"]) {
        const e = yield* refused((m) => m.connections.list(scope, { headers: { [name]: "x" } }))
        expect(e.reason).toBe(`header ${name} is written by the transport, not by a call`)
      }
    }))

  it.effect("per-call credentials are refused: they come from the layer", () =>
    Effect.gen(function*() {
      const e = yield* refused((m) => m.connections.list(scope, { headers: { "X-API-KEY": "other" } }))
      expect(e.reason).toContain("X-API-KEY")
    }))

  it.effect("a credential with CR/LF fails every call, without quoting it", () =>
    Effect.gen(function*() {
      const e = yield* refused((m) => m.connections.list(scope), { apiSecret: Redacted.make("s3cr3t\r\nx-evil: 1") })
      expect(e.reason).toBe("apiSecret contains CR, LF or NUL")
      expect(e.message).not.toContain("s3cr3t")
    }))

  it.effect("a malformed serverUrl fails every call", () =>
    Effect.gen(function*() {
      for (const serverUrl of ["not a url", "ftp://127.0.0.1/api", "http://127.0.0.1/api?x=1"]) {
        yield* refused((m) => m.connections.list(scope), { serverUrl })
      }
    }))
})
