/**
 * mammoth-analytics-effect/v4: the client of the Mammoth Analytics API (Connections and jobs) for effect 4. The
 * same operations, inputs, success values, error classes (same `_tag`s and fields) and defaults as the Effect 3
 * entry, over the `HttpClient` of `effect/http`.
 *
 * @since 0.5.0
 */

/**
 * The service key and its constructors (`MammothAnalytics.layer`, `MammothAnalytics.layerConfig`).
 *
 * @since 0.5.0
 */
export { MammothAnalytics } from "./MammothAnalytics.js"

/**
 * @since 0.5.0
 */
export type {
  ClientOptions,
  Credentials,
  KeyCredentials,
  LayerConfigOptions,
  MammothAnalyticsOptions,
  MammothAnalyticsService,
  TokenCredentials
} from "./MammothAnalytics.js"

/**
 * The operations' inputs, types and module-level accessors.
 *
 * @since 0.5.0
 */
export * as Connections from "./Connections.js"

/**
 * The jobs operations' input, types and module-level accessors (`Jobs.get`, `Jobs.await`).
 *
 * @since 0.5.0
 */
export * as Jobs from "./Jobs.js"

/**
 * The error classes.
 *
 * @since 0.5.0
 */
export * from "./Errors.js"

/**
 * Retry policies built from effect 4 `Schedule`s.
 *
 * @since 0.5.0
 */
export * as RetryPolicy from "./RetryPolicy.js"

/**
 * Wire and model schemas.
 *
 * @since 0.5.0
 */
export * as Schemas from "./Schemas.js"
