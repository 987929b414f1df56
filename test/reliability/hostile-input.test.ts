/**
 * Hostile input, property-based (fast-check), over real HTTP on every client line and each of its transports:
 * whatever path keys, ids, query values and header values a caller passes, the request that reaches the
 * server has exactly the operation's segments and parameters, each key round-trips decoded; input the client
 * cannot send faithfully (invalid ids, lone surrogates, CR/LF/NUL or other bytes no header can carry, bodies
 * that are not JSON) fails as `MammothAnalyticsInvalidRequestError` and never reaches the network.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { lines, useClient } from "../lines/index.js"
import type { Line, NetworkTransport, NeutralCallOptions, NeutralClient } from "../lines/Line.js"
import { factsOf, failure } from "./support/outcome.js"
import type { OpCase, TestServer } from "./support/server.js"
import { answerOk, credentialsOf, ops, serve } from "./support/server.js"

const numRuns = 60
const byMethod = (method: string): OpCase => ops.find((op) => op.method === method)!

/**
 * A server that answers every operation's success, and a client of `line` over `transport` pointed at it.
 * Retries are on (3 attempts): a request that should never be sent must not be sent 3 times.
 */
const setup = async (line: Line, transport: NetworkTransport) => {
  const server = await serve((req, res) => answerOk(byMethod(req.method ?? ""), res))
  const client = useClient(line, {
    credentials: credentialsOf("key"),
    serverUrl: server.url,
    transport,
    retry: { retries: 2 }
  })
  return { server, client }
}

/**
 * Calls an operation by name with input of any shape (the point is to pass what the types would refuse), and
 * returns its outcome and the requests it caused.
 */
const observe = async (
  server: TestServer,
  client: NeutralClient,
  name: OpCase["name"],
  input: Record<string, unknown>,
  options?: NeutralCallOptions
) => {
  const before = server.requests.length
  const outcome = await client.call(name, input, options)
  return { outcome: factsOf(outcome), sent: server.requests.slice(before) }
}

const invalid = failure("MammothAnalyticsInvalidRequestError")

// --- arbitraries -------------------------------------------------------------------------------------------

const nasty = [
  "/",
  "?",
  "#",
  "%",
  ".",
  "..",
  "\\",
  " ",
  "+",
  "&",
  "=",
  ";",
  ":",
  "@",
  "%2F",
  "%2e",
  "%00",
  "\u0000",
  "\r",
  "\n",
  "\t",
  "é",
  "😀",
  "\uFEFF",
  "\u202E",
  "../",
  "/..",
  "a"
]

/** Strings of well-formed Unicode, biased towards URL syntax and dot segments. */
const wellFormed = fc.oneof(
  fc.string({ unit: fc.constantFrom(...nasty), minLength: 0, maxLength: 12 }),
  fc.string({ unit: "binary", minLength: 0, maxLength: 40 }),
  fc.string({ unit: "grapheme", minLength: 0, maxLength: 40 })
)

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c))

/** Strings holding at least one lone surrogate (not Unicode: no UTF-8 can carry them). */
const malformed = fc.tuple(wellFormed, loneSurrogate, wellFormed).map(([a, s, b]) => a + s + b)

const codePoints = (s: string) => [...s].length
const validConnectorKey = (s: string) => s.length > 0 && s !== "." && s !== ".."
const validConnectionKey = (s: string) => codePoints(s) >= 1 && codePoints(s) <= 100 && s !== "." && s !== ".."

const validId = fc.oneof(fc.integer({ min: 1, max: 1_000_000 }), fc.maxSafeInteger().filter((n) => n >= 1))
const invalidId: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: -1_000_000, max: 0 }),
  fc.double().filter((n) => !Number.isSafeInteger(n) || n < 1),
  fc.constantFrom(
    Number.NaN,
    Infinity,
    -Infinity,
    -0,
    1.5,
    2 ** 53,
    1e21,
    Number.MAX_VALUE,
    "4",
    "",
    null,
    undefined,
    true,
    4n,
    [4],
    { valueOf: () => 4 }
  )
)

// --- the request as the server saw it ----------------------------------------------------------------------

const collection = ["", "api", "v2", "workspaces", "W", "projects", "P", "connectors", "C", "connections"]

/** Splits the raw request target and checks it has exactly the operation's literal segments. */
const parseTarget = (target: string, withConnectionKey: boolean) => {
  expect(target).not.toContain("#")
  const q = target.indexOf("?")
  const path = q === -1 ? target : target.slice(0, q)
  const query = q === -1 ? undefined : target.slice(q + 1)
  const segments = path.split("/")
  const shape = withConnectionKey ? [...collection, "K"] : collection
  expect(segments.length).toBe(shape.length)
  shape.forEach((literal, i) => {
    if (!["W", "P", "C", "K"].includes(literal)) expect(segments[i]).toBe(literal)
  })
  return {
    workspaceId: segments[4]!,
    projectId: segments[6]!,
    connectorKey: decodeURIComponent(segments[8]!),
    connectionKey: withConnectionKey ? decodeURIComponent(segments[10]!) : undefined,
    query: query === undefined ? [] : query.split("&").map((pair) => {
      const eq = pair.indexOf("=")
      expect(eq).toBeGreaterThan(0)
      return [pair.slice(0, eq), decodeURIComponent(pair.slice(eq + 1))] as const
    })
  }
}

const base = { workspaceId: 4, projectId: 7, connectorKey: "cG9zdGdyZXM=" }
const patch = [{ op: "replace", path: "connection", value: { database: "db" } }]

for (const line of lines) {
  for (const transport of line.transports) {
    describe(`[${line.name}] hostile input over ${transport}`, () => {
      it("path keys: exactly the operation's segments, each key round-trips decoded", async () => {
        const { client, server } = await setup(line, transport)
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom("list", "create", "get", "update", "delete" as const),
            wellFormed,
            wellFormed,
            async (name, connectorKey, connectionKey) => {
              const item = name !== "list" && name !== "create"
              const input = {
                ...base,
                connectorKey,
                ...(item ? { connectionKey } : {}),
                ...(name === "create" ? { requestBody: { a: 1 } } : {}),
                ...(name === "update" ? { patch } : {})
              }
              const { outcome, sent } = await observe(server, client, name, input)
              const valid = validConnectorKey(connectorKey) && (!item || validConnectionKey(connectionKey))
              if (!valid) {
                expect(outcome).toEqual(invalid)
                expect(sent).toEqual([])
                return
              }
              expect(outcome.outcome).toBe("success")
              expect(sent.length).toBe(1)
              const seen = parseTarget(sent[0]!.url, item)
              expect(seen.workspaceId).toBe("4")
              expect(seen.projectId).toBe("7")
              expect(seen.connectorKey).toBe(connectorKey)
              if (item) expect(seen.connectionKey).toBe(connectionKey)
              expect(seen.query).toEqual([])
            }
          ),
          { numRuns: numRuns * 2 }
        )
      })

      it("ids: valid ones are written in decimal, anything else never reaches the network", async () => {
        const { client, server } = await setup(line, transport)
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom("list", "get", "delete" as const),
            fc.oneof(validId, invalidId),
            fc.oneof(validId, invalidId),
            async (name, workspaceId, projectId) => {
              const item = name !== "list"
              const input = { ...base, workspaceId, projectId, ...(item ? { connectionKey: "k" } : {}) }
              const { outcome, sent } = await observe(server, client, name, input)
              const valid = (id: unknown) => typeof id === "number" && Number.isSafeInteger(id) && id >= 1
              if (!valid(workspaceId) || !valid(projectId)) {
                expect(outcome).toEqual(invalid)
                expect(sent).toEqual([])
                return
              }
              expect(sent.length).toBe(1)
              const seen = parseTarget(sent[0]!.url, item)
              expect(seen.workspaceId).toMatch(/^[1-9][0-9]*$/)
              expect(Number(seen.workspaceId)).toBe(workspaceId)
              expect(Number(seen.projectId)).toBe(projectId)
              // with the key and secret, X-WORKSPACE-ID names the same workspace as the path, in the same digits
              expect(sent[0]!.headers["x-workspace-id"]).toBe(seen.workspaceId)
            }
          ),
          { numRuns }
        )
      })

      it("query values: exactly the given parameters, each round-trips decoded; an empty text value is refused", async () => {
        const { client, server } = await setup(line, transport)
        await fc.assert(
          fc.asyncProperty(
            fc.option(wellFormed, { nil: undefined }),
            fc.constantFrom("profiles", "ds_config_spec", null, undefined),
            fc.option(fc.boolean(), { nil: undefined }),
            fc.oneof(wellFormed, fc.constantFrom(null, undefined)),
            fc.option(fc.boolean(), { nil: undefined }),
            async (profile, concern, isExport, browseRoot, foldersOnly) => {
              const input = {
                ...base,
                connectionKey: "k",
                ...(profile === undefined ? {} : { profile }),
                ...(concern === undefined ? {} : { concern }),
                ...(isExport === undefined ? {} : { isExport }),
                ...(browseRoot === undefined ? {} : { browseRoot }),
                ...(foldersOnly === undefined ? {} : { foldersOnly })
              }
              const { outcome, sent } = await observe(server, client, "get", input)
              // the spec declares profile and browse_root `allowEmptyValue: false`
              if (profile === "" || browseRoot === "") {
                expect(outcome).toEqual(invalid)
                expect(sent).toEqual([])
                return
              }
              expect(outcome.outcome).toBe("success")
              expect(sent.length).toBe(1)
              const seen = parseTarget(sent[0]!.url, true)
              const expected: Array<readonly [string, string]> = []
              if (isExport !== undefined) expected.push(["is_export", String(isExport)])
              if (typeof concern === "string") expected.push(["concern", concern])
              if (profile !== undefined) expected.push(["profile", profile])
              // null, as the spec allows, is not sent
              if (typeof browseRoot === "string") expected.push(["browse_root", browseRoot])
              if (foldersOnly !== undefined) expected.push(["folders_only", String(foldersOnly)])
              expect([...seen.query].sort()).toEqual(expected.sort())
            }
          ),
          { numRuns }
        )
      })

      it("query values outside the spec (a concern not in its enum) never reach the network", async () => {
        const { client, server } = await setup(line, transport)
        await fc.assert(
          fc.asyncProperty(
            wellFormed.filter((s) => s !== "profiles" && s !== "ds_config_spec"),
            async (concern) => {
              const { outcome, sent } = await observe(server, client, "get", { ...base, connectionKey: "k", concern })
              expect(outcome).toEqual(invalid)
              expect(sent).toEqual([])
            }
          ),
          { numRuns }
        )
      })

      it("keys and query values that are not well-formed Unicode fail as invalid, never as a defect", async () => {
        const { client, server } = await setup(line, transport)
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom("connectorKey", "connectionKey", "profile", "browseRoot"),
            malformed,
            async (field, value) => {
              const { outcome, sent } = await observe(server, client, "get", {
                ...base,
                connectionKey: "k",
                [field]: value
              })
              expect(outcome).toEqual(invalid)
              expect(sent).toEqual([])
            }
          ),
          { numRuns }
        )
      })

      it("header values: CR, LF, NUL and bytes no header can carry are refused before sending", async () => {
        const { client, server } = await setup(line, transport)
        const forbidden = fc.oneof(
          fc.constantFrom("\r", "\n", "\0", "\r\n", "\x7f", "\x01", "\x1b", "€", "😀", "\u2028"),
          loneSurrogate
        )
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom("list", "create", "get", "update", "delete" as const),
            fc.tuple(fc.string({ unit: "binary-ascii", maxLength: 20 }), forbidden, fc.string({ maxLength: 20 }))
              .map(([a, f, b]) => a + f + b),
            async (name, value) => {
              const item = name !== "list" && name !== "create"
              const input = {
                ...base,
                ...(item ? { connectionKey: "k" } : {}),
                ...(name === "create" ? { requestBody: { a: 1 } } : {}),
                ...(name === "update" ? { patch } : {})
              }
              const { outcome, sent } = await observe(server, client, name, input, {
                headers: { "x-request-tag": value }
              })
              expect(outcome).toEqual(invalid)
              expect(sent).toEqual([])
            }
          ),
          { numRuns }
        )
      })

      it("header values a header can carry arrive as given (trimmed of outer whitespace, as HTTP does)", async () => {
        const { client, server } = await setup(line, transport)
        const carriable = fc.string({
          unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
          maxLength: 40
        })
        await fc.assert(
          fc.asyncProperty(carriable, async (value) => {
            const { outcome, sent } = await observe(server, client, "list", base, {
              headers: { "x-request-tag": value }
            })
            expect(outcome.outcome).toBe("success")
            expect(sent.length).toBe(1)
            expect(sent[0]!.headers["x-request-tag"] ?? "").toBe(value.trim())
          }),
          { numRuns }
        )
      })

      it("header names that are not HTTP tokens, and the layer's credential headers, are refused", async () => {
        const { client, server } = await setup(line, transport)
        await fc.assert(
          fc.asyncProperty(
            fc.oneof(
              fc.string({ maxLength: 10 }).map((s) => `x-${s} `),
              fc.constantFrom(
                "",
                "x:y",
                "x y",
                "x\r\ny",
                "x\u00e9",
                "X-API-KEY",
                "x-api-secret",
                "X-Api-Secret",
                "Authorization",
                "authorization",
                "X-WORKSPACE-ID",
                "x-workspace-id"
              )
            ),
            async (headerName) => {
              const { outcome, sent } = await observe(server, client, "list", base, { headers: { [headerName]: "v" } })
              expect(outcome).toEqual(invalid)
              expect(sent).toEqual([])
            }
          ),
          { numRuns }
        )
      })

      it("JSON bodies reach the server as sent", async () => {
        const { client, server } = await setup(line, transport)
        await fc.assert(
          fc.asyncProperty(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })), async (requestBody) => {
            const { outcome, sent } = await observe(server, client, "create", { ...base, requestBody })
            expect(outcome.outcome).toBe("success")
            expect(sent.length).toBe(1)
            expect(JSON.parse(sent[0]!.body)).toEqual(JSON.parse(JSON.stringify(requestBody)))
          }),
          { numRuns }
        )
      })

      it("a body key named __proto__ (as JSON.parse makes it) is sent as given, never dropped", async () => {
        const { client, server } = await setup(line, transport)
        const value = JSON.parse("{\"__proto__\":{\"isAdmin\":true},\"database\":\"db\"}") as Record<string, unknown>
        const created = await observe(server, client, "create", { ...base, requestBody: value })
        expect(created.outcome.outcome).toBe("success")
        expect(created.sent[0]!.body).toBe(JSON.stringify(value))
        const updated = await observe(server, client, "update", {
          ...base,
          connectionKey: "k",
          patch: [{ op: "replace", path: "connection", value }]
        })
        expect(updated.outcome.outcome).toBe("success")
        expect(updated.sent[0]!.body).toBe(JSON.stringify({ patch: [{ op: "replace", path: "connection", value }] }))
      })

      it("bodies with cycles, BigInt, functions, symbols or non-finite numbers fail as invalid, unsent", async () => {
        const { client, server } = await setup(line, transport)
        const poison = fc.constantFrom<ReadonlyArray<string>>(
          ["bigint"],
          ["function"],
          ["symbol"],
          ["nan"],
          ["infinity"],
          ["cycle"],
          ["undefined-in-array"]
        )
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom("create", "update" as const),
            fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
            fc.array(fc.string({ minLength: 1, maxLength: 5 }), { maxLength: 3 }),
            poison,
            async (name, json, path, [kind]) => {
              const root: Record<string, unknown> = { ...json }
              let node = root
              for (const key of path) {
                const child: Record<string, unknown> = {}
                Object.defineProperty(node, key, {
                  value: child,
                  enumerable: true,
                  configurable: true,
                  writable: true
                })
                node = child
              }
              const value = kind === "bigint"
                ? 10n ** 20n
                : kind === "function"
                ? () => "x"
                : kind === "symbol"
                ? Symbol("x")
                : kind === "nan"
                ? Number.NaN
                : kind === "infinity"
                ? -Infinity
                : kind === "cycle"
                ? root
                : [1, undefined, 3]
              Object.defineProperty(node, "poison", { value, enumerable: true, configurable: true, writable: true })
              const input = name === "create"
                ? { ...base, requestBody: root }
                : { ...base, connectionKey: "k", patch: [{ op: "replace", path: "connection", value: root }] }
              const { outcome, sent } = await observe(server, client, name, input)
              expect(outcome).toEqual(invalid)
              expect(sent).toEqual([])
            }
          ),
          { numRuns }
        )
      })
    })
  }
}
