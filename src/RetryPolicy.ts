/**
 * Retry policies, built from ordinary `Schedule`s.
 *
 * A policy retries only transient failures: HTTP 408, 429, 500, 502, 503 and 504, transport failures and
 * attempt timeouts. It honours `Retry-After` (seconds or an HTTP date), waiting at most `maxRetryAfter`. It
 * knows which operations are safe to send twice: list, get and update (a `replace`) are retried on any
 * transient failure; create and delete are retried only when the server cannot have taken them (a 429, or a
 * connection refused), unless the policy says `retryNonIdempotent: true`. So a retry can never create a
 * connection twice, nor turn a delete that succeeded into a 400 "not found".
 *
 * @example
 * ```ts
 * import { Schedule } from "effect"
 * import { RetryPolicy } from "mammoth-analytics-effect"
 *
 * // five retries, 100 ms doubling, with jitter, within 20 seconds in all
 * const patient = RetryPolicy.make(
 *   Schedule.exponential("100 millis").pipe(
 *     Schedule.jittered,
 *     Schedule.intersect(Schedule.recurs(5)),
 *     Schedule.upTo("20 seconds")
 *   )
 * )
 * ```
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Schedule from "effect/Schedule"
import { isNotTakenFailure, parseRetryAfter, transientStatuses } from "./core/retryRules.js"
import type { OperationId } from "./Errors.js"
import { MammothAnalyticsDefaultError, MammothAnalyticsTimeoutError, MammothAnalyticsTransportError } from "./Errors.js"

/**
 * The failures a policy's schedule sees as its input: those that may be worth another attempt.
 *
 * @since 0.1.0
 * @category models
 */
export type RetryableFailure =
  | MammothAnalyticsDefaultError
  | MammothAnalyticsTransportError
  | MammothAnalyticsTimeoutError

/**
 * A retry policy. Build one with {@link make}, or use {@link standard} or {@link none}.
 *
 * @since 0.1.0
 * @category models
 */
export interface RetryPolicy {
  readonly _tag: "RetryPolicy"
  /** The delays between attempts, and when to stop; `undefined` means never retry. */
  readonly schedule: Schedule.Schedule<unknown, RetryableFailure> | undefined
  /** Retry create and delete on every transient failure, not only when not taken. Off unless you opt in. */
  readonly retryNonIdempotent: boolean
  /** The longest `Retry-After` wait honoured; a longer one is cut to this. */
  readonly maxRetryAfter: Duration.Duration
}

/**
 * Options of {@link make}.
 *
 * @since 0.1.0
 * @category models
 */
export interface RetryPolicyOptions {
  /**
   * Retry create and delete on every transient failure, not only when the server cannot have taken them.
   * Default `false`: a retried create may create the connection twice, a retried delete may end in a 400
   * "not found" after the first attempt deleted it.
   */
  readonly retryNonIdempotent?: boolean
  /** The longest `Retry-After` wait honoured. Default 10 seconds. */
  readonly maxRetryAfter?: Duration.DurationInput
}

/**
 * A policy from a schedule. The schedule decides the delays and when to stop (compose it with
 * `Schedule.recurs`, `Schedule.upTo`, `Schedule.jittered`...); the policy adds the choice of what to retry and
 * `Retry-After`. The schedule's input is the failure, so it may also inspect it.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  schedule: Schedule.Schedule<unknown, RetryableFailure>,
  options?: RetryPolicyOptions
): RetryPolicy => ({
  _tag: "RetryPolicy",
  schedule,
  retryNonIdempotent: options?.retryNonIdempotent ?? false,
  maxRetryAfter: Duration.decode(options?.maxRetryAfter ?? "10 seconds")
})

/**
 * Never retry: every failure is returned at once.
 *
 * @since 0.1.0
 * @category constructors
 */
export const none: RetryPolicy = {
  _tag: "RetryPolicy",
  schedule: undefined,
  retryNonIdempotent: false,
  maxRetryAfter: Duration.zero
}

/**
 * The schedule of {@link standard}: exponential backoff from 200 ms (doubling, each delay at most 3 s) with
 * jitter, at most 4 retries (5 attempts) and no retry that would start more than 15 seconds after the first
 * attempt.
 *
 * @since 0.1.0
 * @category constructors
 */
export const standardSchedule: Schedule.Schedule<unknown, unknown> = Schedule.exponential("200 millis", 2).pipe(
  Schedule.modifyDelay((_, delay) => Duration.min(delay, Duration.seconds(3))),
  Schedule.jittered,
  Schedule.intersect(Schedule.recurs(4)),
  Schedule.upTo("15 seconds")
)

/**
 * The default policy, on unless replaced: {@link standardSchedule}, `Retry-After` honoured up to 10 seconds,
 * create and delete retried only when the server cannot have taken them (429, connection refused).
 *
 * @since 0.1.0
 * @category constructors
 */
export const standard: RetryPolicy = make(standardSchedule)

/**
 * Whether a failure is transient: a 408, 429, 500, 502, 503 or 504, a transport failure or an attempt
 * timeout.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isTransient = (failure: unknown): failure is RetryableFailure => {
  if (failure instanceof MammothAnalyticsDefaultError) return transientStatuses.has(failure.status)
  if (failure instanceof MammothAnalyticsTransportError) return true
  return failure instanceof MammothAnalyticsTimeoutError && failure.scope === "attempt"
}

/**
 * Whether the server cannot have received the request: a 429 (refused before it was taken) or a transport
 * failure whose cause is `ECONNREFUSED` (no connection was ever made). A reset, a timeout or a 5xx may come
 * after the server took the request.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isNotTaken = (failure: unknown): boolean => {
  if (failure instanceof MammothAnalyticsDefaultError) return isNotTakenFailure({ status: failure.status })
  return failure instanceof MammothAnalyticsTransportError && isNotTakenFailure(failure)
}

/**
 * Whether `policy` allows another attempt of `operation` after `failure`: a transient failure, and for an
 * operation that is not idempotent (create, delete) only one the server cannot have taken ({@link isNotTaken}),
 * unless the policy opts in with `retryNonIdempotent`.
 *
 * @since 0.1.0
 * @category predicates
 */
export const shouldRetry = (
  policy: RetryPolicy,
  operation: { readonly id: OperationId; readonly idempotent: boolean },
  failure: unknown
): failure is RetryableFailure => {
  if (!isTransient(failure)) return false
  if (operation.idempotent || policy.retryNonIdempotent) return true
  return isNotTaken(failure)
}

/**
 * The wait a failure's `Retry-After` header asks for, in milliseconds, given the current time: a number of
 * seconds or an HTTP date. `undefined` when there is none or it cannot be read.
 *
 * @since 0.1.0
 * @category utils
 */
export const retryAfterMillis = (failure: unknown, nowMillis: number): number | undefined =>
  failure instanceof MammothAnalyticsDefaultError
    ? parseRetryAfter(failure.headers["retry-after"], nowMillis)
    : undefined
