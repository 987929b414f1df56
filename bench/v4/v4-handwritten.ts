/**
 * The hand-written Effect client on the Effect 4 line (`v4-handwritten-*`, issue 13): the small service an
 * Effect 4 user writes instead of taking this library, bench/contenders/v3-handwritten.ts in effect 4's APIs.
 * `HttpClient` over the same transport, the base URL and credentials added by `mapRequest`, `filterStatusOk`,
 * and `HttpClientResponse.schemaBodyJson` with a Schema of the wire list written here, renamed to camelCase with
 * `Schema.encodeKeys` so that it returns what `connections.list` returns
 * (`{ connections: [{ connectionKey, connectionConfig }] }`) and does the same decoding work. No retries, no
 * per-attempt timeout, no input validation, no status table, no redaction, no span of its own: effect's HTTP
 * client span is its only one (tracer on, the default). Built once in a `ManagedRuntime`, as `v4-client-*` is.
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import { flow } from "effect/Function"
import * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Schema from "effect/Schema"
import { apiKey, apiSecret } from "../contenders/common.js"
import type { Contender } from "../contenders/common.js"
import type { ListSize } from "../fixtures.js"
import { connectorKey, projectId } from "../fixtures.js"
import { fromRuntime } from "./v4-runtime.js"

// --- what the user writes -----------------------------------------------------------------------------------

/** One connection: snake_case on the wire, camelCase in the program. */
const Connection = Schema.Struct({
  connectionKey: Schema.NonEmptyString,
  connectionConfig: Schema.Record(Schema.String, Schema.Unknown)
}).pipe(Schema.encodeKeys({ connectionKey: "connection_key", connectionConfig: "connection_config" }))

/** The list route's body (`ListConnectionsSchema` in the API's spec), decoded to camelCase. */
export const ListConnectionsSchema = Schema.Struct({ connections: Schema.Array(Connection) })
export type ConnectionList = typeof ListConnectionsSchema.Type

export class Mammoth extends Context.Service<Mammoth, {
  readonly list: (
    workspaceId: number,
    projectId: number,
    connectorKey: string
  ) => Effect.Effect<ConnectionList, HttpClientError.HttpClientError | Schema.SchemaError>
}>()("bench/HandWrittenMammoth") {}

export const layer = (config: { readonly baseUrl: string; readonly apiKey: string; readonly apiSecret: string }) =>
  Layer.effect(
    Mammoth,
    Effect.gen(function*() {
      const client = (yield* HttpClient.HttpClient).pipe(
        HttpClient.mapRequest(flow(
          HttpClientRequest.prependUrl(config.baseUrl),
          HttpClientRequest.acceptJson,
          HttpClientRequest.setHeaders({ "x-api-key": config.apiKey, "x-api-secret": config.apiSecret })
        )),
        HttpClient.filterStatusOk
      )
      return Mammoth.of({
        list: (workspaceId, projectId, connectorKey) =>
          client.get(
            `/workspaces/${workspaceId}/projects/${projectId}/connectors/${
              encodeURIComponent(connectorKey)
            }/connections`,
            // the API wants the workspace again in a header with key and secret, as this library sends it
            { headers: { "x-workspace-id": String(workspaceId) } }
          ).pipe(Effect.flatMap(HttpClientResponse.schemaBodyJson(ListConnectionsSchema)))
      })
    })
  )

// --- the contender ------------------------------------------------------------------------------------------

export const make = async (
  baseUrl: string,
  httpClient: Layer.Layer<HttpClient.HttpClient>
): Promise<Contender> => {
  const runtime = ManagedRuntime.make(layer({ baseUrl, apiKey, apiSecret }).pipe(Layer.provide(httpClient)))
  const mammoth = await runtime.runPromise(Mammoth)
  return fromRuntime(runtime, (size: ListSize) => mammoth.list(size, projectId, connectorKey))
}
