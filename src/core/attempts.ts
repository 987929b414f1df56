/**
 * What the client tells of each failed attempt, the same on both Effect lines: the debug log line and the event
 * on the operation's span, with the failure (a status, a transport failure, a timeout), the attempt's number and
 * what happens next (a retry after a delay, or none). Never a body, a header or a credential.
 *
 * @internal
 */
import type { OperationId } from "./operations.js"

/** What happens after a failed attempt: another one after `delayMillis`, or none (and why). */
export type AttemptNext =
  | { readonly kind: "retry"; readonly delayMillis: number }
  | { readonly kind: "not retried" }
  | { readonly kind: "no retries left" }

/**
 * What follows the failed attempt of a policy that never retries (`RetryPolicy.none`, whose schedule is none): it
 * is told like any other, with no retry.
 */
export const neverRetried: AttemptNext = { kind: "not retried" }

/** The name of the event a failed attempt adds to its operation's span. */
export const attemptEventName = "mammoth.attempt.failed"

const field = (error: unknown, name: string): unknown =>
  typeof error === "object" && error !== null ? (error as Record<string, unknown>)[name] : undefined

/**
 * A failure in a few words: `HTTP 503`, `transport failure (ECONNRESET)`, `timed out after 300 millis`, or its
 * `_tag` when it is none of those (a body refused, an input refused).
 */
export const describeAttemptFailure = (error: unknown): string => {
  const tag = field(error, "_tag")
  const status = field(error, "status")
  if (tag === "MammothAnalyticsTransportError") {
    const code = field(error, "code")
    return typeof code === "string" ? `transport failure (${code})` : "transport failure"
  }
  if (tag === "MammothAnalyticsTimeoutError") return `timed out after ${String(field(error, "timeoutMillis"))} ms`
  if (typeof status === "number" && tag !== "MammothAnalyticsResponseValidationError") return `HTTP ${status}`
  return typeof tag === "string" ? tag : "failure"
}

/** The debug log line of a failed attempt: `ListConnections: attempt 2 failed (HTTP 503); retry in 412 ms`. */
export const attemptFailedLine = (
  operation: OperationId,
  attempt: number,
  error: unknown,
  next: AttemptNext
): string => {
  const then = next.kind === "retry" ? `retry in ${Math.round(next.delayMillis)} ms` : next.kind
  return `${operation}: attempt ${attempt} failed (${describeAttemptFailure(error)}); ${then}`
}

/** The attributes of a failed attempt's span event. */
export const attemptEventAttributes = (
  attempt: number,
  error: unknown,
  next: AttemptNext
): Record<string, unknown> => ({
  "mammoth.attempt": attempt,
  "mammoth.attempt.failure": describeAttemptFailure(error),
  ...(next.kind === "retry" ? { "mammoth.retry.delay_ms": Math.round(next.delayMillis) } : {}),
  "mammoth.retry": next.kind === "retry"
})
