/**
 * Input and call options the Effect 4 line refuses before sending (each a `MammothAnalyticsInvalidRequestError`
 * naming what is wrong, never a secret or a body value, and nothing sent), and configuration it refuses when the
 * layer is built (a `Config.ConfigError` naming the setting).
 */
import { Config, Effect, Exit, Redacted, Schema } from "effect"
import * as util from "node:util"
import { describe, expect, it } from "vitest"
import { settingRefusalPrefix } from "../../src/core/settings.js"
import type { MammothAnalyticsOptions } from "../../src/v4/index.js"
import { MammothAnalytics, MammothAnalyticsInvalidRequestError, RetryPolicy, Schemas } from "../../src/v4/index.js"
import { recording, scope } from "./support/fetch.js"

/** The failure of `f` on a service that answers everything 200; what was sent. */
const refused = async (
  f: (m: MammothAnalytics["Service"]) => Effect.Effect<unknown, unknown>,
  options: Partial<MammothAnalyticsOptions> = {}
) => {
  const { layer, seen } = recording(() => ({ status: 200, json: {} }), options)
  const exit = await Effect.runPromise(
    Effect.exit(Effect.provide(MammothAnalytics.use((m) => Effect.flip(f(m))), layer))
  )
  if (exit._tag !== "Success") throw new Error(`expected a failure, got ${String(exit.cause)}`)
  return { error: exit.value as MammothAnalyticsInvalidRequestError, seen }
}

const expectRefused = (
  { error, seen }: { readonly error: unknown; readonly seen: ReadonlyArray<unknown> },
  operation: string,
  reason: string | RegExp
) => {
  expect(error).toBeInstanceOf(MammothAnalyticsInvalidRequestError)
  const e = error as MammothAnalyticsInvalidRequestError
  expect(e.operation).toBe(operation)
  if (typeof reason === "string") expect(e.reason).toBe(reason)
  else expect(e.reason).toMatch(reason)
  expect(e.message).toBe(`${operation}: invalid request, nothing was sent: ${e.reason}`)
  expect(seen).toHaveLength(0)
}

describe("input refused before sending", () => {
  it("ids, keys, concern: the rules of core/input.ts", async () => {
    expectRefused(
      await refused((m) => m.connections.list({ ...scope, workspaceId: 0 })),
      "ListConnections",
      "workspaceId: must be an integer >= 1, got 0"
    )
    expectRefused(
      await refused((m) => m.connections.get({ ...scope, connectionKey: "x".repeat(101) })),
      "GetConnection",
      "connectionKey: must be 1 to 100 characters long, got 101"
    )
    expectRefused(
      await refused((m) => m.connections.delete({ ...scope, connectorKey: "..", connectionKey: "k" })),
      "DeleteConnection",
      /^connectorKey: must not be "\." or "\.\."/
    )
    expectRefused(
      await refused((m) => m.connections.get({ ...scope, connectionKey: "k", concern: "all" as "profiles" })),
      "GetConnection",
      "concern: must be \"profiles\" or \"ds_config_spec\", got \"all\""
    )
    expectRefused(
      await refused((m) => m.jobs.get({ workspaceId: 4, jobId: -1 })),
      "GetJob",
      "jobId: must be an integer >= 0, got -1"
    )
  })

  it("a body that is not JSON is refused without quoting it", async () => {
    const body: Record<string, unknown> = { password: "pw-in-a-cycle-4d" }
    body["self"] = body
    const { error, seen } = await refused((m) => m.connections.create({ ...scope, requestBody: body }))
    expectRefused({ error, seen }, "SaveConnection", "the body is not JSON: it holds a circular reference")
    expect(util.inspect(error)).not.toContain("pw-in-a-cycle-4d")
  })

  it("a patch of the wrong shape names where, not what", async () => {
    const patch = [{ op: "remove", path: "connection", value: { password: "pw-7" } }]
    const { error, seen } = await refused((m) =>
      m.connections.update({ ...scope, connectionKey: "k", patch: patch as never })
    )
    expectRefused({ error, seen }, "UpdateConnection", "patch.0.op: must be \"replace\"")
    expect(String(error)).not.toContain("pw-7")
  })

  it("an empty profile or browseRoot (the spec: allowEmptyValue false); GetConnectionInput agrees", async () => {
    const decode = Schema.decodeUnknownExit(Schemas.GetConnectionInput)
    for (const field of ["profile", "browseRoot"] as const) {
      expectRefused(
        await refused((m) => m.connections.get({ ...scope, connectionKey: "k", [field]: "" })),
        "GetConnection",
        `${field}: must not be empty`
      )
      expect(Exit.isFailure(decode({ ...scope, connectionKey: "k", [field]: "" }))).toBe(true)
      expect(Exit.isSuccess(decode({ ...scope, connectionKey: "k", [field]: null }))).toBe(true)
      expect(Exit.isSuccess(decode({ ...scope, connectionKey: "k", [field]: " " }))).toBe(true)
    }
  })

  it("an input that is not an object", async () => {
    expectRefused(
      await refused((m) => m.connections.list("workspace 4" as never)),
      "ListConnections",
      "the input must be an object of the operation's fields"
    )
  })
})

describe("call options refused before sending", () => {
  it("a header with CR or LF, a name that is no token, a credential header, a transport header", async () => {
    expectRefused(
      await refused((m) => m.connections.list(scope, { headers: { "X-Note": "a\r\nInjected: 1" } })),
      "ListConnections",
      "header X-Note contains CR, LF or NUL"
    )
    expectRefused(
      await refused((m) => m.connections.list(scope, { headers: { "Bad Name": "v" } })),
      "ListConnections",
      "header name \"Bad Name\" is not a valid HTTP token"
    )
    expectRefused(
      await refused((m) => m.connections.list(scope, { headers: { Authorization: "Bearer other" } })),
      "ListConnections",
      "header Authorization is set from the layer's credentials"
    )
    expectRefused(
      await refused((m) => m.connections.list(scope, { headers: { Host: "elsewhere" } })),
      "ListConnections",
      "header Host is written by the transport, not by a call"
    )
  })

  it("a timeout that is not a duration, a retry that is not a policy", async () => {
    expectRefused(
      await refused((m) => m.connections.list(scope, { timeout: "soon" as never })),
      "ListConnections",
      "timeout is not a duration > 0"
    )
    expectRefused(
      await refused((m) => m.connections.list(scope, { timeout: "0 millis" })),
      "ListConnections",
      "timeout is not a duration > 0"
    )
    expectRefused(
      await refused((m) => m.connections.list(scope, { retry: { _tag: "Nope" } as never })),
      "ListConnections",
      "retry must be a RetryPolicy or a Schedule"
    )
  })

  it("an await timeout that is not a duration is refused before create is sent", async () => {
    expectRefused(
      await refused((m) => m.connections.createAndAwait({ ...scope, requestBody: {} }, { timeout: "never" as never })),
      "SaveConnection",
      "timeout is not a duration > 0"
    )
    expectRefused(
      await refused((m) => m.connections.createAndAwait({ ...scope, requestBody: {} }, { timeout: 0 })),
      "SaveConnection",
      "timeout is not a duration > 0"
    )
  })

  it("a polling schedule that is not a Schedule (from JavaScript) is refused before anything is sent", async () => {
    for (const schedule of ["fast", 5, {}]) {
      expectRefused(
        await refused((m) => m.connections.createAndAwait({ ...scope, requestBody: {} }, { schedule } as never)),
        "SaveConnection",
        "schedule must be a Schedule"
      )
      expectRefused(
        await refused((m) => m.jobs.await({ workspaceId: 4, jobId: 7 }, { schedule } as never)),
        "GetJob",
        "schedule must be a Schedule"
      )
    }
  })
})

/**
 * A layer built from `options` fails at start with a `Config.ConfigError` naming the setting: a program that only
 * needs the service fails, and so does every call; nothing is sent.
 */
const layerRefused = async (options: Partial<MammothAnalyticsOptions>, reason: string | RegExp) => {
  const { layer, seen } = recording(() => ({ status: 200, json: {} }), options)
  const atStart = await Effect.runPromise(Effect.flip(Effect.provide(Effect.void, layer)))
  const onCall = await Effect.runPromise(
    Effect.flip(Effect.provide(MammothAnalytics.use((m) => m.connections.list(scope)), layer))
  )
  expect(atStart).toBeInstanceOf(Config.ConfigError)
  expect(onCall).toBeInstanceOf(Config.ConfigError)
  const message = atStart.cause.message
  expect(message.startsWith(settingRefusalPrefix)).toBe(true)
  const problem = message.slice(settingRefusalPrefix.length)
  if (typeof reason === "string") expect(problem).toBe(reason)
  else expect(problem).toMatch(reason)
  expect(seen).toHaveLength(0)
  return atStart
}

describe("configuration refused when the layer is built", () => {
  it("plain http off loopback unless allowed; a user or password in the URL; both credential forms", async () => {
    await layerRefused({ serverUrl: "http://mammoth.example/api/v2" }, /^serverUrl is plain http to a host other/)
    const error = await layerRefused(
      { serverUrl: "https://bob:pw-url-5e@app.mammoth.io/api/v2" },
      /^serverUrl must not carry a user name or password/
    )
    expect(`${String(error)} ${JSON.stringify(error)} ${util.inspect(error)}`).not.toContain("pw-url-5e")
    await layerRefused(
      { apiKey: Redacted.make("k"), apiSecret: Redacted.make("s"), apiToken: Redacted.make("t") } as never,
      "give either apiToken, or apiKey and apiSecret, not both"
    )
  })

  it("a credential no header can carry, a token that is not Redacted, a retry that is not a policy", async () => {
    const error = await layerRefused({ apiToken: Redacted.make("mm_s3cr3t\nx") }, "apiToken contains CR, LF or NUL")
    expect(`${String(error)} ${JSON.stringify(error)} ${util.inspect(error)}`).not.toContain("s3cr3t")
    await layerRefused({ apiToken: Redacted.make("") }, "apiToken is empty")
    await layerRefused({ apiToken: Redacted.make("   ") }, "apiToken is blank")
    await layerRefused({ apiToken: Redacted.make("\t \u00a0") }, "apiToken is blank")
    await layerRefused({ apiKey: Redacted.make("  "), apiSecret: Redacted.make("s") }, "apiKey is blank")
    await layerRefused({ apiKey: Redacted.make("k"), apiSecret: Redacted.make(" \t ") }, "apiSecret is blank")
    await layerRefused({ apiKey: Redacted.make(""), apiSecret: Redacted.make("s") }, "apiKey is empty")
    await layerRefused({ apiToken: "mm_plain" as never }, "apiToken must be a Redacted string")
    // the tag of a policy, with a schedule that is not an effect 4 `Schedule` (one of the Effect 3 entry, say)
    await layerRefused(
      { retry: { ...RetryPolicy.none, schedule: {} } as never },
      "retry must be a RetryPolicy or a Schedule"
    )
    await layerRefused({ timeout: "1e3 millis" as never }, "timeout is not a duration > 0")
    // a timeout no attempt can beat: every call would fail, so the layer does
    await layerRefused({ timeout: 0 }, "timeout is not a duration > 0")
    await layerRefused({ timeout: "-5 seconds" }, "timeout is not a duration > 0")
    await layerRefused({ maxResponseBytes: 0 }, "maxResponseBytes must be an integer > 0")
  })
})
