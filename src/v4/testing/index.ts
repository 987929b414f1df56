/**
 * `mammoth-analytics-effect/v4/testing`: the fake of the Mammoth Analytics Connections API for the Effect 4
 * line, for tests and demos, in memory or over HTTP. The same engine, and so the same answers, as
 * `mammoth-analytics-effect/testing`.
 *
 * @since 0.5.0
 * @module mammoth-analytics-effect/v4/testing
 */

// Each namespace's TSDoc is its module's header (`@module`): the API reference shows it, with its examples.
export * as MammothFake from "./MammothFake.js"
