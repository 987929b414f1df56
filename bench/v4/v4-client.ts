/**
 * This client on the Effect 4 line (`v4-client-*`, the `mammoth-analytics-effect/v4` entry), over whichever
 * `HttpClient` layer is given, in a `ManagedRuntime` built once (as a service would), default options (tracer
 * on, retries, timeout): bench/contenders/v3-client.ts on effect 4.
 */
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as References from "effect/References"
import { MammothAnalytics } from "../../src/v4/index.js"
import { apiKey, apiSecret } from "../contenders/common.js"
import type { Contender } from "../contenders/common.js"
import type { ListSize } from "../fixtures.js"
import { connectorKey, projectId } from "../fixtures.js"
import { fromRuntime } from "./v4-runtime.js"

export interface EffectOptions {
  /** `false` sets `References.TracerEnabled` to `false`, as a user who does not trace can. */
  readonly tracer?: boolean
  /** Another build of this client to measure (bench/ab.ts: the same client at another commit); default this one. */
  readonly client?: typeof MammothAnalytics
  /** The layer's `maxResponseBytes` (the sanity test's oversized body); default the client's. */
  readonly maxResponseBytes?: number
}

export const make = async (
  baseUrl: string,
  httpClient: Layer.Layer<HttpClient.HttpClient>,
  options: EffectOptions = {}
): Promise<Contender> => {
  const Client = options.client ?? MammothAnalytics
  const live = Client.layer({
    apiKey: Redacted.make(apiKey),
    apiSecret: Redacted.make(apiSecret),
    serverUrl: baseUrl,
    ...(options.maxResponseBytes === undefined ? {} : { maxResponseBytes: options.maxResponseBytes })
  }).pipe(Layer.provide(httpClient))
  const runtime = ManagedRuntime.make(
    options.tracer === false ? Layer.merge(live, Layer.succeed(References.TracerEnabled, false)) : live
  )
  const mammoth = await runtime.runPromise(Client)
  return fromRuntime(
    runtime,
    (size: ListSize) => mammoth.connections.list({ workspaceId: size, projectId, connectorKey })
  )
}
