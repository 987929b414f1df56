/**
 * Profiling aid (not part of `npm run bench`): the client's own cost per call, without a network. A fake
 * `HttpClient` answers every request with a precomputed n=3 list; "bare" is `@effect/platform` alone (execute,
 * text, JSON.parse, wire schema decode), "handwritten" is the hand-written Effect client of
 * bench/contenders/v3-handwritten.ts (issue 13's competitor), "client" is `connections.list`. Bounded: `count`
 * calls per row.
 *
 *   node --import tsx bench/overhead.ts [count] [response|bare|handwritten|client]
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { MammothAnalytics } from "../src/v3/index.js"
import * as HandWritten from "./contenders/v3-handwritten.js"
import { connectorKey, listBody, projectId } from "./fixtures.js"

const count = Math.min(Number(process.argv[2] ?? 20_000), 200_000)
const body = listBody(3)
const fake = Layer.succeed(
  HttpClient.HttpClient,
  HttpClient.make((request) =>
    Effect.sync(() =>
      HttpClientResponse.fromWeb(
        request,
        new Response(body, {
          status: 200,
          headers: { "content-type": "application/json", "content-length": String(body.length) }
        })
      )
    )
  )
)
const serverUrl = "http://127.0.0.1:1/api/v2"
const live = MammothAnalytics.layer({ apiKey: Redacted.make("k"), apiSecret: Redacted.make("s"), serverUrl }).pipe(
  Layer.provide(fake)
)
const handWritten = HandWritten.layer({ baseUrl: serverUrl, apiKey: "k", apiSecret: "s" }).pipe(Layer.provide(fake))
/** The wire list, as a bare client would decode it. */
const ListConnectionsSchema = Schema.Struct({
  connections: Schema.Array(
    Schema.Struct({
      connection_key: Schema.String,
      connection_config: Schema.Record({ key: Schema.String, value: Schema.Unknown })
    })
  )
})
const decodeWire = Schema.decodeUnknown(ListConnectionsSchema)

const row = async (
  label: string,
  tracer: boolean,
  call: Effect.Effect<unknown, unknown, MammothAnalytics | HandWritten.Mammoth | HttpClient.HttpClient>
) => {
  const layer = Layer.mergeAll(live, handWritten, fake)
  const runtime = ManagedRuntime.make(tracer ? layer : Layer.merge(layer, Layer.setTracerEnabled(false)))
  const loop = (n: number) =>
    Effect.gen(function*() {
      for (let i = 0; i < n; i++) yield* call
    })
  await runtime.runPromise(loop(Math.min(count, 5_000)))
  const cpu = process.cpuUsage()
  const start = performance.now()
  await runtime.runPromise(loop(count))
  const wall = (performance.now() - start) * 1000 / count
  const used = process.cpuUsage(cpu)
  console.log(
    `${label.padEnd(28)} tracer ${tracer ? "on " : "off"}: ${wall.toFixed(1)} µs/call wall, ${
      ((used.user + used.system) / count).toFixed(1)
    } µs CPU`
  )
  await runtime.dispose()
}

const bare = Effect.flatMap(HttpClient.HttpClient, (client) =>
  client.execute(
    HttpClientRequest.get(
      `${serverUrl}/workspaces/3/projects/${projectId}/connectors/${encodeURIComponent(connectorKey)}/connections`
    ).pipe(
      HttpClientRequest.setHeaders({ accept: "application/json", "x-api-key": "k", "x-api-secret": "s" })
    )
  ).pipe(Effect.flatMap((r) => r.text), Effect.flatMap((text) => decodeWire(JSON.parse(text)))))
const handwritten = Effect.flatMap(HandWritten.Mammoth, (m) => m.list(3, projectId, connectorKey))
const client = Effect.flatMap(MammothAnalytics, (m) => m.connections.list({ workspaceId: 3, projectId, connectorKey }))
const fetchOnly = Effect.promise(() => new Response(body).text().then((t) => JSON.parse(t)))

const only = process.argv[3]
for (const tracer of [true, false]) {
  if (only === undefined || only === "response") await row("web Response + JSON.parse", tracer, fetchOnly)
  if (only === undefined || only === "bare") await row("bare @effect/platform", tracer, bare)
  if (only === undefined || only === "handwritten") await row("hand-written Effect client", tracer, handwritten)
  if (only === undefined || only === "client") await row("client connections.list", tracer, client)
}
