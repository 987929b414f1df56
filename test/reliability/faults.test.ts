/**
 * The fault matrix: every operation against a real HTTP server on 127.0.0.1 that answers one fault, on every
 * client line (`test/lines`), over each of its transports (fetch; undici where the line has it). Each case
 * asserts the exact typed outcome, the number of attempts the client made and the number the server saw (a
 * fast policy of at most 3 attempts; `Retry-After` is bounded by the policy so the suite stays fast: its exact
 * waits are held in retry-after.test.ts on a virtual clock).
 *
 * list, get and update are retried on any transient failure; create and delete only when the server cannot
 * have taken the request (a 429, a connection refused): a retried delete whose first attempt was applied
 * would end in a 400 "not found". Every answer with a status is asserted a second time with
 * `transformClient: HttpClient.filterStatusOk`, which must change nothing: the status still goes through the
 * operation's table.
 */
import type * as http from "node:http"
import type { Socket } from "node:net"
import { describe, expect, it } from "vitest"
import { lines, useClient } from "../lines/index.js"
import type { NeutralRetry } from "../lines/Line.js"
import { type Facts, factsOf, failure, redacted, success } from "./support/outcome.js"
import type { Handler, OpCase, TestServer } from "./support/server.js"
import { answerOk, credentialsOf, expectedValue, ops, refusedUrl, scope, serve, waitUntil } from "./support/server.js"

/** At most 3 attempts, no delay; `Retry-After` honoured up to 10 ms. */
const fastPolicy: NeutralRetry = { retries: 2, maxRetryAfterMillis: 10 }
const maxAttempts = 3
const hugeLimit = 64 * 1024
const hugeTotal = 32 * 1024 * 1024

interface Expected {
  readonly outcome: Facts
  /** Attempts the client made. */
  readonly attempts: number
  /** Requests the server received, when not every attempt reached it (a refused connection). */
  readonly received?: number
}

interface Fault {
  readonly name: string
  readonly handler: (op: OpCase, trap: TestServer, huge: HugeState) => Handler
  readonly expect: (op: OpCase) => Expected
  /** The per-attempt timeout of the call. */
  readonly timeoutMillis?: number
  /** Further checks on what the server saw. */
  readonly check?: (server: TestServer, trap: TestServer, huge: HugeState) => Promise<void>
  /** Which attempts (1, 2...) go to a loopback port nothing listens on instead: a connection refused. */
  readonly refuse?: (attempt: number) => boolean
  /** The server answers a non-2xx status: asserted again with `HttpClient.filterStatusOk`. */
  readonly statusAnswer?: true
}

interface HugeState {
  finished: boolean
}

/** The success status of `op`, with a body allowed (delete's 204 cannot carry one). */
const bodyStatus = (op: OpCase) => (op.okStatus === 204 ? 200 : op.okStatus)

const retried = (op: OpCase) => (op.idempotent ? maxAttempts : 1)

/** A transport failure (refused, reset, body cut short), with the system error code the transport gave. */
const transportFailure = (code: string): Facts => failure("MammothAnalyticsTransportError", { code })

/** An attempt that took longer than its timeout. */
const attemptTimeout: Facts = failure("MammothAnalyticsTimeoutError", { scope: "attempt" })

const status = (code: number, headers: http.OutgoingHttpHeaders = {}, body = `status ${code}`): Handler => (_, res) => {
  res.writeHead(code, { "content-type": "text/plain", ...headers }).end(body)
}

const json = (code: number, body: unknown): Handler =>
  status(code, { "content-type": "application/json" }, JSON.stringify(body))

/** What each operation makes of a 2xx JSON body that is not its own: list refuses it, get and update return it. */
const foreignBody = (op: OpCase, code: number, body: unknown, create: Facts): Facts =>
  op.name === "list"
    ? failure("MammothAnalyticsResponseValidationError", { status: code })
    : op.name === "create"
    ? create
    : success(op.name === "delete" ? undefined : body)

const job = { status_code: 202, job_id: 9_001, failure_reason: null }
const oauthExchange = {
  pending_id: "pending-4c1d",
  access_token: "ya29.a0-access-token",
  picker_api_key: "AIza-picker-api-key"
}
const createdConnection = { connection_key: "new", connection_config: { database: "hubli_journal" } }

const resetNow = (socket: Socket) => socket.resetAndDestroy()

/** A status line and headers declaring 1000 bytes, written raw, then `then` on the socket. */
const rawHead = (op: OpCase, socket: Socket, then: (socket: Socket) => void, partialBody = "") => {
  socket.write(
    `HTTP/1.1 ${bodyStatus(op)} OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n${partialBody}`,
    () => setTimeout(() => then(socket), 20)
  )
}

const stream = (op: OpCase, res: http.ServerResponse, huge: HugeState, declareLength: boolean) => {
  res.writeHead(bodyStatus(op), {
    "content-type": "application/json",
    ...(declareLength ? { "content-length": String(hugeTotal) } : {})
  })
  const chunk = Buffer.alloc(16 * 1024, 0x20)
  let written = 0
  const pump = () => {
    while (written < hugeTotal) {
      if (res.destroyed) return
      written += chunk.length
      if (!res.write(chunk)) {
        res.once("drain", pump)
        return
      }
    }
    huge.finished = true
    res.end()
  }
  pump()
}

const allClosed = (server: TestServer) =>
  waitUntil(
    () => server.requests.every((r) => server.isClosed(r.socket)),
    "the server to see every attempt's socket closed"
  )

const faults: ReadonlyArray<Fault> = [
  {
    name: "429 with Retry-After in seconds",
    statusAnswer: true,
    handler: () => status(429, { "retry-after": "1" }),
    expect: () => ({ outcome: failure("MammothAnalyticsDefaultError", { status: 429 }), attempts: maxAttempts })
  },
  {
    name: "429 with Retry-After as an HTTP date",
    statusAnswer: true,
    handler: () => (req, res, ctx) =>
      status(429, { "retry-after": new Date(Date.now() + 2_000).toUTCString() })(req, res, ctx),
    expect: () => ({ outcome: failure("MammothAnalyticsDefaultError", { status: 429 }), attempts: maxAttempts })
  },
  ...[408, 500, 502, 503, 504].map((code): Fault => ({
    name: `${code}`,
    statusAnswer: true,
    handler: () => status(code),
    expect: (op) => ({ outcome: failure("MammothAnalyticsDefaultError", { status: code }), attempts: retried(op) })
  })),
  ...[404, 409, 501].map((code): Fault => ({
    name: `${code} (not transient: never retried)`,
    statusAnswer: true,
    handler: () => status(code),
    expect: () => ({ outcome: failure("MammothAnalyticsDefaultError", { status: code }), attempts: 1 })
  })),
  {
    name: "401 (unauthorized on every operation, never retried)",
    statusAnswer: true,
    handler: () => status(401, { "content-type": "application/json" }, "{\"status_code\":401,\"detail\":\"no\"}"),
    expect: () => ({ outcome: failure("MammothAnalyticsUnauthorizedError", { status: 401 }), attempts: 1 })
  },
  {
    name: "401 without a body (as the live document declares list's: still unauthorized, never retried)",
    statusAnswer: true,
    handler: () => (_req, res) => res.writeHead(401).end(),
    expect: () => ({ outcome: failure("MammothAnalyticsUnauthorizedError", { status: 401 }), attempts: 1 })
  },
  {
    name: "400 client error (list has no body for it: the default error; the others: client error)",
    statusAnswer: true,
    handler: () => json(400, { status_code: 400, detail: "Connection not found", extra: {} }),
    expect: (op) => ({
      outcome: failure(op.name === "list" ? "MammothAnalyticsDefaultError" : "MammothAnalyticsClientError", {
        status: 400
      }),
      attempts: 1
    })
  },
  {
    name: "403 with the spec's body and a Retry-After (forbidden on every operation, never retried)",
    statusAnswer: true,
    handler: () =>
      status(
        403,
        { "content-type": "application/json", "retry-after": "1" },
        JSON.stringify({ status_code: 403, detail: "Authorization Exception", extra: { workspace_id: 4 } })
      ),
    expect: () => ({ outcome: failure("MammothAnalyticsForbiddenError", { status: 403 }), attempts: 1 })
  },
  {
    name: "403 with a proxy's HTML page (still forbidden, never retried)",
    statusAnswer: true,
    handler: () => status(403, { "content-type": "text/html" }, "<html><body>Access denied</body></html>"),
    expect: () => ({ outcome: failure("MammothAnalyticsForbiddenError", { status: 403 }), attempts: 1 })
  },
  {
    name: "a socket reset before the headers",
    handler: () => (_req, _res, ctx) => resetNow(ctx.socket),
    expect: (op) => ({ outcome: transportFailure("ECONNRESET"), attempts: retried(op) })
  },
  {
    name: "a socket reset after the headers",
    handler: (op) => (_req, _res, ctx) => rawHead(op, ctx.socket, resetNow),
    expect: (op) => ({ outcome: transportFailure("ECONNRESET"), attempts: retried(op) })
  },
  {
    name: "a body cut short",
    handler: (op) => (_req, _res, ctx) => rawHead(op, ctx.socket, (s) => s.end(), "{\"connections\": [{\"conn"),
    // undici's "other side closed", under fetch's "terminated" as under its own request
    expect: (op) => ({ outcome: transportFailure("UND_ERR_SOCKET"), attempts: retried(op) })
  },
  {
    name: "a 2xx body that is not JSON",
    handler: (op) => status(bodyStatus(op), { "content-type": "text/html" }, "<html><body>Maintenance</body></html>"),
    expect: (op) => ({
      outcome: op.name === "delete"
        ? success(undefined)
        : failure("MammothAnalyticsResponseValidationError", { status: bodyStatus(op) }),
      attempts: 1
    })
  },
  {
    name: "a 2xx JSON body of the wrong shape (create's 202: a job the server names nothing of)",
    handler: (op) => status(bodyStatus(op), { "content-type": "application/json" }, "{\"unexpected\":[1,2]}"),
    expect: (op) => ({
      outcome: foreignBody(
        op,
        bodyStatus(op),
        { unexpected: [1, 2] },
        success({ _tag: "Job", jobId: null, statusCode: null, failureReason: null })
      ),
      attempts: 1
    })
  },
  {
    name: "a 202 with a job (the live API's answer to create)",
    handler: () => json(202, job),
    expect: (op) => ({
      outcome: foreignBody(op, 202, job, success({ _tag: "Job", jobId: 9_001, statusCode: 202, failureReason: null })),
      attempts: 1
    })
  },
  {
    name: "a 202 with a job that failed",
    handler: () => json(202, { status_code: 500, job_id: 12, failure_reason: "could not reach the database" }),
    expect: (op) => ({
      outcome: foreignBody(
        op,
        202,
        { status_code: 500, job_id: 12, failure_reason: "could not reach the database" },
        success({ _tag: "Job", jobId: 12, statusCode: 500, failureReason: "could not reach the database" })
      ),
      attempts: 1
    })
  },
  {
    name: "a 202 with an OAuth exchange (its token and key Redacted)",
    handler: () => json(202, oauthExchange),
    expect: (op) => ({
      outcome: foreignBody(
        op,
        202,
        oauthExchange,
        success({
          _tag: "OAuthExchange",
          pendingId: oauthExchange.pending_id,
          accessToken: redacted(oauthExchange.access_token),
          pickerApiKey: redacted(oauthExchange.picker_api_key)
        })
      ),
      attempts: 1
    })
  },
  {
    name: "a 202 whose job fields have the wrong types",
    handler: () => json(202, { status_code: "accepted", job_id: "nine", failure_reason: 0 }),
    expect: (op) => ({
      outcome: foreignBody(
        op,
        202,
        { status_code: "accepted", job_id: "nine", failure_reason: 0 },
        failure("MammothAnalyticsResponseValidationError", { status: 202 })
      ),
      attempts: 1
    })
  },
  ...[201, 200].map((code): Fault => ({
    name: `a ${code} with the connection (create: Created, as servers of the reference contract answer)`,
    handler: () => json(code, createdConnection),
    expect: (op) => ({
      outcome: foreignBody(op, code, createdConnection, success({ _tag: "Created", body: createdConnection })),
      attempts: 1
    })
  })),
  {
    name: "a 201 with an empty body (create: Created with no body)",
    handler: () => (_req, res) => res.writeHead(201, { "content-length": "0" }).end(),
    expect: (op) => ({
      outcome: op.name === "list"
        ? failure("MammothAnalyticsResponseValidationError", { status: 201 })
        : success(op.name === "create" ? { _tag: "Created", body: null } : op.name === "delete" ? undefined : null),
      attempts: 1
    })
  },
  {
    name: "a 2xx with a wrong content-type",
    handler: (op) => (_req, res) =>
      op.okBody === undefined
        ? res.writeHead(200, { "content-type": "text/plain" }).end("done")
        : res.writeHead(op.okStatus, { "content-type": "text/plain; charset=latin1" }).end(JSON.stringify(op.okBody)),
    expect: (op) => ({ outcome: success(expectedValue(op)), attempts: 1 })
  },
  ...[false, true].map((declareLength): Fault => ({
    name: `a 2xx with a huge body${declareLength ? " (content-length declared)" : " (chunked)"}`,
    handler: (op, _trap, huge) => (_req, res) => stream(op, res, huge, declareLength),
    expect: (op) => ({
      outcome: failure("MammothAnalyticsResponseValidationError", { status: bodyStatus(op) }),
      attempts: 1
    }),
    // the client stops reading at its limit and drops the connection: the server never gets to write it all
    check: async (server, _trap, huge) => {
      await allClosed(server)
      expect(huge.finished, "the client read the whole huge body").toBe(false)
    }
  })),
  {
    name: "a server that never answers",
    handler: () => () => {},
    timeoutMillis: 300,
    expect: (op) => ({ outcome: attemptTimeout, attempts: retried(op) }),
    check: (server) => allClosed(server)
  },
  {
    name: "a 2xx whose body stalls after the headers",
    handler: (op) => (_req, res) => {
      res.writeHead(bodyStatus(op), { "content-type": "application/json" })
      res.write("{\"connections\": [")
    },
    timeoutMillis: 300,
    expect: (op) => ({ outcome: attemptTimeout, attempts: retried(op) }),
    check: (server) => allClosed(server)
  },
  {
    name: "a 503 with an endless body",
    statusAnswer: true,
    handler: (_op, _trap, huge) => (_req, res) => {
      res.writeHead(503, { "content-type": "text/plain" })
      const chunk = Buffer.alloc(16 * 1024, 0x61)
      let written = 0
      const pump = () => {
        while (written < hugeTotal && !res.destroyed) {
          written += chunk.length
          if (!res.write(chunk)) return void res.once("drain", pump)
        }
        if (!res.destroyed) huge.finished = true
        res.end()
      }
      pump()
    },
    expect: (op) => ({ outcome: failure("MammothAnalyticsDefaultError", { status: 503 }), attempts: retried(op) }),
    // the error body is read up to its bound, then the connection is dropped
    check: async (server, _trap, huge) => {
      await allClosed(server)
      expect(huge.finished, "the client read the whole error body").toBe(false)
    }
  },
  {
    name: "a 2xx with an empty body (create's 202: a job with nothing to await)",
    handler: (op) => (_req, res) => res.writeHead(bodyStatus(op), { "content-length": "0" }).end(),
    expect: (op) => ({
      outcome: op.name === "list"
        ? failure("MammothAnalyticsResponseValidationError", { status: 200 })
        : success(
          op.name === "delete"
            ? undefined
            : op.name === "create"
            ? { _tag: "Job", jobId: null, statusCode: null, failureReason: null }
            : null
        ),
      attempts: 1
    })
  },
  ...[302, 307].map((code): Fault => ({
    name: `a redirect (${code}) to another host`,
    statusAnswer: true,
    handler: (_op, trap) => status(code, { location: `${trap.origin}/steal` }),
    expect: () => ({ outcome: failure("MammothAnalyticsDefaultError", { status: code }), attempts: 1 }),
    check: async (_server, trap) => expect(trap.requests.length, "the redirect was followed").toBe(0)
  })),
  {
    name: "a 503 once, then success",
    statusAnswer: true,
    handler: (op) => (req, res, ctx) => (ctx.attempt === 1 ? status(503)(req, res, ctx) : answerOk(op, res)),
    expect: (op) =>
      op.idempotent
        ? { outcome: success(expectedValue(op)), attempts: 2 }
        : { outcome: failure("MammothAnalyticsDefaultError", { status: 503 }), attempts: 1 }
  },
  {
    name: "a 429 once, then success",
    statusAnswer: true,
    handler: (op) => (req, res, ctx) =>
      ctx.attempt === 1 ? status(429, { "retry-after": "1" })(req, res, ctx) : answerOk(op, res),
    expect: (op) => ({ outcome: success(expectedValue(op)), attempts: 2 })
  },
  {
    name: "a reset once, then success",
    handler: (op) => (_req, res, ctx) => (ctx.attempt === 1 ? resetNow(ctx.socket) : answerOk(op, res)),
    expect: (op) =>
      op.idempotent
        ? { outcome: success(expectedValue(op)), attempts: 2 }
        : { outcome: transportFailure("ECONNRESET"), attempts: 1 }
  },
  {
    name: "a connection refused (nothing listens): never taken, so retried on every operation",
    handler: () => status(200),
    refuse: () => true,
    expect: () => ({ outcome: transportFailure("ECONNREFUSED"), attempts: maxAttempts, received: 0 })
  },
  {
    name: "a connection refused once, then success",
    handler: (op) => (_req, res) => answerOk(op, res),
    refuse: (attempt) => attempt === 1,
    expect: (op) => ({ outcome: success(expectedValue(op)), attempts: 2, received: 1 })
  }
]

for (const line of lines) {
  for (const transport of line.transports) {
    describe(`[${line.name}] fault matrix over ${transport}`, () => {
      for (const op of ops) {
        describe(op.name, () => {
          for (const fault of faults) {
            const expected = fault.expect(op)
            const received = expected.received ?? expected.attempts
            for (const filterStatusOk of fault.statusAnswer === true ? [false, true] : [false]) {
              it(
                `${fault.name}${filterStatusOk ? " (transformClient: HttpClient.filterStatusOk)" : ""} -> ${
                  JSON.stringify(expected.outcome)
                } after ${expected.attempts} attempt(s)`,
                async () => {
                  const huge: HugeState = { finished: false }
                  const trap = await serve(status(200))
                  const server = await serve(fault.handler(op, trap, huge))
                  const refused = await refusedUrl()
                  let attempts = 0
                  const client = useClient(line, {
                    credentials: credentialsOf("key"),
                    serverUrl: server.url,
                    transport,
                    retry: fastPolicy,
                    maxResponseBytes: hugeLimit,
                    // counts every attempt the client makes, and sends the ones `refuse` names nowhere
                    mapRequestUrl: (url) => {
                      attempts++
                      return fault.refuse?.(attempts) === true ? url.replace(server.url, refused) : url
                    },
                    filterStatusOk
                  })
                  const outcome = await client.call(
                    op.name,
                    op.input,
                    fault.timeoutMillis === undefined ? undefined : { timeoutMillis: fault.timeoutMillis }
                  )
                  expect(line.reveal(factsOf(outcome))).toEqual(expected.outcome)
                  expect(attempts).toBe(expected.attempts)
                  expect(server.requests.length).toBe(received)
                  for (const seen of server.requests) {
                    expect(seen.method).toBe(op.method)
                    expect(seen.url).toBe(op.path)
                    // the key and secret go with the call's workspace
                    expect(seen.headers["x-workspace-id"]).toBe(String(scope.workspaceId))
                  }
                  if (fault.check) await fault.check(server, trap, huge)
                }
              )
            }
          }
        })
      }
    })
  }
}

for (const line of lines) {
  for (const transport of line.transports) {
    describe(`[${line.name}] the 2xx body limit over ${transport}, at its boundary`, () => {
      const limit = 4096
      /** A JSON string literal of exactly `size` bytes, in multi-byte characters where it can. */
      const bodyOf = (size: number) => `"${"é".repeat(Math.floor((size - 2) / 2))}${(size - 2) % 2 === 1 ? "a" : ""}"`
      for (const chunked of [false, true]) {
        for (const size of [limit - 1, limit, limit + 1]) {
          const accepted = size <= limit
          it(
            `${size} bytes (${chunked ? "chunked" : "content-length"}) against a limit of ${limit}: ${
              accepted ? "accepted" : "refused"
            }`,
            async () => {
              const body = bodyOf(size)
              expect(Buffer.byteLength(body)).toBe(size)
              const server = await serve((_req, res) => {
                res.writeHead(200, {
                  "content-type": "application/json",
                  ...(chunked ? {} : { "content-length": String(size) })
                })
                // in small chunks, split inside multi-byte characters
                const bytes = Buffer.from(body)
                for (let i = 0; i < bytes.length; i += 333) res.write(bytes.subarray(i, i + 333))
                res.end()
              })
              const get = ops.find((op) => op.name === "get")!
              const client = useClient(line, {
                credentials: credentialsOf("key"),
                serverUrl: server.url,
                transport,
                retry: fastPolicy,
                maxResponseBytes: limit
              })
              const outcome = await client.call(get.name, get.input)
              expect(factsOf(outcome)).toEqual(
                accepted
                  ? success(JSON.parse(body))
                  : failure("MammothAnalyticsResponseValidationError", { status: 200 })
              )
              expect(server.requests.length).toBe(1)
            }
          )
        }
      }
    })
  }
}
