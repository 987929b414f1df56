/**
 * Every 401 is a `MammothAnalyticsUnauthorizedError` and every 403 a `MammothAnalyticsForbiddenError`, on every
 * operation (`jobs.get` and the polls of `jobs.await` included), whatever the body: the spec's
 * `{status_code, detail, extra}`, none at all (the live document declares list's and GetJob's 401 without one), or
 * a proxy's page. Authorization is global: any operation can answer either status. Neither is ever retried.
 *
 * On every client line, against a real server on 127.0.0.1 (the fault matrix holds the same for the five
 * Connections operations through `filterStatusOk`; this suite adds the jobs operations and the bodyless forms).
 */
import { describe, expect, it } from "vitest"
import { allOperations } from "../../src/core/operations.js"
import { lines, useClient } from "../lines/index.js"
import type { OperationName } from "../lines/Line.js"
import { credentialsOf, ops, serve } from "./support/server.js"

const jobId = 31

/** Each operation, its input and the request it sends. */
const operations: ReadonlyArray<{
  readonly name: OperationName
  readonly operationId: string
  readonly input: unknown
  readonly method: string
  readonly path: string
}> = [
  ...ops.map((op) => ({
    name: op.name,
    operationId: {
      list: "ListConnections",
      create: "SaveConnection",
      get: "GetConnection",
      update: "UpdateConnection",
      delete: "DeleteConnection"
    }[op.name],
    input: op.input,
    method: op.method,
    path: op.path
  })),
  {
    name: "jobs.get",
    operationId: "GetJob",
    input: { workspaceId: 4, jobId },
    method: "GET",
    path: `/api/v2/jobs/${jobId}`
  },
  {
    name: "jobs.await",
    operationId: "GetJob",
    input: { workspaceId: 4, jobId },
    method: "GET",
    path: `/api/v2/jobs/${jobId}`
  }
]

/** The answers: a status, its body (none: `undefined`) and what the error keeps of it. */
const answers: ReadonlyArray<{
  readonly name: string
  readonly status: 401 | 403
  readonly contentType?: string
  readonly body?: string
  readonly fields: { readonly statusCode: number; readonly detail: string; readonly extra: unknown }
}> = [
  {
    name: "401 with the spec's body",
    status: 401,
    contentType: "application/json",
    body: JSON.stringify({ status_code: 401, detail: "Invalid bearer token", extra: { hint: "renew" } }),
    fields: { statusCode: 401, detail: "Invalid bearer token", extra: { hint: "renew" } }
  },
  { name: "401 without a body", status: 401, fields: { statusCode: 401, detail: "Unauthorized", extra: null } },
  {
    name: "401 with a proxy's page",
    status: 401,
    contentType: "text/html",
    body: "<html>denied</html>",
    fields: { statusCode: 401, detail: "Unauthorized", extra: null }
  },
  {
    name: "403 with the spec's body",
    status: 403,
    contentType: "application/json",
    body: JSON.stringify({ status_code: 403, detail: "Authorization Exception", extra: {} }),
    fields: { statusCode: 403, detail: "Authorization Exception", extra: {} }
  },
  { name: "403 without a body", status: 403, fields: { statusCode: 403, detail: "Forbidden", extra: null } }
]

const tagOf = { 401: "MammothAnalyticsUnauthorizedError", 403: "MammothAnalyticsForbiddenError" } as const

describe("the status tables both lines build from", () => {
  it("every operation names 401 and 403: authorization is global", () => {
    for (const operation of allOperations) {
      expect([operation.id, operation.errors]).toEqual([operation.id, expect.arrayContaining([401, 403])])
    }
  })
})

for (const line of lines) {
  describe(`[${line.name}] every 401 is Unauthorized and every 403 Forbidden, on every operation`, () => {
    for (const operation of operations) {
      for (const answer of answers) {
        it(`${operation.name}: ${answer.name} -> ${tagOf[answer.status]}, not retried`, async () => {
          const server = await serve((_req, res) => {
            if (answer.body === undefined) res.writeHead(answer.status).end()
            else res.writeHead(answer.status, { "content-type": answer.contentType ?? "" }).end(answer.body)
          })
          const client = useClient(line, {
            credentials: credentialsOf("key"),
            serverUrl: server.url,
            transport: "fetch",
            // would retry any transient failure twice, at once
            retry: { retries: 2, retryNonIdempotent: true }
          })
          const outcome = await client.call(operation.name, operation.input)
          expect(outcome._tag).toBe("Failure")
          const error = outcome._tag === "Failure" ? (outcome.error as Record<string, unknown>) : {}
          expect(error).toMatchObject({
            _tag: tagOf[answer.status],
            operation: operation.operationId,
            status: answer.status,
            body: answer.body ?? "",
            ...answer.fields
          })
          expect(error["message"]).toBe(
            `${operation.operationId}: ${
              answer.status === 401 ? "unauthorized" : "forbidden"
            } (HTTP ${answer.status}): ${answer.fields.detail}`
          )
          expect(server.requests).toHaveLength(1)
          expect(server.requests[0]).toMatchObject({ method: operation.method, url: operation.path })
        })
      }
    }

    it("list's and jobs.get's 400 stay MammothAnalyticsDefaultError: the spec gives them no body", async () => {
      const server = await serve((_req, res) => {
        res.writeHead(400, { "content-type": "application/json" })
          .end(JSON.stringify({ status_code: 400, detail: "Bad", extra: {} }))
      })
      const client = useClient(line, {
        credentials: credentialsOf("key"),
        serverUrl: server.url,
        transport: "fetch",
        retry: "none"
      })
      for (const operation of operations.filter((op) => op.name === "list" || op.name === "jobs.get")) {
        const outcome = await client.call(operation.name, operation.input)
        expect(outcome._tag === "Failure" && outcome.error).toMatchObject({
          _tag: "MammothAnalyticsDefaultError",
          operation: operation.operationId,
          status: 400
        })
      }
    })
  })
}
