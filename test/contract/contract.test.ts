/**
 * Contract tests: the real client's requests (on every client line, captured by an in-memory `fetch`) and the
 * fake's responses (on every line that has a fake), held against the vendored OpenAPI documents (`spec/`) as
 * read at run time, with ajv (JSON Schema 2020-12):
 *
 * - the live document (`spec/connections.live-2026-10.openapi.yaml`) is the contract: every request the client
 *   sends, with a token and with key and secret, and every answer of the fake, is checked against it;
 * - the reference document (`spec/connections.reference.openapi.yaml`), what the reference SDK was generated
 *   from: requests made with key and secret are checked against it as well, so servers of that vintage keep
 *   working, and so is the fake's 201 answer to create in its `createAnswer: "created"` mode.
 *
 * The live document's `oneOf`s are read as `anyOf` (see `openapi.ts`): its branches overlap, so a strict
 * `oneOf` would reject answers the server really sends.
 */
import { afterAll, describe, expect, it } from "vitest"
import { lines, useClient } from "../lines/index.js"
import type {
  Line,
  LineFake,
  LineName,
  NeutralCredentials,
  NeutralFake,
  NeutralFakeOptions,
  Outcome
} from "../lines/Line.js"
import { v3 } from "../lines/v3.js"
import type { CapturedRequest, CapturedResponse, Contract, ErrorConvention } from "./openapi.js"
import { live, reference, uncounted } from "./openapi.js"

const scope = { workspaceId: 4, projectId: 4, connectorKey: "cG9zdGdyZXM=" } as const
/** The headers that carry a fake's credentials. */
const bearerOf = (fake: LineFake) => ({ authorization: `Bearer ${fake.token}` })
const keyAuthOf = (fake: LineFake) => (workspace = "4") => ({
  "x-api-key": fake.apiKey,
  "x-api-secret": fake.apiSecret,
  "x-workspace-id": workspace
})
const origin = "https://mammoth-fake.invalid"
const collection = (workspace: number | string = 4) =>
  `/api/v2/workspaces/${workspace}/projects/4/connectors/cG9zdGdyZXM%3D/connections`

/** Query parameters the live document added to GetConnection: the reference document does not declare them. */
const liveOnlyQuery = /^query parameter (browse_root|folders_only) is not declared$/

/** Tests run in this file, by kind and line, for the closing lines. */
interface Counts {
  liveRequests: number
  referenceRequests: number
  liveResponses: number
  referenceResponses: number
}
const testCounts = new Map<LineName, Counts>()
const countsOf = (line: Line): Counts => {
  let counts = testCounts.get(line.name)
  if (counts === undefined) {
    counts = { liveRequests: 0, referenceRequests: 0, liveResponses: 0, referenceResponses: 0 }
    testCounts.set(line.name, counts)
  }
  return counts
}
let negatives = 0

afterAll(() => {
  const report = (contract: Contract) => {
    const lines = [...contract.tally].sort(([a], [b]) => a.localeCompare(b)).map(([kind, n]) =>
      `  ${String(n).padStart(4)}  ${kind}`
    )
    const total = [...contract.tally.values()].reduce((a, b) => a + b, 0)
    return `${contract.name} (${contract.file}, ${contract.operations.length} operations): ${total} checks\n${
      lines.join("\n")
    }`
  }
  const byLine = [...testCounts].map(([name, counts]) =>
    `  [${name}] client requests checked: ${counts.liveRequests} against live, ${counts.referenceRequests} against ` +
    `reference; fake responses checked: ${counts.liveResponses} against live, ${counts.referenceResponses} ` +
    `against reference`
  )
  console.log(
    `contract checks\n${report(live)}\n${report(reference)}\n${byLine.join("\n")}\n  rejections proven: ${negatives}`
  )
})

/** The outcome's value; fails the test, showing the outcome, when it is not a success. */
const valueOf = (outcome: Outcome): unknown => {
  if (outcome._tag !== "Success") expect.fail(`expected a success, got ${outcome._tag}: ${outcome.view.pretty[0]}`)
  return outcome.value
}

/**
 * The fake that answers a line's client: the line's own, or, until the line has a testing entry, the Effect 3
 * line's (its in-memory `fetch` is a plain function: an HTTP server in memory, whatever the client's line).
 */
const answeringFake = (line: Line): LineFake => line.fake ?? v3.fake!

/** Runs every operation of the client, with every optional parameter, and records what it sends. */
const recordClientRequests = async (line: Line, credentials: (fake: LineFake) => NeutralCredentials) => {
  const fakeEntry = answeringFake(line)
  const fake = await fakeEntry.make()
  const captured: Array<CapturedRequest> = []
  const recording = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init)
    captured.push({
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers),
      body: await request.clone().text()
    })
    return fake.fetch(request)
  }
  const client = useClient(line, {
    credentials: credentials(fakeEntry),
    serverUrl: fakeEntry.memoryServerUrl,
    retry: "none",
    transport: recording
  })
  for (const connector of [scope, { ...scope, workspaceId: 7, connectorKey: "a/b?c#d %" }]) {
    valueOf(await client.call("list", connector))
    valueOf(await client.call("list", { ...connector, isExport: true }))
    const created = valueOf(
      await client.call("create", {
        ...connector,
        isExport: false,
        requestBody: { database: "hubli_journal", hostname: "localhost", port: 5432, password: "pwd" }
      })
    ) as { readonly _tag: string; readonly jobId?: number | null }
    expect(created._tag).toBe("Job")
    if (created._tag !== "Job" || created.jobId === null || created.jobId === undefined) return captured
    const awaited = valueOf(
      await client.call("jobs.await", { workspaceId: connector.workspaceId, jobId: created.jobId })
    ) as { readonly response: { readonly connection_key: string } }
    const connectionKey = awaited.response.connection_key
    valueOf(await client.call("get", { ...connector, connectionKey }))
    valueOf(
      await client.call("get", {
        ...connector,
        connectionKey,
        concern: "ds_config_spec",
        profile: "api",
        browseRoot: "/exports/2026",
        foldersOnly: true,
        isExport: true
      })
    )
    valueOf(await client.call("get", { ...connector, connectionKey, concern: null, profile: null, browseRoot: null }))
    valueOf(
      await client.call("update", {
        ...connector,
        connectionKey,
        isExport: false,
        patch: [{ op: "replace", path: "connection", value: { database: "db" } }]
      })
    )
    valueOf(await client.call("delete", { ...connector, connectionKey, isExport: true }))
    // keys that would change the path if not encoded reach the server as one segment (and are unknown)
    for (const odd of ["../x", "a/b?c#d", "%2F", "é 😀"]) {
      expect((await client.call("get", { ...connector, connectionKey: odd }))._tag).toBe("Failure")
    }
  }
  // every request was answered by an operation of the fake: none fell outside its routes or its auth
  expect(await fake.unmatched()).toBe(0)
  return captured
}

const pathWorkspace = (url: string): string | undefined => /\/workspaces\/([^/]+)\//.exec(new URL(url).pathname)?.[1]

for (const line of lines) {
  describe(`[${line.name}] the client's requests match the live contract`, () => {
    it("with a token: every operation, every optional parameter; only Authorization carries credentials", async () => {
      const captured = await recordClientRequests(line, (fake) => ({ apiToken: fake.token }))
      const seen = new Set<string>()
      for (const request of captured) {
        const { operationId, problems, security } = live.checkRequest(request)
        expect({ request: `${request.method} ${request.url}`, problems, security }).toEqual({
          request: `${request.method} ${request.url}`,
          problems: [],
          security: "bearerAuth"
        })
        expect(request.headers).not.toHaveProperty("x-api-key")
        expect(request.headers).not.toHaveProperty("x-api-secret")
        expect(request.headers).not.toHaveProperty("x-workspace-id")
        if (operationId !== undefined) seen.add(operationId)
        countsOf(line).liveRequests++
      }
      expect([...seen].sort()).toEqual(live.operations.map((o) => o.operationId).sort())
    })

    it("with key and secret: live and reference both accept them; X-WORKSPACE-ID is the path's workspace", async () => {
      const captured = await recordClientRequests(line, (fake) => ({ apiKey: fake.apiKey, apiSecret: fake.apiSecret }))
      for (const request of captured) {
        const checked = live.checkRequest(request)
        expect({ request: `${request.method} ${request.url}`, problems: checked.problems, security: checked.security })
          .toEqual({
            request: `${request.method} ${request.url}`,
            problems: [],
            security: "apiKey+apiSecret+workspaceId"
          })
        // a job's path has no workspace: the header names the one the job was created in (job 1: 4, job 2: 7)
        const jobId = /\/jobs\/([0-9]+)$/.exec(new URL(request.url).pathname)?.[1]
        expect(request.headers["x-workspace-id"]).toBe(
          jobId === undefined ? pathWorkspace(request.url) : { "1": "4", "2": "7" }[jobId]
        )
        expect(request.headers).not.toHaveProperty("authorization")
        countsOf(line).liveRequests++
        // GetJob is not in the reference document: the reference SDK's servers answer create with 201
        if (request.url.includes("/jobs/")) continue
        const older = reference.checkRequest(request)
        expect({
          request: `${request.method} ${request.url}`,
          problems: older.problems.filter((p) => !liveOnlyQuery.test(p))
        }).toEqual({ request: `${request.method} ${request.url}`, problems: [] })
        countsOf(line).referenceRequests++
      }
      expect(new Set(captured.map((r) => r.headers["x-workspace-id"]))).toEqual(new Set(["4", "7"]))
    })
  })
}

/** One raw request to a fake, answered in memory. */
const sendTo = (fake: NeutralFake, defaultHeaders: Record<string, string>) =>
async (
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = defaultHeaders
): Promise<CapturedResponse> => {
  const response = await fake.fetch(`${origin}${path}`, {
    method,
    headers: { ...headers, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() }
}

interface ResponseCase {
  readonly op: string
  readonly expected: number
  readonly convention?: ErrorConvention
  readonly response: CapturedResponse
}

const expectConforms = (line: Line, contract: Contract, cases: ReadonlyArray<ResponseCase>) => {
  for (const { convention, expected, op, response } of cases) {
    expect({ op, status: response.status }).toEqual({ op, status: expected })
    expect({ op, status: expected, problems: contract.checkResponse(op, response, convention) }).toEqual({
      op,
      status: expected,
      problems: []
    })
    if (contract === live) countsOf(line).liveResponses++
    else countsOf(line).referenceResponses++
  }
}

/**
 * A line's fake answers as the contract says. A line without a testing entry yet has no fake to hold to it:
 * nothing is registered for it (the v4 fake comes later).
 */
for (const line of lines) {
  const fakeEntry = line.fake
  if (fakeEntry === undefined) continue
  const bearer = bearerOf(fakeEntry)
  const keyAuth = keyAuthOf(fakeEntry)
  /** A fake of the line, and a sender of raw requests to it (with the bearer token unless told). */
  const makeFake = async (options?: NeutralFakeOptions) => {
    const fake = await fakeEntry.make(options)
    return { fake, send: sendTo(fake, bearer) }
  }
  describe(`[${line.name}] the fake's responses match the contract`, () => {
    it("live: success, 202 (job and OAuth exchange), 400 (both kinds), 401 and 403 of every operation, GetJob", async () => {
      const fake = await makeFake({ workspaces: [4] })
      const created = await fake.send("POST", collection(), { database: "db", password: "pwd" })
      const key = (await fake.fake.connectionKeys()).at(-1)!
      const item = (k: string, workspace: number | string = 4) => `${collection(workspace)}/${encodeURIComponent(k)}`
      const patch = { patch: [{ op: "replace", path: "connection", value: { database: "db2" } }] }
      const oauth = await makeFake({ createAnswer: "oauthExchange" })
      // a job still processing, as GetJob shows it
      const slow = await makeFake({ jobs: { processingPolls: 5 } })
      await slow.send("POST", collection(), { database: "db" })

      const cases: Array<ResponseCase> = [
        { op: "SaveConnection", expected: 202, response: created },
        { op: "SaveConnection", expected: 202, response: await oauth.send("POST", collection(), { a: 1 }) },
        { op: "ListConnections", expected: 200, response: await fake.send("GET", collection()) },
        {
          op: "GetConnection",
          expected: 200,
          response: await fake.send("GET", `${item(key)}?concern=profiles&browse_root=%2F&folders_only=true`)
        },
        { op: "UpdateConnection", expected: 200, response: await fake.send("PATCH", item(key), patch) },
        // with key, secret and X-WORKSPACE-ID
        {
          op: "ListConnections",
          expected: 200,
          response: await fake.send("GET", collection(), undefined, keyAuth())
        },
        // validation: an id the spec rules out, a body of the wrong shape, a concern outside the enum
        { op: "ListConnections", expected: 400, response: await fake.send("GET", collection(0)) },
        {
          op: "SaveConnection",
          expected: 400,
          convention: "validation",
          response: await fake.send("POST", collection(), ["not", "an", "object"])
        },
        {
          op: "GetConnection",
          expected: 400,
          convention: "validation",
          response: await fake.send("GET", `${item(key)}?folders_only=maybe`)
        },
        {
          op: "UpdateConnection",
          expected: 400,
          convention: "validation",
          response: await fake.send("PATCH", item(key), { changes: [] })
        },
        {
          op: "DeleteConnection",
          expected: 400,
          convention: "validation",
          response: await fake.send("DELETE", item("k".repeat(101)))
        },
        // client errors: an unknown connection
        {
          op: "GetConnection",
          expected: 400,
          convention: "client",
          response: await fake.send("GET", item("unknown"))
        },
        {
          op: "UpdateConnection",
          expected: 400,
          convention: "client",
          response: await fake.send("PATCH", item("unknown"), patch)
        },
        {
          op: "DeleteConnection",
          expected: 400,
          convention: "client",
          response: await fake.send("DELETE", item("unknown"))
        },
        // 401 (declared without a body on list): no credentials, a wrong token, a key without X-WORKSPACE-ID
        { op: "ListConnections", expected: 401, response: await fake.send("GET", collection(), undefined, {}) },
        {
          op: "ListConnections",
          expected: 401,
          response: await fake.send("GET", collection(), undefined, { authorization: "Bearer mm_wrong" })
        },
        {
          op: "ListConnections",
          expected: 401,
          response: await fake.send("GET", collection(), undefined, { ...keyAuth(), "x-workspace-id": "" })
        },
        // 403: a workspace the credentials do not reach, on every operation
        { op: "ListConnections", expected: 403, response: await fake.send("GET", collection(5)) },
        { op: "SaveConnection", expected: 403, response: await fake.send("POST", collection(5), { a: 1 }) },
        { op: "GetConnection", expected: 403, response: await fake.send("GET", item(key, 5)) },
        { op: "UpdateConnection", expected: 403, response: await fake.send("PATCH", item(key, 5), patch) },
        { op: "DeleteConnection", expected: 403, response: await fake.send("DELETE", item(key, 5)) },
        // the job create started: finished, unknown, and asked for without credentials
        { op: "GetJob", expected: 200, response: await fake.send("GET", "/api/v2/jobs/1") },
        { op: "GetJob", expected: 200, response: await fake.send("GET", "/api/v2/jobs/1", undefined, keyAuth()) },
        { op: "GetJob", expected: 200, response: await slow.send("GET", "/api/v2/jobs/1") },
        { op: "GetJob", expected: 400, response: await fake.send("GET", "/api/v2/jobs/999") },
        // a key whose X-WORKSPACE-ID is reachable, but not the job's (the `slow` fake reaches every workspace)
        { op: "GetJob", expected: 400, response: await slow.send("GET", "/api/v2/jobs/1", undefined, keyAuth("5")) },
        { op: "GetJob", expected: 401, response: await fake.send("GET", "/api/v2/jobs/1", undefined, {}) },
        // delete last: it removes the connection the others read
        { op: "DeleteConnection", expected: 204, response: await fake.send("DELETE", item(key)) }
      ]
      expectConforms(line, live, cases)
      expect(JSON.parse(cases.find((c) => c.op === "GetJob" && c.expected === 200)!.response.body).job).toMatchObject({
        id: 1,
        status: "success",
        response: { connection_key: key }
      })
      const covered = new Set(cases.map((c) => `${c.op} ${c.expected}`))
      for (const op of live.operations) {
        for (const status of Object.keys(op.node.responses)) {
          expect(covered.has(`${op.operationId} ${status}`), `${op.operationId} ${status} is exercised`).toBe(true)
        }
      }
    })

    it("live: GetJob's 403, which its operation does not declare, has the Authorization Exception body of the others", async () => {
      // Authorization is global: with key and secret, X-WORKSPACE-ID names the workspace a poll addresses, and
      // one the credentials do not reach is a 403 on GetJob too. The live document declares no 403 there, so
      // the answer is held to the 403 every operation that declares one describes.
      const { send } = await makeFake({ workspaces: [4] })
      await send("POST", collection(), { database: "db" })
      const forbidden = await send("GET", "/api/v2/jobs/1", undefined, keyAuth("5"))
      expect(uncounted(() => live.checkResponse("GetJob", forbidden))).toEqual(["GetJob does not declare 403"])
      const declaring = live.operations.filter((op) => op.node.responses["403"] !== undefined)
      expect(declaring.map((op) => op.operationId).sort()).toEqual([
        "DeleteConnection",
        "GetConnection",
        "ListConnections",
        "SaveConnection",
        "UpdateConnection"
      ])
      expectConforms(line, live, declaring.map((op) => ({ op: op.operationId, expected: 403, response: forbidden })))
    })

    it("live: the 400 faults (Validation Exception, Client Error with an object or null extra), on every operation", async () => {
      const fake = await makeFake()
      await fake.send("POST", collection(), { database: "db" })
      const item = `${collection()}/abc`
      const patch = { patch: [{ op: "replace", path: "connection", value: { database: "db2" } }] }
      const requests: ReadonlyArray<readonly [string, string, string, unknown?]> = [
        ["ListConnections", "GET", collection()],
        ["SaveConnection", "POST", collection(), { database: "db" }],
        ["GetConnection", "GET", item],
        ["UpdateConnection", "PATCH", item, patch],
        ["DeleteConnection", "DELETE", item],
        ["GetJob", "GET", "/api/v2/jobs/1"]
      ]
      const faults = [
        { convention: "validation", fault: { _tag: "ValidationError" } },
        {
          convention: "validation",
          fault: { _tag: "ValidationError", issues: [{ message: "is required", key: "name", source: "body" }] }
        },
        { convention: "client", fault: { _tag: "ClientError" } },
        { convention: "client", fault: { _tag: "ClientError", detail: "Gone", extra: null } }
      ] as const
      const cases: Array<ResponseCase & { readonly convention: ErrorConvention }> = []
      for (const [op, method, path, body] of requests) {
        for (const { convention, fault } of faults) {
          await fake.fake.injectBadRequests([fault])
          cases.push({ op, expected: 400, convention, response: await fake.send(method, path, body) })
        }
      }
      expectConforms(line, live, cases)
      // list and GetJob declare their 400 without a body: the fake sends the one every other 400 has, held
      // here to the body the operations that declare one describe
      const declaring = live.operations.filter((op) => op.node.responses["400"]?.content !== undefined)
      expect(declaring.map((op) => op.operationId).sort()).toEqual([
        "DeleteConnection",
        "GetConnection",
        "SaveConnection",
        "UpdateConnection"
      ])
      const bodiless = cases.filter((c) => c.op === "ListConnections" || c.op === "GetJob")
      expect(bodiless).toHaveLength(8)
      for (const { convention, response } of bodiless) {
        expectConforms(line, live, declaring.map((op) => ({ op: op.operationId, expected: 400, convention, response })))
      }
    })

    it("reference: the 201 of createAnswer \"created\", and the 401 bodies the live document leaves out", async () => {
      // The live document declares 401 only on list (bodyless); the server still answers 401 to bad
      // credentials on every operation, with the `{status_code, detail, extra}` body the reference
      // document declares. The fake's 401s of the other four are held to that.
      const fake = await makeFake({ createAnswer: "created" })
      const created = await fake.send("POST", collection(), { database: "db" }, keyAuth())
      const key = JSON.parse(created.body).connection_key as string
      const item = `${collection()}/${key}`
      const patch = { patch: [{ op: "replace", path: "connection", value: { database: "db2" } }] }
      const wrongKey = { ...keyAuth(), "x-api-key": "wrong" }
      expectConforms(line, reference, [
        { op: "SaveConnection", expected: 201, response: created },
        { op: "SaveConnection", expected: 401, response: await fake.send("POST", collection(), {}, wrongKey) },
        { op: "GetConnection", expected: 401, response: await fake.send("GET", item, undefined, {}) },
        { op: "UpdateConnection", expected: 401, response: await fake.send("PATCH", item, patch, wrongKey) },
        {
          op: "DeleteConnection",
          expected: 401,
          response: await fake.send("DELETE", item, undefined, { authorization: "Bearer mm_wrong" })
        },
        { op: "DeleteConnection", expected: 204, response: await fake.send("DELETE", item, undefined, keyAuth()) }
      ])
    })
  })
}

describe("the validator rejects what the live contract rejects", () => {
  // any credentials do: the fake's of the Effect 3 line
  const bearer = bearerOf(v3.fake!)
  const keyAuth = keyAuthOf(v3.fake!)

  const good = (overrides: Partial<CapturedRequest> = {}): CapturedRequest => ({
    method: "PATCH",
    url: `${origin}${collection()}/abc`,
    headers: { ...bearer, "content-type": "application/json" },
    body: JSON.stringify({ patch: [{ op: "replace", path: "connection", value: { database: "db" } }] }),
    ...overrides
  })

  it("a well-formed request passes (so the rejections below are about what they change)", () => {
    expect(uncounted(() => live.checkRequest(good())).problems).toEqual([])
    expect(
      uncounted(() => live.checkRequest(good({ headers: { ...keyAuth(), "content-type": "application/json" } })))
        .problems
    ).toEqual([])
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
      "folders_only not a boolean",
      good({ method: "GET", url: `${origin}${collection()}/abc?folders_only=maybe`, body: "" }),
      /folders_only: must be boolean/
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
      "key and secret without X-WORKSPACE-ID",
      good({ headers: { ...keyAuth(), "x-workspace-id": "", "content-type": "application/json" } }),
      /X-WORKSPACE-ID is missing/
    ],
    ["no credentials at all", good({ headers: { "content-type": "application/json" } }), /no security requirement/],
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
      const { problems } = uncounted(() => live.checkRequest(request))
      expect(problems.join("\n")).toMatch(problem)
      negatives++
    })
  }

  const badResponses: ReadonlyArray<readonly [string, string, { status: number; body: string }, ErrorConvention]> = [
    ["a 403 body without detail", "GetConnection", { status: 403, body: `{"status_code":403}` }, "none"],
    ["a 400 body whose status_code is a string", "UpdateConnection", {
      status: 400,
      body: `{"status_code":"400","detail":"x"}`
    }, "none"],
    ["a list body without connections", "ListConnections", { status: 200, body: `{"items":[]}` }, "none"],
    ["a connection with an empty key", "ListConnections", {
      status: 200,
      body: `{"connections":[{"connection_key":"","connection_config":{}}]}`
    }, "none"],
    ["a 201 to create (the reference contract's answer)", "SaveConnection", { status: 201, body: `{}` }, "none"],
    ["a 202 whose job_id is a string", "SaveConnection", { status: 202, body: `{"job_id":"7"}` }, "none"],
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
        live.checkResponse(op, { ...response, headers: { "content-type": "application/json" } }, convention)
      )
      expect(problems.length).toBeGreaterThan(0)
      negatives++
    })
  }
})
