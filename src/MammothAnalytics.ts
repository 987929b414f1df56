/**
 * The `MammothAnalytics` service: its tag, and the `make`, `layer` and `layerConfig` that build it over an
 * `HttpClient`.
 *
 * @example
 * ```ts
 * import { FetchHttpClient } from "@effect/platform"
 * import { Effect, Layer, Redacted } from "effect"
 * import { MammothAnalytics } from "mammoth-analytics-effect"
 *
 * const MammothLive = MammothAnalytics.layer({
 *   apiKey: Redacted.make("key"),
 *   apiSecret: Redacted.make("secret")
 * }).pipe(Layer.provide(FetchHttpClient.layer))
 *
 * const program = Effect.gen(function*() {
 *   const mammoth = yield* MammothAnalytics
 *   return yield* mammoth.connections.list({ workspaceId: 4, projectId: 4, connectorKey: "cG9zdGdyZXM=" })
 * }).pipe(Effect.provide(MammothLive))
 * ```
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import type { Connections } from "./Connections.js"
import { makeConnections } from "./internal/client.js"
import type { RetryPolicy } from "./RetryPolicy.js"

/**
 * Options of the client.
 *
 * @since 0.1.0
 * @category models
 */
export interface MammothAnalyticsOptions {
  /** Sent as `X-API-KEY`. */
  readonly apiKey: Redacted.Redacted<string>
  /** Sent as `X-API-SECRET`. */
  readonly apiSecret: Redacted.Redacted<string>
  /** The API's base URL, with or without a trailing slash. Default `https://app.mammoth.io/api/v2`. */
  readonly serverUrl?: string | undefined
  /** The retry policy of every call. Default `RetryPolicy.standard`; `RetryPolicy.none` turns retries off. */
  readonly retry?: RetryPolicy | undefined
  /** The timeout of each attempt. Default 10 seconds. */
  readonly timeout?: Duration.DurationInput | undefined
  /** The largest 2xx body accepted, in bytes. Default 64 MiB. */
  readonly maxResponseBytes?: number | undefined
  /** Applied once to the `HttpClient` in context (add tracing, a proxy, a rate limiter...). */
  readonly transformClient?: ((client: HttpClient.HttpClient) => HttpClient.HttpClient) | undefined
}

/**
 * The service: the Connections operations (`mammoth.connections`).
 *
 * @since 0.1.0
 * @category models
 */
export interface MammothAnalyticsService {
  readonly connections: Connections
}

/**
 * The tag of the client, and its constructors.
 *
 * @since 0.1.0
 * @category tags
 */
export class MammothAnalytics extends Context.Tag("mammoth-analytics-effect/MammothAnalytics")<
  MammothAnalytics,
  MammothAnalyticsService
>() {
  /**
   * Builds the service over the `HttpClient` in context. Headers, base URL, validators and decoders are
   * prepared here, once.
   *
   * @since 0.1.0
   */
  static readonly make = (
    options: MammothAnalyticsOptions
  ): Effect.Effect<MammothAnalyticsService, never, HttpClient.HttpClient> =>
    Effect.map(makeConnections(options), (connections) => ({ connections }))

  /**
   * A layer of the service from options. A malformed `serverUrl` or a credential that no header can carry
   * makes every call fail with `MammothAnalyticsInvalidRequestError` (nothing is sent).
   *
   * @since 0.1.0
   */
  static readonly layer = (
    options: MammothAnalyticsOptions
  ): Layer.Layer<MammothAnalytics, never, HttpClient.HttpClient> =>
    Layer.effect(MammothAnalytics, MammothAnalytics.make(options))

  /**
   * A layer of the service from configuration: `MAMMOTHANALYTICS_API_KEY` and `MAMMOTHANALYTICS_API_SECRET`
   * (read with `Config.redacted`) and the optional `MAMMOTHANALYTICS_SERVER_URL`. Other options are given in
   * code.
   *
   * @since 0.1.0
   */
  static readonly layerConfig = (
    options?: Omit<MammothAnalyticsOptions, "apiKey" | "apiSecret" | "serverUrl">
  ): Layer.Layer<MammothAnalytics, ConfigError.ConfigError, HttpClient.HttpClient> =>
    Layer.effect(
      MammothAnalytics,
      Effect.flatMap(
        Config.all({
          apiKey: Config.redacted("MAMMOTHANALYTICS_API_KEY"),
          apiSecret: Config.redacted("MAMMOTHANALYTICS_API_SECRET"),
          serverUrl: Config.option(Config.nonEmptyString("MAMMOTHANALYTICS_SERVER_URL"))
        }),
        ({ apiKey, apiSecret, serverUrl }) =>
          MammothAnalytics.make({ ...options, apiKey, apiSecret, serverUrl: Option.getOrUndefined(serverUrl) })
      )
    )
}
