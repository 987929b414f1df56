/**
 * Contract tests: the real client's requests and the fake's responses, held against the OpenAPI document
 * (`../shared/spec/connections.openapi.yaml`) as read at run time, with ajv (JSON Schema 2020-12).
 */
import { FetchHttpClient } from "@effect/platform"
import { afterAll, describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { MammothAnalytics, RetryPolicy } from "../../src/index.js"
import { MammothFake } from "../../src/testing/index.js"
import type { CapturedRequest, ErrorConvention } from "./openapi.js"
import { checkRequest, checkResponse, operations, tally, uncounted } from "./openapi.js"

const scope = { workspaceId: 4, projectId: 4, connectorKey: "cG9zdGdyZXM=" } as const
const auth = {
  "x-api-key": Redacted.value(MammothFake.credentials.apiKey),
  "x-api-secret": Redacted.value(MammothFake.credentials.apiSecret)
}
const origin = "http://mammoth-fake.invalid"
const collection = (workspace: number | string = 4) =>
  `/api/v2/workspaces/${workspace}/projects/4/connectors/cG9zdGdyZXM%3D/connections`

/** Tests run in this file, by kind, for the closing line. */
const testCounts = { requestOps: 0, responses: 0, negatives: 0 }

afterAll(() => {
  const lines = [...tally].sort(([a], [b]) => a.localeCompare(b)).map(([kind, n]) =>
    `  ${String(n).padStart(4)}  ${kind}`
  )
  const total = [...tally.values()].reduce((a, b) => a + b, 0)
  console.log(
    `contract checks against ${operations.length} operations of the spec: ${total} checks\n${lines.join("\n")}\n` +
      `  client requests checked: ${testCounts.requestOps}, fake responses checked: ${testCounts.responses}, ` +
      `rejections proven: ${testCounts.negatives}`
  )
})

describe("the client's requests match the spec", () => {
  it.effect("every operation, with every optional parameter, and keys that need percent-encoding", () =>
    Effect.gen(function*() {
      const fake = yield* MammothFake.make()
      const captured: Array<CapturedRequest> = []
      const recording = (async (input: RequestInfo | URL, init?: RequestInit) => {
        const request = new Request(input, init)
        captured.push({
          method: request.method,
          url: request.url,
          headers: Object.fromEntries(request.headers),
          body: await request.clone().text()
        })
        return fake.fetch(request)
      }) as typeof globalThis.fetch
      const live = MammothAnalytics.layer({
        ...MammothFake.credentials,
        serverUrl: MammothFake.memoryServerUrl,
        retry: RetryPolicy.none
      }).pipe(Layer.provide(FetchHttpClient.layer), Layer.provide(Layer.succeed(FetchHttpClient.Fetch, recording)))

      yield* Effect.gen(function*() {
        const mammoth = yield* MammothAnalytics
        for (const connector of [scope, { ...scope, connectorKey: "a/b?c#d %" }]) {
          yield* mammoth.connections.list(connector)
          yield* mammoth.connections.list({ ...connector, isExport: true })
          const created = (yield* mammoth.connections.create({
            ...connector,
            isExport: false,
            requestBody: { database: "hubli_journal", hostname: "localhost", port: 5432, password: "pwd" }
          })) as { connection_key: string }
          const connectionKey = created.connection_key
          yield* mammoth.connections.get({ ...connector, connectionKey })
          yield* mammoth.connections.get({
            ...connector,
            connectionKey,
            concern: "ds_config_spec",
            profile: "api",
            isExport: true
          })
          yield* mammoth.connections.get({ ...connector, connectionKey, concern: null, profile: null })
          yield* mammoth.connections.update({
            ...connector,
            connectionKey,
            isExport: false,
            patch: [{ op: "replace", path: "connection", value: { database: "db" } }]
          })
          yield* mammoth.connections.delete({ ...connector, connectionKey, isExport: true })
          // keys that would change the path if not encoded reach the server as one segment (and are unknown)
          for (const odd of ["../x", "a/b?c#d", "%2F", "é 😀"]) {
            yield* Effect.flip(mammoth.connections.get({ ...connector, connectionKey: odd }))
          }
        }
      }).pipe(Effect.provide(live))

      const seen = new Set<string>()
      for (const request of captured) {
        const { operationId, problems } = checkRequest(request)
        expect({ request: `${request.method} ${request.url}`, problems }).toEqual({
          request: `${request.method} ${request.url}`,
          problems: []
        })
        if (operationId !== undefined) seen.add(operationId)
        testCounts.requestOps++
      }
      expect([...seen].sort()).toEqual(operations.map((o) => o.operationId).sort())
      // the odd keys reached get as one segment each: the fake saw no unmatched path
      expect((yield* fake.stats).requests.unmatched).toBe(0)
    }))
})

/** One raw request to a fake, answered in memory. */
const send = (fake: MammothFake.FakeService, method: string, path: string, body?: unknown, headers = auth) =>
  Effect.promise(async () => {
    const response = await fake.fetch(`${origin}${path}`, {
      method,
      headers: { ...headers, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
    return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() }
  })

describe("the fake's responses match the spec", () => {
  it.effect("success, 400 (Validation Exception and Client Error) and 401 of every operation", () =>
    Effect.gen(function*() {
      const fake = yield* MammothFake.make()
      const created = yield* send(fake, "POST", collection(), { database: "db", password: "pwd" })
      const key = JSON.parse(created.body).connection_key as string
      const item = (k: string, workspace: number | string = 4) => `${collection(workspace)}/${encodeURIComponent(k)}`
      const patch = { patch: [{ op: "replace", path: "connection", value: { database: "db2" } }] }

      const cases: Array<{
        op: string
        expected: number
        convention?: ErrorConvention
        response: { status: number; headers: Record<string, string>; body: string }
      }> = [
        { op: "SaveConnection", expected: 201, response: created },
        { op: "ListConnections", expected: 200, response: yield* send(fake, "GET", collection()) },
        { op: "GetConnection", expected: 200, response: yield* send(fake, "GET", `${item(key)}?concern=profiles`) },
        { op: "UpdateConnection", expected: 200, response: yield* send(fake, "PATCH", item(key), patch) },
        // validation: an id the spec rules out, a body of the wrong shape, a concern outside the enum
        { op: "ListConnections", expected: 400, response: yield* send(fake, "GET", collection(0)) },
        {
          op: "SaveConnection",
          expected: 400,
          convention: "validation",
          response: yield* send(fake, "POST", collection(), ["not", "an", "object"])
        },
        {
          op: "GetConnection",
          expected: 400,
          convention: "validation",
          response: yield* send(fake, "GET", `${item(key)}?concern=data`)
        },
        {
          op: "UpdateConnection",
          expected: 400,
          convention: "validation",
          response: yield* send(fake, "PATCH", item(key), { changes: [] })
        },
        {
          op: "DeleteConnection",
          expected: 400,
          convention: "validation",
          response: yield* send(fake, "DELETE", item("k".repeat(101)))
        },
        // client errors: an unknown connection
        {
          op: "GetConnection",
          expected: 400,
          convention: "client",
          response: yield* send(fake, "GET", item("unknown"))
        },
        {
          op: "UpdateConnection",
          expected: 400,
          convention: "client",
          response: yield* send(fake, "PATCH", item("unknown"), patch)
        },
        {
          op: "DeleteConnection",
          expected: 400,
          convention: "client",
          response: yield* send(fake, "DELETE", item("unknown"))
        },
        // 401, missing and wrong credentials
        {
          op: "ListConnections",
          expected: 401,
          response: yield* send(fake, "GET", collection(), undefined, {} as any)
        },
        {
          op: "SaveConnection",
          expected: 401,
          response: yield* send(fake, "POST", collection(), {}, { ...auth, "x-api-secret": "wrong" })
        },
        { op: "GetConnection", expected: 401, response: yield* send(fake, "GET", item(key), undefined, {} as any) },
        {
          op: "UpdateConnection",
          expected: 401,
          response: yield* send(fake, "PATCH", item(key), patch, { ...auth, "x-api-key": "wrong" })
        },
        {
          op: "DeleteConnection",
          expected: 401,
          response: yield* send(fake, "DELETE", item(key), undefined, {} as any)
        },
        // delete last: it removes the connection the others read
        { op: "DeleteConnection", expected: 204, response: yield* send(fake, "DELETE", item(key)) }
      ]
      for (const { convention, expected, op, response } of cases) {
        expect({ op, status: response.status }).toEqual({ op, status: expected })
        expect({ op, status: expected, problems: checkResponse(op, response, convention) }).toEqual({
          op,
          status: expected,
          problems: []
        })
        testCounts.responses++
      }
      const covered = new Set(cases.map((c) => `${c.op} ${c.expected}`))
      for (const op of operations) {
        for (const status of Object.keys(op.node.responses)) {
          expect(covered.has(`${op.operationId} ${status}`), `${op.operationId} ${status} is exercised`).toBe(true)
        }
      }
    }))
})

describe("the validator rejects what the spec rejects", () => {
  const good = (overrides: Partial<CapturedRequest> = {}): CapturedRequest => ({
    method: "PATCH",
    url: `${origin}${collection()}/abc`,
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify({ patch: [{ op: "replace", path: "connection", value: { database: "db" } }] }),
    ...overrides
  })

  it("a well-formed request passes (so the rejections below are about what they change)", () => {
    expect(uncounted(() => checkRequest(good())).problems).toEqual([])
  })

  const rejected: ReadonlyArray<readonly [string, CapturedRequest, RegExp]> = [
    ["workspace_id 0", good({ url: `${origin}${collection(0)}/abc` }), /workspace_id: must be >= 1/],
    [
      "project_id not an integer",
      good({ url: `${origin}/api/v2/workspaces/4/projects/1.5/connectors/x/connections/abc` }),
      /project_id: must be integer/
    ],
    [
      "connection_key over 100 characters",
      good({ url: `${origin}${collection()}/${"k".repeat(101)}` }),
      /connection_key: must NOT have more than 100/
    ],
    [
      "update body without patch",
      good({ body: JSON.stringify({ changes: [] }) }),
      /must have required property 'patch'/
    ],
    [
      "patch op other than replace",
      good({ body: JSON.stringify({ patch: [{ op: "add", path: "connection", value: {} }] }) }),
      /must be equal to constant/
    ],
    [
      "create body that is an array",
      good({ method: "POST", url: `${origin}${collection()}`, body: "[1]" }),
      /body: must be object/
    ],
    [
      "unknown concern",
      good({ method: "GET", url: `${origin}${collection()}/abc?concern=data`, body: "" }),
      /concern: must be equal to one of the allowed values/
    ],
    [
      "is_export not a boolean",
      good({ method: "GET", url: `${origin}${collection()}?is_export=yes`, body: "" }),
      /is_export: must be boolean/
    ],
    [
      "undeclared query parameter",
      good({ method: "DELETE", url: `${origin}${collection()}/abc?force=1`, body: "" }),
      /force is not declared/
    ],
    [
      "missing X-API-SECRET",
      good({ headers: { "x-api-key": "k", "content-type": "application/json" } }),
      /X-API-SECRET is missing/
    ],
    ["a body on a GET", good({ method: "GET" }), /sends a body the spec does not describe/],
    ["a method the path does not have", good({ method: "PUT" }), /no operation for PUT/],
    [
      "a path outside the server URL",
      good({ url: `${origin}/api/v1/workspaces/4/projects/4/connectors/x/connections` }),
      /is not under \/api\/v2/
    ]
  ]
  for (const [name, request, problem] of rejected) {
    it(`flags ${name}`, () => {
      const { problems } = uncounted(() => checkRequest(request))
      expect(problems.join("\n")).toMatch(problem)
      testCounts.negatives++
    })
  }

  const badResponses: ReadonlyArray<readonly [string, string, { status: number; body: string }, ErrorConvention]> = [
    ["a 401 body without detail", "GetConnection", { status: 401, body: `{"status_code":401}` }, "none"],
    ["a 400 body whose status_code is a string", "UpdateConnection", {
      status: 400,
      body: `{"status_code":"400","detail":"x"}`
    }, "none"],
    ["a list body without connections", "ListConnections", { status: 200, body: `{"items":[]}` }, "none"],
    ["a connection with an empty key", "ListConnections", {
      status: 200,
      body: `{"connections":[{"connection_key":"","connection_config":{}}]}`
    }, "none"],
    ["a status the operation does not declare", "SaveConnection", { status: 200, body: `{}` }, "none"],
    ["a Validation Exception whose extra is an object", "GetConnection", {
      status: 400,
      body: `{"status_code":400,"detail":"x","extra":{}}`
    }, "validation"],
    ["a Client Error whose extra is a list", "GetConnection", {
      status: 400,
      body: `{"status_code":400,"detail":"x","extra":[]}`
    }, "client"],
    ["a 204 with a body", "DeleteConnection", { status: 204, body: `{}` }, "none"]
  ]
  for (const [name, op, response, convention] of badResponses) {
    it(`flags ${name}`, () => {
      const problems = uncounted(() =>
        checkResponse(op, { ...response, headers: { "content-type": "application/json" } }, convention)
      )
      expect(problems.length).toBeGreaterThan(0)
      testCounts.negatives++
    })
  }
})
