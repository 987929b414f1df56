/**
 * `mammoth-analytics-effect/testing`: a fake of the Mammoth Analytics Connections API, for tests and
 * demos, in memory or over HTTP.
 *
 * @since 0.1.0
 */

/**
 * The fake: `MammothFake.layer`, `MammothFake.layerHttpClient`, `MammothFake.serve`, `MammothFake.make`,
 * the `MammothFake.Fake` tag, fault constructors and the default `MammothFake.credentials`.
 *
 * @since 0.1.0
 */
export * as MammothFake from "./MammothFake.js"
