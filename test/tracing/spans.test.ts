/**
 * Each operation's span, as an OpenTelemetry exporter receives it through @effect/opentelemetry: its name, its
 * mammoth.* attributes, the HttpClient's span as its child, and no credential or request body anywhere in the
 * attributes or events of any span (debug logs included, as they become span events).
 */
import { NodeSdk } from "@effect/opentelemetry"
import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base"
import { Effect, Layer, Logger, LogLevel, Redacted } from "effect"
import { MammothAnalytics, RetryPolicy } from "../../src/v3/index.js"
import { loopbackServer } from "../packaging/loopbackServer.js"
import type { LoopbackServer } from "../packaging/loopbackServer.js"

const apiKey = "trace-key-6be1f0a2"
const apiSecret = "trace-secret-c93d57e4"
const password = "trace-db-password-118a"
const scope = { workspaceId: 12, projectId: 34, connectorKey: "cG9zdGdyZXM=" } as const
const connectionKey = "kvx3b8lhfe3ilk0wv4xu4fl539njerj0lmcr6wf8"

/** Runs `body` with the client over real HTTP, traced into a fresh in-memory exporter; returns its spans. */
const traced = <A, E>(
  body: (m: MammothAnalytics["Type"]) => Effect.Effect<A, E>,
  prepare: (server: LoopbackServer) => void = () => {}
) =>
  Effect.gen(function*() {
    const server = yield* loopbackServer
    prepare(server)
    const exporter = new InMemorySpanExporter()
    const Tracing = NodeSdk.layer(() => ({
      resource: { serviceName: "mammoth-analytics-effect-test" },
      spanProcessor: new SimpleSpanProcessor(exporter)
    }))
    const Mammoth = MammothAnalytics.layer({
      apiKey: Redacted.make(apiKey),
      apiSecret: Redacted.make(apiSecret),
      serverUrl: server.serverUrl,
      retry: RetryPolicy.none
    }).pipe(Layer.provide(FetchHttpClient.layer))
    // read the spans before the SDK layer closes: its shutdown empties the in-memory exporter
    const result = yield* Effect.flatMap(MammothAnalytics, body).pipe(
      Effect.either,
      Effect.zipLeft(Effect.promise(() => exporter.forceFlush())),
      Effect.map((result) => ({ result, spans: [...exporter.getFinishedSpans()] })),
      // debug logs become span events: let them all through, to the spans only (not the console)
      Logger.withMinimumLogLevel(LogLevel.Debug),
      Effect.provide(Layer.mergeAll(Mammoth, Tracing, Logger.remove(Logger.defaultLogger)))
    )
    return { ...result, server }
  })

/** Every string an exporter would ship for these spans: names, attribute keys and values, events. */
const exportedText = (spans: ReadonlyArray<ReadableSpan>): string =>
  JSON.stringify(spans.map((span) => ({
    name: span.name,
    attributes: span.attributes,
    status: span.status,
    events: span.events.map((event) => ({ name: event.name, attributes: event.attributes }))
  })))

const expectOperationSpan = (
  spans: ReadonlyArray<ReadableSpan>,
  name: string,
  attributes: Record<string, unknown>
) => {
  const operation = spans.filter((span) => span.name === `MammothAnalytics.connections.${name}`)
  expect(operation).toHaveLength(1)
  const span = operation[0]!
  expect(span.attributes).toMatchObject(attributes)
  // the HttpClient's span of the request is a child of the operation's span, in the same trace
  const children = spans.filter((s) => s.parentSpanContext?.spanId === span.spanContext().spanId)
  const httpSpans = children.filter((s) => s.name.startsWith("http.client "))
  expect(httpSpans).toHaveLength(1)
  expect(httpSpans[0]!.spanContext().traceId).toBe(span.spanContext().traceId)
  return { span, http: httpSpans[0]! }
}

const expectNoSecrets = (spans: ReadonlyArray<ReadableSpan>) => {
  const text = exportedText(spans)
  expect(text).not.toContain(apiKey)
  expect(text).not.toContain(apiSecret)
  expect(text).not.toContain(password)
}

const base = {
  "mammoth.workspace_id": 12,
  "mammoth.project_id": 34,
  "mammoth.connector_key": "cG9zdGdyZXM="
}

describe("tracing", () => {
  it.scopedLive("list: span MammothAnalytics.connections.list with its attributes, the HTTP span as child", () =>
    Effect.gen(function*() {
      const { result, spans } = yield* traced((m) => m.connections.list(scope))
      expect(result._tag).toBe("Right")
      const { http } = expectOperationSpan(spans, "list", { ...base, "mammoth.operation": "ListConnections" })
      expect(http.attributes["http.request.method"]).toBe("GET")
      // the platform records request headers on its span: the credential headers are redacted there
      expect(http.attributes["http.request.header.x-api-key"]).toBe("<redacted>")
      expect(http.attributes["http.request.header.x-api-secret"]).toBe("<redacted>")
      expectNoSecrets(spans)
    }))

  it.scopedLive("create: span MammothAnalytics.connections.create, no body (password) in any span", () =>
    Effect.gen(function*() {
      const { result, spans } = yield* traced((m) =>
        m.connections.create({ ...scope, requestBody: { database: "db", username: "u", password } })
      )
      expect(result._tag).toBe("Right")
      const { http } = expectOperationSpan(spans, "create", { ...base, "mammoth.operation": "SaveConnection" })
      expect(http.attributes["http.request.method"]).toBe("POST")
      expectNoSecrets(spans)
    }))

  it.scopedLive("get: span MammothAnalytics.connections.get with mammoth.connection_key", () =>
    Effect.gen(function*() {
      const { result, spans } = yield* traced((m) => m.connections.get({ ...scope, connectionKey, profile: "api" }))
      expect(result._tag).toBe("Right")
      expectOperationSpan(spans, "get", {
        ...base,
        "mammoth.operation": "GetConnection",
        "mammoth.connection_key": connectionKey
      })
      expectNoSecrets(spans)
    }))

  it.scopedLive("update: span MammothAnalytics.connections.update, no patch value in any span", () =>
    Effect.gen(function*() {
      const { result, spans } = yield* traced((m) =>
        m.connections.update({
          ...scope,
          connectionKey,
          patch: [{ op: "replace", path: "connection", value: { password } }]
        })
      )
      expect(result._tag).toBe("Right")
      const { http } = expectOperationSpan(spans, "update", {
        ...base,
        "mammoth.operation": "UpdateConnection",
        "mammoth.connection_key": connectionKey
      })
      expect(http.attributes["http.request.method"]).toBe("PATCH")
      expectNoSecrets(spans)
    }))

  it.scopedLive("delete: span MammothAnalytics.connections.delete", () =>
    Effect.gen(function*() {
      const { result, spans } = yield* traced((m) => m.connections.delete({ ...scope, connectionKey }))
      expect(result._tag).toBe("Right")
      const { http } = expectOperationSpan(spans, "delete", {
        ...base,
        "mammoth.operation": "DeleteConnection",
        "mammoth.connection_key": connectionKey
      })
      expect(http.attributes["http.request.method"]).toBe("DELETE")
      expect(http.attributes["http.response.status_code"]).toBe(204)
      expectNoSecrets(spans)
    }))

  it.scopedLive("a failed call ends its span in error, and its exception event carries no secret", () =>
    Effect.gen(function*() {
      const { result, spans } = yield* traced(
        (m) => m.connections.get({ ...scope, connectionKey }),
        (server) =>
          server.force({ status: 401, body: { status_code: 401, detail: "Authorization Exception", extra: {} } })
      )
      expect(result._tag).toBe("Left")
      const { http, span } = expectOperationSpan(spans, "get", { ...base, "mammoth.operation": "GetConnection" })
      expect(http.attributes["http.response.status_code"]).toBe(401)
      expect(span.status.code).toBe(2) // SpanStatusCode.ERROR
      expect(span.status.message ?? "").toContain("Authorization Exception")
      expect(span.events.map((event) => event.name)).toContain("exception")
      expectNoSecrets(spans)
    }))
})
