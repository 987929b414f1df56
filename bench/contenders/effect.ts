/**
 * Contenders 5 and 6: this client, over whichever `HttpClient` layer is given, in a `ManagedRuntime` built
 * once (as a service would). Sequential and concurrent runs stay inside Effect, as a service's handlers do.
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import { MammothAnalytics } from "../../src/index.js"
import type { ListSize } from "../fixtures.js"
import { connectorKey, projectId } from "../fixtures.js"
import { apiKey, apiSecret } from "./common.js"
import type { Contender } from "./common.js"

export interface EffectOptions {
  /** `false` adds `Layer.setTracerEnabled(false)`, as a user who does not trace can. */
  readonly tracer?: boolean
}

export const make = async (
  baseUrl: string,
  httpClient: Layer.Layer<HttpClient.HttpClient>,
  options: EffectOptions = {}
): Promise<Contender> => {
  const live = MammothAnalytics.layer({
    apiKey: Redacted.make(apiKey),
    apiSecret: Redacted.make(apiSecret),
    serverUrl: baseUrl
  }).pipe(Layer.provide(httpClient))
  const runtime = ManagedRuntime.make(
    options.tracer === false ? Layer.merge(live, Layer.setTracerEnabled(false)) : live
  )
  const mammoth = await runtime.runPromise(MammothAnalytics)
  const list = (size: ListSize) => mammoth.connections.list({ workspaceId: size, projectId, connectorKey })
  return {
    once: (size) => runtime.runPromise(list(size)),
    sequential: (size, count) =>
      runtime.runPromise(Effect.gen(function*() {
        const times = new Array<number>(count)
        for (let i = 0; i < count; i++) {
          const start = performance.now()
          yield* list(size)
          times[i] = performance.now() - start
        }
        return times
      })),
    concurrent: (size, count, concurrency) =>
      runtime.runPromise(
        Effect.forEach(Array.from({ length: count }), () => list(size), { concurrency, discard: true })
      ),
    close: () => runtime.dispose()
  }
}
