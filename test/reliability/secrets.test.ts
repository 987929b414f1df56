/**
 * Secrets never leave the `Redacted` box: every failure of the fault matrix (`MammothAnalyticsTransportError`
 * of a reset, a body cut short and a refused connection, `MammothAnalyticsTimeoutError` of an attempt and of a
 * job's await included), of invalid input, of timeouts and interruption, and every success value, is rendered every way a user might (message, String(), JSON.stringify,
 * util.inspect, Cause.pretty, the Exit itself), the calls run with debug-level logs through a recording Logger
 * (and its output through each of Effect's formatters) and spans through a recording Tracer (attributes,
 * events, end exits); none of the API key, the API secret, the bearer token, a connection password from a
 * request body, an OAuth exchange's access token and picker API key that create returns, or the password of a
 * `serverUrl` with userinfo may appear in any of it. The suite runs once with the key and secret, once with
 * the token.
 */
import { describe, expect, it } from "@effect/vitest"
import type { Context } from "effect"
import { Cause, Effect, Exit, Fiber, Layer, Logger, LogLevel, Option, Redacted, Schedule, Tracer } from "effect"
import type * as http from "node:http"
import * as util from "node:util"
import type { MammothAnalyticsOptions } from "../../src/index.js"
import { MammothAnalytics, RetryPolicy } from "../../src/index.js"
import { outcomeOf } from "./support/outcome.js"
import type { AuthMode, Handler, OpCase } from "./support/server.js"
import {
  answerOk,
  apiKey,
  apiSecret,
  apiToken,
  authModes,
  clientLayer,
  connectionPassword,
  credentialsOf,
  ops,
  refusedUrl,
  scope,
  serve,
  transports,
  waitUntil
} from "./support/server.js"

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

const exitRenderings = (exit: Exit.Exit<unknown, unknown>): Array<string> => {
  const out = [...renderings(exit)]
  if (Exit.isFailure(exit)) {
    out.push(Cause.pretty(exit.cause), Cause.pretty(exit.cause, { renderErrorCause: true }), ...renderings(exit.cause))
    for (const failure of Cause.failures(exit.cause)) out.push(...renderings(failure))
    for (const defect of Cause.defects(exit.cause)) out.push(...renderings(defect))
    for (const error of Cause.prettyErrors(exit.cause)) out.push(...renderings(error))
  }
  return out
}

/**
 * What a tracer exports of a span's end: for a failure, `Cause.pretty` (with error causes) and each pretty
 * error's name, message and stack, as @effect/opentelemetry records them. A span's exit value itself is not
 * exported: note that @effect/platform's own `http.client` span ends with the raw response or `RequestError`,
 * whose request holds every header (see docs/reliability.md).
 */
const exitExport = (exit: Exit.Exit<unknown, unknown>): Array<string> => {
  if (Exit.isSuccess(exit)) return []
  const out = [Cause.pretty(exit.cause), Cause.pretty(exit.cause, { renderErrorCause: true })]
  for (const error of Cause.prettyErrors(exit.cause)) out.push(error.name, error.message, error.stack ?? "")
  return out
}

/** A Logger that keeps every log as each of Effect's formatters would print it. */
const recordingLogger = (sink: Array<string>, count: { logs: number }) =>
  Logger.make<unknown, void>((options) => {
    count.logs++
    sink.push(
      Logger.logfmtLogger.log(options),
      Logger.jsonLogger.log(options),
      Logger.stringLogger.log(options),
      safeJson(Logger.structuredLogger.log(options)),
      ...renderings(options.message),
      ...renderings(options.cause),
      Cause.pretty(options.cause),
      ...renderings(options.annotations)
    )
  })

/** A Tracer whose spans keep their attributes, events and end exits. */
class RecordingSpan implements Tracer.Span {
  readonly _tag = "Span"
  readonly spanId = Math.random().toString(16).slice(2)
  readonly traceId: string
  readonly sampled = true
  status: Tracer.SpanStatus
  readonly attributes = new Map<string, unknown>()
  readonly events: Array<[string, bigint, Record<string, unknown>]> = []
  readonly links: Array<Tracer.SpanLink>
  constructor(
    readonly name: string,
    readonly parent: Option.Option<Tracer.AnySpan>,
    readonly context: Context.Context<never>,
    links: ReadonlyArray<Tracer.SpanLink>,
    startTime: bigint,
    readonly kind: Tracer.SpanKind
  ) {
    this.status = { _tag: "Started", startTime }
    this.links = [...links]
    this.traceId = Option.isSome(parent) ? parent.value.traceId : "trace"
  }
  end(endTime: bigint, exit: Exit.Exit<unknown, unknown>): void {
    this.status = { _tag: "Ended", startTime: this.status.startTime, endTime, exit }
  }
  attribute(key: string, value: unknown): void {
    this.attributes.set(key, value)
  }
  event(name: string, startTime: bigint, attributes?: Record<string, unknown>): void {
    this.events.push([name, startTime, attributes ?? {}])
  }
  addLinks(links: ReadonlyArray<Tracer.SpanLink>): void {
    this.links.push(...links)
  }
}

const recordingTracer = (spans: Array<RecordingSpan>) =>
  Tracer.make({
    span: (name, parent, context, links, startTime, kind, options) => {
      const span = new RecordingSpan(name, parent, context, links, startTime, kind)
      for (const [key, value] of Object.entries(options?.attributes ?? {})) span.attribute(key, value)
      spans.push(span)
      return span
    },
    context: (f) => f()
  })

const spanRenderings = (span: RecordingSpan): Array<string> => {
  const out = [span.name, ...renderings(span.links)]
  for (const [key, value] of span.attributes) out.push(key, ...renderings(value))
  for (const [name, , attributes] of span.events) out.push(name, ...renderings(attributes))
  if (span.status._tag === "Ended") {
    // this client's own spans end with exactly what the caller gets back: every rendering must be clean
    const own = span.name.startsWith("MammothAnalytics.")
    out.push(...(own ? exitRenderings(span.status.exit) : exitExport(span.status.exit)))
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
const invalidCalls: ReadonlyArray<readonly [string, Effect.Effect<unknown, unknown, MammothAnalytics>]> = [
  ["BigInt body", Effect.flatMap(MammothAnalytics, (m) => m.connections.create({ ...base, requestBody: poisoned }))],
  ["cyclic body", Effect.flatMap(MammothAnalytics, (m) => m.connections.create({ ...base, requestBody: cyclic }))],
  [
    "body of the wrong shape",
    Effect.flatMap(
      MammothAnalytics,
      (m) => m.connections.create({ ...base, requestBody: [connectionPassword] as unknown as Record<string, unknown> })
    )
  ],
  [
    "patch with the password as its op",
    Effect.flatMap(MammothAnalytics, (m) =>
      m.connections.update({
        ...base,
        connectionKey: "k",
        patch: [{ op: connectionPassword, path: "connection", value: { password: connectionPassword } }] as never
      }))
  ],
  [
    "patch value not JSON",
    Effect.flatMap(MammothAnalytics, (m) =>
      m.connections.update({
        ...base,
        connectionKey: "k",
        patch: [{ op: "replace", path: "connection", value: { password: connectionPassword, f: () => 1 } }]
      }))
  ],
  [
    "header with CR/LF carrying the password",
    Effect.flatMap(
      MammothAnalytics,
      (m) => m.connections.list(base, { headers: { "x-note": `${connectionPassword}\r\nx: y` } })
    )
  ],
  [
    "header overriding the secret",
    Effect.flatMap(
      MammothAnalytics,
      (m) => m.connections.list(base, { headers: { "x-api-secret": connectionPassword } })
    )
  ],
  [
    "header overriding the token",
    Effect.flatMap(
      MammothAnalytics,
      (m) => m.connections.list(base, { headers: { Authorization: `Bearer ${connectionPassword}` } })
    )
  ],
  [
    "header overriding the workspace",
    Effect.flatMap(
      MammothAnalytics,
      (m) => m.connections.list(base, { headers: { "x-workspace-id": connectionPassword } })
    )
  ],
  ["invalid id", Effect.flatMap(MammothAnalytics, (m) => m.connections.list({ ...base, workspaceId: -1 }))]
]

/** Options the type rules out, passed as a careless caller could (plain JavaScript, a cast). */
const unchecked = (options: Record<string, unknown>): MammothAnalyticsOptions =>
  options as unknown as MammothAnalyticsOptions

/**
 * Layers the client must refuse without sending anything nor quoting what they were given: credentials no
 * header can carry, two forms of credentials at once, and server URLs that carry them.
 */
const badLayers = (auth: AuthMode, serverUrl: string): ReadonlyArray<MammothAnalyticsOptions> => {
  const { origin, pathname } = new URL(serverUrl)
  const insecure = `http://mammoth.invalid${pathname}`
  return auth === "key"
    ? [
      { apiKey: Redacted.make(apiKey), apiSecret: Redacted.make(`${apiSecret}\r\nx-injected: 1`), serverUrl },
      { apiKey: Redacted.make(`${apiKey}\u0000`), apiSecret: Redacted.make(apiSecret), serverUrl },
      {
        apiKey: Redacted.make(apiKey),
        apiSecret: Redacted.make(apiSecret),
        serverUrl: `${serverUrl}?key=${apiKey}#${apiSecret}`
      },
      // plain http off loopback: the key and secret would cross the network in clear
      { apiKey: Redacted.make(apiKey), apiSecret: Redacted.make(apiSecret), serverUrl: `${insecure}/${apiSecret}` },
      unchecked({
        apiKey: Redacted.make(apiKey),
        apiSecret: Redacted.make(apiSecret),
        apiToken: Redacted.make(apiToken),
        serverUrl
      }),
      unchecked({ apiKey, apiSecret, serverUrl })
    ]
    : [
      { apiToken: Redacted.make(`${apiToken}\r\nx-injected: 1`), serverUrl },
      { apiToken: Redacted.make(`${apiToken}\u0000`), serverUrl },
      { apiToken: Redacted.make(`${apiToken}\u2028`), serverUrl },
      { apiToken: Redacted.make(apiToken), serverUrl: `${serverUrl}?token=${apiToken}#${apiToken}` },
      { apiToken: Redacted.make(apiToken), serverUrl: `${insecure}/${apiToken}` },
      { apiToken: Redacted.make(apiToken), serverUrl: `${origin.replace("http:", "https:")}/${apiToken}?x#y` },
      unchecked({ apiToken: Redacted.make(apiToken), apiKey: Redacted.make(apiKey), serverUrl }),
      unchecked({ apiToken, serverUrl })
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

/** The request header whose value is the mode's secret, as @effect/platform's span records it (redacted). */
const secretHeader: Record<AuthMode, string> = { key: "x-api-secret", token: "authorization" }

for (const auth of authModes) {
  for (const [transportName, transport] of transports) {
    describe(`secrets over ${transportName}, authenticated with the ${auth === "key" ? "key and secret" : "token"}`, () => {
      it.scopedLive(
        "no failure, success value, log, span attribute or span event shows a credential or a password",
        () =>
          Effect.gen(function*() {
            const observed: Array<string> = []
            const count = { logs: 0, failures: 0 }
            /** The failures rendered, by tag and, when they have one, transport error code or timeout scope. */
            const failureKinds = new Set<string>()
            const spans: Array<RecordingSpan> = []
            const instrument = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
              effect.pipe(
                // a user logging the outcome, the failure with its cause, as many do
                Effect.tap((value) => Effect.logDebug("call succeeded", value)),
                Effect.tapErrorCause((cause) => Effect.logError("call failed", cause)),
                Effect.withTracer(recordingTracer(spans)),
                Effect.provide(Logger.replace(Logger.defaultLogger, recordingLogger(observed, count))),
                Effect.provide(Logger.minimumLogLevel(LogLevel.All)),
                Effect.exit,
                Effect.tap((exit) =>
                  Effect.sync(() => {
                    if (Exit.isFailure(exit)) {
                      count.failures++
                      for (const failure of Cause.failures(exit.cause)) failureKinds.add(kindOf(failure))
                    } else observed.push(...renderings(exit.value))
                    observed.push(...exitRenderings(exit))
                  })
                )
              )
            const policy = { auth, retry: RetryPolicy.make(Schedule.recurs(1), { maxRetryAfter: "5 millis" }) }
            const seenByServers: Array<string> = []

            for (const [, handler] of serverFaults) {
              const server = yield* serve(handler)
              const layer = clientLayer(server, transport, {
                ...policy,
                timeout: "100 millis",
                maxResponseBytes: 64 * 1024
              })
              for (const op of ops) yield* instrument(op.call().pipe(Effect.provide(layer)))
              seenByServers.push(...server.requests.map((r) => JSON.stringify(r.headers) + r.body))
            }

            // create answered with an OAuth exchange: its token and key are Redacted in the success value
            const oauth = yield* serve((req, res) =>
              req.method === "POST"
                ? res.writeHead(202, { "content-type": "application/json", ...echo(req) }).end(JSON.stringify({
                  pending_id: "pending-4c1d",
                  access_token: oauthAccessToken,
                  picker_api_key: oauthPickerApiKey
                }))
                : answerOk(ops.find((o: OpCase) => o.method === req.method)!, res)
            )
            const exchange = yield* instrument(
              ops[1]!.call().pipe(Effect.provide(clientLayer(oauth, transport, policy)))
            )
            expect(Exit.isSuccess(exchange)).toBe(true)
            const value = (exchange as Exit.Success<unknown, unknown>).value as {
              readonly _tag: string
              readonly accessToken: Redacted.Redacted<string>
              readonly pickerApiKey: Redacted.Redacted<string>
            }
            expect(value._tag).toBe("OAuthExchange")
            // the collection is not vacuous: the client does hold the token and the key
            expect(Redacted.value(value.accessToken)).toBe(oauthAccessToken)
            expect(Redacted.value(value.pickerApiKey)).toBe(oauthPickerApiKey)
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
            const quiet = yield* serve((req, res) => answerOk(ops.find((o: OpCase) => o.method === req.method)!, res))
            for (const [, effect] of invalidCalls) {
              yield* instrument(effect.pipe(Effect.provide(clientLayer(quiet, transport, policy))))
            }
            // credentials no header can carry, and server URLs that quote them: refused, never quoted back
            const refusedLayers = badLayers(auth, quiet.url)
            for (const options of refusedLayers) {
              const layer = MammothAnalytics.layer(options).pipe(Layer.provide(transport))
              for (const op of ops) yield* instrument(op.call().pipe(Effect.provide(layer)))
            }
            // a server URL with userinfo: refused (every call, nothing sent), its password in no error or log
            const urls = userinfoUrls(quiet.url)
            for (const serverUrl of urls) {
              const layer = MammothAnalytics.layer({ ...credentialsOf(auth), serverUrl }).pipe(Layer.provide(transport))
              for (const op of ops) {
                const exit = yield* instrument(op.call().pipe(Effect.provide(layer)))
                expect(outcomeOf(exit)).toEqual({ outcome: "failure", tag: "MammothAnalyticsInvalidRequestError" })
              }
            }
            expect(quiet.requests.length).toBe(0)

            // interrupted in flight, and timed out from outside
            const silent = yield* serve(() => {})
            const fiber = yield* instrument(ops[1]!.call().pipe(Effect.provide(clientLayer(silent, transport, policy))))
              .pipe(Effect.fork)
            yield* waitUntil(() => silent.requests.length === 1, "the create to arrive")
            observed.push(...exitRenderings(yield* Fiber.interrupt(fiber)))
            yield* instrument(
              ops[3]!.call().pipe(Effect.provide(clientLayer(silent, transport, policy)), Effect.timeout("50 millis"))
            )
            // a job await that gives up: a MammothAnalyticsTimeoutError of scope "await", effect's own as its cause
            yield* instrument(
              Effect.flatMap(MammothAnalytics, (m) =>
                m.jobs.await({ workspaceId: 4, jobId: 1 }, { timeout: "50 millis" }))
                .pipe(Effect.provide(clientLayer(silent, transport, policy)))
            )
            seenByServers.push(...silent.requests.map((r) =>
              JSON.stringify(r.headers) + r.body
            ))

            // a connection refused: nothing listens on the port
            const refused = yield* refusedUrl
            for (const op of ops) {
              yield* instrument(op.call().pipe(Effect.provide(clientLayer({ url: refused }, transport, policy))))
            }

            for (const span of spans) observed.push(...spanRenderings(span))

            // the collection is not vacuous: the sentinels did travel, and there is plenty to look at
            const wire = seenByServers.join("\n")
            for (const secret of sentOnTheWire[auth]) expect(wire).toContain(secret)
            for (const secret of secrets.filter((s) => !sentOnTheWire[auth].includes(s))) {
              expect(wire).not.toContain(secret)
            }
            expect(count.failures).toBeGreaterThanOrEqual(
              serverFaults.length * 4 + invalidCalls.length + (refusedLayers.length + urls.length) * ops.length
            )
            expect(count.logs).toBeGreaterThan(100)
            expect(spans.some((s) => s.name === "MammothAnalytics.connections.create")).toBe(true)
            expect(spans.some((s) => s.name.startsWith("http.client"))).toBe(true)
            expect(spans.some((s) => [...s.attributes.keys()].some((k) => k.includes(secretHeader[auth])))).toBe(true)
            expect(observed.some((line) => line.includes("level=DEBUG"))).toBe(true)
            expect(observed.some((line) => line.includes("OAuthExchange"))).toBe(true)
            // the library's transport and timeout failures were among those rendered, each kind of them
            expect([...failureKinds].sort()).toEqual(expect.arrayContaining([
              "MammothAnalyticsTransportError ECONNRESET",
              "MammothAnalyticsTransportError UND_ERR_SOCKET",
              "MammothAnalyticsTransportError ECONNREFUSED",
              "MammothAnalyticsTimeoutError attempt",
              "MammothAnalyticsTimeoutError await",
              // a caller's own Effect.timeout is effect's
              "TimeoutException"
            ]))

            for (const secret of secrets) {
              const leaks = observed.filter((line) => line.includes(secret))
              expect(leaks.slice(0, 3)).toEqual([])
            }
          })
      )
    })
  }
}
