/**
 * Self-tests of the validator (`openapi.ts`): what each vendored document accepts and rejects, where they differ.
 * Every check runs `uncounted`, so none of it inflates the contract report's tally.
 */
import { describe, expect, it } from "vitest"
import type { CapturedRequest, Contract } from "./openapi.js"
import { live, loadContract, reference, tally, uncounted } from "./openapi.js"

const base = "https://app.mammoth.io/api/v2"
const collection = `${base}/workspaces/4/projects/4/connectors/cG9zdGdyZXM%3D/connections`
const bearer = { authorization: "Bearer mm_token" }
const keys = { "x-api-key": "k", "x-api-secret": "s" }
const json = { "content-type": "application/json" }

const request = (overrides: Partial<CapturedRequest> = {}): CapturedRequest => ({
  method: "GET",
  url: collection,
  headers: bearer,
  body: "",
  ...overrides
})

const requestProblems = (contract: Contract, r: CapturedRequest) => uncounted(() => contract.checkRequest(r))
const responseProblems = (contract: Contract, operationId: string, status: number, body: unknown) =>
  uncounted(() =>
    contract.checkResponse(operationId, {
      status,
      headers: json,
      body: typeof body === "string" ? body : JSON.stringify(body)
    })
  )

describe("loading", () => {
  it("reads each vendored document once, with its own name and operations", () => {
    expect(loadContract("connections.live-2026-10.openapi.yaml")).toBe(live)
    expect([live.name, reference.name]).toEqual(["live", "reference"])
    expect([live.serverPath, reference.serverPath]).toEqual(["/api/v2", "/api/v2"])
    expect(live.operations.map((o) => o.operationId).sort()).toEqual(
      [...reference.operations.map((o) => o.operationId), "GetJob"].sort()
    )
  })

  it("rewrites every oneOf to anyOf in spec, and leaves raw as parsed", () => {
    expect(JSON.stringify(live.spec)).not.toMatch(/"oneOf"/)
    expect(JSON.stringify(live.raw)).toMatch(/"oneOf"/)
    const created = live.operations.find((o) => o.operationId === "SaveConnection")!
    expect(created.node.responses["202"].content["application/json"].schema.anyOf).toHaveLength(2)
  })
})

describe("security", () => {
  it("a bearer request passes on live and fails on reference", () => {
    expect(requestProblems(live, request())).toEqual({
      operationId: "ListConnections",
      problems: [],
      security: "bearerAuth"
    })
    const onReference = requestProblems(reference, request())
    expect(onReference.security).toBeUndefined()
    expect(onReference.problems).toEqual([
      "no security requirement is satisfied",
      "security apiKey+apiSecret: header X-API-KEY is missing, header X-API-SECRET is missing"
    ])
  })

  it("the scheme word is case-insensitive, and a token must follow it", () => {
    expect(requestProblems(live, request({ headers: { authorization: "bearer t" } })).security).toBe("bearerAuth")
    for (const authorization of ["Bearer", "Bearer ", "Basic dTpw", "mm_token"]) {
      const { problems, security } = requestProblems(live, request({ headers: { authorization } }))
      expect(security).toBeUndefined()
      expect(problems).toContain("security bearerAuth: header Authorization is not \"Bearer <token>\"")
    }
  })

  it("key and secret without X-WORKSPACE-ID fail on live and pass on reference", () => {
    const r = request({ headers: keys })
    expect(requestProblems(live, r)).toEqual({
      operationId: "ListConnections",
      problems: [
        "no security requirement is satisfied",
        "security bearerAuth: header Authorization is missing",
        "security apiKey+apiSecret+workspaceId: header X-WORKSPACE-ID is missing"
      ],
      security: undefined
    })
    expect(requestProblems(reference, r)).toEqual({
      operationId: "ListConnections",
      problems: [],
      security: "apiKey+apiSecret"
    })
  })

  it("key, secret and X-WORKSPACE-ID pass on live, with no problem about the bearer requirement not chosen", () => {
    expect(requestProblems(live, request({ headers: { ...keys, "x-workspace-id": "4" } }))).toEqual({
      operationId: "ListConnections",
      problems: [],
      security: "apiKey+apiSecret+workspaceId"
    })
  })
})

describe("responses", () => {
  it("a 202 OAuth exchange and a 202 job both pass on live (the branches overlap: anyOf, not oneOf)", () => {
    const exchange = { access_token: "ya29.x", pending_id: "p1", picker_api_key: "AIza" }
    expect(responseProblems(live, "SaveConnection", 202, exchange)).toEqual([])
    expect(responseProblems(live, "SaveConnection", 202, { job_id: 7, status_code: null, failure_reason: null }))
      .toEqual([])
    expect(responseProblems(live, "SaveConnection", 202, { job_id: "7" }).length).toBeGreaterThan(0)
  })

  it("a 400 passes though both of its branches match it", () => {
    expect(responseProblems(live, "GetConnection", 400, { detail: "Bad Request", extra: {}, status_code: 400 }))
      .toEqual([])
  })

  it("a 201 for SaveConnection fails on live (not declared) and passes on reference", () => {
    expect(responseProblems(live, "SaveConnection", 201, {})).toEqual(["SaveConnection does not declare 201"])
    expect(responseProblems(reference, "SaveConnection", 201, {})).toEqual([])
  })

  it("a 403 body passes on live for ListConnections, and is undeclared on reference", () => {
    const forbidden = { detail: "Forbidden", extra: {}, status_code: 403 }
    expect(responseProblems(live, "ListConnections", 403, forbidden)).toEqual([])
    expect(responseProblems(live, "ListConnections", 403, { detail: "Forbidden" })).toEqual([
      "body: must have required property 'status_code'"
    ])
    expect(responseProblems(reference, "ListConnections", 403, forbidden)).toEqual([
      "ListConnections does not declare 403"
    ])
  })

  it("a GetJob 200 passes on live", () => {
    const job = {
      id: 10,
      status: "success",
      response: { connection_key: "abc" },
      last_updated_at: "2026-10-03T10:00:01Z",
      created_at: "2026-10-03T10:00:00Z",
      path: "/api/v2/workspaces/4/projects/4/connectors/cG9zdGdyZXM=/connections",
      operation: "save_connection"
    }
    expect(responseProblems(live, "GetJob", 200, { job })).toEqual([])
    expect(responseProblems(live, "GetJob", 200, { job: { ...job, status: "done" } }).length).toBeGreaterThan(0)
  })

  it("the document's own JobSchema example fails: its times carry no zone, which date-time requires", () => {
    const example = live.spec.components.schemas.JobSchema.examples[0]
    expect(responseProblems(live, "GetJob", 200, { job: example })).toEqual([
      "body/job/last_updated_at: must match format \"date-time\"",
      "body/job/created_at: must match format \"date-time\""
    ])
  })
})

describe("requests", () => {
  it("a GetConnection with browse_root and folders_only=true passes live and fails reference", () => {
    const r = request({ url: `${collection}/abc?browse_root=%2Fdata&folders_only=true` })
    expect(requestProblems(live, r)).toEqual({ operationId: "GetConnection", problems: [], security: "bearerAuth" })
    expect(requestProblems(reference, { ...r, headers: keys }).problems).toEqual([
      "query parameter browse_root is not declared",
      "query parameter folders_only is not declared"
    ])
    expect(requestProblems(live, request({ url: `${collection}/abc?folders_only=yes` })).problems).toEqual([
      "query folders_only: must be boolean"
    ])
  })

  it("GetJob is on live only", () => {
    const r = request({ url: `${base}/jobs/10` })
    expect(requestProblems(live, r)).toEqual({ operationId: "GetJob", problems: [], security: "bearerAuth" })
    expect(requestProblems(reference, { ...r, headers: keys }).problems).toEqual(["no operation for GET /jobs/10"])
  })
})

describe("the tally", () => {
  it("counts per document, prefixed by its name, and not under uncounted", () => {
    const before = [...tally]
    uncounted(() => live.checkRequest(request()))
    expect([...tally]).toEqual(before)
    const n = live.tally.get("request: security requirement satisfied") ?? 0
    const m = tally.get("live: request: security requirement satisfied") ?? 0
    live.checkRequest(request())
    expect(live.tally.get("request: security requirement satisfied")).toBe(n + 1)
    expect(tally.get("live: request: security requirement satisfied")).toBe(m + 1)
    expect(reference.tally.has("request: security requirement satisfied")).toBe(
      tally.has("reference: request: security requirement satisfied")
    )
  })
})
