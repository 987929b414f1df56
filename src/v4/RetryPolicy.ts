/**
 * Retry policies, built from effect 4 `Schedule`s.
 *
 * A policy retries only transient failures: HTTP 408, 429, 500, 502, 503 and 504, transport failures and
 * attempt timeouts. It honours `Retry-After` (seconds or an HTTP date), waiting at most `maxRetryAfter`. It knows
 * which operations are safe to send twice: list, get and update are retried on any transient failure; create and
 * delete only when the server cannot have taken them (a 429, or a connection refused), unless the policy says
 * `retryNonIdempotent: true`. The rules are those of `core/retryRules.ts`, the same on the Effect 3 entry.
 *
 * @example
 * ```ts
 * import { Schedule } from "effect"
 * import { RetryPolicy } from "mammoth-analytics-effect/v4"
 *
 * // five retries, 100 ms doubling, with jitter, within 20 seconds in all
 * const patient = RetryPolicy.make(
 *   Schedule.exponential("100 millis").pipe(Schedule.jittered, Schedule.upTo({ times: 5, duration: "20 seconds" }))
 * )
 * ```
 *
 * @since 0.5.0
 * @category modules
 * @module
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import { defaultMaxRetryAfterMillis, standardRetry } from "../core/defaults.js"
import type { FailureFacts } from "../core/retryRules.js"
import * as Rules from "../core/retryRules.js"
import { hasRetryPolicyTag } from "../core/settings.js"
import type { OperationId } from "./Errors.js"
import { MammothAnalyticsDefaultError, MammothAnalyticsTimeoutError, MammothAnalyticsTransportError } from "./Errors.js"

/**
 * The failures a policy's schedule sees as its input: those that may be worth another attempt.
 *
 * @since 0.5.0
 * @category models
 */
export type RetryableFailure =
  | MammothAnalyticsDefaultError
  | MammothAnalyticsTransportError
  | MammothAnalyticsTimeoutError

/**
 * A retry policy. Build one with {@link make}, or use {@link standard} or {@link none}.
 *
 * @since 0.5.0
 * @category models
 */
export interface RetryPolicy
  extends Rules.RetryPolicyShape<Schedule.Schedule<unknown, RetryableFailure>, Duration.Duration>
{}

/**
 * Options of {@link make}.
 *
 * @since 0.5.0
 * @category models
 */
export interface RetryPolicyOptions extends Rules.RetryPolicyOptions<Duration.Input> {}

/**
 * A policy from a schedule. The schedule decides the delays and when to stop; the policy adds the choice of what
 * to retry and `Retry-After`. The schedule's input is the failure, and it only ever sees retryable ones. A
 * `maxRetryAfter` that is not a duration makes a policy every call refuses (nothing sent).
 *
 * @since 0.5.0
 * @category constructors
 */
export const make = (
  schedule: Schedule.Schedule<unknown, RetryableFailure>,
  options?: RetryPolicyOptions
): RetryPolicy => {
  const maxRetryAfter = options?.maxRetryAfter ?? Duration.millis(defaultMaxRetryAfterMillis)
  return {
    _tag: "RetryPolicy",
    schedule,
    retryNonIdempotent: options?.retryNonIdempotent ?? false,
    // a `maxRetryAfter` that is not a duration (`"1e3 millis"` has the type of one) is kept as given, so the
    // policy fails `isRetryPolicy` and every call given it is refused (nothing sent) instead of this throwing
    maxRetryAfter: Option.getOrElse(Duration.fromInput(maxRetryAfter), () => maxRetryAfter as Duration.Duration)
  }
}

/**
 * Whether a value is a usable policy of this entry: the tag, an effect 4 `Schedule` (or none) and a
 * `maxRetryAfter` duration. A policy of the Effect 3 entry is not one.
 *
 * @since 0.5.0
 * @category predicates
 */
export const isRetryPolicy = (value: unknown): value is RetryPolicy =>
  hasRetryPolicyTag(value) &&
  ((value as RetryPolicy).schedule === undefined || Schedule.isSchedule((value as RetryPolicy).schedule)) &&
  Duration.isDuration((value as RetryPolicy).maxRetryAfter)

/**
 * What a `retry` option takes: a policy, or a `Schedule` of the delays between attempts, which {@link of} makes a
 * policy under the standard rules (only transient failures; never a create or a delete the server may have taken).
 *
 * @since 0.8.0
 * @category models
 */
export type RetryInput = RetryPolicy | Schedule.Schedule<unknown, RetryableFailure>

const fromSchedules = new WeakMap<Schedule.Schedule<unknown, RetryableFailure>, RetryPolicy>()

/**
 * The policy of a `retry` option: a policy as it is, a `Schedule` as `make(schedule)` (made once per schedule, so a
 * constant schedule passed on every call is compiled once).
 *
 * @since 0.8.0
 * @category constructors
 */
export const of = (input: RetryInput): RetryPolicy => {
  if (isRetryPolicy(input)) return input
  let policy = fromSchedules.get(input)
  if (policy === undefined) fromSchedules.set(input, policy = make(input))
  return policy
}

/**
 * Never retry: every failure is returned at once.
 *
 * @since 0.5.0
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
 * @since 0.5.0
 * @category constructors
 */
export const standardSchedule: Schedule.Schedule<unknown> = Schedule.exponential(
  Duration.millis(standardRetry.baseMillis),
  standardRetry.factor
).pipe(
  Schedule.modifyDelay(({ duration }) =>
    Effect.succeed(Duration.min(duration, Duration.millis(standardRetry.maxDelayMillis)))
  ),
  Schedule.jittered,
  Schedule.upTo({ times: standardRetry.retries, duration: Duration.millis(standardRetry.withinMillis) })
)

/**
 * The default policy, on unless replaced: {@link standardSchedule}, `Retry-After` honoured up to 10 seconds,
 * create and delete retried only when the server cannot have taken them (429, connection refused).
 *
 * @since 0.5.0
 * @category constructors
 */
export const standard: RetryPolicy = make(standardSchedule)

/** What the retry rules of `core/retryRules.ts` read of a failure. */
const factsOf = (failure: unknown): FailureFacts => {
  if (failure instanceof MammothAnalyticsDefaultError) return { kind: "status", status: failure.status }
  if (failure instanceof MammothAnalyticsTransportError) return { kind: "transport", code: failure.code }
  if (failure instanceof MammothAnalyticsTimeoutError) return { kind: "timeout", scope: failure.scope }
  return { kind: "other" }
}

/**
 * Whether a failure is transient: a 408, 429, 500, 502, 503 or 504, a transport failure or an attempt timeout.
 *
 * @since 0.5.0
 * @category predicates
 */
export const isTransient = (failure: unknown): failure is RetryableFailure => Rules.isTransientFailure(factsOf(failure))

/**
 * Whether the server cannot have received the request: a 429 (refused before it was taken) or a transport failure
 * whose code is `ECONNREFUSED` (no connection was ever made).
 *
 * @since 0.5.0
 * @category predicates
 */
export const isNotTaken = (failure: unknown): boolean => Rules.isNotTaken(factsOf(failure))

/**
 * Whether `policy` allows another attempt of `operation` after `failure`: a transient failure, and for an
 * operation that is not idempotent (create, delete) only one the server cannot have taken, unless the policy
 * opts in with `retryNonIdempotent`.
 *
 * @since 0.5.0
 * @category predicates
 */
export const shouldRetry = (
  policy: RetryPolicy,
  operation: { readonly id: OperationId; readonly idempotent: boolean },
  failure: unknown
): failure is RetryableFailure => Rules.allowsRetry(factsOf(failure), operation.idempotent, policy.retryNonIdempotent)

/**
 * The wait a failure's `Retry-After` header asks for, in milliseconds, given the current time: a number of
 * seconds or an HTTP date. `undefined` when there is none or it cannot be read.
 *
 * @since 0.5.0
 * @category utils
 */
export const retryAfterMillis = (failure: unknown, nowMillis: number): number | undefined =>
  failure instanceof MammothAnalyticsDefaultError
    ? Rules.parseRetryAfter(failure.headers["retry-after"], nowMillis)
    : undefined
