/**
 * `mammoth-analytics-effect/testing` (also `mammoth-analytics-effect/v3/testing`): a fake of the Mammoth Analytics
 * Connections API for the Effect 3 line, for tests and demos, in memory or over HTTP.
 *
 * @since 0.1.0
 * @module mammoth-analytics-effect/testing
 */

// Each namespace's TSDoc is its module's header (`@module`): the API reference shows it, with its examples.
export * as MammothFake from "./MammothFake.js"
