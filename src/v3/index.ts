/**
 * `mammoth-analytics-effect` (also `mammoth-analytics-effect/v3`): the client of the Mammoth Analytics API
 * (Connections and the jobs they start) for Effect 3, over the `HttpClient` of `@effect/platform`. The Effect 4
 * line, `mammoth-analytics-effect/v4`, has the same operations, inputs, success values, error classes and
 * defaults.
 *
 * @since 0.1.0
 * @module mammoth-analytics-effect
 */

/**
 * The service tag and its constructors (`MammothAnalytics.layer`, `MammothAnalytics.layerConfig`).
 *
 * @since 0.1.0
 */
export { MammothAnalytics } from "./MammothAnalytics.js"

/**
 * @since 0.1.0
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
 * @since 0.1.0
 */
export * from "./Errors.js"

export * as RetryPolicy from "./RetryPolicy.js"

export * as Schemas from "./Schemas.js"
