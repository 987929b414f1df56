/**
 * What is worth another attempt, and how long a server asks to wait, the same on both Effect lines. Each
 * line's `RetryPolicy` applies these to its own error classes and `Schedule`s.
 *
 * @internal
 */

/** The statuses of transient failures: 408, 429, 500, 502, 503 and 504. */
export const transientStatuses: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504])

/**
 * Whether a failure shows the server cannot have taken the request: a 429 (refused before it was taken) or
 * a transport failure whose system error code is `ECONNREFUSED` (no connection was ever made). A reset, a
 * timeout or a 5xx may come after the server took it.
 */
export const isNotTakenFailure = (failure: { readonly status?: number; readonly code?: string }): boolean =>
  failure.status === 429 || failure.code === "ECONNREFUSED"

/**
 * The wait a `Retry-After` header value asks for, in milliseconds, given the current time: a number of
 * seconds or an HTTP date (a date in the past asks for no wait). `undefined` when there is none or it cannot
 * be read.
 */
export const parseRetryAfter = (value: string | undefined, nowMillis: number): number | undefined => {
  const text = value?.trim()
  if (text === undefined || text === "") return undefined
  if (/^[0-9]+$/.test(text)) return Number(text) * 1000
  const date = Date.parse(text)
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMillis)
}
