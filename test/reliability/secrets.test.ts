/**
 * Secrets never leave the `Redacted` box, on every client line and each of its transports: every failure of
 * the fault matrix (`MammothAnalyticsTransportError` of a reset, a body cut short and a refused connection,
 * `MammothAnalyticsTimeoutError` of an attempt and of a job's await included), of invalid input, of timeouts and
 * interruption, and every success value, is rendered every way a user might (message, String(), JSON.stringify,
 * util.inspect, the line's Cause renderings, the Exit itself), the calls run with every log level through a
 * recording Logger (and its output through each of the line's formatters) and spans through a recording Tracer
 * (attributes, events, end exits); none of the API key, the API secret, the bearer token, a connection password
 * from a request body, an OAuth exchange's access token and picker API key that create returns, or the password
 * of a `serverUrl` with userinfo may appear in any of it. The suite runs once with the key and secret, once
 * with the token.
 */
import type * as http from "node:http"
import * as util from "node:util"
import { describe, expect, it } from "vitest"
import { lines, useClient } from "../lines/index.js"
import type {
  ExitView,
  NeutralCallOptions,
  NeutralOptions,
  NeutralSpan,
  OperationName,
  Outcome
} from "../lines/Line.js"
import { makeObservation } from "../lines/Line.js"
import { factsOf, redacted } from "./support/outcome.js"
import type { AuthMode, Handler, OpCase } from "./support/server.js"
import {
  answerOk,
  apiKey,
  apiSecret,
  apiToken,
  authModes,
  connectionPassword,
  credentialsOf,
  ops,
  refusedUrl,
  scope,
  serve,
  waitUntil
} from "./support/server.js"
import { tappedFetch } from "./support/tap.js"

/** What an OAuth exchange that create starts returns: a token and a key, both credentials. */
const oauthAccessToken = "ya29.a0-5c2e7f19-SENTINEL-oauthaccesstoken"
const oauthPickerApiKey = "AIza-8b41d6c3-SENTINEL-pickerapikey"
/** The password of a `serverUrl` with userinfo, which the client refuses. */
const urlPassword = "pw-71e0c9a4-SENTINEL-urlpassword"

const secrets = [apiKey, apiSecret, apiToken, connectionPassword, oauthAccessToken, oauthPickerApiKey, urlPassword]

/** Every rendering of `value` a user could plausibly print. */
const renderings = (value: unknown): Array<string> => {
  const out: Array<string> = [
    String(value),
    util.inspect(value, { depth: Infinity }),
    util.inspect(value, { depth: Infinity, showHidden: true, getters: true }),
    safeJson(value)
  ]
  if (value instanceof Error) out.push(value.message, value.stack ?? "", String(value.cause), util.inspect(value.cause))
  return out
}

const safeJson = (value: unknown): string => {
  try {
    return JSON.stringify(value) ?? ""
  } catch (error) {
    return `unserializable: ${String(error)}`
  }
}

/** A failure's tag, with a transport failure's code or a timeout's scope. */
const kindOf = (failure: unknown): string => {
  const { _tag, code, scope } = failure as { _tag?: unknown; code?: unknown; scope?: unknown }
  if (_tag === "MammothAnalyticsTransportError") return `${_tag} ${String(code)}`
  if (_tag === "MammothAnalyticsTimeoutError") return `${_tag} ${String(scope)}`
  return String(_tag)
}

/** How a call ended, rendered every way: the Exit, and for a failure its Cause and all it holds. */
const exitRenderings = (view: ExitView): Array<string> => {
  const out = [...renderings(view.exit)]
  if (view.cause !== undefined) {
    out.push(...view.pretty, ...renderings(view.cause))
    for (const failure of view.failures) out.push(...renderings(failure))
    for (const defect of view.defects) out.push(...renderings(defect))
    for (const error of view.prettyErrors) out.push(...renderings(error))
  }
  return out
}

/**
 * What a tracer exports of a span's end: for a failure, the pretty Cause (with error causes) and each pretty
 * error's name, message and stack, as @effect/opentelemetry records them. A span's exit value itself is not
 * exported: note that the HTTP client's own span (`http.client GET`) ends with the raw response or the transport's
 * error, whose request holds every header (see docs/reliability.md).
 */
const exitExport = (view: ExitView): Array<string> => {
  if (view.cause === undefined) return []
  const out = [...view.pretty]
  for (const error of view.prettyErrors) out.push(error.name, error.message, error.stack ?? "")
  return out
}

const spanRenderings = (span: NeutralSpan): Array<string> => {
  const out = [span.name, ...renderings(span.links)]
  for (const [key, value] of span.attributes) out.push(key, ...renderings(value))
  for (const { attributes, name } of span.events) out.push(name, ...renderings(attributes))
  if (span.end !== undefined) {
    // this client's own spans end with exactly what the caller gets back: every rendering must be clean
    const own = span.name.startsWith("MammothAnalytics.")
    out.push(...(own ? exitRenderings(span.end) : exitExport(span.end)))
  }
  return out
}

// --- scenarios ----------------------------------------------------------------------------------------------

/** Response headers that echo the credentials back, as a debugging proxy might. */
const echo = (req: http.IncomingMessage): http.OutgoingHttpHeaders => {
  const headers: http.OutgoingHttpHeaders = {}
  for (const name of ["authorization", "x-api-key", "x-api-secret"]) {
    const value = req.headers[name]
    if (value !== undefined) headers[name] = String(value)
  }
  headers["set-cookie"] = `session=${String(req.headers["x-api-secret"] ?? req.headers["authorization"])}`
  return headers
}

const answer = (status: number, body: string, type = "application/json"): Handler => (req, res) =>
  res.writeHead(status, { "content-type": type, ...echo(req) }).end(body)

const serverFaults: ReadonlyArray<readonly [string, Handler]> = [
  ["400 client error", answer(400, JSON.stringify({ status_code: 400, detail: "Bad Request", extra: {} }))],
  [
    "400 validation",
    answer(
      400,
      JSON.stringify({ status_code: 400, detail: "Validation", extra: [{ message: "m", key: "k", source: "body" }] })
    )
  ],
  ["401", answer(401, JSON.stringify({ status_code: 401, detail: "Unauthorized", extra: {} }))],
  ["403", answer(403, JSON.stringify({ status_code: 403, detail: "Authorization Exception", extra: {} }))],
  ["429", (req, res) => res.writeHead(429, { "retry-after": "1", ...echo(req) }).end("slow down")],
  ["500", answer(500, "boom", "text/plain")],
  ["503", answer(503, "unavailable", "text/plain")],
  ["not JSON", answer(200, "<html>oops</html>", "text/html")],
  ["wrong shape", answer(200, "{\"connections\": 5}")],
  ["huge", answer(200, " ".repeat(200_000))],
  ["redirect", (req, res) => res.writeHead(302, { location: "http://127.0.0.1:9/x", ...echo(req) }).end()],
  ["reset", (_req, _res, ctx) => ctx.socket.resetAndDestroy()],
  [
    "cut short",
    (_req, _res, ctx) =>
      ctx.socket.end("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{\"conn")
  ],
  ["never answers", () => {}]
]

const base = scope
const poisoned = { password: connectionPassword, big: 10n }
const cyclic: Record<string, unknown> = { password: connectionPassword }
cyclic["self"] = cyclic

/** Calls whose input is refused before sending; several carry the password where a careless error would quote it. */
const invalidCalls: ReadonlyArray<
  readonly [string, OperationName, Record<string, unknown>, NeutralCallOptions?]
> = [
  ["BigInt body", "create", { ...base, requestBody: poisoned }],
  ["cyclic body", "create", { ...base, requestBody: cyclic }],
  ["body of the wrong shape", "create", { ...base, requestBody: [connectionPassword] }],
  [
    "patch with the password as its op",
    "update",
    {
      ...base,
      connectionKey: "k",
      patch: [{ op: connectionPassword, path: "connection", value: { password: connectionPassword } }]
    }
  ],
  [
    "patch value not JSON",
    "update",
    {
      ...base,
      connectionKey: "k",
      patch: [{ op: "replace", path: "connection", value: { password: connectionPassword, f: () => 1 } }]
    }
  ],
  ["header with CR/LF carrying the password", "list", base, { headers: { "x-note": `${connectionPassword}\r\nx: y` } }],
  ["header overriding the secret", "list", base, { headers: { "x-api-secret": connectionPassword } }],
  ["header overriding the token", "list", base, { headers: { Authorization: `Bearer ${connectionPassword}` } }],
  ["header overriding the workspace", "list", base, { headers: { "x-workspace-id": connectionPassword } }],
  ["invalid id", "list", { ...base, workspaceId: -1 }]
]

/**
 * Layers the client must refuse without sending anything nor quoting what they were given: credentials no
 * header can carry, two forms of credentials at once and plain strings where `Redacted`s are due (as a careless
 * JavaScript caller could pass them), and server URLs that carry them.
 */
const badLayers = (
  auth: AuthMode,
  serverUrl: string
): ReadonlyArray<Pick<NeutralOptions, "credentials" | "serverUrl">> => {
  const { origin, pathname } = new URL(serverUrl)
  const insecure = `http://mammoth.invalid${pathname}`
  return auth === "key"
    ? [
      { credentials: { apiKey, apiSecret: `${apiSecret}\r\nx-injected: 1` }, serverUrl },
      { credentials: { apiKey: `${apiKey}\u0000`, apiSecret }, serverUrl },
      { credentials: { apiKey, apiSecret }, serverUrl: `${serverUrl}?key=${apiKey}#${apiSecret}` },
      // plain http off loopback: the key and secret would cross the network in clear
      { credentials: { apiKey, apiSecret }, serverUrl: `${insecure}/${apiSecret}` },
      { credentials: { apiKey, apiSecret, apiToken }, serverUrl },
      { credentials: { apiKey, apiSecret, unredacted: true }, serverUrl }
    ]
    : [
      { credentials: { apiToken: `${apiToken}\r\nx-injected: 1` }, serverUrl },
      { credentials: { apiToken: `${apiToken}\u0000` }, serverUrl },
      { credentials: { apiToken: `${apiToken}\u2028` }, serverUrl },
      { credentials: { apiToken }, serverUrl: `${serverUrl}?token=${apiToken}#${apiToken}` },
      { credentials: { apiToken }, serverUrl: `${insecure}/${apiToken}` },
      { credentials: { apiToken }, serverUrl: `${origin.replace("http:", "https:")}/${apiToken}?x#y` },
      { credentials: { apiToken, apiKey }, serverUrl },
      { credentials: { apiToken, unredacted: true }, serverUrl }
    ]
}

/** `serverUrl`s with a user and password in them: refused, and the password never shown. */
const userinfoUrls = (serverUrl: string): ReadonlyArray<string> => {
  const { host, pathname } = new URL(serverUrl)
  return [
    `https://bob:${urlPassword}@${host}${pathname}`,
    `http://bob:${urlPassword}@${host}${pathname}`,
    `https://${urlPassword}@${host}${pathname}`,
    `https://bob:${encodeURIComponent(urlPassword)}@${host}${pathname}/`
  ]
}

/** The sentinels a mode's requests carry on the wire (so their absence elsewhere is not vacuous). */
const sentOnTheWire: Record<AuthMode, ReadonlyArray<string>> = {
  key: [apiKey, apiSecret, connectionPassword],
  token: [apiToken, connectionPassword]
}

/** The request header whose value is the mode's secret, as the HTTP client's span records it (redacted). */
const secretHeader: Record<AuthMode, string> = { key: "x-api-secret", token: "authorization" }

const byMethod = (method: string | undefined): OpCase => ops.find((o) => o.method === method)!
const create = byMethod("POST")
const update = ops.find((o) => o.name === "update")!

for (const auth of authModes) {
  for (const line of lines) {
    for (const transport of line.transports) {
      describe(
        `[${line.name}] secrets over ${transport}, authenticated with the ${
          auth === "key" ? "key and secret" : "token"
        }`,
        () => {
          it("no failure, success value, log, span attribute or span event shows a credential or a password", async () => {
            const observed: Array<string> = []
            const observation = makeObservation()
            let failures = 0
            /** The failures rendered, by tag and, when they have one, transport error code or timeout scope. */
            const failureKinds = new Set<string>()
            /** A call's outcome, rendered every way, and counted. */
            const record = (outcome: Outcome): Outcome => {
              if (outcome._tag === "Success") observed.push(...renderings(outcome.value))
              else {
                failures++
                for (const failure of outcome.view.failures) failureKinds.add(kindOf(failure))
              }
              observed.push(...exitRenderings(outcome.view))
              return outcome
            }
            const policy = { retries: 1, maxRetryAfterMillis: 5 }
            /** A client over `transport` with the mode's credentials and every call observed. */
            const clientOf = (
              serverUrl: string,
              options?: Pick<NeutralOptions, "timeoutMillis" | "maxResponseBytes">
            ) =>
              useClient(line, {
                ...options,
                credentials: credentialsOf(auth),
                serverUrl,
                transport,
                retry: policy,
                observe: observation
              })
            const seenByServers: Array<string> = []

            for (const [, handler] of serverFaults) {
              const server = await serve(handler)
              const client = clientOf(server.url, { timeoutMillis: 100, maxResponseBytes: 64 * 1024 })
              for (const op of ops) record(await client.call(op.name, op.input))
              seenByServers.push(...server.requests.map((r) => JSON.stringify(r.headers) + r.body))
            }

            // create answered with an OAuth exchange: its token and key are Redacted in the success value
            const oauth = await serve((req, res) =>
              req.method === "POST"
                ? res.writeHead(202, { "content-type": "application/json", ...echo(req) }).end(JSON.stringify({
                  pending_id: "pending-4c1d",
                  access_token: oauthAccessToken,
                  picker_api_key: oauthPickerApiKey
                }))
                : answerOk(byMethod(req.method), res)
            )
            const exchange = record(await clientOf(oauth.url).call(create.name, create.input))
            expect(exchange._tag).toBe("Success")
            const value = (exchange as Extract<Outcome, { _tag: "Success" }>).value as {
              readonly _tag: string
              readonly accessToken: unknown
              readonly pickerApiKey: unknown
            }
            expect(value._tag).toBe("OAuthExchange")
            // the collection is not vacuous: the client does hold the token and the key, in Redacted boxes
            expect(line.reveal(value)).toMatchObject({
              accessToken: redacted(oauthAccessToken),
              pickerApiKey: redacted(oauthPickerApiKey)
            })
            observed.push(
              String(value.accessToken),
              `${value.pickerApiKey}`,
              JSON.stringify(value),
              JSON.stringify({ token: value.accessToken, key: value.pickerApiKey }),
              util.inspect(value.accessToken, { showHidden: true, getters: true }),
              util.inspect(value.pickerApiKey, { showHidden: true, getters: true }),
              util.format("%s %o %O %j", value.accessToken, value.pickerApiKey, value, value)
            )
            seenByServers.push(...oauth.requests.map((r) => JSON.stringify(r.headers) + r.body))

            // refused before sending
            const quiet = await serve((req, res) => answerOk(byMethod(req.method), res))
            const quietClient = clientOf(quiet.url)
            for (const [, name, input, options] of invalidCalls) record(await quietClient.call(name, input, options))
            // credentials no header can carry, and server URLs that quote them: refused, never quoted back
            const refusedLayers = badLayers(auth, quiet.url)
            for (const options of refusedLayers) {
              const client = useClient(line, { ...options, transport, observe: observation })
              for (const op of ops) record(await client.call(op.name, op.input))
            }
            // a server URL with userinfo: refused (every call, nothing sent), its password in no error or log
            const urls = userinfoUrls(quiet.url)
            for (const serverUrl of urls) {
              const client = useClient(line, {
                credentials: credentialsOf(auth),
                serverUrl,
                transport,
                observe: observation
              })
              for (const op of ops) {
                const outcome = record(await client.call(op.name, op.input))
                expect(factsOf(outcome)).toEqual({ outcome: "failure", tag: "ConfigError" })
              }
            }
            expect(quiet.requests.length).toBe(0)

            // interrupted in flight, and timed out from outside
            const silent = await serve(() => {})
            const silentClient = clientOf(silent.url)
            const abort = new AbortController()
            const interrupted = silentClient.call(create.name, create.input, undefined, { signal: abort.signal })
            await waitUntil(() => silent.requests.length === 1, "the create to arrive")
            abort.abort()
            const interruptedOutcome = await interrupted
            expect(interruptedOutcome._tag).toBe("Interrupted")
            observed.push(...exitRenderings(interruptedOutcome.view))
            record(await silentClient.call(update.name, update.input, undefined, { outerTimeoutMillis: 50 }))
            // a job await that gives up: a MammothAnalyticsTimeoutError of scope "await", the line's own as its cause
            record(await silentClient.call("jobs.await", { workspaceId: 4, jobId: 1 }, { timeoutMillis: 50 }))
            seenByServers.push(...silent.requests.map((r) => JSON.stringify(r.headers) + r.body))

            // a connection refused: nothing listens on the port
            const refusedClient = clientOf(await refusedUrl())
            for (const op of ops) record(await refusedClient.call(op.name, op.input))

            const { logs, spans } = observation
            for (const log of logs) {
              observed.push(
                ...log.formatted,
                ...renderings(log.message),
                ...renderings(log.cause),
                log.causePretty,
                ...renderings(log.annotations)
              )
            }
            for (const span of spans) observed.push(...spanRenderings(span))

            // the collection is not vacuous: the sentinels did travel, and there is plenty to look at
            const wire = seenByServers.join("\n")
            for (const secret of sentOnTheWire[auth]) expect(wire).toContain(secret)
            for (const secret of secrets.filter((s) => !sentOnTheWire[auth].includes(s))) {
              expect(wire).not.toContain(secret)
            }
            expect(failures).toBeGreaterThanOrEqual(
              serverFaults.length * 4 + invalidCalls.length + (refusedLayers.length + urls.length) * ops.length
            )
            expect(logs.length).toBeGreaterThan(100)
            expect(spans.some((s) => s.name === "MammothAnalytics.connections.create")).toBe(true)
            // the HTTP client's own spans (named `http.client GET` on Effect 3, `GET` on Effect 4), with the mode's
            // secret header among their attributes
            const httpSpans = spans.filter((s) => s.attributes.has("http.request.method"))
            expect(httpSpans.length).toBeGreaterThan(0)
            expect(httpSpans.some((s) => [...s.attributes.keys()].some((k) => k.includes(secretHeader[auth]))))
              .toBe(true)
            expect(observed.some((text) => text.includes("level=DEBUG"))).toBe(true)
            expect(observed.some((text) => text.includes("OAuthExchange"))).toBe(true)
            // the library's transport and timeout failures were among those rendered, each kind of them
            expect([...failureKinds].sort()).toEqual(expect.arrayContaining([
              "MammothAnalyticsTransportError ECONNRESET",
              "MammothAnalyticsTransportError UND_ERR_SOCKET",
              "MammothAnalyticsTransportError ECONNREFUSED",
              "MammothAnalyticsTimeoutError attempt",
              "MammothAnalyticsTimeoutError await",
              // a caller's own Effect.timeout is the line's
              line.outerTimeoutTag
            ]))

            for (const secret of secrets) {
              const leaks = observed.filter((text) => text.includes(secret))
              expect(leaks.slice(0, 3)).toEqual([])
            }
          })
        }
      )
    }
  }
}

// --- what an error keeps of a body -------------------------------------------------------------------------

/** Values only a server sends back: one under `connection_config` whose name is no secret's, and a DSN. */
const configValue = "cfg-0d5e2a71-SENTINEL-configvalue"
const dsnValue = "postgres://app:dsn-4b9c17e2-SENTINEL-dsnpassword@db.internal:5432/hubli"
const bodySecrets = [connectionPassword, configValue, dsnValue]

/** A connection's configuration as a careless server echoes it: each kind of sentinel in it. */
const leakyConfig = { hostname: "db.internal", password: connectionPassword, extra_param: configValue, dsn: dsnValue }

const wireJob = (fields: Record<string, unknown>) => ({
  job: {
    id: 1,
    status: "processing",
    response: null,
    created_at: "2026-01-02T03:04:05Z",
    last_updated_at: "2026-01-02T03:04:05Z",
    path: "/api/v2/jobs/1",
    operation: "create_connection",
    ...fields
  }
})

const { created_at: _createdAt, ...jobWithoutCreatedAt } = wireJob({
  status: "success",
  response: { connection_key: "a", connection_config: leakyConfig }
}).job

/** One body a server answers with, and what the call must fail with. */
interface BodyCase {
  readonly name: string
  readonly operation: OperationName
  readonly input: unknown
  readonly status: number
  readonly body: unknown
  /** The body is sent as this text, not as JSON. */
  readonly text?: string
  readonly contentType?: string
  readonly maxResponseBytes?: number
  readonly tag: string
  /** What else holds of the error: the parts that are kept still say what was wrong. */
  readonly check?: (error: Record<string, unknown>) => void
}

const getOp = ops.find((o) => o.name === "get")!
const listOp = ops.find((o) => o.name === "list")!
const job = { workspaceId: 4, jobId: 1 }
const limit = 16 * 1024
const padded = JSON.stringify({ connection_config: leakyConfig, pad: "x".repeat(4 * limit) })

const bodyCases: ReadonlyArray<BodyCase> = [
  {
    name: "a list with one malformed item and another item's configuration in clear",
    operation: "list",
    input: listOp.input,
    status: 200,
    body: {
      connections: [{ connection_key: "a", connection_config: leakyConfig }, {
        connection_key: "",
        connection_config: {}
      }]
    },
    tag: "MammothAnalyticsResponseValidationError",
    check: (error) => {
      expect(error["reason"]).toMatch(
        /^the body does not match ListConnectionsSchema: at \[connections, 1, connection_key\]/
      )
      // the body is kept, masked: its shape and keys still show what was wrong
      expect(error["body"]).toContain(`"connection_key":"<redacted>"`)
      expect(error["body"]).toContain(`"extra_param"`)
    }
  },
  {
    name: "a list whose malformed item's configuration is a DSN string",
    operation: "list",
    input: listOp.input,
    status: 200,
    body: {
      connections: [{ connection_key: "a", connection_config: leakyConfig }, {
        connection_key: "b",
        connection_config: dsnValue
      }]
    },
    tag: "MammothAnalyticsResponseValidationError",
    check: (error) =>
      expect(error["reason"]).toMatch(
        /^the body does not match ListConnectionsSchema: at \[connections, 1, connection_config\]/
      )
  },
  {
    name: "a job body missing created_at, its response echoing the configuration",
    operation: "jobs.get",
    input: job,
    status: 200,
    body: { job: jobWithoutCreatedAt },
    tag: "MammothAnalyticsResponseValidationError",
    check: (error) => expect(error["reason"]).toMatch(/^the body does not match JobResponse: at \[job, created_at\]/)
  },
  {
    name: "a job whose id is the password",
    operation: "jobs.get",
    input: job,
    status: 200,
    body: wireJob({ id: connectionPassword, response: { connection_config: leakyConfig } }),
    tag: "MammothAnalyticsResponseValidationError",
    check: (error) => expect(error["reason"]).toMatch(/^the body does not match JobResponse: at \[job, id\]/)
  },
  {
    name: "a get body that is not JSON",
    operation: "get",
    input: getOp.input,
    status: 200,
    body: undefined,
    text: `<html>password=${connectionPassword}&dsn=${dsnValue}&extra_param=${configValue}</html>`,
    contentType: "text/html",
    tag: "MammothAnalyticsResponseValidationError",
    check: (error) => {
      expect(error["reason"]).toBe("the body is not JSON (content-type text/html)")
      expect(error["body"]).toBe("")
    }
  },
  {
    name: "a get body too large",
    operation: "get",
    input: getOp.input,
    status: 200,
    body: undefined,
    text: padded,
    maxResponseBytes: limit,
    tag: "MammothAnalyticsResponseValidationError",
    check: (error) => {
      expect(error["reason"]).toBe(`the body is larger than ${limit} bytes`)
      expect(error["body"]).toBe("")
    }
  },
  {
    name: "a create 202 of the wrong shape echoing the configuration",
    operation: "create",
    input: ops.find((o) => o.name === "create")!.input,
    status: 202,
    body: { status_code: 202, job_id: "7", connection_config: leakyConfig, dsn: dsnValue },
    tag: "MammothAnalyticsResponseValidationError",
    check: (error) => expect(error["reason"]).toMatch(/^the 202 body is neither an OAuth exchange nor a job: at \[/)
  },
  {
    name: "a create 202 whose job id is the password",
    operation: "create",
    input: ops.find((o) => o.name === "create")!.input,
    status: 202,
    body: { status_code: 202, job_id: connectionPassword, failure_reason: null },
    tag: "MammothAnalyticsResponseValidationError",
    check: (error) => {
      expect(error["reason"]).toMatch(/^the 202 body is neither an OAuth exchange nor a job: at \[/)
      expect(error["reason"]).toContain("at [job_id]: is not of the expected type")
    }
  },
  {
    name: "an update answer that is not JSON",
    operation: "update",
    input: update.input,
    status: 200,
    body: undefined,
    text: `password=${connectionPassword}; dsn=${dsnValue}; extra_param=${configValue}`,
    contentType: "text/plain",
    tag: "MammothAnalyticsResponseValidationError",
    check: (error) => expect(error["body"]).toBe("")
  },
  {
    name: "an update answer too large",
    operation: "update",
    input: update.input,
    status: 200,
    body: undefined,
    text: padded,
    maxResponseBytes: limit,
    tag: "MammothAnalyticsResponseValidationError"
  },
  {
    name: "a 500 whose JSON body echoes the configuration",
    operation: "get",
    input: getOp.input,
    status: 500,
    body: { detail: "boom", connection_config: leakyConfig, dsn: dsnValue },
    tag: "MammothAnalyticsDefaultError",
    check: (error) => expect(JSON.parse(error["body"] as string)).toMatchObject({ detail: "boom" })
  },
  {
    name: "a 500 whose JSON body echoes the configuration, larger than errorBodyBytes (cut, so not JSON)",
    operation: "get",
    input: getOp.input,
    status: 500,
    body: undefined,
    text: padded,
    tag: "MammothAnalyticsDefaultError",
    check: (error) => expect((error["body"] as string).length).toBeLessThanOrEqual(limit)
  },
  {
    name: "a 400 whose extra echoes the configuration",
    operation: "get",
    input: getOp.input,
    status: 400,
    body: { status_code: 400, detail: "Bad Request", extra: { connection_config: leakyConfig } },
    tag: "MammothAnalyticsClientError",
    check: (error) => expect(error["extra"]).toMatchObject({ connection_config: { hostname: expect.any(String) } })
  },
  {
    name: "a 403 whose extra echoes a DSN",
    operation: "get",
    input: getOp.input,
    status: 403,
    body: {
      status_code: 403,
      detail: "Authorization Exception",
      extra: { dsn: dsnValue, connection_string: dsnValue }
    },
    tag: "MammothAnalyticsForbiddenError"
  },
  {
    name: "a failed job whose response echoes the configuration",
    operation: "jobs.await",
    input: job,
    status: 200,
    body: wireJob({ status: "failure", response: { connection_key: "a", connection_config: leakyConfig } }),
    tag: "MammothAnalyticsJobFailedError",
    check: (error) =>
      expect(error["response"]).toMatchObject({
        connection_key: "a",
        connection_config: { hostname: expect.any(String) }
      })
  }
]

for (const line of lines) {
  describe(`[${line.name}] secrets in bodies: what reached the client is in no error`, () => {
    for (const body of bodyCases) {
      it(`${body.name}: ${body.tag}`, async () => {
        const text = body.text ?? JSON.stringify(body.body)
        const server = await serve((_req, res) =>
          res.writeHead(body.status, { "content-type": body.contentType ?? "application/json" }).end(text)
        )
        const received: Array<Uint8Array> = []
        const client = useClient(line, {
          credentials: credentialsOf("token"),
          serverUrl: server.url,
          transport: tappedFetch((chunk) => received.push(chunk)),
          retry: "none",
          ...(body.maxResponseBytes === undefined ? {} : { maxResponseBytes: body.maxResponseBytes })
        })
        const outcome = await client.call(body.operation, body.input)
        expect(factsOf(outcome)).toMatchObject({ outcome: "failure", tag: body.tag })
        // not vacuous: each sentinel the body carries reached the client
        const reached = Buffer.concat(received).toString("utf8")
        const carried = bodySecrets.filter((secret) => text.includes(secret))
        expect(carried.length).toBeGreaterThan(0)
        for (const secret of carried) expect(reached).toContain(secret)
        const error = (outcome as Extract<Outcome, { _tag: "Failure" }>).error as Record<string, unknown>
        const rendered = [...exitRenderings(outcome.view), util.inspect(error, { depth: Infinity })]
        for (const secret of bodySecrets) {
          expect(rendered.filter((rendering) => rendering.includes(secret)).slice(0, 2)).toEqual([])
        }
        body.check?.(error)
      })
    }
  })
}

// --- a server that echoes the client's own credentials ------------------------------------------------------

/** The credential headers' values as the server received them, the way a server might quote them. */
const echoedCredentials = (req: http.IncomingMessage): string =>
  ["authorization", "x-api-key", "x-api-secret"]
    .flatMap((name) => (req.headers[name] === undefined ? [] : [`${name}: ${String(req.headers[name])}`]))
    .join(", ")

/** A server's answer built from the request: a status, a content type and a body that quote the credentials. */
interface EchoCase {
  readonly name: string
  readonly operation: OperationName
  readonly input: unknown
  readonly tag: string
  readonly answer: (echoed: string, credentials: ReadonlyArray<string>) => {
    readonly status: number
    readonly type: string
    readonly body: string
    readonly headers?: http.OutgoingHttpHeaders
  }
  readonly check?: (error: Record<string, unknown>) => void
}

const echoCases: ReadonlyArray<EchoCase> = [
  {
    name: "a 401 whose detail quotes the credential headers",
    operation: "get",
    input: getOp.input,
    tag: "MammothAnalyticsUnauthorizedError",
    answer: (echoed) => ({
      status: 401,
      type: "application/json",
      body: JSON.stringify({ status_code: 401, detail: `bad token ${echoed}`, extra: {} })
    }),
    check: (error) =>
      expect(error["detail"]).toMatch(/^bad token authorization: Bearer <redacted>$|x-api-key: <redacted>/)
  },
  {
    name: "a 500 HTML page that prints them",
    operation: "get",
    input: getOp.input,
    tag: "MammothAnalyticsDefaultError",
    answer: (echoed) => ({ status: 500, type: "text/html", body: `<p>auth=${echoed}</p>` }),
    check: (error) => expect(error["body"]).toMatch(/^<p>auth=.*<redacted><\/p>$/)
  },
  {
    name: "a 403 whose extra holds them in values and keys, and a header that is not a credential's",
    operation: "get",
    input: getOp.input,
    tag: "MammothAnalyticsForbiddenError",
    answer: (echoed, credentials) => ({
      status: 403,
      type: "application/json",
      headers: { "x-request-echo": echoed },
      body: JSON.stringify({
        status_code: 403,
        detail: "Authorization Exception",
        extra: { seen: echoed, nested: [{ note: credentials.join(" ") }], [credentials[0]!]: "as a key" }
      })
    }),
    check: (error) =>
      expect(error["extra"]).toMatchObject({ nested: [{ note: expect.stringContaining("<redacted>") }] })
  },
  {
    name: "a 400 Validation Exception whose messages quote them",
    operation: "get",
    input: getOp.input,
    tag: "MammothAnalyticsValidationError",
    answer: (echoed) => ({
      status: 400,
      type: "application/json",
      body: JSON.stringify({
        status_code: 400,
        detail: "Validation Exception",
        extra: [{ message: `header ${echoed} is not accepted`, key: "authorization", source: "header" }]
      })
    })
  },
  {
    name: "a 2xx list refused by validation that holds them",
    operation: "list",
    input: listOp.input,
    tag: "MammothAnalyticsResponseValidationError",
    answer: (echoed, credentials) => ({
      status: 200,
      type: "application/json",
      body: JSON.stringify({ connections: "not a list", note: echoed, [credentials[0]!]: { why: echoed } })
    })
  },
  {
    name: "a failed job whose response and operation quote them",
    operation: "jobs.await",
    input: job,
    tag: "MammothAnalyticsJobFailedError",
    answer: (echoed, credentials) => ({
      status: 200,
      type: "application/json",
      body: JSON.stringify(
        wireJob({
          status: "failure",
          operation: `create ${credentials.join(" ")}`,
          response: { error: `refused: ${echoed}`, response: { detail: echoed } }
        })
      )
    }),
    check: (error) => expect(error["reason"]).toMatch(/^refused: .*<redacted>$/)
  },
  {
    name: "a 500 text body cut at the 16 KiB limit inside the first credential",
    operation: "get",
    input: getOp.input,
    tag: "MammothAnalyticsDefaultError",
    answer: (echoed, credentials) => ({
      status: 500,
      type: "text/plain",
      // the limit falls 4 characters before the first credential's end: only its start is read
      body: `${"x".repeat(16 * 1024 - credentials[0]!.length + 4)}${credentials[0]} tail ${echoed}`
    }),
    // no start of it is kept either: the cut end is masked
    check: (error) => expect(error["body"]).toMatch(/x<redacted>$/)
  }
]

for (const line of lines) {
  for (const auth of authModes) {
    describe(`[${line.name}] a server that echoes the client's own credentials (${auth}): no error keeps them`, () => {
      const credentials = auth === "token" ? [apiToken] : [apiKey, apiSecret]
      for (const echo of echoCases) {
        it(`${echo.name}: ${echo.tag}`, async () => {
          const sent: Array<string> = []
          const server = await serve((req, res) => {
            const echoed = echoedCredentials(req)
            const { body, headers, status, type } = echo.answer(echoed, credentials)
            sent.push(body, echoed)
            res.writeHead(status, { "content-type": type, ...headers }).end(body)
          })
          const client = useClient(line, {
            credentials: credentialsOf(auth),
            serverUrl: server.url,
            transport: "fetch",
            retry: "none"
          })
          const outcome = await client.call(echo.operation, echo.input)
          expect(factsOf(outcome)).toMatchObject({ outcome: "failure", tag: echo.tag })
          // not vacuous: the server's answer quoted every credential
          for (const secret of credentials) expect(sent.join("\n")).toContain(secret)
          const error = (outcome as Extract<Outcome, { _tag: "Failure" }>).error as Record<string, unknown>
          const rendered = [...exitRenderings(outcome.view), util.inspect(error, { depth: Infinity })]
          expect(rendered.some((rendering) => rendering.includes("<redacted>"))).toBe(true)
          for (const secret of credentials) {
            expect(rendered.filter((rendering) => rendering.includes(secret)).slice(0, 2)).toEqual([])
          }
          echo.check?.(error)
        })
      }
    })
  }
}

for (const line of lines) {
  describe(`[${line.name}] a short credential echoed in a response header`, () => {
    it("is masked in the header's value; retry-after stays readable", async () => {
      const server = await serve((req, res) => {
        res.writeHead(503, {
          "content-type": "text/plain",
          "x-f": `t=${String(req.headers["authorization"]).slice("Bearer ".length)}`,
          "retry-after": "0"
        }).end("busy")
      })
      const client = useClient(line, {
        credentials: { apiToken: "abc1234" },
        serverUrl: server.url,
        transport: "fetch",
        retry: "none"
      })
      const outcome = await client.call("get", getOp.input)
      expect(factsOf(outcome)).toMatchObject({ outcome: "failure", tag: "MammothAnalyticsDefaultError" })
      const error = (outcome as Extract<Outcome, { _tag: "Failure" }>).error as Record<string, unknown>
      expect(error["headers"]).toMatchObject({ "x-f": "t=<redacted>", "retry-after": "0" })
      const rendered = [...exitRenderings(outcome.view), util.inspect(error, { depth: Infinity })]
      expect(rendered.filter((rendering) => rendering.includes("abc1234"))).toEqual([])
    })
  })
}
