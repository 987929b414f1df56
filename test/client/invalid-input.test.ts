/**
 * Input the spec rules out fails with MammothAnalyticsInvalidRequestError and sends nothing.
 */
import { describe, expect, it } from "@effect/vitest"
import type { ConfigError } from "effect"
import { Effect, Either, Layer, Redacted, Schema } from "effect"
import * as util from "node:util"
import { settingRefusalPrefix } from "../../src/core/settings.js"
import type { MammothAnalyticsOptions } from "../../src/v3/index.js"
import { MammothAnalytics, MammothAnalyticsInvalidRequestError, Schemas } from "../../src/v3/index.js"
import { apiKey, apiSecret, apiToken, mammothOver, recordingClient, scope } from "../support/recordingClient.js"

const connectionKey = "kvx3b8lhfe3ilk0wv4xu4fl539njerj0lmcr6wf8"

const decodeGetInput = Schema.decodeUnknownEither(Schemas.GetConnectionInput)

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

/** One call of each operation: a configuration problem fails every one of them. */
const everyOperation: ReadonlyArray<(m: MammothAnalytics["Type"]) => Effect.Effect<unknown, unknown>> = [
  (m) => m.connections.list(scope),
  (m) => m.connections.create({ ...scope, requestBody: { database: "db" } }),
  (m) => m.connections.get({ ...scope, connectionKey }),
  (m) => m.connections.update({ ...scope, connectionKey, patch: [{ op: "replace", path: "connection", value: {} }] }),
  (m) => m.connections.delete({ ...scope, connectionKey })
]

/** A layer that refused its options: the problem its `ConfigError` names, and the error itself. */
interface LayerRefusal {
  readonly reason: string
  readonly configError: ConfigError.ConfigError
}

/**
 * A layer built from `options` as given (as JavaScript may give them) fails to build with a `ConfigError`, before
 * any call: a program that only needs the service fails at start, and one that calls every operation sends
 * nothing.
 */
const refusedWithOptions = (options: unknown) =>
  Effect.gen(function*() {
    const { layer: client, seen } = recordingClient(() => ({ status: 200, json: { connections: [] } }))
    const layer = MammothAnalytics.layer(options as MammothAnalyticsOptions).pipe(Layer.provide(client))
    const atStart = yield* Effect.flip(Effect.provide(Effect.void, layer))
    expect(atStart._op).toBe("InvalidData")
    for (const call of everyOperation) {
      const error = yield* Effect.flip(Effect.provide(Effect.flatMap(MammothAnalytics, call), layer))
      expect(error).toEqual(atStart)
    }
    expect(seen).toHaveLength(0)
    const message = atStart._op === "InvalidData" ? atStart.message : String(atStart)
    expect(message.startsWith(settingRefusalPrefix)).toBe(true)
    const refusals: ReadonlyArray<LayerRefusal> = [{
      reason: message.slice(settingRefusalPrefix.length),
      configError: atStart
    }]
    return refusals
  })

/** Everything a user could print of an error (of a layer's refusal: of its `ConfigError`). */
const renderings = (value: unknown): string => {
  const error = typeof value === "object" && value !== null && "configError" in value
    ? (value as LayerRefusal).configError
    : value
  return [String(error), JSON.stringify(error), util.inspect(error, { depth: 10 }), (error as Error).message].join(
    "\n"
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

  it.effect("per-call Authorization, X-API-KEY, X-API-SECRET and X-WORKSPACE-ID are refused, in either mode", () =>
    Effect.gen(function*() {
      const names = [
        "authorization",
        "Authorization",
        "x-api-key",
        "X-Api-Secret",
        "x-api-secret",
        "x-workspace-id",
        "X-WORKSPACE-ID"
      ]
      for (const options of [undefined, { apiToken: Redacted.make(apiToken) }]) {
        for (const name of names) {
          const e = yield* refused(
            (m) => m.connections.get({ ...scope, connectionKey }, { headers: { [name]: "Bearer other" } }),
            options
          )
          expect(e.reason).toBe(`header ${name} is set from the layer's credentials`)
        }
      }
    }))

  it.effect("a token no header can carry fails the layer, without quoting it", () =>
    Effect.gen(function*() {
      const cases: ReadonlyArray<readonly [string, string]> = [
        ["mm_s3cr3t\r\nx-evil: 1", "apiToken contains CR, LF or NUL"],
        ["mm_s3cr3t\nx", "apiToken contains CR, LF or NUL"],
        ["mm_s3cr3t\0x", "apiToken contains CR, LF or NUL"],
        ["mm_s3cr3t\u0100", "apiToken contains characters an HTTP header cannot carry"],
        ["mm_s3cr3t\u2028", "apiToken contains characters an HTTP header cannot carry"],
        ["mm_s3cr3t😀", "apiToken contains characters an HTTP header cannot carry"],
        ["", "apiToken is empty"],
        ["   ", "apiToken is blank"],
        ["\t \u00a0", "apiToken is blank"]
      ]
      for (const [token, reason] of cases) {
        const errors = yield* refusedWithOptions({ apiToken: Redacted.make(token), serverUrl: "https://example.com" })
        for (const e of errors) {
          expect(e.reason).toBe(reason)
          expect(renderings(e)).not.toContain("s3cr3t")
        }
      }
      // Latin-1 is carried as it is
      const { layer, seen } = mammothOver(() => ({ status: 200, json: { connections: [] } }), {
        apiToken: Redacted.make("mm_caf\u00e9")
      })
      yield* Effect.provide(Effect.flatMap(MammothAnalytics, (m) => m.connections.list(scope)), layer)
      expect(seen).toHaveLength(1)
    }))

  it.effect("a blank key or secret fails the layer, as an empty one does: nothing is sent", () =>
    Effect.gen(function*() {
      const cases: ReadonlyArray<readonly [string, string, string]> = [
        ["", apiSecret, "apiKey is empty"],
        [apiKey, "", "apiSecret is empty"],
        ["  ", apiSecret, "apiKey is blank"],
        [apiKey, " \t ", "apiSecret is blank"]
      ]
      for (const [key, secret, reason] of cases) {
        const errors = yield* refusedWithOptions({
          apiKey: Redacted.make(key),
          apiSecret: Redacted.make(secret),
          serverUrl: "https://example.com"
        })
        for (const e of errors) {
          expect(e.reason).toBe(reason)
          const all = renderings(e)
          expect(all).not.toContain(apiKey)
          expect(all).not.toContain(apiSecret)
        }
      }
    }))

  it.effect("neither credential form, or both, fails the layer: nothing is sent", () =>
    Effect.gen(function*() {
      const token = Redacted.make(apiToken)
      const key = Redacted.make(apiKey)
      const secret = Redacted.make(apiSecret)
      const cases: ReadonlyArray<readonly [unknown, string]> = [
        [{}, "no credentials: give apiToken, or apiKey and apiSecret"],
        [{ apiKey: key }, "no credentials: give apiToken, or apiKey and apiSecret"],
        [{ apiSecret: secret }, "no credentials: give apiToken, or apiKey and apiSecret"],
        [
          { apiToken: token, apiKey: key, apiSecret: secret },
          "give either apiToken, or apiKey and apiSecret, not both"
        ],
        [{ apiToken: token, apiKey: key }, "give either apiToken, or apiKey and apiSecret, not both"],
        [{ apiToken: token, apiSecret: secret }, "give either apiToken, or apiKey and apiSecret, not both"]
      ]
      for (const [credentials, reason] of cases) {
        const errors = yield* refusedWithOptions({ ...(credentials as object), serverUrl: "https://example.com" })
        for (const e of errors) {
          expect(e.reason).toBe(reason)
          const all = renderings(e)
          expect(all).not.toContain(apiToken)
          expect(all).not.toContain(apiKey)
          expect(all).not.toContain(apiSecret)
        }
      }
    }))

  it.effect("credentials that are not Redacted (plain strings from JavaScript) are refused, not sent", () =>
    Effect.gen(function*() {
      const tokenErrors = yield* refusedWithOptions({ apiToken, serverUrl: "https://example.com" })
      expect(tokenErrors[0]!.reason).toBe("apiToken must be a Redacted string")
      expect(renderings(tokenErrors[0])).not.toContain(apiToken)
      const keyErrors = yield* refusedWithOptions({ apiKey, apiSecret: Redacted.make(apiSecret) })
      expect(keyErrors[0]!.reason).toBe("apiKey must be a Redacted string")
      const secretErrors = yield* refusedWithOptions({ apiKey: Redacted.make(apiKey), apiSecret })
      expect(secretErrors[0]!.reason).toBe("apiSecret must be a Redacted string")
    }))

  it.effect("a browseRoot with a lone surrogate is refused", () =>
    Effect.gen(function*() {
      for (const browseRoot of ["a\uD800", "\uDC00b", "x\uDBFFy"]) {
        const e = yield* refused((m) => m.connections.get({ ...scope, connectionKey, browseRoot }))
        expect(e.reason).toBe("browseRoot: is not well-formed Unicode (it holds a lone surrogate)")
      }
    }))

  it.effect("an empty profile or browseRoot is refused (the spec: allowEmptyValue false); null and text are sent", () =>
    Effect.gen(function*() {
      for (const field of ["profile", "browseRoot"] as const) {
        const e = yield* refused((m) => m.connections.get({ ...scope, connectionKey, [field]: "" }))
        expect(e.reason).toBe(`${field}: must not be empty`)
        expect(Either.isLeft(decodeGetInput({ ...scope, connectionKey, [field]: "" }))).toBe(true)
        expect(Either.isRight(decodeGetInput({ ...scope, connectionKey, [field]: null }))).toBe(true)
        expect(Either.isRight(decodeGetInput({ ...scope, connectionKey, [field]: " " }))).toBe(true)
      }
      const { layer, seen } = mammothOver(() => ({ status: 200, json: {} }))
      yield* Effect.provide(
        Effect.flatMap(
          MammothAnalytics,
          (m) => m.connections.get({ ...scope, connectionKey, profile: " ", browseRoot: null })
        ),
        layer
      )
      expect(seen.map((r) => r.url.search)).toEqual(["?profile=%20"])
    }))

  it.effect("a browseRoot or foldersOnly of the wrong type is refused", () =>
    Effect.gen(function*() {
      const e1 = yield* refused((m) => m.connections.get({ ...scope, connectionKey, browseRoot: 7 as never }))
      expect(e1.reason).toContain("browseRoot")
      const e2 = yield* refused((m) => m.connections.get({ ...scope, connectionKey, foldersOnly: "true" as never }))
      expect(e2.reason).toContain("foldersOnly")
    }))

  it.effect("a credential with CR/LF fails the layer, without quoting it", () =>
    Effect.gen(function*() {
      const [e] = yield* refusedWithOptions({
        apiKey: Redacted.make(apiKey),
        apiSecret: Redacted.make("s3cr3t\r\nx-evil: 1"),
        serverUrl: "https://example.com"
      })
      expect(e!.reason).toBe("apiSecret contains CR, LF or NUL")
      expect(renderings(e)).not.toContain("s3cr3t")
    }))

  it.effect("a malformed serverUrl fails the layer", () =>
    Effect.gen(function*() {
      for (const serverUrl of ["not a url", "ftp://127.0.0.1/api", "http://127.0.0.1/api?x=1"]) {
        yield* refusedWithOptions({ apiToken: Redacted.make(apiToken), serverUrl })
      }
    }))
})

describe("serverUrl refusals: the layer fails, nothing is sent, the URL is never quoted", () => {
  it.effect("a URL with a user or a password; the password shows in no rendering", () =>
    Effect.gen(function*() {
      for (
        const serverUrl of [
          "http://bob:pw-9f2c7e@127.0.0.1/api/v2",
          "https://bob:pw-9f2c7e@app.mammoth.io/api/v2",
          "https://:pw-9f2c7e@app.mammoth.io/api/v2",
          "https://bob@app.mammoth.io/api/v2",
          "http://bob%40corp:pw-9f2c7e@localhost:4010/api/v2/"
        ]
      ) {
        const credentialForms = [
          { apiToken: Redacted.make(apiToken) },
          { apiKey: Redacted.make(apiKey), apiSecret: Redacted.make(apiSecret) }
        ]
        for (const credentials of credentialForms) {
          const errors = yield* refusedWithOptions({ ...credentials, serverUrl })
          for (const e of errors) {
            expect(e.reason).toBe(
              "serverUrl must not carry a user name or password (they would be sent to the server and show in errors)"
            )
            const all = renderings(e)
            expect(all).not.toContain("pw-9f2c7e")
            expect(all).not.toContain("bob")
            expect(all).not.toContain(serverUrl)
          }
        }
      }
    }))

  it.effect("plain http to a host other than loopback", () =>
    Effect.gen(function*() {
      for (
        const serverUrl of [
          "http://mammoth.invalid/api/v2",
          "http://app.mammoth.io/api/v2",
          "http://10.0.0.7:8080/api/v2",
          "http://192.168.1.2/api/v2",
          "http://[::2]/api/v2",
          "http://[::ffff:10.0.0.1]/api/v2",
          "http://127.0.0.1.nip.io/api/v2",
          "http://localhost.evil.example/api/v2",
          "http://notlocalhost/api/v2",
          // resolved by the system resolver, which may answer with an address elsewhere
          "http://mammoth.localhost/api/v2",
          "http://0.0.0.0/api/v2"
        ]
      ) {
        const errors = yield* refusedWithOptions({ apiToken: Redacted.make(apiToken), serverUrl })
        for (const e of errors) {
          expect(e.reason).toBe(
            "serverUrl is plain http to a host other than loopback: the credentials would cross the network in " +
              "clear (use https, or allowInsecureHttp: true)"
          )
          expect(renderings(e)).not.toContain(new URL(serverUrl).host)
        }
        // key mode too, and allowInsecureHttp: false is the default
        yield* refusedWithOptions({
          apiKey: Redacted.make(apiKey),
          apiSecret: Redacted.make(apiSecret),
          allowInsecureHttp: false,
          serverUrl
        })
      }
    }))

  it.effect("a malformed serverUrl's reason does not quote it", () =>
    Effect.gen(function*() {
      const cases: ReadonlyArray<readonly [string, string]> = [
        ["not a url pw-9f2c7e", "serverUrl is not a valid URL"],
        ["ftp://127.0.0.1/pw-9f2c7e", "serverUrl must be an http or https URL"],
        ["https://127.0.0.1/api?pw-9f2c7e=1", "serverUrl must not have a query or a fragment"],
        ["https://127.0.0.1/api#pw-9f2c7e", "serverUrl must not have a query or a fragment"]
      ]
      for (const [serverUrl, reason] of cases) {
        const errors = yield* refusedWithOptions({ apiToken: Redacted.make(apiToken), serverUrl })
        expect(errors[0]!.reason).toBe(reason)
        expect(renderings(errors[0])).not.toContain("pw-9f2c7e")
      }
    }))

  // The WHATWG URL gives an empty query or fragment as "", so a serverUrl ending in a bare "?" or "#" once
  // passed, and every operation's path was appended after it: sent as a query (or dropped as a fragment).
  it.effect("a serverUrl ending in a bare ? or # is refused: the operation's path would follow it", () =>
    Effect.gen(function*() {
      for (
        const serverUrl of [
          "https://app.mammoth.io/api/v2?",
          "https://app.mammoth.io/api/v2#",
          "http://127.0.0.1:4010/api/v2?/"
        ]
      ) {
        // before the fix: sent to https://app.mammoth.io/api/v2?/workspaces/4/projects/4/connectors/.../connections
        const [e] = yield* refusedWithOptions({ apiToken: Redacted.make(apiToken), serverUrl })
        expect(e!.reason).toBe("serverUrl must not have a query or a fragment")
      }
    }))

  it.effect("plain http to loopback is allowed: localhost, 127.0.0.0/8, [::1]", () =>
    Effect.gen(function*() {
      for (
        const serverUrl of [
          "http://localhost:4010/api/v2",
          "http://LOCALHOST/api/v2",
          "http://127.0.0.1/api/v2",
          "http://127.255.3.4:8080/api/v2",
          "http://[::1]:4010/api/v2",
          "http://[0:0:0:0:0:0:0:1]/api/v2"
        ]
      ) {
        const { layer, seen } = mammothOver(() => ({ status: 200, json: { connections: [] } }), { serverUrl })
        yield* Effect.provide(Effect.flatMap(MammothAnalytics, (m) => m.connections.list(scope)), layer)
        expect(seen, serverUrl).toHaveLength(1)
        expect(seen[0]!.url.protocol).toBe("http:")
      }
    }))

  it.effect("allowInsecureHttp: true lets plain http through to any host, in either mode", () =>
    Effect.gen(function*() {
      for (const credentials of [{}, { apiToken: Redacted.make(apiToken) }]) {
        const { layer, seen } = mammothOver(() => ({ status: 200, json: { connections: [] } }), {
          ...credentials,
          serverUrl: "http://mammoth.invalid:8080/api/v2",
          allowInsecureHttp: true
        })
        yield* Effect.provide(
          Effect.flatMap(MammothAnalytics, (m) => Effect.forEach(everyOperation, (call) => Effect.either(call(m)))),
          layer
        )
        expect(seen).toHaveLength(5)
        for (const request of seen) {
          expect(request.url.origin).toBe("http://mammoth.invalid:8080")
          expect(request.url.pathname).toMatch(/^\/api\/v2\/workspaces\/4\//)
        }
      }
    }))

  it.effect("allowInsecureHttp does not let a URL with a user or password through", () =>
    Effect.gen(function*() {
      const errors = yield* refusedWithOptions({
        apiToken: Redacted.make(apiToken),
        serverUrl: "http://bob:pw-9f2c7e@mammoth.invalid/api/v2",
        allowInsecureHttp: true
      })
      expect(errors[0]!.reason).toContain("user name or password")
      expect(renderings(errors[0])).not.toContain("pw-9f2c7e")
    }))

  it.effect("https to any host is allowed", () =>
    Effect.gen(function*() {
      const { layer, seen } = mammothOver(() => ({ status: 200, json: { connections: [] } }), {
        serverUrl: "https://mammoth.invalid/api/v2"
      })
      yield* Effect.provide(Effect.flatMap(MammothAnalytics, (m) => m.connections.list(scope)), layer)
      expect(seen[0]!.url.origin).toBe("https://mammoth.invalid")
    }))
})
