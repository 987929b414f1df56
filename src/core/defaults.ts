/**
 * The client's defaults, the same on both Effect lines: each line turns the figures into its own `Duration`s
 * and `Schedule`s.
 *
 * @internal
 */

/** The default base URL, from the spec's `servers`. */
export const defaultServerUrl = "https://app.mammoth.io/api/v2"

/** The default timeout of one attempt of a call: 10 seconds. */
export const defaultTimeoutMillis = 10_000

/** The default limit on a 2xx body: 64 MiB (a list of 10,000 connections is a few MiB). */
export const defaultMaxResponseBytes = 64 * 1024 * 1024

/** How much of an error body is read and kept. */
export const errorBodyBytes = 16 * 1024

/** How much of a refused 2xx body an error keeps, in characters. */
export const refusedBodyChars = 16 * 1024

/**
 * The standard retry schedule: exponential backoff from `baseMillis`, each delay `factor` times the last and at
 * most `maxDelayMillis`, with jitter; at most `retries` retries, none starting more than `withinMillis` after the
 * first attempt.
 */
export const standardRetry = {
  baseMillis: 200,
  factor: 2,
  maxDelayMillis: 3_000,
  retries: 4,
  withinMillis: 15_000
} as const

/** The longest `Retry-After` wait a policy honours unless it says otherwise: 10 seconds. */
export const defaultMaxRetryAfterMillis = 10_000

/**
 * The default polling schedule of an await: `firstMillis` after the first poll, each wait `factor` times the
 * last, none longer than `maxMillis` (250 ms, 375 ms, 563 ms, ... 5 s, 5 s, ...).
 */
export const defaultPoll = { firstMillis: 250, factor: 1.5, maxMillis: 5_000 } as const

/** The default bound on a whole await: 60 seconds. */
export const defaultAwaitTimeoutMillis = 60_000

/** The configuration variables `layerConfig` reads unless given a `Config` in their place. */
export const configVariables = {
  apiToken: "MAMMOTHANALYTICS_API_TOKEN",
  apiKey: "MAMMOTHANALYTICS_API_KEY",
  apiSecret: "MAMMOTHANALYTICS_API_SECRET",
  serverUrl: "MAMMOTHANALYTICS_SERVER_URL"
} as const
