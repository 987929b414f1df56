/**
 * mammoth-analytics-effect: the Effect client of the Mammoth Analytics API, Connections resource.
 *
 * @since 0.1.0
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

/**
 * The operations' types and module-level accessors.
 *
 * @since 0.1.0
 */
export * as Connections from "./Connections.js"

/**
 * The jobs operations' types and module-level accessors (`Jobs.get`, `Jobs.await`).
 *
 * @since 0.3.0
 */
export * as Jobs from "./Jobs.js"

/**
 * The error classes.
 *
 * @since 0.1.0
 */
export * from "./Errors.js"

/**
 * Retry policies built from `Schedule`s.
 *
 * @since 0.1.0
 */
export * as RetryPolicy from "./RetryPolicy.js"

/**
 * Wire and model schemas.
 *
 * @since 0.1.0
 */
export * as Schemas from "./Schemas.js"
