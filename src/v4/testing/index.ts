/**
 * `mammoth-analytics-effect/v4/testing`: the fake of the Mammoth Analytics Connections API for the Effect 4
 * line, for tests and demos, in memory or over HTTP. The same engine, and so the same answers, as
 * `mammoth-analytics-effect/testing`.
 *
 * @since 0.5.0
 */

/**
 * The fake: `MammothFake.layer`, `MammothFake.layerHttpClient`, `MammothFake.serve`, `MammothFake.make`,
 * the `MammothFake.Fake` service, fault constructors and the default `MammothFake.token` and
 * `MammothFake.credentials`.
 *
 * @since 0.5.0
 */
export * as MammothFake from "./MammothFake.js"
