/**
 * Effect 3 helpers for the cases held on the Effect 3 line only (Layer-level specifics that the neutral
 * `Line` does not express): the servers of `server.ts` as scoped resources, the client layer over a transport,
 * and each operation case as an effect.
 */
import type { HttpClient } from "@effect/platform"
import { FetchHttpClient } from "@effect/platform"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import type { ConfigError, Scope } from "effect"
import { Effect, Layer, Redacted } from "effect"
import type { ClientOptions, Connections } from "../../../src/v3/index.js"
import { MammothAnalytics } from "../../../src/v3/index.js"
import type { NetworkTransport } from "../../lines/Line.js"
import type { AuthMode, Handler, OpCase, TestServer } from "./server.js"
import { credentialsOf, startServer } from "./server.js"

/** Starts a server; it and every socket it holds are closed when the scope closes. */
export const serveScoped = (handler: Handler): Effect.Effect<TestServer, never, Scope.Scope> =>
  Effect.acquireRelease(Effect.promise(() => startServer(handler)), (server) => Effect.promise(() => server.close()))

export const transportLayers: Readonly<Record<NetworkTransport, Layer.Layer<HttpClient.HttpClient>>> = {
  fetch: FetchHttpClient.layer,
  undici: NodeHttpClient.layerUndici
}

/** The client over `transport`, pointed at `server`, with the key and secret unless `auth` says `"token"`. */
export const clientLayer = (
  server: { readonly url: string },
  transport: Layer.Layer<HttpClient.HttpClient>,
  options?: Omit<ClientOptions, "serverUrl"> & { readonly auth?: AuthMode }
): Layer.Layer<MammothAnalytics, ConfigError.ConfigError> => {
  const { auth = "key", ...client } = options ?? {}
  const { apiKey, apiSecret, apiToken } = credentialsOf(auth)
  const credentials = apiToken !== undefined
    ? { apiToken: Redacted.make(apiToken) }
    : { apiKey: Redacted.make(apiKey!), apiSecret: Redacted.make(apiSecret!) }
  return MammothAnalytics.layer({ ...client, ...credentials, serverUrl: server.url }).pipe(Layer.provide(transport))
}

/** The operation of `op`, called with its input. */
export const callOf = (
  op: OpCase,
  options?: Connections.CallOptions
): Effect.Effect<unknown, unknown, MammothAnalytics> =>
  Effect.flatMap(MammothAnalytics, (m) => {
    const operation = m.connections[op.name] as (
      input: unknown,
      options?: Connections.CallOptions
    ) => Effect.Effect<unknown, unknown>
    return operation(op.input, options)
  })
