/**
 * Tracing: the client's spans through `@effect/opentelemetry`, exported to an in-memory exporter and printed
 * as a tree. Each operation runs in a span `MammothAnalytics.connections.<operation>` with `mammoth.*`
 * attributes; the `HttpClient`'s own span (`http.client GET`) is its child, with the credential headers
 * redacted. In production, give `NodeSdk.layer` a `BatchSpanProcessor` over your OTLP exporter instead.
 *
 * Run: `npx tsx examples/tracing.ts` (it starts the package's fake server on 127.0.0.1).
 */
import { NodeSdk } from "@effect/opentelemetry"
import { FetchHttpClient } from "@effect/platform"
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base"
import { Console, Effect, Layer } from "effect"
import { MammothAnalytics } from "../src/v3/index.js" // your application: "mammoth-analytics-effect"
import { MammothFake } from "../src/v3/testing/index.js" // your application: "mammoth-analytics-effect/testing"

const exporter = new InMemorySpanExporter()

// the tracer of every Effect span: here an in-memory exporter, read back below
const TracingLive = NodeSdk.layer(() => ({
  resource: { serviceName: "mammoth-tracing-example" },
  spanProcessor: new SimpleSpanProcessor(exporter)
}))

const scope = { workspaceId: 4, projectId: 4, connectorKey: "cG9zdGdyZXM=" }

const shownHttpAttributes = [
  "http.request.method",
  "url.path",
  "http.response.status_code",
  "http.request.header.authorization"
]

/** The finished spans as an indented tree: name, then attributes worth reading. */
const printTree = (spans: ReadonlyArray<ReadableSpan>) =>
  Effect.gen(function*() {
    const byParent = new Map<string | undefined, Array<ReadableSpan>>()
    const ids = new Set(spans.map((span) => span.spanContext().spanId))
    for (const span of spans) {
      const parent = span.parentSpanContext?.spanId
      const key = parent !== undefined && ids.has(parent) ? parent : undefined
      byParent.set(key, [...(byParent.get(key) ?? []), span])
    }
    const visit = (parent: string | undefined, depth: number): Array<string> =>
      (byParent.get(parent) ?? [])
        .sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1])
        .flatMap((span) => {
          const shown = Object.entries(span.attributes)
            .filter(([name]) => name.startsWith("mammoth.") || shownHttpAttributes.includes(name))
            .map(([name, value]) => `${name}=${String(value)}`)
          return [
            `${"  ".repeat(depth)}${span.name}`,
            ...shown.map((line) => `${"  ".repeat(depth)}  · ${line}`),
            ...visit(span.spanContext().spanId, depth + 1)
          ]
        })
    yield* Console.log(visit(undefined, 0).join("\n"))
  })

const program = Effect.gen(function*() {
  const server = yield* MammothFake.serve()
  const MammothLive = MammothAnalytics.layer({ apiToken: MammothFake.token, serverUrl: server.url }).pipe(
    Layer.provide(FetchHttpClient.layer)
  )
  yield* Effect.gen(function*() {
    const mammoth = yield* MammothAnalytics
    yield* mammoth.connections.create({
      ...scope,
      requestBody: { database: "hubli_journal", hostname: "localhost", port: 5432, password: "pwd" }
    })
    const { connections } = yield* mammoth.connections.list(scope)
    yield* Console.log(`${connections.length} connection(s) listed\n`)
  }).pipe(
    // one parent span of our own: the client's spans nest under it
    Effect.withSpan("example.syncConnections"),
    // read the spans while the SDK is up: its shutdown empties the in-memory exporter
    Effect.zipRight(Effect.suspend(() => printTree(exporter.getFinishedSpans()))),
    Effect.provide(Layer.merge(MammothLive, TracingLive))
  )
})

Effect.runPromise(Effect.scoped(program)).catch((error) => {
  console.error(error)
  process.exitCode = 1
})
