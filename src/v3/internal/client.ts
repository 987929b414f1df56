/**
 * Where an operation is sent: one attempt (request, answer decoding, `Effect.timeoutFail`), `Effect.retry` with
 * the policy's schedule around it, the span, the debug logs and the redacted header names around that.
 *
 * Everything that can be done once per layer (headers, base URL, compiled validators and decoders, the
 * default retry schedule) is done in `makeConnections`; a call only builds its URL and body.
 *
 * @internal
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Cause from "effect/Cause"
import * as ConfigError from "effect/ConfigError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as ScheduleDecision from "effect/ScheduleDecision"
import * as ScheduleInterval from "effect/ScheduleInterval"
import * as ScheduleIntervals from "effect/ScheduleIntervals"
import type { AttemptNext } from "../../core/attempts.js"
import { attemptEventAttributes, attemptEventName, attemptFailedLine } from "../../core/attempts.js"
import { planCall } from "../../core/call.js"
import { defaultTimeoutMillis, errorBodyBytes } from "../../core/defaults.js"
import { attemptTimedOut, requestNotFormed } from "../../core/errors.js"
import { withSecretHeaderNames } from "../../core/headers.js"
import { makeRequestBuilder } from "../../core/input.js"
import { retryDelayMillis } from "../../core/retryRules.js"
import type { OptionReaders } from "../../core/settings.js"
import { hasRetryPolicyTag, layerSettings, settingRefusalMessage } from "../../core/settings.js"
import { spanAttributes } from "../../core/spans.js"
import type * as Connections from "../Connections.js"
import * as Api from "../ConnectionsApi.js"
import type { Operation } from "../ConnectionsApi.js"
import { MammothAnalyticsInvalidRequestError, MammothAnalyticsTimeoutError } from "../Errors.js"
import type { CallError, TableError } from "../Errors.js"
import type * as Jobs from "../Jobs.js"
import type { MammothAnalyticsOptions } from "../MammothAnalytics.js"
import * as RetryPolicy from "../RetryPolicy.js"
import { decodeDuration } from "./duration.js"
import { makeAwait, makeCreateAndAwait } from "./jobs.js"
import { transportError } from "./redaction.js"
import type { AnswerError, BodyLimits } from "./response.js"
import { decodeAnswer } from "./response.js"

/** The default per-attempt timeout. */
export const defaultTimeout: Duration.Duration = Duration.millis(defaultTimeoutMillis)

/** How the Effect 3 line reads its own values among the options (`core/settings.ts`). */
const readers: OptionReaders<Duration.Duration, RetryPolicy.RetryPolicy> = {
  reveal: (value) => (Redacted.isRedacted(value) ? Redacted.value(value) : undefined),
  duration: decodeDuration,
  isRetryPolicy: (value): value is RetryPolicy.RetryPolicy => hasRetryPolicyTag(value)
}

/** Tells of a failed attempt: a debug log line, and an event on the operation's span. */
const tellAttempt = (operation: Api.Operation<any, any>, attempt: number, failure: unknown, next: AttemptNext) =>
  Effect.zipRight(
    Effect.logDebug(attemptFailedLine(operation.id, attempt, failure, next)),
    // the unsafe reading floors: a TestClock's `currentTimeNanos` throws on the fractional instants jitter makes
    Effect.clockWith((clock) =>
      Effect.ignore(Effect.map(
        Effect.currentSpan,
        (span) =>
          span.event(attemptEventName, clock.unsafeCurrentTimeNanos(), attemptEventAttributes(attempt, failure, next))
      ))
    )
  )

/**
 * A policy's schedule as a call of `operation` runs it with `Effect.retry`: fed only the failures the policy
 * retries for it (any other ends the retries at once, unseen by the policy's schedule), its delay stretched to
 * the `Retry-After` the server asked for (at most the policy's `maxRetryAfter`), each failed attempt told.
 */
const retrySchedule = (
  policy: RetryPolicy.RetryPolicy,
  schedule: Schedule.Schedule<unknown, RetryPolicy.RetryableFailure>,
  operation: Api.Operation<any, any>
): Schedule.Schedule<unknown, unknown> => {
  const maxRetryAfterMillis = Duration.toMillis(policy.maxRetryAfter)
  return Schedule.makeWithState(
    { inner: schedule.initial, attempt: 0 },
    (now, failure: unknown, state) => {
      const attempt = state.attempt + 1
      const done = (next: AttemptNext) =>
        Effect.as(
          tellAttempt(operation, attempt, failure, next),
          [
            { inner: state.inner, attempt },
            undefined,
            ScheduleDecision.done
          ] as const
        )
      if (!RetryPolicy.shouldRetry(policy, operation, failure)) return done({ kind: "not retried" })
      return Effect.flatMap(schedule.step(now, failure, state.inner), ([inner, out, decision]) => {
        if (ScheduleDecision.isDone(decision)) return done({ kind: "no retries left" })
        const delayMillis = retryDelayMillis(
          ScheduleIntervals.start(decision.intervals) - now,
          RetryPolicy.retryAfterMillis(failure, now),
          maxRetryAfterMillis
        )
        return Effect.as(
          tellAttempt(operation, attempt, failure, { kind: "retry", delayMillis }),
          [
            { inner, attempt },
            out,
            ScheduleDecision.continueWith(ScheduleInterval.after(now + delayMillis))
          ] as const
        )
      })
    }
  )
}

/** The schedules of each policy, by operation: made once per policy and operation, not per call. */
const compiled = new WeakMap<RetryPolicy.RetryPolicy, Map<string, Schedule.Schedule<unknown, unknown>>>()

/** The schedule a call of `operation` runs for `policy` (`undefined`: never retry). */
const scheduleOf = (
  policy: RetryPolicy.RetryPolicy,
  operation: Api.Operation<any, any>
): Schedule.Schedule<unknown, unknown> | undefined => {
  if (policy.schedule === undefined) return undefined
  let byOperation = compiled.get(policy)
  if (byOperation === undefined) {
    byOperation = new Map()
    compiled.set(policy, byOperation)
  }
  let schedule = byOperation.get(operation.id)
  if (schedule === undefined) {
    schedule = retrySchedule(policy, policy.schedule, operation)
    byOperation.set(operation.id, schedule)
  }
  return schedule
}

/** The errors of one attempt, before retries. */
type AttemptError = AnswerError | MammothAnalyticsTimeoutError | MammothAnalyticsInvalidRequestError

/**
 * The layer's `HttpClient`, with fetch asked not to follow redirects (it would re-send the credential headers to
 * wherever the server points). The application's `FetchHttpClient.RequestInit` is read at each request, from the
 * caller's context, else from the context the layer was built in, and only `redirect: "manual"` is added to it.
 * (undici's and node:http's clients do not follow redirects and do not read it.)
 */
const withoutRedirects = (client: HttpClient.HttpClient, built: Option.Option<globalThis.RequestInit>) =>
  HttpClient.transformResponse(
    client,
    (response) =>
      Effect.flatMap(
        Effect.serviceOption(FetchHttpClient.RequestInit),
        (init) =>
          Effect.provideService(response, FetchHttpClient.RequestInit, {
            ...Option.getOrElse(
              Option.orElse(init, () => built),
              () => ({})
            ),
            redirect: "manual"
          })
      )
  )

/**
 * Builds the service (`connections` and `jobs`) from the layer's options and the `HttpClient` in context; fails
 * with a `ConfigError` naming the setting when an option cannot be used.
 */
export const makeService = (options: MammothAnalyticsOptions) =>
  Effect.gen(function*() {
    // options may come from JavaScript, or from a configuration file: a value of the wrong type fails the layer
    const read = layerSettings(options, readers, defaultTimeout)
    if (!read.ok) {
      return yield* Effect.fail(ConfigError.InvalidData([read.refusal.setting], settingRefusalMessage(read.refusal)))
    }
    const settings = read.settings
    const built = yield* Effect.serviceOption(FetchHttpClient.RequestInit)
    const base = withoutRedirects(yield* HttpClient.HttpClient, built)
    const client = options.transformClient?.(base) ?? base
    const limits: BodyLimits = { maxResponseBytes: settings.maxResponseBytes, errorBodyBytes }

    const operation = <I, A, T extends Api.ErrorTable>(op: Operation<I, A, T>) => {
      const build = makeRequestBuilder(op)
      const invalid = (reason: string) =>
        Effect.fail(new MammothAnalyticsInvalidRequestError({ operation: op.id, reason }))

      /** One attempt: the request, its answer decoded, within the attempt's timeout (`Effect.timeoutFail`). */
      const attempt = (request: HttpClientRequest.HttpClientRequest, timeout: Duration.Duration) =>
        client.execute(request).pipe(
          Effect.flatMap((response) =>
            Effect.zipLeft(
              decodeAnswer(op, response, limits),
              Effect.logDebug(`${request.method} ${op.path} -> ${response.status}`)
            )
          ),
          Effect.catchIf(HttpClientError.isHttpClientError, (error): Effect.Effect<A, AttemptError> => {
            // a transform such as `HttpClient.filterStatusOk` turned a status into a failure: the answer still
            // goes through the operation's status table, as it would have without the transform
            if (error._tag === "ResponseError" && error.reason === "StatusCode") {
              return decodeAnswer(op, error.response, limits)
            }
            if (error._tag === "ResponseError") {
              return Effect.fail(
                transportError(
                  op.id,
                  new HttpClientError.RequestError({ request, reason: "Transport", cause: error.cause })
                )
              )
            }
            if (error.reason === "Transport") return Effect.fail(transportError(op.id, error))
            return invalid(requestNotFormed(error.reason))
          }),
          Effect.timeoutFail({
            duration: timeout,
            onTimeout: () => {
              const description = attemptTimedOut(Duration.format(timeout))
              return new MammothAnalyticsTimeoutError({
                operation: op.id,
                scope: "attempt",
                timeoutMillis: Duration.toMillis(timeout),
                description,
                cause: new Cause.TimeoutException(description)
              })
            }
          })
        )

      return (input: I, callOptions?: Connections.CallOptions): Effect.Effect<A, CallError | TableError<T>> =>
        Effect.suspend((): Effect.Effect<A, AttemptError> => {
          const planned = planCall(settings, build, input, callOptions, readers)
          if (!planned.ok) return invalid(planned.reason)
          const { body, headers, method, retry, timeout, url } = planned.plan
          let request = HttpClientRequest.make(method)(url, { headers })
          if (body !== undefined) request = HttpClientRequest.bodyText(request, body, "application/json")
          const once = attempt(request, timeout)
          const schedule = scheduleOf(retry ?? RetryPolicy.standard, op)
          return schedule === undefined ? once : Effect.retry(once, schedule)
        }).pipe(
          Effect.tapError((error) => Effect.logDebug(`${op.id} failed: ${error._tag}`)),
          // internal: the platform's HTTP span of each attempt, under this one, is the client span
          Effect.withSpan(op.span, {
            kind: "internal",
            attributes: spanAttributes(op.id, input),
            captureStackTrace: false
          }),
          Effect.locallyWith(Headers.currentRedactedNames, withSecretHeaderNames),
          // the answer decoder gives a status a class of its own only when `op.errors` names it
          (self) => self as Effect.Effect<A, CallError | TableError<T>>
        )
    }

    const create = operation(Api.SaveConnection)
    const getJob = operation(Api.GetJob)
    const jobs: Jobs.Jobs = { get: getJob, await: makeAwait(getJob) }
    const connections: Connections.Connections = {
      list: operation(Api.ListConnections),
      create,
      createAndAwait: makeCreateAndAwait(create, jobs.await),
      get: operation(Api.GetConnection),
      update: operation(Api.UpdateConnection),
      delete: operation(Api.DeleteConnection)
    }
    return { connections, jobs }
  })
