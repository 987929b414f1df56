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

/** What the retry rules need to know of a failure, whichever line's class it is. */
export type FailureFacts =
  | { readonly kind: "status"; readonly status: number }
  | { readonly kind: "transport"; readonly code?: string | undefined }
  | { readonly kind: "timeout"; readonly scope: "attempt" | "await" }
  | { readonly kind: "other" }

/** Whether a failure is transient: a 408, 429, 500, 502, 503 or 504, a transport failure or an attempt timeout. */
export const isTransientFailure = (failure: FailureFacts): boolean => {
  switch (failure.kind) {
    case "status":
      return transientStatuses.has(failure.status)
    case "transport":
      return true
    case "timeout":
      return failure.scope === "attempt"
    case "other":
      return false
  }
}

/** Whether the server cannot have received the request: a 429, or a transport failure `ECONNREFUSED`. */
export const isNotTaken = (failure: FailureFacts): boolean => {
  if (failure.kind === "status") return isNotTakenFailure({ status: failure.status })
  return failure.kind === "transport" && failure.code !== undefined && isNotTakenFailure({ code: failure.code })
}

/**
 * Whether a policy allows another attempt after a failure: a transient one, and for an operation that is not
 * idempotent (create, delete) only one the server cannot have taken, unless the policy opts in with
 * `retryNonIdempotent`.
 */
export const allowsRetry = (
  failure: FailureFacts,
  idempotent: boolean,
  retryNonIdempotent: boolean
): boolean => isTransientFailure(failure) && (idempotent || retryNonIdempotent || isNotTaken(failure))

/**
 * The wait before the next attempt: the schedule's delay, or the `Retry-After` the server asked for (at most
 * `maxRetryAfterMillis`) when that is longer.
 */
export const retryDelayMillis = (
  scheduleMillis: number,
  retryAfterMillis: number | undefined,
  maxRetryAfterMillis: number
): number =>
  retryAfterMillis === undefined
    ? scheduleMillis
    : Math.max(scheduleMillis, Math.min(retryAfterMillis, maxRetryAfterMillis))

// the policy's shapes are public types (each line's RetryPolicy names them): they live in `options.ts`
export type { RetryPolicyOptions, RetryPolicyShape } from "./options.js"
