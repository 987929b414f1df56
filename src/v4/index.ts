/**
 * `mammoth-analytics-effect/v4`: the client of the Mammoth Analytics API (Connections and the jobs they start) for
 * Effect 4, over the `HttpClient` of `effect/http`. The same operations, inputs, success values, error classes
 * (same `_tag`s and fields) and defaults as the Effect 3 entry, `mammoth-analytics-effect`.
 *
 * @since 0.5.0
 * @module mammoth-analytics-effect/v4
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

// Each namespace's TSDoc is its module's header (`@module`): the API reference shows it, with its examples.
export * as Connections from "./Connections.js"

export * as Jobs from "./Jobs.js"

/**
 * The error classes.
 *
 * @since 0.5.0
 */
export * from "./Errors.js"

export * as RetryPolicy from "./RetryPolicy.js"

export * as Schemas from "./Schemas.js"
